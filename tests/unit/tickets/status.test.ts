import { describe, expect, it } from 'vitest';
import type { ToolId } from '../../../shared/schemas';
import { isFinished, statusCategory } from '../../../shared/tickets/status';
import type { STATUS_CATEGORIES } from '../../../shared/vocabulary';

type Category = (typeof STATUS_CATEGORIES)[number];

// Each tool's default status words, as its documentation names them, and the category each
// must land in. Words are written as the tool shows them (case and punctuation included).
const VOCABULARY: Record<Exclude<ToolId, 'custom'>, Array<[string, Category]>> = {
  zendesk: [['New', 'new'], ['Open', 'open'], ['Pending', 'waiting'], ['On-hold', 'waiting'], ['On hold', 'waiting'], ['Solved', 'resolved'], ['Closed', 'closed']],
  freshdesk: [['Open', 'open'], ['Pending', 'waiting'], ['Resolved', 'resolved'], ['Closed', 'closed'], ['Waiting on Customer', 'waiting'], ['Waiting on Third Party', 'waiting']],
  freshservice: [['Open', 'open'], ['Pending', 'waiting'], ['Resolved', 'resolved'], ['Closed', 'closed'], ['Waiting on Customer', 'waiting'], ['Waiting on Third Party', 'waiting']],
  servicenow: [
    ['New', 'new'], ['In Progress', 'open'], ['On Hold', 'waiting'], ['Resolved', 'resolved'], ['Closed', 'closed'], ['Canceled', 'closed'],
    ['Active', 'open'], ['Awaiting User Info', 'waiting'], ['Awaiting Problem', 'waiting'], ['Awaiting Evidence', 'waiting'],
    ['Open', 'open'], ['Work in Progress', 'open'], ['Closed Complete', 'closed'], ['Closed Incomplete', 'closed'], ['Closed Skipped', 'closed'],
    ['Assess', 'open'], ['Authorize', 'waiting'], ['Scheduled', 'open'], ['Implement', 'open'], ['Review', 'open'],
    ['Root Cause Analysis', 'open'], ['Fix in Progress', 'open'], ['Awaiting Info', 'waiting'], ['Proposed Solution', 'resolved'],
  ],
  jira: [
    ['To Do', 'new'], ['In Progress', 'open'], ['Done', 'resolved'], ['Backlog', 'new'], ['Selected for Development', 'new'], ['In Review', 'open'],
    ['Waiting for support', 'open'], ['Waiting for customer', 'waiting'], ['Pending', 'waiting'], ['Escalated', 'open'],
    ['Resolved', 'resolved'], ['Closed', 'closed'], ['Canceled', 'closed'], ['Declined', 'closed'], ['Won’t Do', 'closed'],
    ['Work in progress', 'open'], ['Awaiting approval', 'waiting'], ['Under investigation', 'open'], ['Awaiting implementation', 'waiting'],
    ['Implementing', 'open'], ['Completed', 'resolved'], ['Failed', 'closed'], ['Reopened', 'open'],
  ],
  connectwise: [
    ['New', 'new'], ['New (email connector)', 'new'], ['Assigned', 'open'], ['In Progress', 'open'], ['Scheduled', 'open'],
    ['Waiting on Client', 'waiting'], ['Customer Updated', 'open'], ['Re-Opened', 'open'], ['Completed', 'resolved'],
    ['Closed', 'closed'], ['>Closed', 'closed'], ['>Closed/Cancelled', 'closed'], ['Enter Time', 'open'],
  ],
  autotask: [
    ['New', 'new'], ['In Progress', 'open'], ['Complete', 'resolved'], ['Waiting Customer', 'waiting'], ['Waiting Materials', 'waiting'],
    ['Waiting Vendor', 'waiting'], ['Waiting Approval', 'waiting'], ['Dispatched', 'open'], ['Escalate', 'open'], ['On Hold', 'waiting'],
    ['Scheduled', 'open'], ['Customer Note Added', 'open'],
  ],
  halopsa: [
    ['New', 'new'], ['In Progress', 'open'], ['Action Required', 'open'], ['With User', 'waiting'], ['With Supplier', 'waiting'],
    ['Updated', 'open'], ['On Hold', 'waiting'], ['Pending Closure', 'resolved'], ['Closed', 'closed'], ['Cancelled', 'closed'],
  ],
  syncro: [
    ['New', 'new'], ['In Progress', 'open'], ['Scheduled', 'open'], ['Waiting on Customer', 'waiting'], ['Waiting for Parts', 'waiting'],
    ['Customer Reply', 'open'], ['Resolved', 'resolved'], ['Invoiced', 'closed'],
  ],
  'kaseya-bms': [['New', 'new'], ['Assigned', 'open'], ['In Progress', 'open'], ['Waiting on Customer', 'waiting'], ['Escalated', 'open'], ['On Hold', 'waiting'], ['Completed', 'resolved'], ['Closed', 'closed']],
  superops: [
    ['Open', 'open'], ['In Progress', 'open'], ['On Hold', 'waiting'], ['Waiting on Customer', 'waiting'], ['Waiting on Third Party', 'waiting'],
    ['Customer Replied', 'open'], ['Resolved', 'resolved'], ['Closed', 'closed'],
  ],
  atera: [['Open', 'open'], ['Pending', 'waiting'], ['Resolved', 'resolved'], ['Closed', 'closed']],
  github: [['Open', 'open'], ['Closed', 'closed'], ['Closed as completed', 'resolved'], ['Closed as not planned', 'closed'], ['Completed', 'resolved'], ['Not planned', 'closed'], ['Duplicate', 'closed'], ['Merged', 'resolved'], ['Draft', 'open']],
  zammad: [['new', 'new'], ['open', 'open'], ['pending reminder', 'waiting'], ['pending close', 'resolved'], ['closed', 'closed'], ['merged', 'closed'], ['removed', 'closed']],
  rt: [['new', 'new'], ['open', 'open'], ['stalled', 'waiting'], ['resolved', 'resolved'], ['rejected', 'closed'], ['deleted', 'closed']],
  redmine: [['New', 'new'], ['In Progress', 'open'], ['Resolved', 'resolved'], ['Feedback', 'waiting'], ['Closed', 'closed'], ['Rejected', 'closed']],
  glpi: [
    ['New', 'new'], ['Processing (assigned)', 'open'], ['Processing (planned)', 'open'], ['Pending', 'waiting'], ['Solved', 'resolved'], ['Closed', 'closed'],
    ['Approval', 'waiting'], ['Accepted', 'open'], ['Observed', 'open'], ['Evaluation', 'open'],
  ],
  osticket: [['Open', 'open'], ['Resolved', 'resolved'], ['Closed', 'closed'], ['Archived', 'closed'], ['Deleted', 'closed']],
  freescout: [['Active', 'open'], ['Pending', 'waiting'], ['Closed', 'closed'], ['Spam', 'closed']],
};

