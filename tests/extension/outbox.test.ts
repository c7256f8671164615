import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { flushOutbox, enqueue, backoffMs } from '../../extension/core/outbox';
import { connectionItem, outboxItem, ticketCacheItem } from '../../extension/core/storage';
import type { AnnotationCreate } from '../../shared/schemas';

const WORKER = 'https://steward.example.com';

function body(overrides: Partial<AnnotationCreate> = {}): AnnotationCreate {
  return {
    id: crypto.randomUUID(), horizon: 'now', lineOfBusiness: 'Sales', stakeholders: [], impact: 'revenue',
    priority: 'high', kpis: [], summary: 'Quotes are late', visibility: 'team', state: 'open',
    ticketRef: { tool: 'zendesk', tenant: 'acme', ticketId: '7', url: 'https://acme.zendesk.com/agent/tickets/7', observedAt: '2026-11-20T10:00:00.000Z' },
    ...overrides,
  };
}

function stored(b: AnnotationCreate) {
  return {
    ...b, workspaceId: 'w1', ticketKey: 'zendesk:acme:7', ticketRef: b.ticketRef ?? null, pageUrl: null, detail: null,
    eventDate: null, state: 'open', author: { id: 'm1', name: 'Sam' }, createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z', version: 1, deletedAt: null, providerStatus: null,
    labels: { lineOfBusiness: 'Sales', stakeholders: [], impact: 'Revenue', kpis: [] },
  };
}

/** Stands in for the network between the extension and the Worker, recording every POST. */
function network(respond: (b: AnnotationCreate) => Response | 'offline') {
  const posts: AnnotationCreate[] = [];
  const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const b = JSON.parse(String(init?.body)) as AnnotationCreate;
    const answer = respond(b);
    if (answer === 'offline') throw new TypeError('Failed to fetch');
    posts.push(b);
    return answer;
  }) as typeof fetch;
  return { posts, fetchImpl };
}

const json = (data: unknown, status = 200) => new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });

beforeEach(async () => {
  fakeBrowser.reset();
  await connectionItem.setValue({
    workerUrl: WORKER, token: 'stw_x',
    member: { id: 'm1', workspaceId: 'w1', name: 'Sam', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null },
    workspace: { id: 'w1', name: 'Acme', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
  });
});

describe('outbox', () => {
  it('keeps a save in storage until the Worker confirms it, then caches it for the ticket', async () => {
    const b = body();
    await enqueue(b);
    expect((await outboxItem.getValue()).map((e) => e.id)).toEqual([b.id]);
    const net = network((x) => json(stored(x), 201));
    expect(await flushOutbox(net.fetchImpl)).toEqual({ pending: 0 });
    expect(net.posts).toHaveLength(1);
    expect((await ticketCacheItem.getValue())['zendesk:acme:7']?.items.map((a) => a.id)).toEqual([b.id]);
  });

  it('waits while offline, backs off, and sends exactly once when back online', async () => {
    const b = body();
    await enqueue(b);
    let online = false;
    const net = network((x) => (online ? json(stored(x), 201) : 'offline'));
    const t0 = Date.now();
    await flushOutbox(net.fetchImpl, () => t0);
    let [entry] = await outboxItem.getValue();
    expect(entry).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/Offline/) });
    expect(Date.parse(entry!.nextAttemptAt)).toBeGreaterThan(t0);

    // Not due yet: nothing is attempted.
    online = true;
    await flushOutbox(net.fetchImpl, () => t0 + 1);
    expect(net.posts).toHaveLength(0);

    // Due: sent once; further flushes send nothing more.
    await flushOutbox(net.fetchImpl, () => t0 + 60_000);
    await flushOutbox(net.fetchImpl, () => t0 + 120_000);
    expect(net.posts.map((p) => p.id)).toEqual([b.id]);
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('survives a restart: what was queued before is sent by a later flush', async () => {
    const b = body();
    await enqueue(b);
    // A service worker that stopped before sending keeps nothing in memory; storage holds it.
    const persisted = await fakeBrowser.storage.local.get('outbox');
    expect(JSON.stringify(persisted)).toContain(b.id);
    const net = network((x) => json(stored(x), 201));
    await flushOutbox(net.fetchImpl);
    expect(net.posts.map((p) => p.id)).toEqual([b.id]);
  });

  it('on a revoked token keeps the save and marks the connection for reconnecting', async () => {
    const b = body();
    await enqueue(b);
    const net = network(() => json({ error: { code: 'unauthorized', message: 'Reconnect.' } }, 401));
    await flushOutbox(net.fetchImpl);
    expect((await connectionItem.getValue())?.revokedAt).toBeTruthy();
    expect((await outboxItem.getValue()).map((e) => e.id)).toEqual([b.id]);
    // While revoked, nothing more is sent.
    await flushOutbox(net.fetchImpl, () => Date.now() + 3_600_000);
    expect(net.posts).toHaveLength(1);
  });

  it('holds a save the Worker refuses (409, 400) for the user instead of retrying it forever', async () => {
    const b = body();
    await enqueue(b);
    const net = network(() => json({ error: { code: 'conflict', message: 'This annotation id is already used.', fields: { id: 'is already used' } } }, 409));
    await flushOutbox(net.fetchImpl);
    const [entry] = await outboxItem.getValue();
    expect(entry?.stuck).toEqual({ code: 'conflict', message: 'This annotation id is already used.', fields: { id: 'is already used' } });
    await flushOutbox(net.fetchImpl, () => Date.now() + 3_600_000);
    expect(net.posts).toHaveLength(1);
  });

  it('retries server errors later rather than dropping them', async () => {
    const b = body();
    await enqueue(b);
    const net = network(() => json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500));
    await flushOutbox(net.fetchImpl);
    const [entry] = await outboxItem.getValue();
    expect(entry).toMatchObject({ attempts: 1 });
    expect(entry?.stuck).toBeUndefined();
  });

  it('does not lose a save queued while a flush is in flight', async () => {
    const first = body();
    const second = body();
    await enqueue(first);
    const net = network((x) => json(stored(x), 201));
    const slow = (async (url: RequestInfo | URL, init?: RequestInit) => {
      await enqueue(second); // the user saves again while the first request is on the wire
      return net.fetchImpl(url, init);
    }) as typeof fetch;
    await flushOutbox(slow);
    expect((await outboxItem.getValue()).map((e) => e.id)).toEqual([second.id]);
  });

  it('backs off exponentially up to ten minutes', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, mid)).toBe(5_000);
    expect(backoffMs(2, mid)).toBe(10_000);
    expect(backoffMs(20, mid)).toBe(600_000);
  });
});
