import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { enqueue, enqueueChange, expediteRetries, resolveEntry } from '../../extension/core/background/outbox';
import { flushOutbox } from '../../extension/core/background/outbox-flush';
import { backoffMs } from '../../extension/core/background/outbox-rules';
import type { OutboxEntry } from '../../extension/core/contract/outbox-entry';
import { connectionItem, outboxItem, ticketCacheItem } from '../../extension/core/contract/storage';
import { summarise } from '../../extension/core/background/badge-counts';
import type { Annotation, AnnotationCreate } from '../../shared/schemas';
import { fakeAnnotations, type FakeAnnotations } from './support/fake-annotations';

const WORKER = 'https://steward.example.com';
const KEY = 'zendesk:acme:7';

function body(overrides: Partial<AnnotationCreate> = {}): AnnotationCreate {
  return {
    id: crypto.randomUUID(), horizon: 'now', lineOfBusiness: 'sales', stakeholders: [], impact: 'rev',
    priority: 'high', kpis: [], summary: 'Quotes are late', visibility: 'team', state: 'open',
    ticketRef: { tool: 'zendesk', tenant: 'acme', ticketId: '7', url: 'https://acme.zendesk.com/agent/tickets/7', observedAt: '2026-11-20T10:00:00.000Z' },
    ...overrides,
  };
}

let worker: FakeAnnotations;
const outbox = () => outboxItem.getValue();
const cached = async () => (await ticketCacheItem.getValue())[KEY]?.items ?? [];
const sent = (method: string) => worker.calls.filter((c) => c.method === method);

/** A tag the Worker already has (made through the outbox, as the panel does), as the panel last saw it. */
async function storedTag(overrides: Partial<AnnotationCreate> = {}): Promise<Annotation> {
  const b = body(overrides);
  await enqueue(b);
  await flushOutbox(worker.fetch);
  worker.calls.length = 0;
  return worker.stored.get(b.id)!;
}

