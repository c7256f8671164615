// The badge's counts: the background derives each tagged ticket's counts from the per-ticket
// cache and the outbox and keeps them under one small stored value; a ticket page reads that
// value once, before it looks at the page, and hears of each change with its new value.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshBadgeCounts, watchBadgeCounts } from '../../extension/core/background/badge-counts';
import { enqueue } from '../../extension/core/background/outbox';
import { storeTicket } from '../../extension/core/background/ticket-cache';
import { badgeCountsItem, connectionIdOf, connectionItem, ticketCacheItem, type Connection } from '../../extension/core/contract/storage';
import { BADGE_COUNTS } from '../../extension/core/contract/storage-keys';
import { mountTicketBadge, type TicketScript } from '../../extension/core/page/ticket-badge';
import { watchLocal } from '../../extension/core/page/page-storage';
import type { Annotation, AnnotationCreate, TicketRef } from '../../shared/schemas';

const conn: Connection = {
  workerUrl: 'https://steward.example.com', token: 'stw_x',
  member: { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null },
  workspace: { id: 'w1', name: 'Acme', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
};
const ID = connectionIdOf(conn);
const ref = (id: string): TicketRef => ({ tool: 'zendesk', tenant: 'acme', ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, observedAt: '2026-11-20T10:00:00.000Z' });
const key = (id: string) => `zendesk:acme:${id}`;
const tag = (id: string, ticket: string, priority: Annotation['priority'], state: Annotation['state'] = 'open') =>
  ({ id, ticketKey: key(ticket), priority, state, visibility: 'team', deletedAt: null }) as Annotation;
const create = (ticket: string): AnnotationCreate => ({
  id: crypto.randomUUID(), horizon: 'now', lineOfBusiness: 'sales', stakeholders: [], impact: 'rev', priority: 'critical', kpis: [],
  summary: 'Quotes are late', visibility: 'team', state: 'open', ticketRef: ref(ticket),
});
const none = { open: 0, total: 0, urgent: null, pending: 0, stuck: 0, awaitingProvider: 0 };

beforeEach(async () => {
  fakeBrowser.reset();
  watchBadgeCounts();
  await connectionItem.setValue(conn);
});

describe('the counts the background keeps for the badge', () => {
  it('follows the cache and the outbox, and holds none for a ticket without tags or queued changes', async () => {
    await storeTicket(key('7'), [tag('a', '7', 'low'), tag('b', '7', 'high'), tag('c', '7', 'critical', 'resolved')], ID);
    await storeTicket(key('8'), [], ID);
    await enqueue(create('9'));
    await refreshBadgeCounts();
    expect(await badgeCountsItem.getValue()).toEqual({
      [key('7')]: { ...none, open: 2, total: 3, urgent: 'high' },
      [key('9')]: { ...none, open: 1, total: 1, urgent: 'critical', pending: 1 },
    });
  });

  it('writes only when the counts change, not on every write to the cache', async () => {
    let writes = 0;
    watchLocal([BADGE_COUNTS], () => writes++);
    await storeTicket(key('7'), [tag('a', '7', 'low')], ID);
    await refreshBadgeCounts();
    await storeTicket(key('7'), [tag('a', '7', 'low')], ID); // fetched again, the same tags
    await refreshBadgeCounts();
    expect(writes).toBe(1);
    await storeTicket(key('7'), [tag('a', '7', 'high')], ID);
    await refreshBadgeCounts();
    expect(writes).toBe(2);
  });

  it('are derived again when Steward is installed or updated (the cache was written by an older version)', async () => {
    await ticketCacheItem.setValue({ [key('7')]: { items: [tag('a', '7', 'medium')], fetchedAt: '2026-11-20T10:00:00.000Z', connectionId: ID } });
    await refreshBadgeCounts();
    await badgeCountsItem.setValue({}); // as an older version left it: no counts at all
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
    await vi.waitFor(async () => expect((await badgeCountsItem.getValue())[key('7')]?.urgent).toBe('medium'));
  });
});

describe('what a ticket page reads for its badge', () => {
  const script = (id: () => string): TicketScript => ({ locate: (_url, doc) => ({ ref: ref(id()), doc }), read: (found) => ({ ref: found.ref, facts: { found: [] } }) });
  const words = () => document.querySelector('steward-badge')?.shadowRoot?.querySelector('.badge:not(.badge--loading) .count')?.textContent;

  afterEach(() => {
    mountTicketBadge({ locate: () => null, read: () => ({ ref: ref('0'), facts: { found: [] } }) }); // a newer copy that finds no ticket: the badge leaves
    document.body.replaceChildren();
  });

  it('is one read of the counts, however often the counts change', async () => {
    fakeBrowser.runtime.onMessage.addListener(((_m: unknown, _s: unknown, sendResponse: (answer: unknown) => void) => {
      sendResponse({ connection: 'connected' });
      return true;
    }) as never);
    // As the background writes them (above); the page never reads the cache or the outbox.
    await badgeCountsItem.setValue({ [key('7')]: { ...none, open: 1, total: 1, urgent: 'high' } });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    mountTicketBadge(script(() => '7'));
    await vi.waitFor(() => expect(words()).toBe('1 open tag'));
    await badgeCountsItem.setValue({ [key('7')]: { ...none, open: 2, total: 2, urgent: 'high' } });
    await vi.waitFor(() => expect(words()).toBe('2 open tags'));
    expect(get.mock.calls).toEqual([[['badgeCounts']]]);
  });
});
