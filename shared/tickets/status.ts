import type { ToolId } from '../schemas/ticket';
import type { STATUS_CATEGORIES } from '../vocabulary';

type Category = (typeof STATUS_CATEGORIES)[number];

/**
 * Status words most tools share. A tool's own table (below) wins over these, e.g. Zendesk's
 * "solved" is resolved while its "closed" is closed for good.
 */
const COMMON: Readonly<Record<string, Category>> = {
  new: 'new',
  open: 'open',
  opened: 'open',
  reopened: 'open',
  active: 'open',
  assigned: 'open',
  'in progress': 'open',
  'in-progress': 'open',
  'work in progress': 'open',
  processing: 'open',
  scheduled: 'open',
  'to do': 'new',
  todo: 'new',
  backlog: 'new',
  pending: 'waiting',
  'on hold': 'waiting',
  'on-hold': 'waiting',
  hold: 'waiting',
  waiting: 'waiting',
  stalled: 'waiting',
  'waiting on customer': 'waiting',
  'waiting for customer': 'waiting',
  'waiting on client': 'waiting',
  'waiting customer': 'waiting',
  'waiting on user': 'waiting',
  'waiting for user': 'waiting',
  'waiting on third party': 'waiting',
  'waiting for third party': 'waiting',
  'waiting for support': 'open',
  'waiting for approval': 'waiting',
  'waiting on vendor': 'waiting',
  'waiting for parts': 'waiting',
  'awaiting customer': 'waiting',
  feedback: 'waiting',
  resolved: 'resolved',
  solved: 'resolved',
  done: 'resolved',
  fixed: 'resolved',
  completed: 'resolved',
  complete: 'resolved',
  closed: 'closed',
  cancelled: 'closed',
  canceled: 'closed',
  rejected: 'closed',
  deleted: 'closed',
  'won’t do': 'closed',
  "won't do": 'closed',
  "won't fix": 'closed',
  duplicate: 'closed',
  merged: 'closed',
  archived: 'closed',
  spam: 'closed',
  invoiced: 'closed',
};

/** Each tool's words where they differ from the common ones (from its documentation and saved pages). */
const BY_TOOL: Readonly<Partial<Record<ToolId, Readonly<Record<string, Category>>>>> = {
  zendesk: { solved: 'resolved', closed: 'closed', 'on-hold': 'waiting', pending: 'waiting' },
  rt: { stalled: 'waiting', rejected: 'closed', deleted: 'closed', resolved: 'resolved' },
  redmine: { feedback: 'waiting', resolved: 'resolved', closed: 'closed', rejected: 'closed' },
  github: { open: 'open', closed: 'closed', 'closed as completed': 'resolved', 'closed as not planned': 'closed', completed: 'resolved', 'not planned': 'closed' },
  glpi: { 'processing (assigned)': 'open', 'processing (planned)': 'open', solved: 'resolved', closed: 'closed', pending: 'waiting' },
  zammad: { 'pending reminder': 'waiting', 'pending close': 'waiting', merged: 'closed' },
  servicenow: { 'in progress': 'open', 'on hold': 'waiting', 'awaiting user info': 'waiting', 'awaiting caller': 'waiting', resolved: 'resolved', closed: 'closed', canceled: 'closed', cancelled: 'closed' },
  freescout: { active: 'open', pending: 'waiting', closed: 'closed', spam: 'closed' },
  osticket: { open: 'open', resolved: 'resolved', closed: 'closed', archived: 'closed', deleted: 'closed' },
  connectwise: { '>closed': 'closed', 'closed (resolved)': 'closed', 'completed': 'resolved', 'waiting customer': 'waiting', 'customer updated': 'open', 'enter time': 'open', 're-opened': 'open' },
  autotask: { complete: 'resolved', 'waiting customer': 'waiting', 'waiting materials': 'waiting', 'waiting vendor': 'waiting', 'customer note added': 'open' },
  halopsa: { 'with user': 'waiting', 'with supplier': 'waiting', 'action required': 'open', 'updated': 'open' },
  syncro: { 'waiting on customer': 'waiting', 'waiting for parts': 'waiting', 'customer reply': 'open', invoiced: 'closed' },
  'kaseya-bms': { completed: 'resolved', 'waiting on customer': 'waiting' },
  jira: { 'waiting for support': 'open', 'waiting for customer': 'waiting', 'to do': 'new', done: 'resolved', 'won’t do': 'closed', declined: 'closed', 'escalated': 'open' },
};

/** Lower-case, single spaces, no surrounding punctuation such as a status pill's dot. */
function normalise(word: string): string {
  return word.toLowerCase().replace(/\s+/g, ' ').replace(/^[\s•·:–-]+|[\s•·:.]+$/g, '').trim();
}

/**
 * The category of a tool's status word. Unknown words are kept as `open` with `known: false`,
 * so reading health can report them instead of guessing silently.
 */
export function statusCategory(tool: ToolId, word: string): { category: Category; known: boolean } {
  const w = normalise(word);
  const own = BY_TOOL[tool]?.[w] ?? COMMON[w];
  if (own) return { category: own, known: true };
  // "Closed - Resolved", "Resolved (auto)", "Waiting on Customer – quote": the leading word decides.
  for (const [prefix, category] of [['closed', 'closed'], ['resolved', 'resolved'], ['solved', 'resolved'], ['completed', 'resolved'], ['waiting', 'waiting'], ['pending', 'waiting'], ['on hold', 'waiting'], ['in progress', 'open'], ['new', 'new']] as const) {
    if (w.startsWith(`${prefix} `) || w.startsWith(`${prefix}-`) || w.startsWith(`${prefix}(`)) return { category, known: true };
  }
  return { category: 'open', known: false };
}

/** True for categories where the tool considers the work finished. */
export function isFinished(category: Category | null | undefined): boolean {
  return category === 'resolved' || category === 'closed';
}
