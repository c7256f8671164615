import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Annotation, ProviderInbox, TicketRef } from '../../shared/schemas';
import { safeHref } from '../../shared/links';
import { TOOL_NAMES } from '../../shared/tool-names';
import { errorText } from '../core/contract/errors';
import { send, type ConnectionState } from '../core/contract/messages';
import type { OutboxEntry } from '../core/contract/outbox-entry';
import { cloudToolOf, toolStatus, type CloudTool, type ToolStatus } from '../core/contract/cloud-tools';
import { siteStatus, type Site, type SiteStatus } from '../core/contract/sites';
import { enabledSitesItem, outboxItem, providerInboxItem, ticketCacheItem } from '../core/contract/storage';
import { enableToolFromClick } from '../core/page/grant-actions';
import { enableSiteFromClick, openPanelFromClick } from '../core/page/page-actions';
import { CloudToolPart } from './CloudToolPart';
import { plainProblem, problemSaying, useSubmit } from './submit';

const RECENT = 5;

interface TargetTab {
  id: number;
  url?: string;
  windowId?: number;
}

/** `?tabId=` when the popup is opened as a page for a given tab (tests), else the active tab. */
function tabIdFromQuery(): number | null {
  return Number(new URLSearchParams(location.search).get('tabId')) || null;
}

async function targetTab(): Promise<TargetTab | null> {
  const fromQuery = tabIdFromQuery();
  const tab = fromQuery
    ? await browser.tabs.get(fromQuery).catch(() => undefined)
    : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  return tab?.id !== undefined ? { id: tab.id, url: tab.url, windowId: tab.windowId } : null;
}

/** A real popup closes after sending the user elsewhere; opened as a page (tests) it stays. */
function closePopup() {
  if (tabIdFromQuery() === null) window.close();
}

interface PopupData {
  tab: TargetTab | null;
  connection: ConnectionState;
  ticket: TicketRef | null;
  site: SiteStatus;
  outbox: OutboxEntry[];
  recent: Annotation[];
  /** A provider's inbox as last fetched (the side panel fetches it). */
  inbox: ProviderInbox | null;
  /** The cloud tool this page belongs to, unless it is one Steward runs on from the start. */
  tool: { tool: CloudTool; status: Exclude<ToolStatus, 'built-in'> } | null;
}

/** The newest tags this browser has seen, across tickets. */
function recentTags(cache: Awaited<ReturnType<typeof ticketCacheItem.getValue>>, limit = RECENT): Annotation[] {
  return Object.values(cache)
    .flatMap((c) => c.items)
    .filter((a) => !a.deletedAt)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, limit);
}

function ticketLabel(ref: Pick<TicketRef, 'tool' | 'ticketId' | 'title'>): string {
  return `${TOOL_NAMES[ref.tool] ?? ref.tool} #${ref.ticketId}${ref.title ? ` · ${ref.title}` : ''}`;
}