beforeEach(async () => {
  fakeBrowser.reset();
  worker = fakeAnnotations();
  await connectionItem.setValue({
    workerUrl: WORKER, token: 'stw_x',
    member: { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null },
    workspace: { id: 'w1', name: 'Acme', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
  });
});

describe('outbox: new tags', () => {
  it('keeps a save in storage until the Worker confirms it, then caches it for the ticket', async () => {
    const b = body();
    await enqueue(b);
    expect((await outbox()).map((e) => e.id)).toEqual([b.id]);
    expect(await flushOutbox(worker.fetch)).toEqual({ pending: 0 });
    expect(sent('POST')).toHaveLength(1);
    expect((await cached()).map((a) => a.id)).toEqual([b.id]);
  });

  it('waits while offline, backs off, and sends exactly once when back online', async () => {
    const b = body();
    await enqueue(b);
    worker.mode = 'offline';
    const t0 = Date.now();
    await flushOutbox(worker.fetch, () => t0);
    const [entry] = await outbox();
    expect(entry).toMatchObject({ attempts: 1, offline: true, lastError: expect.stringMatching(/Offline/) });
    expect(Date.parse(entry!.nextAttemptAt)).toBeGreaterThan(t0);

    // Not due yet: nothing is attempted.
    worker.mode = 'up';
    await flushOutbox(worker.fetch, () => t0 + 1);
    expect(worker.calls).toHaveLength(0);

    // Due: sent once; further flushes send nothing more.
    await flushOutbox(worker.fetch, () => t0 + 60_000);
    await flushOutbox(worker.fetch, () => t0 + 120_000);
    expect(sent('POST').map((c) => c.body.id)).toEqual([b.id]);
    expect(await outbox()).toEqual([]);
  });

  it('survives a restart: what was queued before is sent by a later flush', async () => {
    const b = body();
    await enqueue(b);
    // A service worker that stopped before sending keeps nothing in memory; storage holds it.
    const persisted = await fakeBrowser.storage.local.get('outbox');
    expect(JSON.stringify(persisted)).toContain(b.id);
    await flushOutbox(worker.fetch);
    expect(sent('POST').map((c) => c.body.id)).toEqual([b.id]);
  });

  it('on a revoked token keeps the save and marks the connection for reconnecting', async () => {
    const b = body();
    await enqueue(b);
    worker.mode = 'revoked';
    await flushOutbox(worker.fetch);
    expect((await connectionItem.getValue())?.revokedAt).toBeTruthy();
    expect((await outbox()).map((e) => e.id)).toEqual([b.id]);
    // While revoked, nothing more is sent.
    await flushOutbox(worker.fetch, () => Date.now() + 3_600_000);
    expect(worker.calls).toHaveLength(1);
  });

  it('holds a save the Worker refuses (400) for the user instead of retrying it forever', async () => {
    const b = body();
    await enqueue(b);
    const refuse = (async () =>
      new Response(JSON.stringify({ error: { code: 'validation_failed', message: 'lineOfBusiness is not in this workspace.', fields: { lineOfBusiness: 'is not known' } } }), { status: 400 })) as typeof fetch;
    await flushOutbox(refuse);
    const [entry] = await outbox();
    expect(entry?.stuck).toEqual({ code: 'validation_failed', message: 'lineOfBusiness is not in this workspace.', fields: { lineOfBusiness: 'is not known' } });
    await flushOutbox(worker.fetch, () => Date.now() + 3_600_000);
    expect(worker.calls).toHaveLength(0);
  });

  it('retries server errors later rather than dropping them', async () => {
    await enqueue(body());
    const trouble = (async () => new Response(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.' } }), { status: 500 })) as typeof fetch;
    await flushOutbox(trouble);
    const [entry] = await outbox();
    expect(entry).toMatchObject({ attempts: 1, offline: false });
    expect(entry?.stuck).toBeUndefined();
  });

  it('does not lose a save queued while a flush is in flight, and sends it in the same flush', async () => {
    const first = body();
    const second = body({ summary: 'Check-in is slow' });
    await enqueue(first);
    worker.beforeNextAnswer(async () => void (await enqueue(second))); // the user saves again while the first is on the wire
    await flushOutbox(worker.fetch);
    expect(sent('POST').map((c) => c.body.id)).toEqual([first.id, second.id]);
    expect(await outbox()).toEqual([]);
  });

  it('brings waiting retries forward when Steward answers again, without losing a change queued meanwhile', async () => {
    const tag = await storedTag();
    worker.mode = 'offline';
    await enqueueChange({ kind: 'patch', base: tag, changes: { state: 'resolved' } });
    await flushOutbox(worker.fetch);
    worker.mode = 'up';
    const [brought] = await Promise.all([
      expediteRetries(),
      enqueueChange({ kind: 'note', base: tag, note: { id: crypto.randomUUID(), text: 'Meanwhile.' } }),
    ]);
    expect(brought).toBe(1);
    expect((await outbox()).map((e) => e.kind)).toEqual(['patch', 'note']);
    await flushOutbox(worker.fetch);
    expect(worker.calls.map((c) => c.method)).toEqual(['PATCH', 'POST']); // offline, nothing reached the Worker before
  });

  it('backs off exponentially up to ten minutes', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, mid)).toBe(5_000);
    expect(backoffMs(2, mid)).toBe(10_000);
    expect(backoffMs(20, mid)).toBe(600_000);
  });
});

