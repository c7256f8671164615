import { chosen, textAt, timeAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/zammad/ticket.html (Zammad 6, #ticket/zoom/42 with two tasks open).
// Zammad keeps every open task's view in the page and shows one; the shown one has `active`.

/** The view of the task on screen, or the only ticket view there is. */
function shownTicket(doc: Document): Element | null {
  return doc.querySelector('.content.active .ticketZoom')?.closest('.content') ?? doc.querySelector('.ticketZoom');
}

/** An attribute of the ticket sidebar form (state_id, owner_id, priority_id); the empty choice ("-") is nobody. */
const attribute = (doc: Document, name: string) => chosen(shownTicket(doc), `[data-attribute-name="${name}"] select, select[name="${name}"]`);

export const zammad: SiteAdapter = {
  tool: 'zammad',
  // The editable title in the ticket header.
  title: (doc) => textAt(shownTicket(doc), '.ticket-title-update'),
  status: (doc) => attribute(doc, 'state_id'),
  assignee: (doc) => attribute(doc, 'owner_id'),
  priority: (doc) => attribute(doc, 'priority_id'),
  // The header's "created {time}": Zammad's humanTime helper puts the UTC moment in `datetime`
  // (`data-time` before Zammad 6) and the relative words in the text.
  created: (doc) => timeAt(shownTicket(doc), '.ticketZoom-header .task-subline time'),
};
