import { textAt, valueBesideLabel } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/osticket/ticket.html (osTicket 1.18, scp/tickets.php?id=…).
// The header reads "Ticket #683922", osTicket's display number, not the id in the URL, so it
// is not read here.

export const osticket: SiteAdapter = {
  tool: 'osticket',
  // The subject line under the ticket's sticky bar.
  title: (doc) => textAt(doc, '.tixTitle h3'),
  // The first ticket_info table lists "Status:" as a th, the value (a link for agents who may
  // change it) in the next cell.
  status: (doc) => valueBesideLabel(doc.querySelector('table.ticket_info'), 'th', 'Status'),
  priority: (doc) => valueBesideLabel(doc.querySelector('table.ticket_info'), 'th', 'Priority'),
  // The second ticket_info table's "Assigned To:"; an unassigned ticket shows "— Unassigned —"
  // (in the agent's language) between dashes.
  assignee: (doc) => {
    const value = valueBesideLabel(doc, 'table.ticket_info th', 'Assigned To');
    return value && !/^[—–-]/.test(value) ? value : undefined;
  },
  // Dates are shown in the agent's format without their zone, so they are not read.
};
