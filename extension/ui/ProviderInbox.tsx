import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ticketKey, type ProviderInboxItem, type ProviderStatus, type TicketRef } from '../../shared/schemas';
import { errorText } from '../core/contract/errors';
import { send, type ConnectionList, type ConnectionState, type InboxGroup, type InboxView, type SignedIn } from '../core/contract/messages';
import { isAnswer, type OutboxEntry, type ProviderAnswer } from '../core/contract/outbox-entry';
import { outboxItem, providerInboxItem } from '../core/contract/storage';
import { safeHref } from '../../shared/links';
import { TOOL_NAMES } from '../../shared/tool-names';
import { AnswerForm } from './AnswerForm';
import { ago, day, HORIZON_LABEL, PRIORITY_LABEL, PROVIDER_ANSWER_LABEL, STATE_LABEL } from './annotation-words';
import { ProviderActionItems } from './ProviderActionItems';
import { ProviderInitiatives } from './ProviderInitiatives';
import { plainProblem, useSubmit } from './submit';
import { Timeline } from './Timeline';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';

type Scope = 'active' | 'all';

/** "In progress, expected 4 Dec: Part ordered." */
function answerText(a: { status: ProviderStatus; eta?: string | null; note?: string | null }): string {
  return `${PROVIDER_ANSWER_LABEL[a.status]}${a.eta ? `, expected ${day(a.eta)}` : ''}${a.note ? `: ${a.note}` : ''}`;
}

/** The answers of this browser still on their way for one item, oldest first. */
const answersFor = (pending: OutboxEntry[], group: InboxGroup, annotationId: string) =>
  pending.filter((e) => isAnswer(e) && e.connectionId === group.connection.id && e.annotationId === annotationId);

/** What waits on the provider, counted with the answers already given here (not yet sent) taken into account. */
function countsOf(groups: InboxGroup[], pending: OutboxEntry[]) {
  let total = 0;
  let unanswered = 0;
  let overdue = 0;
  for (const g of groups) {
    for (const i of g.inbox?.items ?? []) {
      total++;
      const answeredHere = answersFor(pending, g, i.annotation.id).some((e) => !e.stuck);
      if (i.unanswered && !answeredHere) unanswered++;
      if (i.overdue && !answeredHere) overdue++;
    }
  }
  return { total, unanswered, overdue };
}

export interface ProviderPanelProps {
  /** The ticket on the tab beside the panel, if Steward recognised one (often not: providers work in their own tool). */
  ticket: TicketRef | null;
  connection: SignedIn;
  connections: ConnectionList;
  onSwitched(state: ConnectionState): void;
}

/**
 * The side panel for a provider's person: everything the client shared with their company
 * (waiting items first, as the Worker orders them), each with an answer form. Nothing is
 * tagged here: providers answer, clients tag. With several client workspaces signed in, the
 * inbox shows the active one or all of them, grouped by client.
 */
