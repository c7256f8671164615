import { fieldValue, firstText, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/connectwise/ticket.html (Manage web client, service ticket screen).
// GWT generates most class names; the cw_* classes are ConnectWise's own hooks and stable.

export const connectwise: SiteAdapter = {
  tool: 'connectwise',
  title: (doc) =>
    firstText(
      // The Summary field of the ticket.
      () => textAt(doc, 'input.cw_PsaSummaryHeader'),
      // The header pod's caption, "Service Ticket #254731 - {summary}".
      () => textAt(doc, '.pod_service_ticket_ticket_header [id$="-label"], .pod_service_ticket_ticket_header')?.replace(/^.*?Service\s+Ticket\s*#\s*\d+\s*-\s*/i, ''),
    ),
  // The Status combo box.
  status: (doc) => textAt(doc, 'input.cw_status'),
  // The ticket's Owner combo box.
  assignee: (doc) => textAt(doc, 'input.cw_ticketOwner'),
  // The Priority combo box, found by its row's label (its class is GWT's own).
  priority: (doc) => fieldValue(doc, '.pod-element-row', '.mm_label', 'Priority', 'input'),
};