describe('outbox: edits, deletions and notes', () => {
  it('sends an edit with the version it was made from, and caches the new version', async () => {
    const tag = await storedTag();
    const queued = await enqueueChange({ kind: 'patch', base: tag, changes: { state: 'resolved' } });
    expect(queued).toMatchObject({ id: `patch:${tag.id}`, kind: 'patch', annotationId: tag.id, baseVersion: 1, changes: { state: 'resolved' }, ticketKey: KEY });
    // Written before anything is sent.
    expect((await outbox()).map((e) => e.kind)).toEqual(['patch']);
    await flushOutbox(worker.fetch);
    expect(sent('PATCH')).toEqual([{ method: 'PATCH', path: `/api/v1/annotations/${tag.id}`, body: { version: 1, state: 'resolved' } }]);
    expect(await outbox()).toEqual([]);
    expect(await cached()).toMatchObject([{ id: tag.id, state: 'resolved', version: 2 }]);
  });

  it('sends a deletion, takes the tag out of the cache, and counts an already deleted tag as done', async () => {
    const tag = await storedTag();
    await enqueueChange({ kind: 'delete', base: tag });
    await flushOutbox(worker.fetch);
    expect(sent('DELETE').map((c) => c.path)).toEqual([`/api/v1/annotations/${tag.id}`]);
    expect(await cached()).toEqual([]);
    // A second deletion (say, from another panel) finds it gone: that is what was wanted.
    await enqueueChange({ kind: 'delete', base: tag });
    await flushOutbox(worker.fetch);
    expect(await outbox()).toEqual([]);
  });

  it('adds a note once, by its client-made id, even when sent twice', async () => {
    const tag = await storedTag();
    const note = { id: crypto.randomUUID(), text: 'Called the vendor; part ordered.' };
    await enqueueChange({ kind: 'note', base: tag, note });
    // The first answer is lost (the connection dropped): the note is sent again.
    worker.loseNextAnswer();
    await flushOutbox(worker.fetch);
    expect(await outbox()).toHaveLength(1);
    await flushOutbox(worker.fetch, () => Date.now() + 60_000);
    expect(sent('POST').map((c) => c.body)).toEqual([{ id: note.id, note: note.text }, { id: note.id, note: note.text }]);
    expect(worker.updates.map((u) => u.note)).toEqual([note.text]);
    expect(await outbox()).toEqual([]);
  });

  it('sends queued edits, deletions and notes once when back online, in order', async () => {
    const a = await storedTag();
    const b = await storedTag({ summary: 'Billing exports fail' });
    worker.mode = 'offline';
    await enqueueChange({ kind: 'patch', base: a, changes: { priority: 'critical' } });
    await enqueueChange({ kind: 'note', base: a, note: { id: crypto.randomUUID(), text: 'Still failing.' } });
    await enqueueChange({ kind: 'delete', base: b });
    const t0 = Date.now();
    await flushOutbox(worker.fetch, () => t0);
    expect(await outbox()).toHaveLength(3);
    worker.mode = 'up';
    await flushOutbox(worker.fetch, () => t0 + 60_000);
    await flushOutbox(worker.fetch, () => t0 + 120_000);
    expect(worker.calls.map((c) => c.method)).toEqual(['PATCH', 'POST', 'DELETE']);
    expect(await outbox()).toEqual([]);
  });

  it('on a revoked token keeps every kind of change and sends nothing more', async () => {
    const tag = await storedTag();
    const other = await storedTag({ summary: 'Another' });
    await enqueueChange({ kind: 'patch', base: tag, changes: { summary: 'Quotes are a day late' } });
    await enqueueChange({ kind: 'note', base: tag, note: { id: crypto.randomUUID(), text: 'Asked the vendor.' } });
    await enqueueChange({ kind: 'delete', base: other });
    worker.mode = 'revoked';
    await flushOutbox(worker.fetch);
    expect((await connectionItem.getValue())?.revokedAt).toBeTruthy();
    expect((await outbox()).map((e) => e.kind)).toEqual(['patch', 'note', 'delete']);
    await flushOutbox(worker.fetch, () => Date.now() + 3_600_000);
    expect(worker.calls).toHaveLength(1);
  });
});

