import { hostTenant, positiveId, queryParam, type PageDocument, type TicketIdentity, type ToolDetector } from '../types';

// ConnectWise PSA (Manage). Links into a ticket take two shapes, under any release folder
// (v4_6_release, v2025_1…):
//   …/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid={id}   (also srRecID=, ConnectWise.html)
//   …/services/system_io/Service/fv_sr100_request.rails?service_recid={id}
//   …/services/system_io/router/openrecord.rails?recordType=ServiceFv&recid={id}   (the links
//     ConnectWise's own e-mails and integrations build; it opens the record in the app)
// Inside the app, navigation rewrites only the URL hash with an encoded state that names no
// ticket, so a query id next to such a hash may be stale: the page's header says which ticket
// is open (fromDocument), and without a document such a URL is not trusted.
//
// Tenant: the lower-case host. Cloud sites are regional hosts shared by many partners
// (na.myconnectwise.net, eu.…, au.…); `companyName=` names the partner only on links that
// integrations build, never on in-app routes, so keying on it would give one ticket two keys
// depending on how it was opened. Ticket ids are unique within a partner's site and a
// workspace works with its one provider, so the host is the stable choice.
const CLOUD_HOST = /(?:^|\.)(?:myconnectwise\.net|myconnectwise\.com|connectwise\.net)$/;
const APP_PAGE = /\/ConnectWise\.(?:aspx|html)$/i;
const LEGACY_TICKET_PAGE = /\/services\/system_io\/Service\/fv_sr100_request\.rails$/i;
const OPEN_RECORD = /\/services\/system_io\/router\/openrecord\.rails$/i;

// The ticket screen's header pod; GWT captions it with an element whose id is the pod's id
// plus "-label", reading "Service Ticket #123456 - {summary}".
const HEADER_POD = '.pod_service_ticket_ticket_header';
// Older screens show the same caption as a plain CW label.
const CAPTION_LABEL = '.cw_CwLabel';
const HEADER_TEXT = /\bService\s+Ticket\s*#\s*(\d+)/i;
const CAPTION_TEXT = /^\s*Service\s+Ticket\s*#\s*(\d+)/i;

function isCloud(url: URL): boolean {
  return CLOUD_HOST.test(url.hostname.toLowerCase());
}

function idFromQuery(url: URL): string | null {
  if (LEGACY_TICKET_PAGE.test(url.pathname)) return positiveId(queryParam(url, 'service_recid'));
  if (OPEN_RECORD.test(url.pathname)) return queryParam(url, 'recordType')?.toLowerCase() === 'servicefv' ? positiveId(queryParam(url, 'recid')) : null;
  if (!APP_PAGE.test(url.pathname)) return null;
  if (queryParam(url, 'routeTo')?.toLowerCase() !== 'servicefv') return null;
  return positiveId(queryParam(url, 'recid') ?? queryParam(url, 'srRecID'));
}

function idFromPage(doc: PageDocument): string | null {
  const pod = doc.querySelector(HEADER_POD);
  if (pod) {
    const label = pod.id ? doc.querySelector(`[id="${pod.id.replace(/["\\]/g, '\\$&')}-label"]`) : null;
    for (const el of [label, pod]) {
      const id = positiveId(HEADER_TEXT.exec(el?.textContent ?? '')?.[1]);
      if (id) return id;
    }
  }
  const labels = doc.querySelectorAll?.(CAPTION_LABEL) ?? [];
  for (let i = 0; i < labels.length; i++) {
    const id = positiveId(CAPTION_TEXT.exec(labels[i]?.textContent ?? '')?.[1]);
    if (id) return id;
  }
  return null;
}

function identity(url: URL, id: string | null): TicketIdentity | null {
  return id ? { tenant: hostTenant(url), ticketId: id } : null;
}

function fromUrl(url: URL): TicketIdentity | null {
  if (url.hash.length > 1 && APP_PAGE.test(url.pathname)) return null;
  return identity(url, idFromQuery(url));
}

function fromDocument(url: URL, doc: PageDocument): TicketIdentity | null {
  return identity(url, idFromPage(doc) ?? idFromQuery(url));
}

/** ConnectWise's cloud regions. */
export const connectwise: ToolDetector = {
  tool: 'connectwise',
  selfHosted: false,
  fromUrl: (url) => (isCloud(url) ? fromUrl(url) : null),
  fromDocument: (url, doc) => (isCloud(url) ? fromDocument(url, doc) : null),
};

// What the app draws: GWT's pod headers and ConnectWise's own cw_* widget hooks (cw_status,
// cw_PsaSummaryHeader…, read by public userscripts), on every screen including the ticket.
const CW_MARKUP = '.mm_podHeader, [class*="cw_"]';

/**
 * On-premises ConnectWise on the partner's own host. Another app may use the same paths, so the
 * page must show ConnectWise's widgets; the app draws them after load, and the ticket script
 * looks again once the page has settled and after each in-app navigation.
 */
export const connectwiseOnPremises: ToolDetector = {
  tool: 'connectwise',
  selfHosted: true,
  fromUrl: (url) => (isCloud(url) ? null : fromUrl(url)),
  fromDocument: (url, doc) => (isCloud(url) || !APP_PAGE.test(url.pathname) ? null : fromDocument(url, doc)),
  fingerprint: (doc) => !!doc.querySelector(CW_MARKUP),
};
