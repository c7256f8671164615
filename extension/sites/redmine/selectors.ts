import { clean, textAt } from '../dom';
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
  // Redmine 4+: attribute rows are divs, "status attribute" with a .value cell; Redmine 2–3: a
  // table of th/td pairs whose status cell has class "status".
  status: (doc) => textAt(doc, '.issue.details .attributes .status.attribute .value, .issue.details table.attributes td.status'),
  priority: (doc) => textAt(doc, '.issue.details .priority.attribute .value, .issue.details table.attributes td.priority'),
  // A user or group link; an unassigned issue shows "-".
  assignee: (doc) => textAt(doc, '.issue.details .assigned-to.attribute .value a, .issue.details table.attributes td.assigned-to a'),
  // "Added … ago. Updated … ago." link to the activity with a title that is a local time
  // without its zone, so neither is read.
};
