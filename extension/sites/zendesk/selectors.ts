import { textOf, type SiteAdapter } from '../types';

// Fixture: tests/fixtures/zendesk/ticket.html (agent workspace ticket view).
export const zendesk: SiteAdapter = {
  tool: 'zendesk',
  // The subject field of the open ticket; the agent workspace keeps one per open tab, the
  // visible one is the current ticket.
  title: (doc) => textOf(doc, '[data-test-id="omni-header-subject"], input[data-test-id="ticket-pane-subject"]') ??
    (doc.querySelector<HTMLInputElement>('input[data-test-id="ticket-pane-subject"]')?.value || undefined),
  // The status pill in the ticket header ("Open", "Pending", "Solved").
  status: (doc) => textOf(doc, '[data-test-id="tabs-section-status-badge"], [data-test-id="ticket-status-badge"]', 100),
};
