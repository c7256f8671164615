import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/atera/ticket.html. Written without a captured page; see the
// fixture's README before trusting it.

export const atera: SiteAdapter = {
  tool: 'atera',
  // The ticket title in the page header.
  title: (doc) => textAt(doc, '.ticket-page-header .ticket-title'),
  // The Status field of the side panel.
  status: (doc) => fieldValue(doc, '.ticket-side-panel .ticket-field', 'label', 'Status', '.ticket-field-value'),
};
