import { positiveId, selfHostedTenant, type ToolDetector } from '../types';

// osTicket agent panel: https://{host}/scp/tickets.php?id={id}, often under a path such as
// /support; `a=edit` or `a=print` still concern that ticket. Without an id the page is a queue
// (`queue=`, `status=`) or the new-ticket form (`a=open`). `number=` names a ticket by its
// display number, a second identity, so it is not detected.
const TICKETS_PAGE = /(?:^|\/)scp\/tickets\.php$/i;

// The agent panel's header logo has alt "osTicket — Customer Support System", and its menus
// are the sibling lists #nav and #sub_nav (kept when a custom logo replaces the alt text).
const OSTICKET_MARKUP = 'img[alt*="osTicket"], #nav ~ #sub_nav';

// osTicket's own cloud serves each helpdesk at {company}.supportsystem.com: tenant `{company}`.
const HOSTED = 'supportsystem.com';

export const osticket: ToolDetector = {
  tool: 'osticket',
  selfHosted: true,
  fromUrl(url) {
    if (!TICKETS_PAGE.test(url.pathname)) return null;
    const id = positiveId(url.searchParams.get('id'));
    return id ? { tenant: selfHostedTenant(url, HOSTED), ticketId: id } : null;
  },
  fingerprint(doc) {
    return !!doc.querySelector(OSTICKET_MARKUP);
  },
};
