import { describe, expect, it } from 'vitest';
import { detectedKey } from '../../shared/tickets';

// Page markup trimmed from each tool's own templates (named beside each page), enough to carry
// the markers detection reads. A plain page stands for any other site on an enabled host.
const page = (html: string) => new DOMParser().parseFromString(`<!doctype html>${html}`, 'text/html');

const PLAIN = page('<html><head><title>Intranet</title></head><body><div id="main"><h1>Ticket 42</h1></div></body></html>');

// Each row: a tool, a ticket URL of that tool's shape, and the tool's page for it.
const SELF_HOSTED: Array<[string, string, string, Document]> = [
  [
    'Zammad (ticket_zoom/title.jst.eco)',
    'https://helpdesk.example.com/#ticket/zoom/42',
    'zammad:helpdesk.example.com:42',
    page(
      '<html><head><title>Zammad Helpdesk</title></head><body><div id="app"><div class="content active">' +
        '<div class="ticketZoom"><div class="ticketZoom-header">' +
        '<h1><span contenteditable="true" class="ticket-title-update">Printer offline</span></h1>' +
        '<small class="task-subline">Ticket# <span class="ticket-number">31042</span></small></div></div></div></div></body></html>',
    ),
  ],
  [
    'Zammad before boot (init/index.html.erb)',
    'https://helpdesk.example.com/#ticket/zoom/42',
    'zammad:helpdesk.example.com:42',
    page('<html><body><div id="app"></div><div class="splash"><svg class="icon icon-logo"></svg><div class="splash-title">Loading...</div></div></body></html>'),
  ],
  [
    'Request Tracker (Mason comp- body id)',
    'https://rt.example.com/rt/Ticket/Display.html?id=7',
    'rt:rt.example.com:7',
    page('<html><body id="comp-Ticket-Display"><div id="body"><h1>#7: Printer offline</h1></div></body></html>'),
  ],
  [
    'Redmine (layouts/base.html.erb)',
    'https://redmine.example.com/issues/1234',
    'redmine:redmine.example.com:1234',
    page(
      '<html><head><meta name="csrf-param" content="authenticity_token"></head>' +
        '<body class="theme-Default project-infra controller-issues action-show avatars-on">' +
        '<div id="wrapper"><div id="top-menu"></div><div id="header"></div><div id="main"><div id="content"></div></div></div></body></html>',
    ),
  ],
  [
    'GLPI 10 (layout/parts/head, page_header)',
    'https://glpi.example.com/front/ticket.form.php?id=123',
    'glpi:glpi.example.com:123',
    page(
      '<html lang="en_GB" data-glpi-theme="auror" data-glpi-theme-dark="0"><head>' +
        '<meta property="glpi:csrf_token" content="abc"></head><body class="horizontal-layout"><div class="page">' +
        '<a class="navbar-brand"><span class="glpi-logo"></span></a></div></body></html>',
    ),
  ],
  [
    'osTicket (include/staff/header.inc.php)',
    'https://support.example.com/scp/tickets.php?id=42',
    'osticket:support.example.com:42',
    page(
      '<html><body><div id="container"><div id="header"><a href="/scp/index.php" class="no-pjax" id="logo">' +
        '<img src="/scp/logo.php" alt="osTicket — Customer Support System"></a></div><div id="pjax-container">' +
        '<ul id="nav"></ul><ul id="sub_nav"></ul><div id="content"></div></div></div></body></html>',
    ),
  ],
  [
    'FreeScout (conversations/view.blade.php)',
    'https://help.example.com/conversation/123?folder_id=4',
    'freescout:help.example.com:123',
    page(
      '<html><head><meta name="csrf-token" content="x"></head>' +
        '<body class="user-is-admin body-conv" data-conversation_id="123" data-auth_user_id="1">' +
        '<div id="app"><div id="conv-layout"><div id="conv-layout-header"></div></div></div></body></html>',
    ),
  ],
  [
    'Jira Data Center (application-name meta)',
    'https://jira.example.com/browse/OPS-9',
    'jira:jira.example.com:OPS-9',
    page(
      '<html><head><meta name="application-name" content="JIRA" data-name="jira" data-version="9.12.0"></head>' +
        '<body id="jira" class="aui-layout aui-theme-default"></body></html>',
    ),
  ],
  [
    'ConnectWise on-premises (GWT pod header, cw_* widget hooks)',
    'https://cw.example.com/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=254731',
    'connectwise:cw.example.com:254731',
    page(
      '<html><head><title>Manage</title></head><body><div class="mm_podHeader pod_service_ticket_ticket_header" id="cw-pod-3"></div>' +
        '<div class="pod-element-row"><div class="gwt-Label mm_label">Status:</div><input type="text" class="cw_CwComboBox cw_status" value="New"></div></body></html>',
    ),
  ],
];

