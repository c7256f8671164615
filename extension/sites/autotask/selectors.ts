import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/autotask/ticket.html (TicketDetail.mvc). Written from the product's
// page structure without a captured page; see the fixture's README before trusting it.

/** A row of the ticket's details section (label and value pairs). */
const detail = (doc: Document, name: string) => fieldValue(doc, '.ReadOnlyData', '.Label', name, '.Value');

export const autotask: SiteAdapter = {
  tool: 'autotask',
  // The title in the page heading, beside the ticket number (T20261120.0042).
  title: (doc) => textAt(doc, '.PageHeadingContainer .Title .Text'),
  status: (doc) => detail(doc, 'Status'),
  priority: (doc) => detail(doc, 'Priority'),
  assignee: (doc) => detail(doc, 'Primary Resource'),
};
