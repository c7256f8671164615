import { hostTenant, type ToolDetector } from '../types';

// Request Tracker: {prefix}/Ticket/Display.html?id={id}, where installs often live under a
// path prefix such as /rt. The other single-ticket pages (History, Update, Modify…) share
// the same ?id= parameter. Create.html and search results are not single tickets.
const TICKET_PAGE = /\/Ticket\/(?:Display|History|Update|Modify|ModifyAll|ModifyDates|ModifyLinks|ModifyPeople)\.html$/;

export const rt: ToolDetector = {
  tool: 'rt',
  selfHosted: true,
  fromUrl(url) {
    if (!TICKET_PAGE.test(url.pathname)) return null;
    const id = url.searchParams.get('id');
    return id && /^\d+$/.test(id) ? { tenant: hostTenant(url), ticketId: id } : null;
  },
  // RT's Mason templates give every page's <body> the id "comp-" + component path
  // (comp-Ticket-Display) and end with the "Best Practical Solutions" footer.
  fingerprint(doc) {
    const bodyId = doc.body?.id ?? '';
    if (bodyId.startsWith('comp-Ticket-')) return true;
    return !!doc.querySelector('#bpscredits, a[href*="bestpractical.com"]');
  },
};
