import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { PageFacts } from '../../extension/core/contract/messages';
import { ADAPTERS, readTicketOnPage } from '../../extension/sites';
import { deepQuery } from '../../extension/sites/dom';
import { ticketKey } from '../../shared/schemas';
import { statusCategory } from '../../shared/tickets/status';

// Saved ticket pages of every tool (tests/fixtures/<tool>/, each with a README saying what it
// imitates), read at the URL each is served at, with what Steward must read beside each.
// To add a page: save it under tests/fixtures/<tool>/, describe it in the README there, add a row.

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const html = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');

/**
 * Browsers turn `<template shadowrootmode="open">` into the parent's shadow root while parsing
 * a page; happy-dom's parser does not, so do what the browser's parser would.
 */
function attachDeclarativeShadowRoots(scope: ParentNode): void {
  for (const template of Array.from(scope.querySelectorAll<HTMLTemplateElement>('template[shadowrootmode]'))) {
    const host = template.parentElement;
    if (!host || host.shadowRoot) continue;
    const root = host.attachShadow({ mode: 'open' });
    root.append(template.content);
    template.remove();
    attachDeclarativeShadowRoots(root);
  }
}

/**
 * happy-dom's parser marks the wrong option of a select chosen when the chosen one comes after
 * the second (one too early); choose the one the markup says, as the browser's parser does.
 */
function chooseMarkedOptions(doc: Document): void {
  for (const option of Array.from(doc.querySelectorAll<HTMLOptionElement>('option[selected]'))) option.selected = true;
}

/** A saved page as a document. (happy-dom logs that it may not load its frames and stylesheets; that is expected offline.) */
function page(file: string): Document {
  const doc = new DOMParser().parseFromString(html(file), 'text/html');
  attachDeclarativeShadowRoots(doc);
  chooseMarkedOptions(doc);
  return doc;
}

/** What Zammad's router does on a hash change (the fixture's script, which happy-dom does not run): show that task's view. */
function showZammadTask(doc: Document, id: string): void {
  for (const view of Array.from(doc.querySelectorAll('#content_permanent > .content'))) view.classList.toggle('active', view.id === `content_permanent_Ticket-${id}`);
}

/** The ticket a page shows, as a tag stores it (what the page says beside it is checked apart). */
const ticketOn = (url: string, doc: Document) => readTicketOnPage(url, doc)?.ref ?? null;

/** What the page says beyond title and status; only what it shows is listed. */
type Facts = Omit<PageFacts, 'found'>;

interface Row {
  fixture: string;
  url: string;
  key: string;
  title: string;
  status: string;
  facts: Facts;
  /** What the app does to the saved page before it shows this URL (a single-page app's router). */
  shown?: (doc: Document) => void;
}

/** The saved page of a row, as the app shows it at the row's URL. */
const pageOf = ({ fixture, shown }: Row) => {
  const doc = page(fixture);
  shown?.(doc);
  return doc;
};

const SN_SYS_ID = '46d44a5dc0a8010e0015f5e0a0fd5c6f';

