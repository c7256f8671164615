import { subdomainOf, type ToolDetector } from '../types';

// https://{sub}.zendesk.com/agent/tickets/{id} — the agent workspace routes client-side,
// so the content script re-runs detection after each navigation.
const TICKET_PATH = /^\/agent\/tickets\/(\d+)(?:\/[a-z_]*)?\/?$/;

export const zendesk: ToolDetector = {
  tool: 'zendesk',
  selfHosted: false,
  fromUrl(url) {
    const tenant = subdomainOf(url, 'zendesk.com');
    const id = TICKET_PATH.exec(url.pathname)?.[1];
    return tenant && id ? { tenant, ticketId: id } : null;
  },
};
