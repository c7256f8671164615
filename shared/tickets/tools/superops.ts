import { positiveId, subdomainOf, type ToolDetector } from '../types';

// SuperOps routes in the URL hash: https://{sub}.superops.ai/#/tickets/{id}, usually with a
// tab after it (#/tickets/{id}/ticket, …/conversations). #/tickets alone is the list.
const TICKET_ROUTE = /^#\/tickets\/(\d+)(?:\/[a-z-]+)?\/?(?:\?.*)?$/i;

export const superops: ToolDetector = {
  tool: 'superops',
  selfHosted: false,
  fromUrl(url) {
    const tenant = subdomainOf(url, 'superops.ai');
    const id = positiveId(TICKET_ROUTE.exec(url.hash)?.[1]);
    return tenant && id ? { tenant, ticketId: id } : null;
  },
};
