import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/halopsa/ticket.html. Written without a captured page (the agent app
// renders everything client-side); see the fixture's README before trusting it.

export const halopsa: SiteAdapter = {
  tool: 'halopsa',
  // The summary in the ticket header.
  title: (doc) => textAt(doc, '.ticket-header .ticket-header-summary'),
  // The Status field of the details panel.
  status: (doc) => fieldValue(doc, '.ticket-details-panel .ticket-detail-field', 'label', 'Status', '.ticket-detail-value'),
};
