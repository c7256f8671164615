// What the side panel says about a ticket from the ticket tool itself: its status as the tool
// shows it and since when, its history, and where tool and tags disagree. Pure, so each
// sentence is tested on its own (tests/extension/ticket-facts.test.tsx).
import type { Annotation, FactSource, StatusCategory, TicketEvent, TicketFacts, TicketRef } from '../../shared/schemas';
import { isFinished, statusCategory } from '../../shared/tickets/status';
import { TOOL_NAMES } from '../../shared/tool-names';
import { ago, day } from './annotation-words';

export const toolName = (tool: string): string => (TOOL_NAMES as Record<string, string>)[tool] ?? tool;

/** The ticket's status now: as the open page shows it when it does (that is now), else as Steward last heard. */
export interface CurrentStatus {
  word: string;
  category: StatusCategory;
  /** Since when, when Steward's record holds this same status. */
  since: { at: string; kind: 'happened' | 'seen' } | null;
  /** `page`: read on the tab's page just now; `record`: what the Worker knows. */
  from: 'page' | 'record';
}

export function currentStatus(ticket: TicketRef, facts: TicketFacts | null): CurrentStatus | null {
  const same = (word: string) => !!facts?.status && facts.status.toLowerCase() === word.toLowerCase();
  const sinceOf = (word: string) => (same(word) && facts?.statusSince ? { at: facts.statusSince, kind: facts.statusSinceKind ?? 'seen' } : null);
  if (ticket.status) return { word: ticket.status, category: statusCategory(ticket.tool, ticket.status).category, since: sinceOf(ticket.status), from: 'page' };
  if (facts?.status) return { word: facts.status, category: facts.category ?? 'open', since: sinceOf(facts.status), from: 'record' };
  return null;
}

/** "since 3 Dec" when the tool said when; "seen so since 3 Dec" when Steward only saw it then. */
export function sinceText(since: CurrentStatus['since']): string {
  if (!since) return '';
  return since.kind === 'happened' ? `since ${day(since.at)}` : `seen so since ${day(since.at)}`;
}

const SOURCE_WORDS: Record<FactSource, (tool: string) => string> = {
  page: () => 'read on the ticket’s page',
  api: (tool) => `from ${tool}’s API`,
  webhook: (tool) => `from ${tool}’s notifications`,
};

/** Nobody has opened the ticket for this long: Steward's record may be out of date. */
const STALE_MS = 30 * 24 * 3600_000;

/** Where Steward's record comes from and how fresh it is: "read on the ticket’s page, last 2 h ago". */
export function recordText(facts: TicketFacts, now = Date.now()): { text: string; stale: boolean } {
  const stale = now - Date.parse(facts.lastSeenAt) > STALE_MS;
  const when = stale ? `not seen since ${day(facts.lastSeenAt)}` : `last ${ago(facts.lastSeenAt, now)}`;
  return { text: `${SOURCE_WORDS[facts.source](toolName(facts.tool))}, ${when}`, stale };
}

/** One line of the ticket's history: "Solved → Open (reopened)". */
export function eventText(e: TicketEvent): string {
  const q = (s: string | null) => (s === null ? 'none' : s);
  switch (e.kind) {
    case 'status_changed':
      return `Status ${q(e.from)} → ${q(e.to)}`;
    case 'reopened':
      return `Reopened (${q(e.from)} → ${q(e.to)})`;
    case 'assignee_changed':
      return `Assigned ${e.from ? `from ${e.from} ` : ''}to ${q(e.to)}`;
    case 'title_changed':
      return `Title changed to “${q(e.to)}”`;
  }
}

/** When and how Steward knows of it: "4 Dec · seen by you on the page". */
export function eventWhen(e: TicketEvent, me: { name: string }, tool: string): string {
  const who = e.seenBy ? (e.seenBy === me.name ? 'you' : e.seenBy) : null;
  const how = e.source === 'page' ? (who ? `seen by ${who} on the page` : 'seen on the page') : SOURCE_WORDS[e.source](toolName(tool));
  return `${day(e.at)} · ${how}`;
}

/**
 * The tool says the work is done while tags on it are still open: the panel asks whether to
 * resolve them. Null when there is nothing to ask.
 */
export function resolveQuestion(status: CurrentStatus | null, open: Annotation[], tool: string): { question: string; detail: string; action: string } | null {
  if (!status || !isFinished(status.category) || !open.length) return null;
  const n = open.length;
  const since = sinceText(status.since);
  return {
    question: n === 1 ? 'Resolve the tag?' : 'Resolve the tags?',
    detail: `${toolName(tool)} says this ticket is ${status.word}${since ? ` (${since})` : ''}, but ${n === 1 ? 'its tag is' : `${n} of its tags are`} still open.`,
    action: n === 1 ? 'Resolve the tag' : `Resolve all ${n} tags`,
  };
}

/**
 * The ticket was reopened after its tags were resolved: said plainly. Known from a `reopened`
 * event later than the tag's last change, or seen on the page right now (the tool's record
 * says done, the page says not).
 */
export function reopenedText(status: CurrentStatus | null, facts: TicketFacts | null, resolved: Annotation[], me: { id: string }, tool: string): string | null {
  if (!status || isFinished(status.category) || !resolved.length) return null;
  const whose = resolved.length > 1 ? `its ${resolved.length} tags are resolved` : resolved[0]!.author.id === me.id ? 'your tag is resolved' : 'its tag is resolved';
  const reopened = (facts?.events ?? []).filter((e) => e.kind === 'reopened' && resolved.some((a) => e.at > a.updatedAt)).at(-1);
  if (reopened) return `Reopened in ${toolName(tool)} on ${day(reopened.at)} — ${whose}.`;
  if (status.from === 'page' && facts && isFinished(facts.category)) return `Reopened in ${toolName(tool)}: the page shows it ${status.word} again — ${whose}.`;
  return null;
}
