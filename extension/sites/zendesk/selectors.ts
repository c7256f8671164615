import { firstText, quoted, textAt } from '../dom';
import type { SiteAdapter } from '../types';

// Fixture: tests/fixtures/zendesk/ticket.html (agent workspace, tickets 101 and 102 open).
//
// The agent workspace keeps every open ticket tab in the page and only hides the inactive ones,
// so each read starts from the pane of the ticket the URL names, never from the first match.

/** The conversation pane of one ticket: Zendesk anchors side conversations on it by ticket id. */
function conversation(doc: Document, id: string): Element | null {
  return doc.querySelector(`[data-side-conversations-anchor-id=${quoted(id)}]`);
}

/** That ticket's fields panel, beside its conversation in the same pane. */
const fields = (doc: Document, id: string) => conversation(doc, id)?.closest('.ticket-panes-grid-layout');

/** The shown value of a dropdown field of that panel (Status, Priority…), by its test id. */
const dropdown = (doc: Document, id: string, field: string) => textAt(fields(doc, id), `[data-test-id="ticket-fields-${field}-select"] [data-garden-id="dropdowns.combobox.value"]`);

export const zendesk: SiteAdapter = {
  tool: 'zendesk',
  title: (doc, ticket) =>
    firstText(
      // The editable subject at the top of that ticket's conversation (workspace since 2021).
      () => textAt(conversation(doc, ticket.ticketId), 'input[data-test-id="omni-header-subject"]'),
      // The header tab of that ticket carries its subject too.
      () => textAt(doc, `[role="tab"][data-entity-id=${quoted(ticket.ticketId)}] [data-test-id="header-tab-title"]`),
      // Pre-workspace agent UI: the subject field of the visible ticket pane.
      () => textAt(doc, '.workspace:not([style*="none"]) input[data-test-id="ticket-pane-subject"]'),
    ),
  status: (doc, ticket) =>
    firstText(
      // The Status dropdown in the ticket fields panel of the same pane (shows "Open", "Pending"…).
      () => dropdown(doc, ticket.ticketId, 'status'),
      // Older layouts show a status pill in the ticket header.
      () => textAt(doc, '[data-test-id="tabs-section-status-badge"], [data-test-id="ticket-status-badge"]'),
    ),
  // The Priority dropdown of the same panel (Low, Normal, High, Urgent).
  priority: (doc, ticket) => dropdown(doc, ticket.ticketId, 'priority'),
  // The Assignee field shows the group and, once someone is assigned, the agent's tag.
  assignee: (doc, ticket) => textAt(fields(doc, ticket.ticketId), '[data-test-id="assignee-field-selected-agent-tag"] > span'),
};
