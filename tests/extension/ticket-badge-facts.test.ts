import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Envelope, PageFacts } from '../../extension/core/contract/messages';
import { mountTicketBadge, type TicketScript } from '../../extension/core/page/ticket-badge';
import type { TicketReading } from '../../extension/sites/read';
import type { TicketRef } from '../../shared/schemas';

/** A ticket script whose page reading the test sets: it recognises the ticket whenever it reads one. */
const script = (read: () => TicketReading | null): TicketScript => ({
  locate: (_url, doc) => {
    const reading = read();
    return reading && { ref: reading.ref, doc };
  },
  read: () => read()!,
});

// The ticket script reports what the page says about the ticket with `ticket:seen`, beside the
// ticket (never inside it), and reports again when the page shows something new about the same
// ticket (an assignee the app drew late). The page here is a stand-in whose reading the test sets.

const REF: TicketRef = { tool: 'rt', tenant: 'rt.example.com', ticketId: '7', url: 'https://rt.example.com/Ticket/Display.html?id=7', title: 'Printer jams', status: 'open', observedAt: '2026-11-23T09:00:00.000Z' };

let reading: TicketReading | null;
let seen: Array<Envelope<'ticket:seen'>['payload']>;

beforeEach(() => {
  fakeBrowser.reset();
  seen = [];
  reading = { ref: REF, facts: { found: ['title', 'status'] } };
  // The background's side of the contract: it answers through sendResponse (see TOOLCHAIN.md).
  fakeBrowser.runtime.onMessage.addListener(((message: Envelope<'ticket:seen'>, _sender: unknown, sendResponse: (answer: unknown) => void) => {
    if (message.type === 'ticket:seen') seen.push(message.payload);
    sendResponse({ connection: 'connected' });
    return true;
  }) as never);
});

afterEach(() => {
  document.querySelectorAll('steward-badge, iframe').forEach((el) => el.remove());
  // A newer copy of the script replaces the running one: this ends the test's copy.
  document.dispatchEvent(new CustomEvent(`${fakeBrowser.runtime.id}:ticket:started`, { detail: 'next-test' }));
});

/** A frame of the page finished loading: the script looks at the page again (as for ServiceNow's gsft_main). */
function frameLoaded(): void {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  frame.dispatchEvent(new Event('load'));
}

describe('the ticket page reports what it shows about the ticket', () => {
  it('sends the facts with ticket:seen, and again when the page shows more about the same ticket', async () => {
    mountTicketBadge(script(() => reading));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual({ ticket: REF, facts: { found: ['title', 'status'] } });

    const later: PageFacts = { assignee: 'Priya Shah', priority: 'Low', found: ['title', 'status', 'assignee', 'priority'] };
    reading = { ref: REF, facts: later };
    frameLoaded();
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual({ ticket: REF, facts: later });
    expect(document.querySelectorAll('steward-badge')).toHaveLength(1);
  });

  it('sends no facts once the page is no longer a ticket', async () => {
    mountTicketBadge(script(() => reading));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    reading = null;
    frameLoaded();
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual({ ticket: null });
  });
});
