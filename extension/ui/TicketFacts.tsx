import { useEffect, useRef, useState } from 'preact/hooks';
import { ticketKey, type Annotation, type Member, type TicketRef } from '../../shared/schemas';
import { errorText } from '../core/contract/errors';
import { send, type FactsView } from '../core/contract/messages';
import type { AnnotationChange } from '../core/contract/outbox-entry';
import { ticketFactsItem } from '../core/contract/storage';
import type { CardItem } from './AnnotationCard';
import { ago, day } from './annotation-words';
import { plainProblem, useSubmit } from './submit';
import {
  currentStatus, eventText, eventWhen, recordText, reopenedText, resolveQuestion, sinceText, toolName,
} from './ticket-facts-words';

/** How many history lines show before "Show all". */
const HISTORY_SHOWN = 4;

/**
 * The ticket's facts from the Worker, through the background (cached per ticket): shown from
 * the cache at once, refreshed from the Worker, and again whenever the cache changes (an
 * observation changed what the Worker knows).
 */
function useFactsView(ticket: TicketRef): FactsView | null {
  const [view, setView] = useState<FactsView | null>(null);
  const key = ticketKey(ticket);
  const latest = useRef(ticket);
  latest.current = ticket;
  useEffect(() => {
    let live = true;
    setView(null);
    const load = (refresh: boolean) =>
      send('ticket:facts', { ticket: latest.current, refresh })
        .then((v) => live && setView(v))
        .catch((err: unknown) => live && setView((old) => ({
          facts: old?.facts ?? null, fetchedAt: old?.fetchedAt ?? null,
          notice: { kind: 'error', message: `Steward’s background did not answer (${errorText(err)}). Close and open the panel again.` },
        })));
    void load(true);
    const stop = ticketFactsItem.watch(() => void load(false));
    return () => {
      live = false;
      stop();
    };
  }, [key]);
  return view;
}

export interface TicketFactsProps {
  ticket: TicketRef;
  me: Member;
  /** The ticket's tags as the panel shows them (queued changes applied). */
  cards: CardItem[];
  onChange(change: AnnotationChange): Promise<unknown>;
}

/**
 * Under the ticket's title: what the ticket tool says (status and since when, assignee,
 * priority, dates, where Steward heard it and how fresh), its history newest first, and where
 * the tool and the tags disagree — a finished ticket with an open tag (one click resolves it),
 * a resolved tag on a ticket that was reopened. The page's own reading counts at once, before
 * the Worker answers.
 */
