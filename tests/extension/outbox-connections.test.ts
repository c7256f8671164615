// The outbox with a provider's answers and with several workspaces: an answer is an entry of
// its own kind, idempotent by its client-made id; every entry goes to the workspace it was
// queued for, whichever is active when it is sent; and what was stored by the version with one
// connection is carried over.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connect, connectionList, disconnect, switchConnection } from '../../extension/core/background/connection';
import { enqueue, enqueueChange } from '../../extension/core/background/outbox';
import { flushOutbox } from '../../extension/core/background/outbox-flush';
import {
  connectionIdOf, connectionItem, otherConnectionsItem, outboxItem, taxonomyItem, ticketCacheItem, type Connection,
} from '../../extension/core/contract/storage';
import type { Annotation, AnnotationCreate, Member, Workspace } from '../../shared/schemas';
import { fakeAnnotations, type FakeAnnotations } from './support/fake-annotations';

const A_URL = 'https://steward.acme.example';
const B_URL = 'https://steward.globex.example';
const ws = (id: string, name: string): Workspace => ({
  id, name, timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z',
});
const member = (id: string, role: Member['role'], workspaceId: string): Member => ({
  id, workspaceId, name: 'Pat Kim', email: null, role, providerCompany: role === 'provider' ? 'BrightIT' : null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null,
});
const connA: Connection = { workerUrl: A_URL, token: 'stw_a', member: member('m-a', 'staff', 'w-a'), workspace: ws('w-a', 'Acme Dental') };
const connB: Connection = { workerUrl: B_URL, token: 'stw_b', member: member('m-b', 'provider', 'w-b'), workspace: ws('w-b', 'Globex Clinics') };
const A = connectionIdOf(connA);
const B = connectionIdOf(connB);

let a: FakeAnnotations;
let b: FakeAnnotations;
const route: typeof fetch = (input, init) => (String(input).startsWith(B_URL) ? b : a).fetch(input, init);

function body(over: Partial<AnnotationCreate> = {}): AnnotationCreate {
  return {
    id: crypto.randomUUID(), horizon: 'now', lineOfBusiness: 'sales', stakeholders: [], impact: 'rev', priority: 'high', kpis: [],
    summary: 'Quotes are late', visibility: 'team', state: 'open',
    ticketRef: { tool: 'zendesk', tenant: 'acme', ticketId: '7', url: 'https://acme.zendesk.com/agent/tickets/7', observedAt: '2026-11-20T10:00:00.000Z' },
    ...over,
  };
}

/** An item workspace B shared with the provider's company. */
function sharedInB(): Annotation {
  const id = crypto.randomUUID();
  const at = '2026-11-18T09:00:00.000Z';
  const item: Annotation = {
    id, workspaceId: 'w-b', ticketKey: null, ticketRef: null, pageUrl: null, horizon: 'now', lineOfBusiness: 'front', stakeholders: [], impact: 'cust',
    priority: 'high', kpis: [], summary: 'Lab printer offline', detail: null, eventDate: null, state: 'open', visibility: 'provider', sharedWith: 'BrightIT',
    providerStatus: null, author: { id: 'm-sam', name: 'Sam Lee' }, createdAt: at, updatedAt: at, version: 1, deletedAt: null, jargon: [],
    labels: { lineOfBusiness: 'Front office', stakeholders: [], impact: 'Customers', kpis: [] },
  };
  b.stored.set(id, item);
  return item;
}

beforeEach(async () => {
  fakeBrowser.reset();
  a = fakeAnnotations({ id: 'm-a', name: 'Pat Kim' });
  b = fakeAnnotations({ id: 'm-b', name: 'Pat Kim', role: 'provider', providerCompany: 'BrightIT' });
  await connectionItem.setValue(connA);
  await otherConnectionsItem.setValue([connB]);
});

describe('outbox: a provider\'s answers', () => {
  it('queues an answer as its own entry, for the workspace it was given in, and sends it once with its id', async () => {
    const item = sharedInB();
    const answer = { id: crypto.randomUUID(), status: 'in_progress' as const, eta: '2026-12-04', note: 'Part ordered.' };
    const queued = await enqueueChange({ kind: 'answer', base: item, answer }, new Date(), B);
    expect(queued).toMatchObject({ id: `answer:${answer.id}`, kind: 'answer', connectionId: B, annotationId: item.id, answer });
    // The same answer queued twice (a double click) is one entry.
    await enqueueChange({ kind: 'answer', base: item, answer }, new Date(), B);
    expect(await outboxItem.getValue()).toHaveLength(1);

    b.loseNextAnswer();
    await flushOutbox(route);
    expect((await outboxItem.getValue())[0]).toMatchObject({ attempts: 1, offline: true });
    await flushOutbox(route, () => Date.now() + 3_600_000);
    expect(await outboxItem.getValue()).toEqual([]);
    const posts = b.calls.filter((c) => c.method === 'POST');
    expect(posts.map((p) => p.body)).toEqual([
      { id: answer.id, providerStatus: 'in_progress', eta: '2026-12-04', note: 'Part ordered.' },
      { id: answer.id, providerStatus: 'in_progress', eta: '2026-12-04', note: 'Part ordered.' },
    ]);
    expect(b.updates).toHaveLength(1);
    expect(b.stored.get(item.id)?.providerStatus).toMatchObject({ status: 'in_progress', eta: '2026-12-04' });
    expect(a.calls).toEqual([]);
  });

  it('keeps answers given one after the other, in order (each is a line on the timeline)', async () => {
    const item = sharedInB();
    await enqueueChange({ kind: 'answer', base: item, answer: { id: crypto.randomUUID(), status: 'acknowledged' } }, new Date(), B);
    await enqueueChange({ kind: 'answer', base: item, answer: { id: crypto.randomUUID(), status: 'done' } }, new Date(), B);
    await flushOutbox(route);
    expect(b.updates.map((u) => u.providerStatus)).toEqual(['acknowledged', 'done']);
    expect(b.calls.filter((c) => c.method === 'POST').map((c) => Object.keys(c.body).sort())).toEqual([['id', 'providerStatus'], ['id', 'providerStatus']]);
  });
});

