import { textAt, timeAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/github/issue.html (React issue viewer, 2025). Each read lists the React
// issue viewer's selector, then the classic issue and pull request page's: the two never share a page.

export const github: SiteAdapter = {
  tool: 'github',
  // The title in the issue header.
  title: (doc) => textAt(doc, '[data-testid="issue-viewer-container"] [data-testid="issue-title"], #partial-discussion-header .js-issue-title'),
  // The state label beside the title ("Open", "Closed"); issue bodies can hold State labels too.
  status: (doc) => textAt(doc, '[data-testid="issue-viewer-container"] [data-testid="header-state"], #partial-discussion-header .State'),
  // The opening comment's header links to it with a <relative-time datetime>; classic pages say
  // "opened this issue {relative-time}" under the title.
  created: (doc) => timeAt(doc, '[data-testid="issue-viewer-container"] [data-testid="issue-body-header-link"] relative-time, #partial-discussion-header relative-time'),
  // The first assignee's login in the sidebar (GitHub shows logins, not names).
  assignee: (doc) => textAt(doc, '[data-testid="sidebar-assignees-section"] [data-testid="issue-assignees"], #partial-discussion-sidebar .js-issue-assignees .assignee span'),
};