export function ProviderPanel({ ticket, connection, connections, onSwitched }: ProviderPanelProps) {
  const providerConnections = connections.items.filter((c) => c.member.role === 'provider');
  const [scope, setScope] = useState<Scope>('active');
  const [view, setView] = useState<InboxView | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async (refresh: boolean) => {
    try {
      setView(await send('provider:inbox', { scope, refresh }));
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
  }, [scope]);

  useEffect(() => {
    void load(true);
    const reload = () => void load(false);
    const unwatch = [providerInboxItem.watch(reload), outboxItem.watch(reload)];
    return () => unwatch.forEach((stop) => stop());
  }, [load, connection.id]);

  const company = connection.member.providerCompany ?? 'your company';
  const groups = view?.groups ?? [];
  const pending = view?.pending ?? [];
  const counts = countsOf(groups, pending);
  const key = ticket ? ticketKey(ticket) : null;
  const here = key ? groups.flatMap((g) => (g.inbox?.items ?? []).filter((i) => i.annotation.ticketKey === key).map((item) => ({ g, item }))) : [];
  const all = scope === 'all' && providerConnections.length > 1;

  return (
    <main class="panel provider-panel">
      <header class="ticket">
        <p class="tool">Steward · for {company}</p>
        <h1>{all ? 'Shared with you by your clients' : `Shared with ${company} by ${connection.workspace.name}`}</h1>
        <p class="who">{connection.member.name} · {connection.workspace.name}</p>
        <WorkspaceSwitcher connections={connections} onSwitched={onSwitched} />
        {providerConnections.length > 1 && (
          <fieldset class="field scope">
            <legend>Show</legend>
            <div class="segmented">
              <label><input type="radio" name="inbox-scope" value="active" checked={scope === 'active'} onChange={() => setScope('active')} />This client</label>
              <label><input type="radio" name="inbox-scope" value="all" checked={scope === 'all'} onChange={() => setScope('all')} />All clients</label>
            </div>
          </fieldset>
        )}
      </header>
      {error && <p class="notice error" role="alert">{error}</p>}
      {!view && !error && <p class="hint" aria-busy="true">Loading what was shared with you…</p>}
      {view && (
        <p class="inbox-counts" data-testid="inbox-counts" role="status">
          {counts.total === 0
            ? 'No ticket is shared with you yet.'
            : `${counts.unanswered} waiting for your answer · ${counts.overdue} past the date you gave · ${counts.total} shared in all`}
        </p>
      )}

      {here.length > 0 && (
        <section aria-labelledby="here-heading">
          <h2 id="here-heading">On this ticket</h2>
          <ul class="annotations inbox">
            {here.map(({ g, item }) => (
              <InboxCard key={`here-${item.annotation.id}`} idPrefix="here-" item={item} group={g} pending={pending} />
            ))}
          </ul>
        </section>
      )}

      {groups.map((g) => (
        <section key={g.connection.id} aria-labelledby={`inbox-${g.connection.workspace.id}`} class="inbox-group">
          <h2 id={`inbox-${g.connection.workspace.id}`}>{all ? `${g.connection.workspace.name}` : 'Your inbox'}</h2>
          {g.connection.status === 'revoked' && (
            <p class="notice revoked" role="status">Your sign-in to {g.connection.workspace.name} ended. Reconnect in Settings with a new invite code; answers you gave are kept and sent then.</p>
          )}
          {g.notice && g.connection.status !== 'revoked' && <p class={`notice ${g.notice.kind}`} role="status">{g.notice.message}</p>}
          {!g.inbox ? (
            <p class="empty">{g.notice ? 'Not loaded yet.' : 'Loading…'}</p>
          ) : g.inbox.items.length === 0 ? (
            <p class="empty">{g.connection.workspace.name} has shared nothing with {g.inbox.company || company} yet.</p>
          ) : (
            <ul class="annotations inbox" aria-label={`Shared by ${g.connection.workspace.name}`}>
              {g.inbox.items.map((item) => <InboxCard key={item.annotation.id} item={item} group={g} pending={pending} />)}
            </ul>
          )}
        </section>
      ))}
      {!all && <ProviderActionItems key={`actions-${connection.id}`} connection={connection} />}
      {!all && <ProviderInitiatives key={connection.id} connection={connection} />}
    </main>
  );
}

