import { firstText, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/github/issue.html (React issue viewer, 2025).

export const github: SiteAdapter = {
  tool: 'github',
  title: (doc) =>
    firstText(
      // React issue viewer: the title in the issue header.
      () => textAt(doc, '[data-testid="issue-viewer-container"] [data-testid="issue-title"]'),
      // Classic issue and pull request pages.
      () => textAt(doc, '#partial-discussion-header .js-issue-title'),
    ),
  status: (doc) =>
    firstText(
      // React issue viewer: the state label beside the title ("Open", "Closed").
      () => textAt(doc, '[data-testid="issue-viewer-container"] [data-testid="header-state"]'),
      // Classic pages: the State label in the discussion header (issue bodies can hold State labels too).
      () => textAt(doc, '#partial-discussion-header .State'),
    ),
};
