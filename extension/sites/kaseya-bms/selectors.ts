import { fieldValue, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/kaseya-bms/ticket.html. Written without a captured page; see the
// fixture's README before trusting it.

export const kaseyaBms: SiteAdapter = {
  tool: 'kaseya-bms',
  // The ticket title beside the ticket number (TCK…) in the header.
  title: (doc) => textAt(doc, '.ticket-header .ticket-title'),
  // The Status field of the General information section.
  status: (doc) => fieldValue(doc, '.ticket-general-info .form-field', 'label', 'Status', '.form-field-value'),
};
