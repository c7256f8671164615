import { positiveId, subdomainOf, type ToolDetector } from '../types';

// Freshservice: https://{sub}.freshservice.com/a/tickets/{id} (agent view, `?current_tab=…`
// keeps the ticket), the older /helpdesk/tickets/{id}, and the requester portal's
// /support/tickets/{id}. Ticket lists live under /a/tickets/filters/…, the form at /a/tickets/new.
// Changes, problems and releases have their own id spaces (/a/changes/{id}…) and are not tickets here.
const TICKET_PATH = /^\/(?:a|helpdesk|support)\/tickets\/(\d+)\/?$/;

export const freshservice: ToolDetector = {
  tool: 'freshservice',
  selfHosted: false,
  fromUrl(url) {
    const tenant = subdomainOf(url, 'freshservice.com');
    const id = positiveId(TICKET_PATH.exec(url.pathname)?.[1]);
    return tenant && id ? { tenant, ticketId: id } : null;
  },
};
