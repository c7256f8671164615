import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/atera/ticket.html. Written without a captured page; see the
// fixture's README before trusting it.

/** A field of the side panel. */
const field = (doc: Document, name: string) => fieldValue(doc, '.ticket-side-panel .ticket-field', 'label', name, '.ticket-field-value');

export const atera: SiteAdapter = {
  tool: 'atera',
  // The ticket title in the page header.
  title: (doc) => textAt(doc, '.ticket-page-header .ticket-title'),
  status: (doc) => field(doc, 'Status'),
  priority: (doc) => field(doc, 'Priority'),
  assignee: (doc) => field(doc, 'Technician'),
};
