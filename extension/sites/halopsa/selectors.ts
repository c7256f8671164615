import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/halopsa/ticket.html. Written without a captured page (the agent app
// renders everything client-side); see the fixture's README before trusting it.

/** A field of the details panel. */
const detail = (doc: Document, name: string) => fieldValue(doc, '.ticket-details-panel .ticket-detail-field', 'label', name, '.ticket-detail-value');

export const halopsa: SiteAdapter = {
  tool: 'halopsa',
  // The summary in the ticket header.
  title: (doc) => textAt(doc, '.ticket-header .ticket-header-summary'),
  status: (doc) => detail(doc, 'Status'),
  priority: (doc) => detail(doc, 'Priority'),
  // Halo calls the assignee the ticket's agent.
  assignee: (doc) => detail(doc, 'Agent'),
};
