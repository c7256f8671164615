import { firstText, shownText, textAt, valueBesideLabel } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/glpi/ticket.html (GLPI 10.0, ticket form with the Ticket tab loaded).
// GLPI loads the tab's content after the page, so right after a navigation these can still be
// empty; the identity does not depend on them.

export const glpi: SiteAdapter = {
  tool: 'glpi',
  title: (doc) =>
    firstText(
      // GLPI 10: the ticket's own description card at the root of the timeline shows the title
      // as its card title (followups are other timeline items).
      () => textAt(doc, '.timeline-item.ITILContent .card-title'),
      // GLPI 9.5: the title field of the main ticket form.
      () => textAt(doc, '#mainformtable [name="name"]'),
    ),
  status: (doc) =>
    firstText(
      // GLPI 10: the Status field of the side panel; its label points at the select, and for
      // people who may not change it the value is plain text beside the label.
      () => valueBesideLabel(doc.querySelector('#itil-data'), 'label', 'Status'),
      // GLPI 9.5: the status select of the main form.
      () => textAt(doc, '#mainformtable select[name="status"]'),
    ),
  // GLPI 10: the Priority field of the side panel.
  priority: (doc) => valueBesideLabel(doc.querySelector('#itil-data'), 'label', 'Priority'),
  // GLPI 10: the actors field lists each assigned user as an option whose data-text is the name
  // shown on its tag (groups and suppliers are other item types).
  assignee: (doc) => {
    const user = doc.querySelector('#itil-data select[data-actor-type="assign"] option[data-itemtype="User"]');
    return user?.getAttribute('data-text') || shownText(user);
  },
  // Opening and modification dates are local times without their zone, so they are not read.
};
