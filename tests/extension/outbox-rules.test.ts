// The outbox's rules as pure functions: no storage, no network, no fake browser. What each
// change does to the queue, which entry goes next, and what an answer from Steward means.
import { describe, expect, it } from 'vitest';
import {
  CONFLICT_MESSAGE, GONE_MESSAGE, nextEntry, OFFLINE_MESSAGE, outcomeOf, queueChange, queueCreate, settle, UNSHARED_MESSAGE, type Failure,
} from '../../extension/core/background/outbox-rules';
import type { OutboxEntry } from '../../extension/core/contract/outbox-entry';
import type { Annotation, AnnotationCreate } from '../../shared/schemas';

const A = 'https://steward.example.com#w1';
const B = 'https://other.example.com#w9';
const T0 = new Date('2026-11-20T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

const body = (id: string, over: Partial<AnnotationCreate> = {}): AnnotationCreate => ({
  id, horizon: 'now', lineOfBusiness: 'sales', stakeholders: [], impact: 'rev', priority: 'high', kpis: [], summary: 'Quotes are late',
  visibility: 'team', state: 'open',
  ticketRef: { tool: 'zendesk', tenant: 'acme', ticketId: '7', url: 'https://acme.zendesk.com/agent/tickets/7', observedAt: T0.toISOString() },
  ...over,
});

/** A tag as the Worker holds it, at `version`. */
const stored = (id: string, version = 1, over: Partial<Annotation> = {}): Annotation => ({
  ...body(id), ticketKey: 'zendesk:acme:7', pageUrl: null, detail: null, eventDate: null, sharedWith: null, providerStatus: null, version,
  author: { id: 'm1', name: 'Sam Lee' }, labels: { lineOfBusiness: 'Sales', stakeholders: [], impact: 'Revenue', kpis: [] },
  createdAt: T0.toISOString(), updatedAt: T0.toISOString(), deletedAt: null, ...over,
}) as Annotation;

const answer = (status: number, code: string, more: Partial<Extract<Failure, { kind: 'answer' }>> = {}): Failure => ({ kind: 'answer', status, code, message: `Steward said ${code}`, ...more });

describe('queueing', () => {
  it('folds an edit of a tag not sent yet into what will be created', () => {
    const { entries } = queueCreate([], body('t1'), T0, A);
    const { entries: after, result } = queueChange(entries, { kind: 'patch', base: stored('t1'), changes: { priority: 'critical' } }, later(1), A);
    expect(after).toHaveLength(1);
    expect(result).toMatchObject({ id: 't1', kind: 'create', body: { priority: 'critical' }, rev: 1 });
  });

  it('makes two edits one, sent against the version the first was made from', () => {
    const first = queueChange([], { kind: 'patch', base: stored('t1', 3), changes: { priority: 'low' } }, T0, A);
    const second = queueChange(first.entries, { kind: 'patch', base: stored('t1', 4), changes: { summary: 'Quotes are very late' } }, later(1), A);
    expect(second.entries).toHaveLength(1);
    expect(second.result).toMatchObject({ kind: 'patch', baseVersion: 3, changes: { priority: 'low', summary: 'Quotes are very late' } });
  });

  it('lets a deletion replace everything queued for the tag, and takes no more edits after it', () => {
    let q = queueChange([], { kind: 'patch', base: stored('t1'), changes: { priority: 'low' } }, T0, A).entries;
    q = queueChange(q, { kind: 'note', base: stored('t1'), note: { id: 'n1', text: 'Called the vendor' } }, T0, A).entries;
    q = queueChange(q, { kind: 'delete', base: stored('t1') }, later(1), A).entries;
    expect(q.map((e) => e.id)).toEqual(['delete:t1']);
    const edit = queueChange(q, { kind: 'patch', base: stored('t1'), changes: { priority: 'high' } }, later(2), A);
    expect(edit).toEqual({ entries: q, result: null });
  });
});

describe('which entry goes next', () => {
  const due = (entries: OutboxEntry[], opts: Partial<Parameters<typeof nextEntry>[1]> = {}) =>
    nextEntry(entries, { nowMs: later(10).getTime(), sendable: () => true, tried: new Set(), ...opts })?.id;

  it('sends the oldest due entry of a workspace that can take it, each revision once per flush', () => {
    const a = queueCreate([], body('a'), T0, A).entries;
    const ab = queueCreate(a, body('b'), T0, B).entries;
    expect(due(ab)).toBe('a');
    expect(due(ab, { sendable: (id) => id !== A })).toBe('b');
    expect(due(ab, { tried: new Set(['a#0']) })).toBe('b');
    expect(due(ab, { nowMs: T0.getTime() - 1 })).toBeUndefined(); // nothing due yet
  });

  it('holds a refused entry for the user, and a note until its tag is created', () => {
    const created = queueCreate([], body('t1'), T0, A).entries;
    const withNote = queueChange(created, { kind: 'note', base: stored('t1'), note: { id: 'n1', text: 'x' } }, T0, A).entries;
    const refused = withNote.map((e) => (e.kind === 'create' ? { ...e, stuck: { code: 'validation_failed', message: 'No' } } : e));
    expect(due(refused)).toBeUndefined();
  });
});

describe('what an answer means', () => {
  const create = queueCreate([], body('t1'), T0, A).result;
  const patch = queueChange([], { kind: 'patch', base: stored('t1'), changes: { priority: 'low' } }, T0, A).result!;
  const del = queueChange([], { kind: 'delete', base: stored('t1') }, T0, A).result!;
  const ans = queueChange([], { kind: 'answer', base: stored('t1'), answer: { id: 'x1', status: 'in_progress' } }, T0, A).result!;

  it('retries when Steward cannot be reached or is in trouble, and stops the workspace on a refused sign-in', () => {
    expect(outcomeOf({ kind: 'network' }, create)).toEqual({ kind: 'retry', error: OFFLINE_MESSAGE, offline: true });
    expect(outcomeOf(answer(503, 'unavailable'), create)).toMatchObject({ kind: 'retry', offline: false });
    expect(outcomeOf(answer(429, 'rate_limited'), create)).toMatchObject({ kind: 'retry', offline: false });
    expect(outcomeOf(answer(401, 'unauthorized'), patch)).toEqual({ kind: 'revoked' });
  });

  it('keeps a refusal for the user, in words about the tag rather than versions', () => {
    expect(outcomeOf(answer(400, 'validation_failed', { fields: { summary: 'is required' } }), create))
      .toEqual({ kind: 'stuck', code: 'validation_failed', message: 'Steward said validation_failed', fields: { summary: 'is required' } });
    expect(outcomeOf(answer(409, 'conflict', { current: stored('t1', 2) }), patch)).toEqual({ kind: 'conflict', current: stored('t1', 2) });
    expect(outcomeOf(answer(404, 'not_found'), patch)).toMatchObject({ kind: 'stuck', message: GONE_MESSAGE });
    expect(outcomeOf(answer(404, 'not_found'), ans)).toMatchObject({ kind: 'stuck', message: UNSHARED_MESSAGE });
    expect(outcomeOf(answer(404, 'not_found'), del)).toEqual({ kind: 'sent' }); // already gone: done
  });

  it('takes a create whose id is taken by the sender’s own tag as landed, anyone else’s as refused', () => {
    expect(outcomeOf(answer(409, 'conflict'), create, stored('t1'))).toEqual({ kind: 'landed', saved: stored('t1') });
    expect(outcomeOf(answer(409, 'conflict'), create, null)).toMatchObject({ kind: 'stuck', code: 'conflict' });
  });
});

describe('settling an answer', () => {
  it('drops a confirmed entry and tells the ticket cache about the stored tag', () => {
    const { entries, result } = queueCreate([], body('t1'), T0, A);
    const step = settle(entries, result, { kind: 'sent', saved: stored('t1') }, later(1).getTime());
    expect(step.entries).toEqual([]);
    expect(step.cache).toEqual([{ kind: 'remember', annotation: stored('t1') }]);
  });

  it('continues a tag edited while its create was on the wire as a change to the version the Worker answered with', () => {
    const { entries, result: sent } = queueCreate([], body('t1'), T0, A);
    const edited = queueChange(entries, { kind: 'patch', base: stored('t1'), changes: { priority: 'critical' } }, later(1), A).entries;
    const step = settle(edited, sent, { kind: 'sent', saved: stored('t1', 1) }, later(2).getTime());
    expect(step.entries).toEqual([expect.objectContaining({ id: 'patch:t1', kind: 'patch', baseVersion: 1, changes: { priority: 'critical' } })]);
  });

  it('marks a conflict for the user unless someone else already made the same change', () => {
    const { entries, result: sent } = queueChange([], { kind: 'patch', base: stored('t1'), changes: { priority: 'low' } }, T0, A);
    const theirs = stored('t1', 2, { summary: 'Someone else’s words' });
    expect(settle(entries, sent!, { kind: 'conflict', current: theirs }, later(1).getTime()).entries)
      .toEqual([expect.objectContaining({ conflict: theirs, stuck: { code: 'conflict', message: CONFLICT_MESSAGE } })]);
    const same = stored('t1', 2, { priority: 'low' });
    expect(settle(entries, sent!, { kind: 'conflict', current: same }, later(1).getTime()).entries).toEqual([]);
  });

  it('backs a retry off by its attempts, and leaves a revision that replaced it on the wire alone', () => {
    const { entries, result: sent } = queueCreate([], body('t1'), T0, A);
    const mid = () => 0.5;
    const retried = settle(entries, sent, { kind: 'retry', error: OFFLINE_MESSAGE, offline: true }, T0.getTime(), mid).entries[0]!;
    expect(retried).toMatchObject({ attempts: 1, offline: true, nextAttemptAt: later(5_000).toISOString() });
    const again = settle([retried], retried, { kind: 'retry', error: OFFLINE_MESSAGE, offline: true }, T0.getTime(), mid).entries[0]!;
    expect(again).toMatchObject({ attempts: 2, nextAttemptAt: later(10_000).toISOString() });
    const replaced = queueCreate(entries, body('t1', { summary: 'Newer words' }), later(1), A).entries;
    expect(settle(replaced, sent, { kind: 'retry', error: OFFLINE_MESSAGE, offline: true }, T0.getTime()).entries).toEqual(replaced);
  });
});
