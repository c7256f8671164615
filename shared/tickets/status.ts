import type { ToolId } from '../schemas/ticket';
import type { STATUS_CATEGORIES } from '../vocabulary';

type Category = (typeof STATUS_CATEGORIES)[number];
type Words = Readonly<Record<string, Category>>;

/**
 * Status words most tools share. A tool's own table (below) wins over these, e.g. Zendesk's
 * "solved" is resolved while its "closed" is closed for good.
 */
const COMMON: Words = {
  new: 'new',
  'to do': 'new',
  todo: 'new',
  backlog: 'new',
  open: 'open',
  opened: 'open',
  reopened: 'open',
  're-opened': 'open',
  active: 'open',
  assigned: 'open',
  'in progress': 'open',
  'in-progress': 'open',
  'work in progress': 'open',
  processing: 'open',
  scheduled: 'open',
  escalated: 'open',
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
  'waiting for approval': 'waiting',
  'awaiting approval': 'waiting',
  'waiting on vendor': 'waiting',
  'waiting for parts': 'waiting',
  'awaiting customer': 'waiting',
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
  declined: 'closed',
  deleted: 'closed',
  "won't do": 'closed',
  "won't fix": 'closed',
  duplicate: 'closed',
  merged: 'closed',
  archived: 'closed',
  spam: 'closed',
};

/**
 * Each tool's default vocabulary where it differs from or adds to the common words, from the
 * tool's documentation (and its saved pages under tests/fixtures). Tools whose statuses are
 * configurable (ConnectWise, Autotask, HaloPSA, Syncro, Kaseya BMS, SuperOps, Jira, ServiceNow)
 * list the defaults a new account starts with; a partner's own words fall back to the leading
 * word ("Closed - No Response") or stay unknown and are reported.
 */
