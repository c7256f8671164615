import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/kaseya-bms/ticket.html. Written without a captured page; see the
// fixture's README before trusting it.

/** A field of the General information section. */
const general = (doc: Document, name: string) => fieldValue(doc, '.ticket-general-info .form-field', 'label', name, '.form-field-value');

export const kaseyaBms: SiteAdapter = {
  tool: 'kaseya-bms',
  // The ticket title beside the ticket number (TCK…) in the header.
  title: (doc) => textAt(doc, '.ticket-header .ticket-title'),
  status: (doc) => general(doc, 'Status'),
  priority: (doc) => general(doc, 'Priority'),
  assignee: (doc) => general(doc, 'Primary Assignee'),
};
