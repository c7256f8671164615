// The badge on a ticket page says when the ticket tool calls the ticket done while a tag on it
// is still open: the ticket script (page code, kept small) reports the page's status word, the
// background maps it with the full table (shared/tickets/status.ts) and answers, the badge says so.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { watchBadgeCounts } from '../../extension/core/background/badge-counts';
import { dispatch } from '../../extension/core/background/handlers';
import { connectionIdOf, connectionItem, ticketCacheItem, type Connection } from '../../extension/core/contract/storage';
import { mountTicketBadge, type TicketScript } from '../../extension/core/page/ticket-badge';
import type { TicketReading } from '../../extension/sites/read';
import type { Annotation, ToolId } from '../../shared/schemas';

/** A ticket script whose page reading the test sets: it recognises the ticket whenever it reads one. */
const script = (read: () => TicketReading | null): TicketScript => ({
  locate: (_url, doc) => {
    const reading = read();
    return reading && { ref: reading.ref, doc };
  },
  read: () => read()!,
});

const conn: Connection = {
  workerUrl: 'https://steward.example.com', token: 'stw_x',
  member: { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null },
  workspace: { id: 'w1', name: 'Acme Dental', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
};
const openTag = (key: string, state: Annotation['state'] = 'open') => ({ id: crypto.randomUUID(), ticketKey: key, state, priority: 'high', visibility: 'team', deletedAt: null }) as Annotation;

/** What the page shows: the ticket, as the site adapter reads it, with status `status`. */
let shown: { tool: ToolId; status?: string } = { tool: 'zendesk' };
const read = (): TicketReading => ({
  ref: { tool: shown.tool, tenant: 'acme', ticketId: '7', url: 'https://acme.zendesk.com/agent/tickets/7', title: 'Printer jams', ...(shown.status ? { status: shown.status } : {}), observedAt: new Date().toISOString() },
  facts: { found: shown.status ? ['title', 'status'] : ['title'] },
});
const KEY = (tool: ToolId) => `${tool}:acme:7`;
/** What the background answered the page's `ticket:seen` messages (its decision, a positive signal). */
let answers: unknown[] = [];
const words = () => document.querySelector('steward-badge')?.shadowRoot?.querySelector('.count:not(.badge--loading .count)')?.textContent;

beforeEach(async () => {
  fakeBrowser.reset();
  // The background answers the page; the Worker is not reachable (the badge must not need it).
  vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
  answers = [];
  fakeBrowser.runtime.onMessage.addListener(((message: { type?: string }, sender: { tab?: { id?: number } }, sendResponse: (r: unknown) => void) => {
    void dispatch(message, { tab: { id: 1 }, ...sender }).then((answer) => {
      if (message.type === 'ticket:seen') answers.push(answer);
      sendResponse(answer);
    });
    return true;
  }) as never);
  watchBadgeCounts(); // the background keeps the counts the badge shows
  await connectionItem.setValue(conn);
});

afterEach(() => {
  // A newer copy of the script replaces the old one: start one that finds no ticket, so the badge leaves.
  shown = { tool: 'zendesk' };
  mountTicketBadge(script(() => null));
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

async function page(tool: ToolId, status: string | undefined, tags: Annotation[]) {
  await ticketCacheItem.setValue({ [KEY(tool)]: { items: tags, fetchedAt: new Date().toISOString(), connectionId: connectionIdOf(conn) } });
  shown = { tool, status };
  mountTicketBadge(script(read));
}

describe('the badge on a ticket its tool calls done', () => {
  it('says so while a tag on it is still open, and offers to resolve it', async () => {
    await page('zendesk', 'Solved', [openTag(KEY('zendesk'))]);
    await vi.waitFor(() => expect(words()).toBe('1 open tag · ticket solved — resolve?'));
  });

  it('follows the tool\'s own words: a Zammad ticket pending close is done', async () => {
    await page('zammad', 'pending close', [openTag(KEY('zammad'))]);
    await vi.waitFor(() => expect(words()).toBe('1 open tag · ticket pending close — resolve?'));
  });

  it('says nothing more while the ticket is not done (a Zendesk ticket pending is waiting)', async () => {
    await page('zendesk', 'Pending', [openTag(KEY('zendesk'))]);
    await vi.waitFor(() => expect(answers).toEqual([{ connection: 'connected' }]));
    await vi.waitFor(() => expect(words()).toBe('1 open tag'));
  });

  it('says nothing of it once the tags are closed', async () => {
    await page('zendesk', 'Solved', [openTag(KEY('zendesk'), 'resolved')]);
    await vi.waitFor(() => expect(answers).toEqual([{ connection: 'connected', done: 'Solved' }]));
    await vi.waitFor(() => expect(words()).toBe('1 closed tag'));
  });
});
