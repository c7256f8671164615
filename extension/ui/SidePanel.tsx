import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AnnotationCreate } from '../../shared/schemas';
import { errorText } from '../core/contract/errors';
import { send, type TicketView } from '../core/contract/messages';
import type { AnnotationChange, Resolution } from '../core/contract/outbox-entry';
import { connectionItem, outboxItem, tabTicketsItem, ticketCacheItem } from '../core/contract/storage';
import { AnnotationList, cardItems } from './AnnotationList';
import { ProviderPanel } from './ProviderInbox';
import { TagForm } from './TagForm';
import { TicketInitiatives } from './InitiativePicker';
import { TicketFacts } from './TicketFacts';
import { TOOL_NAMES } from '../../shared/tool-names';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';


/** The tab the panel describes: `?tabId=` when opened for a given tab, else the active one. */
async function targetTab(): Promise<{ id: number; url?: string } | null> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  if (fromQuery) {
    const tab = await browser.tabs.get(fromQuery).catch(() => null);
    return tab?.id ? { id: tab.id, url: tab.url } : null;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ? { id: tab.id, url: tab.url } : null;
}

export function SidePanel() {
  const [view, setView] = useState<TicketView | null>(null);
  const [pageUrl, setPageUrl] = useState<string | undefined>();
  const [error, setError] = useState<string>('');

  const load = useCallback(async (refresh: boolean) => {
    try {
      const tab = await targetTab();
      setPageUrl(tab?.url);
      const ticket = tab ? await send('ticket:forTab', { tabId: tab.id }) : null;
      setView(await send('ticket:view', { ticket, refresh }));
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
  }, []);

  useEffect(() => {
    void load(true);
    const reload = () => void load(false);
    // Another page may switch workspaces or sign out: follow it (the stored value holds the
    // token, so only the fact of a change is used).
    // The tab's ticket too: a status the page shows changes while the panel is open.
    const unwatch = [ticketCacheItem.watch(reload), outboxItem.watch(reload), connectionItem.watch(reload), tabTicketsItem.watch(reload)];
    const onActivated = () => void load(true);
    const onUpdated = (_id: number, info: { status?: string }) => {
      if (info.status === 'complete') void load(true);
    };
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      unwatch.forEach((stop) => stop());
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, [load]);

  // Changes go to the workspace the panel shows, even if another page switched meanwhile.
  const shownId = view && view.connection.status !== 'disconnected' ? view.connection.id : undefined;
  const save = async (body: AnnotationCreate) => {
    await send('annotation:save', { body, connectionId: shownId });
  };
  const change = (c: AnnotationChange) => send('annotation:change', { change: c, connectionId: shownId });
  const resolve = (entryId: string, resolution: Resolution) => send('outbox:resolve', { entryId, resolution });

  if (error) return <main class="panel"><p class="notice error" role="alert">{error}</p></main>;
  if (!view) return <main class="panel" aria-busy="true"><p class="hint">Loading…</p></main>;

  const { connection, ticket } = view;
  if (connection.status !== 'connected') {
    return (
      <main class="panel">
        <h1>Steward</h1>
        <p class="notice" role="status">
          {connection.status === 'revoked'
            ? `Your sign-in is no longer valid (signed out or revoked by an administrator). Reconnect with a new invite code; the tags and changes you made are kept and will be sent${view.pending.length ? ` (${view.pending.length} waiting for this ticket)` : ''}.`
            : 'Connect Steward to tag tickets: you need the Steward address and an invite code from your administrator.'}
        </p>
        <button type="button" class="primary" onClick={() => void send('options:open', {})}>
          {connection.status === 'revoked' ? 'Reconnect' : 'Connect'}
        </button>
        <WorkspaceSwitcher connections={view.connections} onSwitched={() => void load(true)} />
      </main>
    );
  }

  if (connection.member.role === 'provider') {
    return <ProviderPanel key={connection.id} ticket={ticket} connection={connection} connections={view.connections} onSwitched={() => void load(true)} />;
  }

  return (
    <main class="panel">
      <header class="ticket">
        {ticket ? (
          <>
            <p class="tool">{TOOL_NAMES[ticket.tool] ?? ticket.tool} · {ticket.tenant}</p>
            <h1 data-ticket-key={`${ticket.tool}:${ticket.tenant}:${ticket.ticketId}`}>
              #{ticket.ticketId}{ticket.title ? ` ${ticket.title}` : ''}
            </h1>
            <TicketFacts
              ticket={ticket} me={connection.member} onChange={change}
              cards={cardItems(view.cache?.items ?? [], view.pending, view.taxonomy, connection.member)}
            />
            {(connection.member.role === 'admin' || connection.member.role === 'staff') && !!view.cache?.items.length && (
              <TicketInitiatives ticketKey={`${ticket.tool}:${ticket.tenant}:${ticket.ticketId}`} version={view.cache.items.length} />
            )}
          </>
        ) : (
          <>
            <h1>No ticket on this page</h1>
            <p class="hint">A tag made here is kept with this page (a meeting, a conversation).</p>
          </>
        )}
        <p class="who">{connection.member.name} · {connection.workspace.name}</p>
        <WorkspaceSwitcher connections={view.connections} onSwitched={() => void load(true)} />
      </header>
      {view.notice && <p class={`notice ${view.notice.kind}`} role="status">{view.notice.message}</p>}
      {/* The form comes first: the panel opens to tag, with the summary focused and in view. */}
      <section aria-labelledby="new-heading">
        <h2 id="new-heading">{ticket ? 'Add a tag' : 'Add a note without a ticket'}</h2>
        <TagForm
          key={`${connection.id}|${ticket ? `${ticket.tool}:${ticket.tenant}:${ticket.ticketId}` : 'page'}`}
          ticket={ticket} pageUrl={ticket ? undefined : pageUrl} taxonomy={view.taxonomy} onSave={save}
          providerCompanies={view.providerCompanies}
        />
      </section>
      {ticket && (
        <section aria-labelledby="tags-heading">
          <h2 id="tags-heading">Tags on this ticket</h2>
          <AnnotationList
            items={view.cache?.items ?? []} pending={view.pending} taxonomy={view.taxonomy} me={connection.member}
            providerCompanies={view.providerCompanies} onChange={change} onResolve={resolve}
          />
        </section>
      )}
    </main>
  );
}
