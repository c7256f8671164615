import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/autotask/ticket.html (TicketDetail.mvc). Written from the product's
// page structure without a captured page; see the fixture's README before trusting it.

export const autotask: SiteAdapter = {
  tool: 'autotask',
  // The title in the page heading, beside the ticket number (T20261120.0042).
  title: (doc) => textAt(doc, '.PageHeadingContainer .Title .Text'),
  // The Status row of the ticket's details section (label and value pairs).
  status: (doc) => fieldValue(doc, '.ReadOnlyData', '.Label', 'Status', '.Value'),
};
