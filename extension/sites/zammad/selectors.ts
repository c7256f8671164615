import { textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/zammad/ticket.html (Zammad 6, #ticket/zoom/42 with two tasks open).
// Zammad keeps every open task's view in the page and shows one; the shown one has `active`.

/** The view of the task on screen, or the only ticket view there is. */
function shownTicket(doc: Document): Element | null {
  return doc.querySelector('.content.active .ticketZoom')?.closest('.content') ?? doc.querySelector('.ticketZoom');
}

export const zammad: SiteAdapter = {
  tool: 'zammad',
  // The editable title in the ticket header.
  title: (doc) => textAt(shownTicket(doc), '.ticket-title-update'),
  // The State field of the ticket sidebar form.
  status: (doc) => textAt(shownTicket(doc), '[data-attribute-name="state_id"] select, select[name="state_id"]'),
};