describe('outbox: several changes to one tag before sending', () => {
  it('folds an edit of a tag not sent yet into what will be created', async () => {
    const b = body();
    await enqueue(b);
    const shown = { ...(await storedShape(b)), version: 0 };
    await enqueueChange({ kind: 'patch', base: shown, changes: { summary: 'Quotes are two days late', priority: 'critical' } });
    const entries = await outbox();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'create', body: { summary: 'Quotes are two days late', priority: 'critical' } });
    await flushOutbox(worker.fetch);
    expect(worker.calls.map((c) => c.method)).toEqual(['POST']);
    expect(worker.stored.get(b.id)).toMatchObject({ summary: 'Quotes are two days late', priority: 'critical', version: 1 });
  });

  it('merges two edits into one, sent against the version the first was made from', async () => {
    const tag = await storedTag();
    await enqueueChange({ kind: 'patch', base: tag, changes: { priority: 'critical', summary: 'First wording' } });
    // The second edit was made on the card showing the first (the Worker is still at version 1).
    await enqueueChange({ kind: 'patch', base: { ...tag, priority: 'critical', summary: 'First wording' }, changes: { summary: 'Second wording' } });
    const entries = await outbox();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ baseVersion: 1, changes: { priority: 'critical', summary: 'Second wording' }, body: { priority: 'critical', summary: 'Second wording' } });
    await flushOutbox(worker.fetch);
    expect(sent('PATCH').map((c) => c.body)).toEqual([{ version: 1, priority: 'critical', summary: 'Second wording' }]);
  });

  it('a deletion replaces what was queued for the tag', async () => {
    const tag = await storedTag();
    await enqueueChange({ kind: 'patch', base: tag, changes: { state: 'resolved' } });
    await enqueueChange({ kind: 'note', base: tag, note: { id: crypto.randomUUID(), text: 'Done.' } });
    await enqueueChange({ kind: 'delete', base: tag });
    expect((await outbox()).map((e) => e.kind)).toEqual(['delete']);
    await flushOutbox(worker.fetch);
    expect(worker.calls.map((c) => c.method)).toEqual(['DELETE']);
  });

  it('takes no edits or notes for a tag whose deletion is queued', async () => {
    const tag = await storedTag();
    worker.mode = 'offline';
    await enqueueChange({ kind: 'delete', base: tag });
    expect(await enqueueChange({ kind: 'patch', base: tag, changes: { state: 'resolved' } })).toBeNull();
    expect(await enqueueChange({ kind: 'note', base: tag, note: { id: crypto.randomUUID(), text: 'Too late.' } })).toBeNull();
    expect((await outbox()).map((e) => e.kind)).toEqual(['delete']);
  });

  it('deleting a tag not sent yet never leaves it on the Worker', async () => {
    const b = body();
    await enqueue(b);
    await enqueueChange({ kind: 'delete', base: { ...(await storedShape(b)), version: 0 } });
    expect((await outbox()).map((e) => e.kind)).toEqual(['delete']);
    await flushOutbox(worker.fetch);
    expect(worker.stored.has(b.id)).toBe(false);
    expect(await outbox()).toEqual([]);
  });

  it('a note on a tag not sent yet waits for the tag, then follows it', async () => {
    const b = body();
    await enqueue(b);
    worker.mode = 'offline';
    const t0 = Date.now();
    await flushOutbox(worker.fetch, () => t0);
    await enqueueChange({ kind: 'note', base: { ...(await storedShape(b)), version: 0 }, note: { id: crypto.randomUUID(), text: 'Dana called again.' } });
    worker.mode = 'up';
    // The note is due now, the tag only later: the note still does not go first.
    await flushOutbox(worker.fetch, () => t0 + 1);
    expect(worker.calls).toHaveLength(0);
    await flushOutbox(worker.fetch, () => t0 + 60_000);
    expect(worker.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/v1/annotations', `POST /api/v1/annotations/${b.id}/updates`]);
  });

  it('an edit made while the tag is being created follows as an edit of version 1', async () => {
    const b = body();
    await enqueue(b);
    const shown = { ...(await storedShape(b)), version: 0 };
    worker.beforeNextAnswer(async () => void (await enqueueChange({ kind: 'patch', base: shown, changes: { priority: 'low' } })));
    await flushOutbox(worker.fetch);
    expect(worker.calls.map((c) => c.method)).toEqual(['POST', 'PATCH']);
    expect(sent('PATCH')[0]!.body).toEqual({ version: 1, priority: 'low' });
    expect(worker.stored.get(b.id)).toMatchObject({ priority: 'low', version: 2 });
    expect(await outbox()).toEqual([]);
  });

  it('a tag created by an earlier send whose answer was lost, then edited, is edited rather than refused', async () => {
    const b = body();
    await enqueue(b);
    worker.loseNextAnswer(); // the create lands, its answer never arrives
    await flushOutbox(worker.fetch);
    expect(worker.stored.has(b.id)).toBe(true);
    await enqueueChange({ kind: 'patch', base: { ...(await storedShape(b)), version: 0 }, changes: { summary: 'Quotes are late on Mondays' } });
    await flushOutbox(worker.fetch, () => Date.now() + 60_000);
    expect(worker.stored.get(b.id)).toMatchObject({ summary: 'Quotes are late on Mondays', version: 2 });
    expect(await outbox()).toEqual([]);
  });
});

