import { positiveId, selfHostedTenant, type ToolDetector } from '../types';

// Zammad routes in the URL hash: https://{host}/#ticket/zoom/{id}, or
// #ticket/zoom/{id}/{articleId} when jumping to one article. #ticket/create, #ticket/view/…
// (overviews), #search/… and #dashboard are not one ticket. The app may live under a path.
const TICKET_ROUTE = /^#ticket\/zoom\/(\d+)(?:\/\d+)?\/?$/;

// Zammad serves one shell, `<div id="app">` beside a splash holding its logo icon
// (init/index.html.erb); once booted, the ticket view is a `.ticketZoom` whose header holds the
// editable `.ticket-title-update` and the `.ticket-number`.
const APP_ROOT = '#app';
const ZAMMAD_MARKUP = '.splash .icon-logo, .ticketZoom, .ticketZoom-header, .ticket-title-update';

// Zammad also hosts systems at {company}.zammad.com: there the tenant is `{company}` (DESIGN §7).
const HOSTED = 'zammad.com';

export const zammad: ToolDetector = {
  tool: 'zammad',
  selfHosted: true,
  fromUrl(url) {
    const id = positiveId(TICKET_ROUTE.exec(url.hash)?.[1]);
    return id ? { tenant: selfHostedTenant(url, HOSTED), ticketId: id } : null;
  },
  fingerprint(doc) {
    return !!doc.querySelector(APP_ROOT) && !!doc.querySelector(ZAMMAD_MARKUP);
  },
};
