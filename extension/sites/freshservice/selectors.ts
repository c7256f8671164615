import { fieldValue, firstText, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/freshservice/ticket.html (agent view, 2023 UI).

export const freshservice: SiteAdapter = {
  tool: 'freshservice',
  title: (doc) =>
    firstText(
      // Current agent view: the subject in the ticket header.
      () => textAt(doc, '[data-test-id="subject-text"]'),
      // Older /helpdesk/tickets/{id} view.
      () => textAt(doc, '#ticket_original_request_section .subject'),
      // Requester portal, /support/tickets/{id}.
      () => textAt(doc, '#ticket-show h2.heading > span'),
    ),
  // The Status field of the properties panel, an ember-power-select showing the chosen status.
  status: (doc) => fieldValue(doc.querySelector('.ticket-properties'), '.field', 'label', 'Status', '.ember-power-select-selected-item'),
};
