import { textAt, timeAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixtures: tests/fixtures/jira/issue.html (Cloud issue view),
//           tests/fixtures/jira/issue-datacenter.html (Data Center classic view).
// The Cloud issue view is the same component in full page, in a board's side panel
// (?selectedIssue=) and in a JSM queue, so one set of test ids covers all three. Each read lists
// the Cloud selector, then the Data Center one: the two views never share a page.

export const jira: SiteAdapter = {
  tool: 'jira',
  // The summary heading of the issue view; Data Center: the summary in the issue header.
  title: (doc) => textAt(doc, 'h1[data-testid="issue.views.issue-base.foundation.summary.heading"], #summary-val'),
  // The status button beside the summary (its text is the status name); Data Center: the lozenge in the Details module.
  status: (doc) => textAt(doc, '[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"] button, #status-val'),
  // The assignee's profile card in the Assignee field, absent when the field reads "Unassigned"
  // (the name is repeated for screen readers, read once); Data Center: the user link in the
  // People module, plain text when unassigned.
  assignee: (doc) => textAt(doc, '[data-testid="issue.views.field.user.assignee"] [data-testid$="profilecard-trigger"] span > span, #assignee-val .user-hover'),
  // The Priority field's read view (icon and name); Data Center: the priority in the Details module.
  priority: (doc) => textAt(doc, '[data-testid="issue.views.field.priority.priority"], #priority-val'),
  // Data Center: the Dates module's <time datetime> carries the offset ("2026-11-20T08:14:00+0100").
  // Cloud shows only a local date without its zone, so it is not read.
  created: (doc) => timeAt(doc, '#created-val time'),
  updated: (doc) => timeAt(doc, '#updated-val time'),
};