const BY_TOOL: Readonly<Partial<Record<ToolId, Words>>> = {
  // new, open, pending, on-hold, solved, closed (support.zendesk.com "About ticket statuses").
  zendesk: { solved: 'resolved', 'on-hold': 'waiting' },
  // Open, Pending, Resolved, Closed, plus the default custom statuses Waiting on Customer / Third Party.
  freshdesk: {},
  freshservice: {},
  // Incident: New, In Progress, On Hold, Resolved, Closed, Canceled (older instances: Active,
  // Awaiting …). Requests and catalog tasks: Open, Work in Progress, Closed Complete/Incomplete/
  // Skipped. Changes: Assess, Authorize, Scheduled, Implement, Review. Problems: Assess, Root
  // Cause Analysis, Fix in Progress. Cases: Awaiting Info, Proposed Solution.
  servicenow: {
    'awaiting user info': 'waiting',
    'awaiting caller': 'waiting',
    'awaiting evidence': 'waiting',
    'awaiting problem': 'waiting',
    'awaiting change': 'waiting',
    'awaiting vendor': 'waiting',
    'awaiting info': 'waiting',
    'awaiting acceptance': 'waiting',
    'closed complete': 'closed',
    'closed incomplete': 'closed',
    'closed skipped': 'closed',
    'proposed solution': 'resolved',
    draft: 'new',
    ready: 'new',
    assess: 'open',
    authorize: 'waiting',
    implement: 'open',
    review: 'open',
    'root cause analysis': 'open',
    'fix in progress': 'open',
    suspended: 'waiting',
  },
  // Status categories To Do / In Progress / Done, and the Jira Software and JSM default workflows.
  jira: {
    'waiting for support': 'open',
    'waiting for customer': 'waiting',
    'in review': 'open',
    'selected for development': 'new',
    'work in progress': 'open',
    'under investigation': 'open',
    'under review': 'open',
    planning: 'open',
    'awaiting implementation': 'waiting',
    implementing: 'open',
    'awaiting cab approval': 'waiting',
    review: 'open',
    authorize: 'waiting',
    failed: 'closed',
  },
  // Board defaults; partners prefix closed statuses with '>' to sort them last (">Closed").
  connectwise: {
    'new (email connector)': 'new',
    'new (portal)': 'new',
    'waiting on client': 'waiting',
    'waiting customer response': 'waiting',
    'customer updated': 'open',
    'enter time': 'open',
    'closed (resolved)': 'closed',
  },
  // Ticket Status picklist defaults (1 New, 5 Complete, 7 Waiting Customer, 8 In Progress,
  // 9 Waiting Materials, 10 Dispatched, 11 Escalate, 12 Waiting Vendor, 13 Waiting Approval…).
  autotask: {
    complete: 'resolved',
    'waiting materials': 'waiting',
    'waiting vendor': 'waiting',
    'waiting approval': 'waiting',
    dispatched: 'open',
    escalate: 'open',
    'customer note added': 'open',
    'change order': 'open',
  },
  halopsa: {
    'action required': 'open',
    updated: 'open',
    'with user': 'waiting',
    'with supplier': 'waiting',
    'pending closure': 'resolved',
  },
  syncro: { 'customer reply': 'open', invoiced: 'closed' },
  'kaseya-bms': { completed: 'resolved' },
  superops: { 'customer replied': 'open' },
  atera: {},
  // Issues are open or closed (as completed / not planned / duplicate); pull requests add merged and draft.
  github: { 'closed as completed': 'resolved', 'not planned': 'closed', 'closed as not planned': 'closed', merged: 'resolved', draft: 'open' },
  // new, open, pending reminder, pending close (closes itself at the set time: the work is done), closed, merged, removed.
  zammad: { 'pending reminder': 'waiting', 'pending close': 'resolved', removed: 'closed' },
  // new, open, stalled, resolved, rejected, deleted (RT's default lifecycle).
  rt: {},
  // New, In Progress, Resolved, Feedback, Closed, Rejected.
  redmine: { feedback: 'waiting' },
  // New, Processing (assigned), Processing (planned), Pending, Solved, Closed; changes and
  // problems add Evaluation, Approval, Accepted, Observed, Testing, Qualification.
  glpi: {
    'processing (assigned)': 'open',
    'processing (planned)': 'open',
    approval: 'waiting',
    evaluation: 'open',
    accepted: 'open',
    observed: 'open',
    testing: 'open',
    test: 'open',
    qualification: 'open',
    applied: 'resolved',
    review: 'open',
  },
  // Open, Resolved, Closed, Archived, Deleted.
  osticket: {},
  // Active, Pending, Closed, Spam.
  freescout: {},
};

/** Leading words that decide a longer status ("Closed - No Response", "Waiting on Customer – quote"). */
const LEADS: ReadonlyArray<readonly [string, Category]> = [
  ['closed', 'closed'],
  ['cancelled', 'closed'],
  ['canceled', 'closed'],
  ['resolved', 'resolved'],
  ['solved', 'resolved'],
  ['completed', 'resolved'],
  ['waiting', 'waiting'],
  ['awaiting', 'waiting'],
  ['pending', 'waiting'],
  ['on hold', 'waiting'],
  ['in progress', 'open'],
  ['new', 'new'],
];

/**
 * Lower-case, single spaces, straight apostrophes, no surrounding punctuation such as a status
 * pill's dot or ConnectWise's sort prefix (">Closed").
 */
function normalise(word: string): string {
  return word
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/^[\s•·:>–-]+|[\s•·:.]+$/g, '')
    .trim();
}

/**
 * The category of a tool's status word. Unknown words are kept as `open` with `known: false`,
 * so reading health can report them instead of guessing silently.
 */
export function statusCategory(tool: ToolId, word: string): { category: Category; known: boolean } {
  const w = normalise(word);
  const own = BY_TOOL[tool]?.[w] ?? COMMON[w];
  if (own) return { category: own, known: true };
  for (const [lead, category] of LEADS) {
    if (w.startsWith(`${lead} `) || w.startsWith(`${lead}-`) || w.startsWith(`${lead}(`) || w.startsWith(`${lead}/`)) return { category, known: true };
  }
  return { category: 'open', known: false };
}

/** True for categories where the tool considers the work finished. */
export function isFinished(category: Category | null | undefined): boolean {
  return category === 'resolved' || category === 'closed';
}
