import { positiveId, selfHostedTenant, type ToolDetector } from '../types';

// GLPI: https://{host}/front/ticket.form.php?id={id}, usually under a path such as /glpi, with
// optional `forcetab=`. Without an id (or id=0) the same page is the new-ticket form;
// /front/ticket.php is the list.
const TICKET_FORM = /(?:^|\/)front\/ticket\.form\.php$/i;

// GLPI 10+ puts `<meta property="glpi:csrf_token">` in every page head, `data-glpi-theme` on
// <html> and a `.glpi-logo` in the header; GLPI 9 has the #c_logo header block.
const GLPI_MARKUP = 'meta[property="glpi:csrf_token"], [data-glpi-theme], .glpi-logo, #c_logo';

// GLPI Network Cloud serves {company}.{cluster}.glpi-network.cloud (acme.fr36…): tenant `{company}`,
// which stays the same when an instance moves to another cluster.
const HOSTED = 'glpi-network.cloud';

export const glpi: ToolDetector = {
  tool: 'glpi',
  selfHosted: true,
  fromUrl(url) {
    if (!TICKET_FORM.test(url.pathname)) return null;
    const id = positiveId(url.searchParams.get('id'));
    return id ? { tenant: selfHostedTenant(url, HOSTED), ticketId: id } : null;
  },
  fingerprint(doc) {
    return !!doc.querySelector(GLPI_MARKUP);
  },
};
