import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PageFacts } from '../../../extension/core/contract/messages';

// Saved ticket pages of every tool (tests/fixtures/<tool>/, each with a README saying what it
// imitates), read at the URL each is served at, with what Steward must read beside each: read
// by tests/extension/site-adapters.test.ts (the adapters) and ticket-scripts.test.ts (each script
// a page gets). To add a page: save it under tests/fixtures/<tool>/, describe it in the README
// there, add a row.

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
export const html = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');

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
export function page(file: string): Document {
  const doc = new DOMParser().parseFromString(html(file), 'text/html');
  attachDeclarativeShadowRoots(doc);
  chooseMarkedOptions(doc);
  return doc;
}

/** What Zammad's router does on a hash change (the fixture's script, which happy-dom does not run): show that task's view. */
function showZammadTask(doc: Document, id: string): void {
  for (const view of Array.from(doc.querySelectorAll('#content_permanent > .content'))) view.classList.toggle('active', view.id === `content_permanent_Ticket-${id}`);
}

/** What the page says beyond title and status; only what it shows is listed. */
export type Facts = Omit<PageFacts, 'found'>;

export interface Row {
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
export const pageOf = ({ fixture, shown }: Row) => {
  const doc = page(fixture);
  shown?.(doc);
  return doc;
};

export const SN_SYS_ID = '46d44a5dc0a8010e0015f5e0a0fd5c6f';

export const TICKET_PAGES: Row[] = [
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
export const NOT_TICKETS: Array<[string, string, string]> = [
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

