import { positiveId, subdomainOf, type ToolDetector } from '../types';

// Freshdesk: https://{sub}.freshdesk.com/a/tickets/{id} (agent view), the older
// /helpdesk/tickets/{id}, and the customer portal's /support/tickets/{id}. Views and filters
// live under /a/tickets/filters/…, the form at /a/tickets/new.
const TICKET_PATH = /^\/(?:a|helpdesk|support)\/tickets\/(\d+)\/?$/;

export const freshdesk: ToolDetector = {
  tool: 'freshdesk',
  selfHosted: false,
  fromUrl(url) {
    const tenant = subdomainOf(url, 'freshdesk.com');
    const id = positiveId(TICKET_PATH.exec(url.pathname)?.[1]);
    return tenant && id ? { tenant, ticketId: id } : null;
  },
};