describe('outbox: several workspaces', () => {
  it('sends each entry to the workspace it was queued for, whichever is active when it goes', async () => {
    a.mode = 'offline';
    const tag = body();
    await enqueue(tag); // the active workspace: A
    expect((await outboxItem.getValue())[0]?.connectionId).toBe(A);
    await flushOutbox(route);
    await switchConnection(B);
    a.mode = 'up';
    await flushOutbox(route, () => Date.now() + 3_600_000);
    expect(a.stored.has(tag.id)).toBe(true);
    expect(b.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('one workspace offline or signed out holds back only its own entries', async () => {
    const item = sharedInB();
    a.mode = 'revoked';
    await enqueue(body());
    await enqueueChange({ kind: 'answer', base: item, answer: { id: crypto.randomUUID(), status: 'acknowledged' } }, new Date(), B);
    await flushOutbox(route);
    expect(b.updates).toHaveLength(1);
    expect((await connectionItem.getValue())?.revokedAt).toBeTruthy();
    expect((await otherConnectionsItem.getValue())[0]?.revokedAt).toBeUndefined();
    expect(await outboxItem.getValue()).toEqual([expect.objectContaining({ kind: 'create', connectionId: A })]);
  });

  it('switching empties the per-ticket cache (another workspace\'s tags) and keeps the rest; signing out promotes the next', async () => {
    await ticketCacheItem.setValue({ 'zendesk:acme:7': { items: [], fetchedAt: '2026-11-20T10:00:00.000Z', connectionId: A } });
    await switchConnection(B);
    expect(await ticketCacheItem.getValue()).toEqual({});
    expect(await connectionList()).toMatchObject({ activeId: B, items: [{ id: B, status: 'connected' }, { id: A, status: 'connected' }] });
    await disconnect(route);
    expect(await connectionList()).toMatchObject({ activeId: A, items: [{ id: A }] });
  });

  it('connecting again to a workspace replaces that sign-in; another workspace is added beside it', async () => {
    const health = () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
    const redeem = (conn: Connection, token: string) => new Response(JSON.stringify({ token, member: conn.member, workspace: conn.workspace }), { status: 201, headers: { 'content-type': 'application/json' } });
    await otherConnectionsItem.setValue([]);
    await connectionItem.setValue({ ...connA, revokedAt: '2026-11-20T10:00:00.000Z' });
    await connect(A_URL, 'STW-NEW1-CODE-0000', (async (input: RequestInfo | URL) => (String(input).endsWith('/healthz') ? health() : redeem(connA, 'stw_a2'))) as typeof fetch);
    expect(await connectionList()).toMatchObject({ activeId: A, items: [{ id: A, status: 'connected' }] });
    expect((await connectionItem.getValue())?.token).toBe('stw_a2');
    await connect(B_URL, 'STW-GLOB-CODE-0000', (async (input: RequestInfo | URL) => (String(input).endsWith('/healthz') ? health() : redeem(connB, 'stw_b2'))) as typeof fetch);
    expect(await connectionList()).toMatchObject({ activeId: B, items: [{ id: B }, { id: A }] });
  });
});

describe('storage from the version with one connection', () => {
  it('gives queued entries the connection they were made under, and starts the taxonomy cache afresh', async () => {
    fakeBrowser.reset();
    const old = { id: 'x1', kind: 'create', body: body({ id: 'x1' }), ticketKey: null, queuedAt: '2026-11-20T10:00:00.000Z', attempts: 0, nextAttemptAt: '2026-11-20T10:00:00.000Z' };
    await fakeBrowser.storage.local.set({
      connection: connA, outbox: [old],
      taxonomy: { workspaceId: 'w-a', taxonomy: { linesOfBusiness: [], stakeholders: [], impactKinds: [], kpis: [] }, fetchedAt: '2026-11-20T10:00:00.000Z' },
    });
    await outboxItem.migrate();
    await taxonomyItem.migrate();
    expect(await outboxItem.getValue()).toEqual([{ ...old, connectionId: A }]);
    expect(await outboxItem.getMeta()).toEqual({ v: 2 });
    expect(await taxonomyItem.getValue()).toEqual({});
  });
});