const TICKET_PAGES: Row[] = [
  // Cloud tools (recognised by host).
  { fixture: 'zendesk/ticket.html', url: 'https://acme.zendesk.com/agent/tickets/101', key: 'zendesk:acme:101', title: 'Front desk printer jams on every job', status: 'Open', facts: { assignee: 'Priya Shah', priority: 'High' } },
  // The same page after the workspace switched tabs with pushState: both tickets are in the DOM, the URL decides.
  { fixture: 'zendesk/ticket.html', url: 'https://acme.zendesk.com/agent/tickets/102', key: 'zendesk:acme:102', title: 'VPN drops every afternoon', status: 'Pending', facts: {} },
  { fixture: 'connectwise/ticket.html', url: 'https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=254731', key: 'connectwise:na.myconnectwise.net:254731', title: 'Printer offline on floor 3', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: 'Priority 3 - Normal Response' } },
  // In-app navigation leaves only an encoded hash: the id comes from the screen's header.
  { fixture: 'connectwise/ticket.html', url: 'https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US#XQAACABrAQAAAAAAAAA9iIoG07', key: 'connectwise:na.myconnectwise.net:254731', title: 'Printer offline on floor 3', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: 'Priority 3 - Normal Response' } },
  { fixture: 'autotask/ticket.html', url: 'https://ww5.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&mode=0&ticketId=48213', key: 'autotask:ww5.autotask.net:48213', title: 'Outlook search returns no results', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: 'Medium' } },
  { fixture: 'halopsa/ticket.html', url: 'https://acme.halopsa.com/ticket?id=0001234', key: 'halopsa:acme:1234', title: 'New starter needs a laptop and accounts', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: 'P3 - Medium' } },
  { fixture: 'servicenow/incident-form.html', url: `https://acme.service-now.com/incident.do?sys_id=${SN_SYS_ID}`, key: `servicenow:acme:incident/${SN_SYS_ID}`, title: 'Email not syncing on phones', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: '2 - High' } },
  { fixture: 'servicenow/workspace-record.html', url: `https://acme.service-now.com/now/sow/record/incident/${SN_SYS_ID}`, key: `servicenow:acme:incident/${SN_SYS_ID}`, title: 'Email not syncing on phones', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: '2 - High' } },
  { fixture: 'jira/issue.html', url: 'https://acme.atlassian.net/browse/OPS-142', key: 'jira:acme:OPS-142', title: 'Laptop refresh for the finance team', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: 'High' } },
  { fixture: 'freshservice/ticket.html', url: 'https://acme.freshservice.com/a/tickets/3107?current_tab=details', key: 'freshservice:acme:3107', title: 'Shared mailbox not visible in Outlook', status: 'Open', facts: { assignee: 'Priya Shah', priority: 'Medium' } },
  { fixture: 'freshdesk/ticket.html', url: 'https://acme.freshdesk.com/a/tickets/5520', key: 'freshdesk:acme:5520', title: 'Invoice PDFs attach as blank pages', status: 'Pending', facts: { priority: 'Urgent' } },
  { fixture: 'syncro/ticket.html', url: 'https://acme.syncromsp.com/tickets/107248794', key: 'syncro:acme:107248794', title: 'Server room UPS reports battery fault', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: '1 High' } },
  { fixture: 'kaseya-bms/ticket.html', url: 'https://bms.kaseya.com/react/servicedesk/tickets/88231', key: 'kaseya-bms:bms.kaseya.com:88231', title: 'Phones reboot when the switch is under load', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: 'Critical' } },
  { fixture: 'superops/ticket.html', url: 'https://acme.superops.ai/#/tickets/6021/conversations', key: 'superops:acme:6021', title: 'Firewall firmware update for the branch office', status: 'Waiting on Third Party', facts: { assignee: 'Priya Shah', priority: 'High' } },
  { fixture: 'atera/ticket.html', url: 'https://app.atera.com/new/ticket/4410', key: 'atera:app.atera.com:4410', title: 'Backup agent offline on FRONTDESK-02', status: 'Pending', facts: { assignee: 'Priya Shah', priority: 'Medium' } },
  { fixture: 'github/issue.html', url: 'https://github.com/acme/helpdesk/issues/77', key: 'github:acme/helpdesk:77', title: 'Onboarding laptop image is missing the VPN client', status: 'Open', facts: { createdAt: '2026-11-20T08:14:02.000Z', assignee: 'dana-ortiz' } },
  // Self-hosted tools (recognised by URL shape plus the page's fingerprint).
  { fixture: 'jira/issue-datacenter.html', url: 'https://jira.example.com/jira/browse/OPS-9', key: 'jira:jira.example.com:OPS-9', title: 'Backup job fails on the file server', status: 'In Progress', facts: { createdAt: '2026-11-20T07:14:00.000Z', updatedAt: '2026-11-23T09:02:00.000Z', assignee: 'Priya Shah', priority: 'High' } },
  { fixture: 'zammad/ticket.html', url: 'https://helpdesk.example.com/#ticket/zoom/42', key: 'zammad:helpdesk.example.com:42', title: 'Monitor flickers in room 4', status: 'open', facts: { createdAt: '2026-11-23T07:14:09.112Z', assignee: 'Priya Shah', priority: '3 high' } },
  // The other task open in the same page: the URL decides which view is read; nobody owns it ("-").
  { fixture: 'zammad/ticket.html', url: 'https://helpdesk.example.com/#ticket/zoom/43', key: 'zammad:helpdesk.example.com:43', title: 'Scanner at reception is offline', status: 'pending reminder', facts: { createdAt: '2026-11-22T09:40:51.008Z', priority: '2 normal' }, shown: (doc) => showZammadTask(doc, '43') },
  { fixture: 'rt/ticket-display.html', url: 'https://rt.example.com/Ticket/Display.html?id=1', key: 'rt:rt.example.com:1', title: 'Printer on the 3rd floor jams', status: 'open', facts: { priority: 'Low' } },
  { fixture: 'redmine/issue.html', url: 'https://redmine.example.com/redmine/issues/1234', key: 'redmine:redmine.example.com:1234', title: 'Backup of the accounting share fails nightly', status: 'In Progress', facts: { assignee: 'Priya Shah', priority: 'High' } },
  { fixture: 'glpi/ticket.html', url: 'https://glpi.example.com/glpi/front/ticket.form.php?id=123', key: 'glpi:glpi.example.com:123', title: 'Outlook crashes when opening the shared calendar', status: 'Processing (assigned)', facts: { assignee: 'Priya Shah', priority: 'Medium' } },
  { fixture: 'osticket/ticket.html', url: 'https://support.example.com/support/scp/tickets.php?id=42', key: 'osticket:support.example.com:42', title: 'Wi-Fi keeps dropping in the exam rooms', status: 'Open', facts: { assignee: 'Priya Shah', priority: 'High' } },
  { fixture: 'freescout/conversation.html', url: 'https://help.example.com/conversation/123?folder_id=4', key: 'freescout:help.example.com:123', title: 'Cannot print to the front desk printer', status: 'Pending', facts: { assignee: 'Priya Shah' } },
];

