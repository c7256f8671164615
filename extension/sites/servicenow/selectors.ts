import { deepQuery, deepQueryAll, firstText, frameDocument, quoted, shownText, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixtures: tests/fixtures/servicenow/
//   incident-form.html      classic form (what gsft_main shows)
//   classic-nav.html        UI16 shell, gsft_main in the light DOM
//   polaris-classic.html    Next Experience shell, gsft_main inside the macroponent's shadow root
//   workspace-record.html   Service Operations Workspace, header and fields in nested shadow roots

/** The table part of a ServiceNow ticketId (`incident/46d4…` → `incident`). */
const tableOf = (ticketId: string) => ticketId.split('/')[0] ?? '';

/**
 * The record form of the workspace tab on screen: the workspace keeps a form per open record
 * tab and marks the visible tab panel `is-active`.
 */
function activeRecordForm(doc: Document): Element | null {
  const forms = deepQueryAll(doc, 'now-record-form-connected');
  return forms.find((form) => form.closest('[id^="chrome-tab-panel-record"]')?.classList.contains('is-active')) ?? forms[0] ?? null;
}

/**
 * A field of the workspace tab on screen, by its name: the label of its choice list (State,
 * Priority), or the text in its input (Assigned to, a reference field).
 */
function workspaceField(doc: Document, name: string): string | undefined {
  const field = deepQuery(activeRecordForm(doc), `[name=${quoted(name)}]`);
  return shownText(deepQuery(field, '.now-select-trigger-label, input')) ?? (field?.matches('select, input') ? shownText(field) : undefined);
}

/**
 * Where ServiceNow shows the ticket, apart from its readers: the script for enabled sites
 * recognises a ticket with it before it loads any tool's readers.
 */
const servicenowFrame = {
  tool: 'servicenow',
  // Classic forms render in the same-origin `gsft_main` frame, in UI16 (light DOM) and in the
  // Next Experience shell (inside shadow roots). Only on ServiceNow's own hosts.
  ticketFrame: (doc, pageUrl) => (pageUrl.hostname.toLowerCase().endsWith('.service-now.com') ? frameDocument(doc, 'gsft_main') : null),
} satisfies SiteAdapter;

export const servicenow: SiteAdapter = {
  ...servicenowFrame,
  title: (doc, ticket) =>
    firstText(
      // Classic form: the Short description field, id "{table}.short_description".
      () => textAt(doc, `input[id=${quoted(`${tableOf(ticket.ticketId)}.short_description`)}]`),
      () => textAt(doc, 'input[id$=".short_description"]'),
      // Workspace: the heading of the record header component of the active tab.
      () => shownText(deepQuery(deepQuery(activeRecordForm(doc), 'now-record-common-header'), 'h1')),
    ),
  status: (doc, ticket) =>
    firstText(
      // Classic form: the State choice list, id "{table}.state".
      () => textAt(doc, `select[id=${quoted(`${tableOf(ticket.ticketId)}.state`)}]`),
      () => textAt(doc, 'select[id$=".state"]'),
      // Workspace: the State field of the active record; its value shows on the now-select trigger.
      () => workspaceField(doc, 'state'),
    ),
  priority: (doc, ticket) =>
    firstText(
      // Classic form: the Priority choice list (read-only where impact and urgency decide it).
      () => textAt(doc, `select[id=${quoted(`${tableOf(ticket.ticketId)}.priority`)}]`),
      () => workspaceField(doc, 'priority'),
    ),
  assignee: (doc, ticket) =>
    firstText(
      // Classic form: the Assigned to reference shows the name in its display input, id
      // "sys_display.{table}.assigned_to" (the hidden "{table}.assigned_to" holds the sys_id).
      () => textAt(doc, `input[id=${quoted(`sys_display.${tableOf(ticket.ticketId)}.assigned_to`)}]`),
      () => workspaceField(doc, 'assigned_to'),
    ),
};
