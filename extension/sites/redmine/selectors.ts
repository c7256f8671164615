import { clean, firstText, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/redmine/issue.html (Redmine 5.1, issues/show).
// Every read is scoped to `.issue.details`, the issue block; the journal below it quotes old
// statuses ("changed from New to In Progress") that must never be taken for the current one.

export const redmine: SiteAdapter = {
  tool: 'redmine',
  // The subject heading; private issues prefix it with a "Private" badge, which is not part of it.
  title: (doc) => {
    const heading = doc.querySelector('.issue.details .subject h3');
    const badge = heading?.querySelector('.private')?.textContent ?? '';
    return clean(badge ? heading?.textContent?.replace(badge, '') : heading?.textContent);
  },
  status: (doc) =>
    firstText(
      // Redmine 4+: attribute rows are divs, "status attribute" with a .value cell.
      () => textAt(doc, '.issue.details .attributes .status.attribute .value'),
      // Redmine 2–3: a table of th/td pairs, the status cell has class "status".
      () => textAt(doc, '.issue.details table.attributes td.status'),
    ),
};