// Pages that look like tickets but are not one: lists, new-ticket forms, other apps with the
// same URL shape, and a tool's own non-ticket routes.
const NOT_TICKETS: Array<[string, string, string]> = [
  ['Zendesk: the new-ticket form', 'zendesk/ticket.html', 'https://acme.zendesk.com/agent/tickets/new/1'],
  ['Zendesk: a view (ticket list)', 'zendesk/ticket.html', 'https://acme.zendesk.com/agent/filters/360001'],
  ['Jira: a board without an issue open', 'jira/issue.html', 'https://acme.atlassian.net/jira/software/projects/OPS/boards/1'],
  ['Redmine: the issue list', 'redmine/issue-list.html', 'https://redmine.example.com/redmine/projects/infra/issues'],
  ['Redmine: the new-issue form', 'redmine/issue-list.html', 'https://redmine.example.com/redmine/projects/infra/issues/new'],
  ['GLPI: the new-ticket form (no id)', 'glpi/ticket-new.html', 'https://glpi.example.com/glpi/front/ticket.form.php'],
  ['another app with Redmine’s /issues/{n} shape', 'lookalike/issue-tracker.html', 'https://intranet.example.com/issues/12'],
  ['Zammad: an overview', 'zammad/ticket.html', 'https://helpdesk.example.com/#ticket/view/my_assigned'],
  ['Zammad: the dashboard', 'zammad/ticket.html', 'https://helpdesk.example.com/#dashboard'],
  ['osTicket: the client portal, not the agent panel', 'osticket/ticket.html', 'https://support.example.com/support/tickets.php?id=42'],
  ['ServiceNow: the incident list', 'servicenow/incident-list.html', 'https://acme.service-now.com/incident_list.do?sysparm_query=active%3Dtrue'],
];

/** The fields a row expects found: title and status, then the facts it lists, in READ_FIELDS order. */
function foundIn(facts: Facts): PageFacts['found'] {
  const has = { created: facts.createdAt, updated: facts.updatedAt, assignee: facts.assignee, priority: facts.priority };
  return ['title', 'status', ...(['created', 'updated', 'assignee', 'priority'] as const).filter((f) => has[f])];
}