/** One shared item, read-only, with the provider's answer form. */
function InboxCard({ item, group, pending, idPrefix = '' }: { item: ProviderInboxItem; group: InboxGroup; pending: OutboxEntry[]; idPrefix?: string }) {
  const a = item.annotation;
  const base = `${idPrefix}inbox-${a.id}`;
  const [answering, setAnswering] = useState(false);
  const [timelineOpen, setTimelineOpen] = useState(false);
  const [status, setStatus] = useState('');
  const { busy, problem, run } = useSubmit(plainProblem);
  const answerButton = useRef<HTMLButtonElement>(null);
  // Once the form closes, the keyboard continues from the button that opened it.
  const refocus = useRef(false);
  useEffect(() => {
    if (answering || !refocus.current) return;
    refocus.current = false;
    answerButton.current?.focus();
  }, [answering]);
  const mine = answersFor(pending, group, a.id);
  const sending = mine.filter((e) => !e.stuck);
  const refused = mine.find((e) => e.stuck);
  const latestHere = sending.at(-1)?.answer;
  const client = group.connection.workspace.name;

  const answer = async (given: ProviderAnswer) => {
    const ok = await run(() => send('annotation:change', { change: { kind: 'answer', base: a, answer: given }, connectionId: group.connection.id }));
    if (!ok) return;
    refocus.current = true;
    setAnswering(false);
    setStatus(`Answer saved: ${client}’s IT team sees it once it is sent (in the background).`);
  };

  const stand = latestHere
    ? { cls: 'sending', text: `Your answer (sending): ${answerText(latestHere)}` }
    : item.overdue
      ? { cls: 'overdue', text: `Past the date you gave: ${answerText(a.providerStatus!)}` }
      : item.unanswered
        ? { cls: 'waiting', text: 'Waiting for your answer' }
        : a.providerStatus
          ? { cls: 'answered', text: `Your answer: ${answerText(a.providerStatus)}` }
          : { cls: 'closed', text: 'Not answered' };

  return (
    <li class={`annotation inbox-item priority-${a.priority} state-${a.state}${sending.length ? ' is-pending' : ''}${refused ? ' needs-attention' : ''}`}
      data-annotation-id={a.id} aria-labelledby={`${base}-summary`}>
      <p class="summary" id={`${base}-summary`}>{a.summary}</p>
      <p class="meta">
        <span class="pill priority">{PRIORITY_LABEL[a.priority]} priority</span>
        <span class="pill">{HORIZON_LABEL[a.horizon]}{a.eventDate ? `, ${day(a.eventDate)}` : ''}</span>
        {a.state !== 'open' && <span class={`pill state state-${a.state}`}>{STATE_LABEL[a.state]} by {client}</span>}
      </p>
      <p class={`answer-state answer-${stand.cls}`} data-testid="answer-state">{stand.text}</p>
      <dl class="facts">
        <dt>Line of business</dt>
        <dd>{a.labels.lineOfBusiness}</dd>
        {a.labels.stakeholders.length > 0 && (
          <>
            <dt>For</dt>
            <dd>{a.labels.stakeholders.join(', ')}</dd>
          </>
        )}
        <dt>Impact</dt>
        <dd>{a.labels.impact}</dd>
        <dt>Shared</dt>
        <dd>{ago(item.sharedAt)} by {a.author.name}</dd>
        <dt>Ticket</dt>
        <dd>
          {a.ticketRef && safeHref(a.ticketRef.url) ? (
            <a href={safeHref(a.ticketRef.url)!} target="_blank" rel="noreferrer">
              {client}’s {TOOL_NAMES[a.ticketRef.tool] ?? a.ticketRef.tool} #{a.ticketRef.ticketId}{a.ticketRef.title ? ` · ${a.ticketRef.title}` : ''}
            </a>
          ) : safeHref(a.pageUrl) ? (
            <a href={safeHref(a.pageUrl)!} target="_blank" rel="noreferrer">The page it was noted on</a>
          ) : (
            'None (noted in a meeting or conversation)'
          )}
        </dd>
      </dl>

      {refused && (
        <div class="attention" role="alert">
          <p class="field-error">Your answer “{answerText(refused.answer!)}” was not recorded: {refused.stuck!.message}</p>
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void run(() => send('outbox:resolve', { entryId: refused.id, resolution: { kind: 'retry' } }))}>Try again</button>
            <button type="button" disabled={busy} onClick={() => void run(() => send('outbox:resolve', { entryId: refused.id, resolution: { kind: 'discard' } }))}>Discard the answer</button>
          </div>
        </div>
      )}

      {answering ? (
        <AnswerForm id={`${base}-answer`} busy={busy} current={latestHere?.status ?? a.providerStatus?.status} client={client}
          onSave={(given) => void answer(given)} onCancel={() => {
            refocus.current = true;
            setAnswering(false);
          }} />
      ) : (
        <div class="card-actions">
          <button type="button" class="primary" ref={answerButton} onClick={() => {
            setStatus('');
            setAnswering(true);
          }} aria-describedby={`${base}-summary`}>{a.providerStatus || latestHere ? 'Update your answer' : 'Answer'}</button>
        </div>
      )}
      <p class="status" role="status" aria-live="polite">{status}</p>
      {problem && <p class="field-error" role="alert">{problem.message}</p>}

      <button type="button" class="linkish timeline-toggle" aria-expanded={timelineOpen} aria-controls={`${base}-timeline`} onClick={() => setTimelineOpen((x) => !x)}>
        {timelineOpen ? 'Hide timeline' : 'Show timeline'}
      </button>
      {timelineOpen && <Timeline annotation={a} saved pendingNotes={sending} id={`${base}-timeline`} connectionId={group.connection.id} />}
    </li>
  );
}

