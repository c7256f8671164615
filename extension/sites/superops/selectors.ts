import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/superops/ticket.html. Written without a captured page; see the
// fixture's README before trusting it.

/** A property of the ticket's properties panel. */
const property = (doc: Document, name: string) => fieldValue(doc, '.ticket-properties .ticket-property', 'label', name, '.ticket-property-value');

export const superops: SiteAdapter = {
  tool: 'superops',
  // The subject in the ticket details header.
  title: (doc) => textAt(doc, '.ticket-details-header .ticket-subject'),
  status: (doc) => property(doc, 'Status'),
  priority: (doc) => property(doc, 'Priority'),
  assignee: (doc) => property(doc, 'Technician'),
};