/** The toolbar popup: who you are, this page, what is waiting to be sent, your latest tags. */
export function Popup() {
  const [data, setData] = useState<PopupData | null>(null);
  const [loadError, setLoadError] = useState('');
  const [done, setDone] = useState('');
  const action = useSubmit(plainProblem);

  const load = useCallback(async () => {
    try {
      const tab = await targetTab();
      const [connection, ticket, site, outbox, cache, inboxes] = await Promise.all([
        send('connection:get', {}),
        tab ? send('ticket:forTab', { tabId: tab.id }) : Promise.resolve(null),
        siteStatus(tab?.url),
        outboxItem.getValue(),
        ticketCacheItem.getValue(),
        providerInboxItem.getValue(),
      ]);
      const id = connection.status === 'disconnected' ? null : connection.id;
      const cloud = cloudToolOf(tab?.url);
      const cloudStatus = cloud ? await toolStatus(cloud) : null;
      setData({
        tool: cloud && cloudStatus && cloudStatus !== 'built-in' ? { tool: cloud, status: cloudStatus } : null,
        tab, connection, ticket, site, outbox: outbox.filter((e) => e.connectionId === id || !e.connectionId),
        recent: recentTags(cache), inbox: id ? (inboxes[id]?.value ?? null) : null,
      });
      setLoadError('');
    } catch (err) {
      setLoadError(
        `Steward did not answer (${errorText(err)}). Close this popup and open it again; if that keeps happening, reload Steward on your browser's extensions page.`,
      );
    }
  }, []);

  useEffect(() => {
    void load();
    // Try queued tags now, so what the popup says about them is current (offline, revoked…).
    void send('outbox:flush', {}).then(load, () => undefined);
    const reload = () => void load();
    const unwatch = [outboxItem.watch(reload), ticketCacheItem.watch(reload), enabledSitesItem.watch(reload), providerInboxItem.watch(reload)];
    return () => unwatch.forEach((stop) => stop());
  }, [load]);

  const act = (work: () => Promise<string>) => {
    setDone('');
    void action.run(async () => {
      setDone(await work());
      await load();
    });
  };

  const openSettings = () => {
    void browser.runtime.openOptionsPage().then(closePopup, (err: unknown) => action.fail(problemSaying(`Settings did not open: ${errorText(err)}`)));
  };

  if (loadError) return <main class="popup"><h1>Steward</h1><p class="notice error" role="alert">{loadError}</p></main>;
  if (!data) return <main class="popup" aria-busy="true"><h1>Steward</h1><p class="hint">Loading…</p></main>;

  const { connection, ticket, site, outbox, recent, tab, inbox } = data;
  // Providers answer what was shared with them; they do not tag.
  const provider = connection.status !== 'disconnected' && connection.member.role === 'provider';
  const noun = provider ? 'answer' : 'tag';

  // Both handlers start their browser call synchronously: prompts and panels need the click's gesture.
  const enable = (s: Site) =>
    act(() => enableSiteFromClick(s).then(() => `Steward is on for ${s.host}.`));
  const disable = (s: Site) =>
    act(() => send('site:disable', { origin: s.origin }).then(() => `Steward is off for ${s.host}.`));
  const openPanel = () => {
    openPanelFromClick(tab?.windowId).then(closePopup, (err: unknown) => action.fail(problemSaying(`The side panel did not open: ${errorText(err)}`)));
  };

  const waiting = outbox.filter((e) => !e.stuck);
  const stuck = outbox.filter((e) => e.stuck);
  const lastProblem = [...waiting].reverse().find((e) => e.lastError)?.lastError;

  return (
    <main class="popup">
      <header class="popup-head">
        <h1>Steward</h1>
        <button type="button" class="link" onClick={openSettings}>Settings</button>
      </header>

      <section aria-label="Connection">
        {connection.status === 'connected' && (
          <p class="who" data-testid="who">
            Connected as <strong>{connection.member.name}</strong> in <strong>{connection.workspace.name}</strong>
          </p>
        )}
        {connection.status === 'disconnected' && (
          <div class="notice" role="status" data-testid="connection">
            <p>Not connected. Connect Steward to your workspace with the address and invite code from your administrator.</p>
            <button type="button" class="primary" onClick={openSettings}>Connect</button>
          </div>
        )}
        {connection.status === 'revoked' && (
          <div class="notice revoked" role="status" data-testid="connection">
            <p>
              The sign-in for {connection.member.name} in {connection.workspace.name} is no longer valid (signed out, or revoked by an
              administrator). Reconnect with a new invite code; tags waiting to be sent are kept.
            </p>
            <button type="button" class="primary" onClick={openSettings}>Reconnect</button>
          </div>
        )}
      </section>

      <section aria-labelledby="page-heading">
        <h2 id="page-heading">This page</h2>
        {ticket && <p class="ticket-line" data-ticket-key={`${ticket.tool}:${ticket.tenant}:${ticket.ticketId}`}>{ticketLabel(ticket)}</p>}
        {tab && site.kind !== 'not-web' && (
          <button type="button" class={ticket ? 'primary' : undefined} onClick={openPanel}>Open side panel</button>
        )}
        {data.tool ? (
          <CloudToolPart tool={data.tool.tool} status={data.tool.status} ticket={ticket} busy={action.busy}
            onEnable={(t) => act(() => enableToolFromClick(t).then(() => `Steward is on for ${t.name}.`))}
            onDisable={(t) => act(() => send('tool:disable', { tool: t.tool }).then(() => `Steward is off for ${t.name}.`))} />
        ) : (
          <SitePart site={site} ticket={ticket} busy={action.busy} onEnable={enable} onDisable={disable} />
        )}
        {done && <p class="status" role="status" data-testid="done">{done}</p>}
        {action.problem && <p class="notice error" role="alert">{action.problem.message}</p>}
      </section>

      {outbox.length > 0 && (
        <section aria-labelledby="outbox-heading">
          <h2 id="outbox-heading">Waiting to send</h2>
          {waiting.length > 0 && (
            <p class={`notice${lastProblem ? ' offline' : ''}`} data-testid="pending">
              {waiting.length} {noun}{waiting.length === 1 ? '' : 's'} waiting to be sent.{' '}
              {connection.status === 'revoked'
                ? 'They will be sent once you reconnect.'
                : connection.status === 'disconnected'
                  ? 'They will be sent once you connect.'
                  : (lastProblem ?? 'Steward sends them in a moment.')}
            </p>
          )}
          {stuck.length > 0 && (
            <>
              <p class="notice error" role="alert">
                {stuck.length} {noun}{stuck.length === 1 ? '' : 's'} need{stuck.length === 1 ? 's' : ''} attention: Steward refused{' '}
                {stuck.length === 1 ? 'it' : 'them'}. {provider ? 'Open your inbox to see why.' : "Open the ticket's side panel to see why and tag it again."}
              </p>
              <ul class="mini-list" aria-label="Tags that need attention">
                {stuck.map((e) => (
                  <li key={e.id}>
                    <span class="summary">{e.body.summary}</span>
                    <span class="field-error">{e.stuck!.message}</span>
                    {e.body.ticketRef && safeHref(e.body.ticketRef.url) && <a href={safeHref(e.body.ticketRef.url)!} target="_blank" rel="noreferrer">{ticketLabel(e.body.ticketRef)}</a>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      {provider ? (
        <section aria-labelledby="inbox-heading">
          <h2 id="inbox-heading">Shared with {connection.member.providerCompany ?? 'you'}</h2>
          <p data-testid="inbox-summary">
            {!inbox
              ? `See what ${connection.workspace.name} shared with you, and answer it.`
              : inbox.counts.total === 0
                ? `${connection.workspace.name} has shared nothing with you yet.`
                : `${inbox.counts.unanswered} waiting for your answer, ${inbox.counts.overdue} past the date you gave (${inbox.counts.total} shared).`}
          </p>
          <button type="button" class="primary" onClick={openPanel}>Open your inbox</button>
        </section>
      ) : (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent tags</h2>
          {recent.length === 0 ? (
            <p class="empty">No tags yet. Open a ticket and tag it from the side panel.</p>
          ) : (
            <ul class="mini-list" aria-label="Recent tags">
              {recent.map((a) => {
                const href = safeHref(a.ticketRef?.url ?? a.pageUrl);
                return (
                  <li key={a.id} class={`priority-${a.priority}`}>
                    <span class="summary">{a.summary}</span>
                    <span class="meta">
                      <span class="pill">{a.priority}</span>
                      {href && (
                        <a href={href} target="_blank" rel="noreferrer">
                          {a.ticketRef ? ticketLabel(a.ticketRef) : 'Page without a ticket'}
                        </a>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
    </main>
  );
}

/** What Steward does on this site, and the one button that changes it. */
function SitePart({ site, ticket, busy, onEnable, onDisable }: {
  site: SiteStatus;
  ticket: TicketRef | null;
  busy: boolean;
  onEnable(site: Site): void;
  onDisable(site: Site): void;
}) {
  switch (site.kind) {
    case 'not-web':
      return <p class="hint">Steward works on the pages of your ticketing tool. Open a ticket there to tag it.</p>;
    case 'built-in':
      return <p class="hint" data-testid="site">Steward already works here{ticket ? '.' : ', but this page is not a single ticket. Open one to tag it.'}</p>;
    case 'enabled':
      return (
        <>
          <p class="hint" data-testid="site">
            Steward is on for {site.site.host}.
            {!ticket && ' It doesn\'t recognise a ticket on this page. If this is a ticket, add a URL pattern for it in Settings.'}
          </p>
          <button type="button" disabled={busy} onClick={() => onDisable(site.site)}>Disable Steward on this site</button>
        </>
      );
    case 'off':
      return (
        <>
          <p class="hint" data-testid="site">
            {site.looksLike
              ? `This looks like a ${TOOL_NAMES[site.looksLike]} ticket. Enable Steward on this site to tag it.`
              : "Steward doesn't recognise a ticket on this page. If this is your ticketing tool, enable Steward on this site or add a URL pattern in Settings."}
          </p>
          <button type="button" class="primary" disabled={busy} onClick={() => onEnable(site.site)}>Enable Steward on this site</button>
        </>
      );
  }
}
