import { hostTenant, positiveId, type ToolDetector } from '../types';

// Kaseya BMS: https://bms.kaseya.com/react/servicedesk/tickets/{id} (also reached from the
// "my tickets" list as /react/servicedesk/mytickets/{id}); regional deployments use other
// bms*.kaseya.com hosts.
//
// Tenant: the lower-case host. Every customer shares the host and the company is chosen at
// sign-in, never in the URL; ticket ids are unique within a company's BMS.
const BMS_HOST = /^bms[a-z0-9-]*\.kaseya\.com$/;
const TICKET_PATH = /^\/react\/servicedesk\/(?:my)?tickets\/(\d+)\/?$/i;

export const kaseyaBms: ToolDetector = {
  tool: 'kaseya-bms',
  selfHosted: false,
  fromUrl(url) {
    if (!BMS_HOST.test(url.hostname.toLowerCase())) return null;
    const id = positiveId(TICKET_PATH.exec(url.pathname)?.[1]);
    return id ? { tenant: hostTenant(url), ticketId: id } : null;
  },
};