describe('status words map to categories, per tool', () => {
  for (const [tool, words] of Object.entries(VOCABULARY)) {
    it.each(words)(`${tool}: %s → %s`, (word, category) => {
      expect(statusCategory(tool as ToolId, word)).toEqual({ category, known: true });
    });
  }
});

describe('words the tables do not name', () => {
  it('an unknown word is kept as open and flagged unknown', () => {
    expect(statusCategory('zendesk', 'Awaiting Legal Sign-off Board')).toEqual({ category: 'waiting', known: true });
    expect(statusCategory('zendesk', 'Triage queue B')).toEqual({ category: 'open', known: false });
    expect(statusCategory('rt', 'quarantined')).toEqual({ category: 'open', known: false });
    expect(statusCategory('custom', '')).toEqual({ category: 'open', known: false });
  });

  it('a longer status is decided by its leading word', () => {
    expect(statusCategory('connectwise', 'Closed - No Response')).toEqual({ category: 'closed', known: true });
    expect(statusCategory('halopsa', 'Resolved (auto)')).toEqual({ category: 'resolved', known: true });
    expect(statusCategory('autotask', 'Waiting Customer – quote sent')).toEqual({ category: 'waiting', known: true });
  });

  it('case, spacing and a status pill’s punctuation do not matter', () => {
    expect(statusCategory('zendesk', '  SOLVED  ')).toEqual({ category: 'resolved', known: true });
    expect(statusCategory('freshdesk', '• Waiting   on  Customer')).toEqual({ category: 'waiting', known: true });
  });

  it('a tool’s own word wins over the common one', () => {
    // Zammad's "pending close" closes itself at the set time: the work is done.
    expect(statusCategory('zammad', 'pending close').category).toBe('resolved');
    expect(statusCategory('freshdesk', 'pending close').category).toBe('waiting');
    // GitHub's merged pull request is done; Zammad's merged ticket lives on in another one.
    expect(statusCategory('github', 'Merged').category).toBe('resolved');
    expect(statusCategory('zammad', 'merged').category).toBe('closed');
  });
});

describe('isFinished', () => {
  it('is true for resolved and closed only', () => {
    expect(['new', 'open', 'waiting', 'resolved', 'closed', null, undefined].map((c) => isFinished(c as Category | null | undefined))).toEqual([false, false, false, true, true, false, false]);
  });
});