describe('reading the ticket on saved pages of each tool', () => {
  it.each(TICKET_PAGES)('$fixture at $url → $key', (row) => {
    const { url, key, title, status } = row;
    const ticket = ticketOn(url, pageOf(row));
    expect(ticket && ticketKey(ticket)).toBe(key);
    expect(ticket).toMatchObject({ title, status, url });
  });

  it.each(TICKET_PAGES)('$fixture at $url: what the page says beyond title and status', (row) => {
    expect(readTicketOnPage(row.url, pageOf(row))?.facts).toEqual({ ...row.facts, found: foundIn(row.facts) });
  });

  it.each(TICKET_PAGES)('$fixture at $url: the status “$status” is a word Steward knows', ({ key, status }) => {
    const tool = key.split(':')[0] as Parameters<typeof statusCategory>[0];
    expect(statusCategory(tool, status).known).toBe(true);
  });

  it('every tool whose page shows more than title and status has a row that reads it', () => {
    const readers = Object.values(ADAPTERS).flatMap((a) => (['created', 'updated', 'assignee', 'priority'] as const).filter((f) => a?.[f]).map((f) => `${a!.tool}.${f}`));
    const read = new Set(TICKET_PAGES.flatMap((row) => foundIn(row.facts).filter((f) => f !== 'title' && f !== 'status').map((f) => `${row.key.split(':')[0]}.${f}`)));
    // Readers whose saved page does not show the field: RT's owner is Nobody and its dates are in
    // RT's zone-less default format (both are read from RT-shaped markup below); the Freshdesk
    // ticket is unassigned (its Agent field shows the placeholder).
    const notOnTheirPage = ['freshdesk.assignee', 'rt.assignee', 'rt.created', 'rt.updated'];
    expect(readers.filter((r) => !read.has(r)).sort()).toEqual(notOnTheirPage.sort());
  });

  it('covers every tool that has an adapter', () => {
    const covered = new Set(TICKET_PAGES.map((row) => row.key.split(':')[0]));
    expect([...covered].sort()).toEqual(Object.keys(ADAPTERS).sort());
  });

  it.each(NOT_TICKETS)('%s is not a ticket', (_what, fixture, url) => {
    expect(ticketOn(url, page(fixture))).toBeNull();
  });

  it('a selector that throws costs the title, never the ticket', () => {
    const spy = vi.spyOn(ADAPTERS.redmine!, 'title').mockImplementation(() => {
      throw new Error('host page changed');
    });
    try {
      const ticket = ticketOn('https://redmine.example.com/redmine/issues/1234', page('redmine/issue.html'));
      expect(ticket && ticketKey(ticket)).toBe('redmine:redmine.example.com:1234');
      expect(ticket?.title).toBeUndefined();
      expect(ticket?.status).toBe('In Progress');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('ServiceNow classic: the form lives in the same-origin gsft_main frame', () => {
  const windows: Window[] = [];
  afterAll(async () => {
    await Promise.all(windows.map((w) => w.happyDOM.close()));
  });

  /**
   * Offline, happy-dom loads no frames; give the top page's gsft_main frame the saved form page
   * at its URL, as the browser would once the frame has loaded.
   */
  function withFrame(top: Document, frameUrl: string, fixture: string): Document {
    const frame = deepQuery(top, 'iframe#gsft_main');
    if (!frame) throw new Error('the fixture has no gsft_main frame');
    const win = new Window({ url: frameUrl });
    windows.push(win);
    win.document.write(html(fixture));
    Object.defineProperty(frame, 'contentDocument', { configurable: true, get: () => win.document });
    return top;
  }

  const FORM_URL = `https://acme.service-now.com/incident.do?sys_id=${SN_SYS_ID}`;
  const KEY = `servicenow:acme:incident/${SN_SYS_ID}`;

  it('UI16 shell (nav_to.do): title and state come from the framed form', () => {
    const url = `https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_SYS_ID}`;
    const ticket = ticketOn(url, withFrame(page('servicenow/classic-nav.html'), FORM_URL, 'servicenow/incident-form.html'));
    expect(ticket && ticketKey(ticket)).toBe(KEY);
    // The top URL names the same record, so it stays the link (it opens with the navigation around it).
    expect(ticket).toMatchObject({ url, title: 'Email not syncing on phones', status: 'In Progress' });
  });

  it('Next Experience shell: the frame is found inside the shell’s shadow roots', () => {
    const url = `https://acme.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${SN_SYS_ID}`;
    const ticket = ticketOn(url, withFrame(page('servicenow/polaris-classic.html'), FORM_URL, 'servicenow/incident-form.html'));
    expect(ticket && ticketKey(ticket)).toBe(KEY);
    expect(ticket).toMatchObject({ url, title: 'Email not syncing on phones', status: 'In Progress' });
  });

  it('what the framed form says about the ticket is read from the frame', () => {
    const url = `https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_SYS_ID}`;
    const reading = readTicketOnPage(url, withFrame(page('servicenow/classic-nav.html'), FORM_URL, 'servicenow/incident-form.html'));
    expect(reading?.facts).toEqual({ assignee: 'Priya Shah', priority: '2 - High', found: ['title', 'status', 'assignee', 'priority'] });
  });

  it('the record open in the frame wins over a top URL still naming the list', () => {
    const url = 'https://acme.service-now.com/now/nav/ui/classic/params/target/incident_list.do';
    const ticket = ticketOn(url, withFrame(page('servicenow/polaris-classic.html'), FORM_URL, 'servicenow/incident-form.html'));
    expect(ticket && ticketKey(ticket)).toBe(KEY);
    expect(ticket).toMatchObject({ url: FORM_URL, title: 'Email not syncing on phones' });
  });

  it('a list in the frame is not a ticket', () => {
    const url = 'https://acme.service-now.com/nav_to.do?uri=incident_list.do';
    const listUrl = 'https://acme.service-now.com/incident_list.do';
    expect(ticketOn(url, withFrame(page('servicenow/classic-nav.html'), listUrl, 'servicenow/incident-list.html'))).toBeNull();
  });

  it('before the frame has loaded, the top URL still names the ticket', () => {
    const url = `https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${SN_SYS_ID}`;
    const ticket = ticketOn(url, page('servicenow/classic-nav.html'));
    expect(ticket && ticketKey(ticket)).toBe(KEY);
    expect(ticket?.title).toBeUndefined();
  });
});