describe('outbox: someone else changed the tag meanwhile', () => {
  it('holds the change with both versions instead of overwriting theirs, and does not retry it', async () => {
    const tag = await storedTag();
    const theirs = worker.changeAsSomeoneElse(tag.id, { summary: 'Quotes fail for the whole sales team', priority: 'critical' });
    await enqueueChange({ kind: 'patch', base: tag, changes: { summary: 'Quotes are late for two reps' } });
    await flushOutbox(worker.fetch);
    const [entry] = await outbox();
    expect(entry).toMatchObject({
      kind: 'patch', baseVersion: 1, changes: { summary: 'Quotes are late for two reps' }, conflict: { version: 2, summary: theirs.summary },
      stuck: { code: 'conflict' },
    });
    // Worded for people: no versions, no status codes.
    expect(entry!.stuck!.message).toBe('Someone else changed this tag while your change was waiting. Choose which version to keep.');
    // Theirs is what the ticket shows meanwhile; nothing of theirs was overwritten.
    expect(worker.stored.get(tag.id)).toMatchObject({ summary: theirs.summary, version: 2 });
    expect(await cached()).toMatchObject([{ summary: theirs.summary, version: 2 }]);
    await flushOutbox(worker.fetch, () => Date.now() + 3_600_000);
    expect(sent('PATCH')).toHaveLength(1);
  });

  it('"keep mine" sends my change again against their version; theirs stays where I changed nothing', async () => {
    const tag = await storedTag();
    worker.changeAsSomeoneElse(tag.id, { summary: 'Theirs', priority: 'critical' });
    await enqueueChange({ kind: 'patch', base: tag, changes: { summary: 'Mine' } });
    await flushOutbox(worker.fetch);
    const [stuck] = await outbox();
    const requeued = await resolveEntry(stuck!.id, { kind: 'keep-mine' });
    expect(requeued).toMatchObject({ baseVersion: 2, changes: { summary: 'Mine' }, attempts: 0 });
    expect(requeued?.stuck).toBeUndefined();
    expect(requeued?.conflict).toBeUndefined();
    await flushOutbox(worker.fetch);
    expect(sent('PATCH').map((c) => c.body)).toEqual([{ version: 1, summary: 'Mine' }, { version: 2, summary: 'Mine' }]);
    expect(worker.stored.get(tag.id)).toMatchObject({ summary: 'Mine', priority: 'critical', version: 3 });
    expect(await outbox()).toEqual([]);
  });

  it('"use theirs" drops my change and keeps theirs', async () => {
    const tag = await storedTag();
    worker.changeAsSomeoneElse(tag.id, { summary: 'Theirs' });
    await enqueueChange({ kind: 'patch', base: tag, changes: { summary: 'Mine' } });
    await flushOutbox(worker.fetch);
    const [stuck] = await outbox();
    expect(await resolveEntry(stuck!.id, { kind: 'use-theirs' })).toBeNull();
    expect(await outbox()).toEqual([]);
    expect(await cached()).toMatchObject([{ summary: 'Theirs', version: 2 }]);
    expect(sent('PATCH')).toHaveLength(1);
  });

  it('"edit mine" sends my change as edited further, against their version', async () => {
    const tag = await storedTag();
    worker.changeAsSomeoneElse(tag.id, { summary: 'Theirs' });
    await enqueueChange({ kind: 'patch', base: tag, changes: { summary: 'Mine', priority: 'low' } });
    await flushOutbox(worker.fetch);
    const [stuck] = await outbox();
    await resolveEntry(stuck!.id, { kind: 'edit', changes: { summary: 'Theirs, and mine' } });
    await flushOutbox(worker.fetch);
    expect(worker.stored.get(tag.id)).toMatchObject({ summary: 'Theirs, and mine', priority: 'low', version: 3 });
  });

  it('asks nothing when their change already says what mine says', async () => {
    const tag = await storedTag();
    worker.changeAsSomeoneElse(tag.id, { state: 'resolved' });
    await enqueueChange({ kind: 'patch', base: tag, changes: { state: 'resolved' } });
    await flushOutbox(worker.fetch);
    expect(await outbox()).toEqual([]);
    expect(await cached()).toMatchObject([{ state: 'resolved', version: 2 }]);
  });

  it('a change to a tag someone deleted is held with a plain reason', async () => {
    const tag = await storedTag();
    worker.stored.set(tag.id, { ...tag, deletedAt: '2026-11-20T12:00:00.000Z' });
    await enqueueChange({ kind: 'patch', base: tag, changes: { state: 'dropped' } });
    await flushOutbox(worker.fetch);
    expect((await outbox())[0]?.stuck?.message).toBe('This tag was deleted by someone else, so your change could not be saved.');
  });
});

