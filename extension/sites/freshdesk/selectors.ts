import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/freshdesk/ticket.html (agent view, "mint" UI).

export const freshdesk: SiteAdapter = {
  tool: 'freshdesk',
  // The subject heading above the conversation.
  title: (doc) => textAt(doc, '.ticket-subject-heading'),
  // The Status field of the properties form, an ember-power-select showing the chosen status.
  status: (doc) => fieldValue(doc.querySelector('.ticket-properties-container, .ticket-properties-form'), '.field', 'label', 'Status', '.ember-power-select-selected-item'),
};
