import { chosen, firstText, textAt, valueBesideLabel } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/syncro/ticket.html (ticket page, /tickets/{id}).
// The h1 shows Syncro's ticket number (#31522), a counter apart from the id in the URL.

/** The sidebar widget whose header reads `name` ("Ticket Info"). */
function widget(doc: Document, name: string): Element | null {
  for (const heading of Array.from(doc.querySelectorAll('.widget .widget-header h3'))) {
    if (heading.textContent?.trim() === name) return heading.closest('.widget');
  }
  return null;
}

export const syncro: SiteAdapter = {
  tool: 'syncro',
  title: (doc) =>
    firstText(
      // The subject field kept for inline editing holds the subject as typed.
      () => textAt(doc, '#ticket-subject'),
      // The subject heading shown above the communications.
      () => textAt(doc, 'h3.ticket-subject-title'),
    ),
  status: (doc) =>
    firstText(
      // The status select in the Ticket Info widget.
      () => textAt(doc, 'select#ticket_status'),
      // Read-only layouts: the Status row of the Ticket Info table.
      () => valueBesideLabel(widget(doc, 'Ticket Info'), 'th', 'Status'),
    ),
  // The Tech and Priority selects of the same widget (Rails names them after ticket[user_id] and
  // ticket[priority]); an unassigned ticket's Tech is the empty choice. The Created row's title
  // is a local time without its zone, so it is not read.
  assignee: (doc) => chosen(doc, 'select#ticket_user_id'),
  priority: (doc) => chosen(doc, 'select#ticket_priority'),
};