describe('outbox and the badge', () => {
  it('a resolve queued offline already lowers the open count; a queued deletion already removes the tag', async () => {
    const a = await storedTag({ priority: 'critical' });
    const b = await storedTag({ priority: 'low', summary: 'Other' });
    const items = await cached();
    worker.mode = 'offline';
    await enqueueChange({ kind: 'patch', base: a, changes: { state: 'resolved' } });
    await flushOutbox(worker.fetch);
    let queued: OutboxEntry[] = await outbox();
    expect(summarise(items, queued)).toEqual({ open: 1, total: 2, urgent: 'low', pending: 1, stuck: 0, awaitingProvider: 0 });
    await enqueueChange({ kind: 'delete', base: b });
    queued = await outbox();
    expect(summarise(items, queued)).toEqual({ open: 0, total: 1, urgent: null, pending: 2, stuck: 0, awaitingProvider: 0 });
  });
});

/** A queued tag as the panel shows it before the Worker has it (see AnnotationList's cards). */
async function storedShape(b: AnnotationCreate): Promise<Annotation> {
  return {
    ...b, workspaceId: 'w1', ticketKey: KEY, ticketRef: b.ticketRef ?? null, pageUrl: null, detail: null, eventDate: null, state: b.state ?? 'open',
    stakeholders: b.stakeholders ?? [], kpis: b.kpis ?? [], author: { id: 'm1', name: 'Sam Lee' }, createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z', version: 0, deletedAt: null, providerStatus: null, jargon: [],
    labels: { lineOfBusiness: 'Sales', stakeholders: [], impact: 'Revenue', kpis: [] },
  };
}
