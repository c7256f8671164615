import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/freshservice/ticket.html (agent view, 2023 UI).

/** A field of the properties panel, an ember-power-select showing the choice (a placeholder shows when empty). */
const property = (doc: Document, name: string) => fieldValue(doc.querySelector('.ticket-properties'), '.field', 'label', name, '.ember-power-select-selected-item');

export const freshservice: SiteAdapter = {
  tool: 'freshservice',
  // The subject in the current agent view's header, the older /helpdesk/tickets/{id} view, or the
  // requester portal's /support/tickets/{id} (one per page).
  title: (doc) => textAt(doc, '[data-test-id="subject-text"], #ticket_original_request_section .subject, #ticket-show h2.heading > span'),
  status: (doc) => property(doc, 'Status'),
  priority: (doc) => property(doc, 'Priority'),
  assignee: (doc) => property(doc, 'Agent'),
};
