import { firstText, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixtures: tests/fixtures/jira/issue.html (Cloud issue view),
//           tests/fixtures/jira/issue-datacenter.html (Data Center classic view).
// The Cloud issue view is the same component in full page, in a board's side panel
// (?selectedIssue=) and in a JSM queue, so one set of test ids covers all three.

export const jira: SiteAdapter = {
  tool: 'jira',
  title: (doc) =>
    firstText(
      // Cloud: the summary heading of the issue view.
      () => textAt(doc, 'h1[data-testid="issue.views.issue-base.foundation.summary.heading"]'),
      // Data Center: the summary in the issue header.
      () => textAt(doc, '#summary-val'),
    ),
  status: (doc) =>
    firstText(
      // Cloud: the status button beside the summary (its text is the status name).
      () => textAt(doc, '[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"] button'),
      // Data Center: the status lozenge in the Details module.
      () => textAt(doc, '#status-val'),
    ),
};
