import { positiveId, subdomainOf, type ToolDetector } from '../types';

// HaloPSA agent app: https://{sub}.halopsa.com/ticket?id=0001234, and the list route with a
// ticket open, /tickets?area=1&mainview=…&id=1234. Halo zero-pads ids in links it builds, so
// the id is normalised by stripping leading zeros (0001234 and 1234 are one ticket); id=-1 is
// the new-ticket form and 0 is no ticket. Opportunities and projects (area=13…) share the
// ticket id space, so they are keyed the same way.
const TICKET_PAGE = /^\/tickets?\/?$/i;

export const halopsa: ToolDetector = {
  tool: 'halopsa',
  selfHosted: false,
  fromUrl(url) {
    const tenant = subdomainOf(url, 'halopsa.com');
    if (!tenant || !TICKET_PAGE.test(url.pathname)) return null;
    const id = positiveId(url.searchParams.get('id'));
    return id ? { tenant, ticketId: id } : null;
  },
};
