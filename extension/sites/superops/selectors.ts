import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/superops/ticket.html. Written without a captured page; see the
// fixture's README before trusting it.

export const superops: SiteAdapter = {
  tool: 'superops',
  // The subject in the ticket details header.
  title: (doc) => textAt(doc, '.ticket-details-header .ticket-subject'),
  // The Status property of the ticket.
  status: (doc) => fieldValue(doc, '.ticket-properties .ticket-property', 'label', 'Status', '.ticket-property-value'),
};