describe('self-hosted tools are recognised by URL shape plus page fingerprint', () => {
  it.each(SELF_HOSTED)('%s: detected on its own page', (_tool, url, key, doc) => {
    expect(detectedKey(url, doc)).toBe(key);
  });

  it.each(SELF_HOSTED)('%s: the same URL on another app’s page is not a ticket', (_tool, url) => {
    expect(detectedKey(url, PLAIN)).toBeNull();
  });

  it('a Redmine theme that drops the controller body class is still Redmine', () => {
    const themed = page(
      '<html><head><meta name="csrf-param" content="authenticity_token"></head><body class="theme-Custom">' +
        '<div id="top-menu"></div><div id="main"></div></body></html>',
    );
    expect(detectedKey('https://redmine.example.com/issues/5', themed)).toBe('redmine:redmine.example.com:5');
  });
});

describe('ConnectWise reads the open ticket from the page header', () => {
  // GWT captions the ticket screen's header pod with an element whose id is the pod's + "-label".
  const ticketScreen = (number: string, note = '') =>
    page(
      '<html><body><div class="mm_podHeader pod_service_ticket_ticket_header" id="cw-pod-17"></div>' +
        `<div id="cw-pod-17-label" class="gwt-Label">Service Ticket #${number} - Printer offline on floor 3</div>` +
        `<div class="pod_ticketDiscussion"><div class="gwt-HTML">${note}</div></div></body></html>`,
    );
  const HASH_ROUTE = 'https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?fullscreen=false&locale=en_US#XQAACABrAQAAAAAAAAA9iIoG07';

  it('takes the id from the header on an in-app hash route', () => {
    expect(detectedKey(HASH_ROUTE, ticketScreen('123456', 'Merged from Service Ticket #999'))).toBe('connectwise:na.myconnectwise.net:123456');
  });

  it('prefers the header over a query id that in-app navigation left behind', () => {
    const stale = 'https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=ServiceFV&recid=111#XQAACABrAQAAAAAAAAA9iIoG07';
    expect(detectedKey(stale, ticketScreen('222'))).toBe('connectwise:na.myconnectwise.net:222');
  });

  it('falls back to a plain CW caption label on older screens', () => {
    const older = page('<html><body><div class="cw_CwLabel">Service Ticket #98765 - VPN down</div></body></html>');
    expect(detectedKey(HASH_ROUTE, older)).toBe('connectwise:na.myconnectwise.net:98765');
  });

  it('never takes an id quoted in a note or a board row', () => {
    const board = page(
      '<html><body><table class="srboard-grid"><tr><td class="gwt-HTML">Re: Service Ticket #555 - follow-up</td></tr></table>' +
        '<div class="cw_CwLabel">Board: Help Desk (see Service Ticket #777)</div></body></html>',
    );
    expect(detectedKey(HASH_ROUTE, board)).toBeNull();
  });

  it('reads the header of an on-premises install only on the ConnectWise app page', () => {
    const onPremises = 'https://cw.example.com/v4_6_release/ConnectWise.aspx?locale=en_US#XQAACABrAQAAAAAAAAA9iIoG07';
    expect(detectedKey(onPremises, ticketScreen('4321'))).toBe('connectwise:cw.example.com:4321');
    expect(detectedKey('https://intranet.example.com/wiki/cw-howto', ticketScreen('4321'))).toBeNull();
  });
});