export function TicketFacts({ ticket, me, cards, onChange }: TicketFactsProps) {
  const view = useFactsView(ticket);
  const facts = view?.facts ?? null;
  const tool = toolName(ticket.tool);
  const status = currentStatus(ticket, facts);
  const canEdit = me.role === 'admin' || me.role === 'staff';
  // A tag waiting for the user's choice between two versions is not changed from here.
  const settled = cards.filter((c) => !c.entries.some((e) => e.conflict)).map((c) => c.annotation);
  const open = settled.filter((a) => a.state === 'open');
  const resolved = settled.filter((a) => a.state === 'resolved');
  const ask = resolveQuestion(status, open, ticket.tool);
  const reopened = reopenedText(status, facts, resolved, me, ticket.tool);
  const [showAll, setShowAll] = useState(false);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const doneRef = useRef<HTMLParagraphElement>(null);
  const submit = useSubmit(plainProblem);
  const askId = `${ticketKey(ticket)}|${status?.word ?? ''}|${open.map((a) => a.id).join(',')}`;

  useEffect(() => {
    // The prompt's button is gone once the tags are resolved: the keyboard lands on what happened.
    if (done) doneRef.current?.focus();
  }, [done]);

  const setState = (tags: Annotation[], state: 'resolved' | 'open', words: string) =>
    void submit.run(async () => {
      setDone('');
      for (const a of tags) await onChange({ kind: 'patch', base: a, changes: { state } });
      setDone(words);
    });

  const events = [...(facts?.events ?? [])].reverse();
  const shown = showAll ? events : events.slice(0, HISTORY_SHOWN);
  const record = facts ? recordText(facts) : null;

  const since = status ? sinceText(status.since) : '';
  return (
    <section class="ticket-facts" aria-label={`What ${tool} says about this ticket`}>
      {status && (
        <p class="hint" data-testid="ticket-status">
          Status in {tool}: {status.word}{since ? ` · ${since}` : ''}{status.from === 'record' ? ' (as Steward last heard)' : ''}
        </p>
      )}
      {(facts || ticket.status) && (
        <dl class="fact-list">
          {facts?.assignee && (<><dt>Assignee</dt><dd>{facts.assignee}</dd></>)}
          {facts?.priority && (<><dt>Priority in {tool}</dt><dd>{facts.priority}</dd></>)}
          {facts?.createdAt && (<><dt>Opened</dt><dd>{day(facts.createdAt)}</dd></>)}
          {facts?.updatedAt && (<><dt>Last updated</dt><dd>{day(facts.updatedAt)}</dd></>)}
          {ticket.status && (<><dt>Seen</dt><dd data-testid="seen-on-page">by you on the page {ago(ticket.observedAt)}</dd></>)}
          {record && (<><dt>Steward’s record</dt><dd class={record.stale ? 'stale' : undefined} data-testid="fact-record">{record.text}</dd></>)}
        </dl>
      )}

      {ask && dismissed !== askId && (
        <div class="fact-prompt" role="group" aria-labelledby="resolve-question" data-testid="resolve-prompt">
          <p><strong id="resolve-question">{ask.question}</strong> {ask.detail}</p>
          {canEdit && (
            <div class="actions">
              <button type="button" class="primary" disabled={submit.busy} onClick={() => setState(open, 'resolved', open.length === 1 ? 'The tag is resolved.' : `${open.length} tags are resolved.`)}>
                {submit.busy ? 'Resolving…' : ask.action}
              </button>
              <button type="button" disabled={submit.busy} onClick={() => setDismissed(askId)}>Keep it open</button>
            </div>
          )}
        </div>
      )}
      {reopened && (
        <div class="fact-prompt reopened" role="group" aria-labelledby="reopened-note" data-testid="reopened-note">
          <p id="reopened-note">{reopened}</p>
          {canEdit && (
            <div class="actions">
              <button type="button" disabled={submit.busy} onClick={() => setState(resolved, 'open', resolved.length === 1 ? 'The tag is open again.' : `${resolved.length} tags are open again.`)}>
                {resolved.length === 1 ? 'Reopen the tag' : `Reopen all ${resolved.length} tags`}
              </button>
            </div>
          )}
        </div>
      )}
      {submit.problem && <p class="notice error" role="alert">{submit.problem.message}</p>}
      <p class="fact-done" role="status" tabIndex={-1} ref={doneRef}>{done}</p>

      {view?.notice && <p class={`notice ${view.notice.kind}`} role="status" data-testid="facts-notice">{view.notice.message}</p>}
      {view && !facts && !view.notice && (
        <p class="fact-note" data-testid="facts-empty">
          {cards.length
            ? `No history from ${tool} yet: Steward records it from the pages of tagged tickets, starting now.`
            : `Tag this ticket and Steward keeps a record of what ${tool} says about it.`}
        </p>
      )}
      {events.length > 0 && (
        <details class="fact-history" open data-testid="ticket-history">
          <summary>History in {tool} ({events.length})</summary>
          <ol>
            {shown.map((e, i) => (
              <li key={`${e.at}|${e.kind}|${i}`} class={`event-${e.kind}`}>
                <span>{eventText(e)}</span>
                <time dateTime={e.at}>{eventWhen(e, me, ticket.tool)}</time>
              </li>
            ))}
          </ol>
          {events.length > HISTORY_SHOWN && (
            <button type="button" class="linkish" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
              {showAll ? 'Show fewer' : `Show all ${events.length}`}
            </button>
          )}
        </details>
      )}
    </section>
  );
}
