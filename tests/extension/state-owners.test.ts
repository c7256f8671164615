// One writer per piece of state: the per-ticket cache and the tabs' tickets are written by one
// module each, one change at a time, and the badge reads the same keys the storage items write.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { switchConnection } from '../../extension/core/background/connection';
import { setTabTicket, ticketForTab } from '../../extension/core/background/tab-tickets';
import { newestTickets, storeTicket } from '../../extension/core/background/ticket-cache';
import type { OutboxEntry } from '../../extension/core/contract/outbox-entry';
import { CUSTOM_PATTERNS, OUTBOX, TICKET_CACHE, type TicketCache } from '../../extension/core/contract/storage-keys';
import {
  connectionIdOf, connectionItem, customPatternsItem, otherConnectionsItem, outboxItem, ticketCacheItem, type Connection,
} from '../../extension/core/contract/storage';
import { readLocal, watchLocal } from '../../extension/core/page/page-storage';
import type { Annotation, Member, TicketRef, Workspace } from '../../shared/schemas';

const ws = (id: string, name: string): Workspace => ({
  id, name, timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z',
});
const member = (workspaceId: string): Member => ({
  id: `m-${workspaceId}`, workspaceId, name: 'Pat Kim', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null,
});
const connA: Connection = { workerUrl: 'https://steward.acme.example', token: 'stw_a', member: member('w-a'), workspace: ws('w-a', 'Acme Dental') };
const connB: Connection = { workerUrl: 'https://steward.globex.example', token: 'stw_b', member: member('w-b'), workspace: ws('w-b', 'Globex Clinics') };
const A = connectionIdOf(connA);
const B = connectionIdOf(connB);
const KEY = 'zendesk:acme:7';
const tag = { id: 't1', summary: 'Quotes are late', ticketKey: KEY } as Annotation;
const ticket = (id: string): TicketRef => ({ tool: 'zendesk', tenant: 'acme', ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, observedAt: '2026-11-20T10:00:00.000Z' });

beforeEach(async () => {
  fakeBrowser.reset();
  await connectionItem.setValue(connA);
  await otherConnectionsItem.setValue([connB]);
});

describe('the per-ticket cache', () => {
  it('keeps a ticket fetched through the active workspace, and nothing fetched through another', async () => {
    expect(await storeTicket(KEY, [tag], A)).toBe(true);
    expect(await storeTicket('zendesk:acme:8', [tag], B)).toBe(false);
    expect(Object.keys(await ticketCacheItem.getValue())).toEqual([KEY]);
  });

  it('never holds the previous workspace’s tags after a switch, even when a fetch lands during it', async () => {
    await Promise.all([switchConnection(B), storeTicket(KEY, [tag], A)]);
    expect(connectionIdOf((await connectionItem.getValue())!)).toBe(B);
    expect(await ticketCacheItem.getValue()).toEqual({});
  });

  it('stays bounded: the most recently fetched tickets are kept, in their order', () => {
    const at = (minute: number): TicketCache => ({ items: [], fetchedAt: `2026-11-20T10:0${minute}:00.000Z` });
    expect(Object.keys(newestTickets({ a: at(3), b: at(1), c: at(5), d: at(2) }, 2))).toEqual(['a', 'c']);
  });
});

describe('the tabs’ tickets', () => {
  it('keeps what every tab reported when they report at once', async () => {
    await Promise.all([setTabTicket(1, ticket('1')), setTabTicket(2, ticket('2')), setTabTicket(3, ticket('3')), setTabTicket(2, null)]);
    expect([await ticketForTab(1), await ticketForTab(2), await ticketForTab(3)].map((t) => t?.ticketId ?? null)).toEqual(['1', null, '3']);
  });
});

describe('what the badge reads', () => {
  it('finds what the storage items wrote, under keys derived from the same declarations', async () => {
    expect(await readLocal(OUTBOX)).toEqual([]);
    const entry = { id: 't1', kind: 'create', connectionId: A } as OutboxEntry;
    await outboxItem.setValue([entry]);
    await ticketCacheItem.setValue({ [KEY]: { items: [tag], fetchedAt: '2026-11-20T10:00:00.000Z', connectionId: A } });
    await customPatternsItem.setValue([{ id: 'p1', pattern: 'https://help.example.com/t/{id}', addedAt: '2026-11-20T10:00:00.000Z' }]);
    expect(await readLocal(OUTBOX)).toEqual([entry]);
    expect((await readLocal(TICKET_CACHE))[KEY]?.items).toEqual([tag]);
    expect((await readLocal(CUSTOM_PATTERNS)).map((p) => p.pattern)).toEqual(['https://help.example.com/t/{id}']);
  });

  it('hears of a write to the values it watches, once per write, and of no other', async () => {
    let heard = 0;
    const stop = watchLocal([TICKET_CACHE, OUTBOX], () => heard++);
    await outboxItem.setValue([]);
    await ticketCacheItem.setValue({});
    await customPatternsItem.setValue([]);
    await connectionItem.setValue(connB);
    expect(heard).toBe(2);
    stop();
    await outboxItem.setValue([]);
    expect(heard).toBe(2);
  });
});
