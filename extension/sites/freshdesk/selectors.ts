import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/freshdesk/ticket.html (agent view, "mint" UI).

/** A field of the properties form, an ember-power-select showing the choice (a placeholder shows when empty). */
const property = (doc: Document, name: string) => fieldValue(doc.querySelector('.ticket-properties-container, .ticket-properties-form'), '.field', 'label', name, '.ember-power-select-selected-item');

export const freshdesk: SiteAdapter = {
  tool: 'freshdesk',
  // The subject heading above the conversation.
  title: (doc) => textAt(doc, '.ticket-subject-heading'),
  status: (doc) => property(doc, 'Status'),
  priority: (doc) => property(doc, 'Priority'),
  assignee: (doc) => property(doc, 'Agent'),
};
