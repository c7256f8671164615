import { describe, expect, it } from 'vitest';
import { renderBadge } from '../../extension/core/page/badge';
import { summarise } from '../../extension/core/background/badge-counts';
import type { Annotation } from '../../shared/schemas';
import type { OutboxEntry } from '../../extension/core/contract/outbox-entry';

const a = (id: string, priority: Annotation['priority'], state: Annotation['state'] = 'open') => ({ id, priority, state, deletedAt: null }) as Annotation;
const refused = { stuck: { code: 'conflict', message: 'x' } };
const queued = (id: string, priority: Annotation['priority'], stuck = false) =>
  ({ id, kind: 'create', body: { priority, state: 'open' }, ...(stuck ? refused : {}) }) as unknown as OutboxEntry;
const patch = (id: string, changes: OutboxEntry['changes'], stuck = false) =>
  ({ id: `patch:${id}`, kind: 'patch', annotationId: id, changes, baseVersion: 1, body: { priority: 'low', state: 'open' }, ...(stuck ? refused : {}) }) as unknown as OutboxEntry;
const deletion = (id: string, stuck = false) =>
  ({ id: `delete:${id}`, kind: 'delete', annotationId: id, body: { priority: 'low', state: 'open' }, ...(stuck ? refused : {}) }) as unknown as OutboxEntry;

describe('badge summary', () => {
  it('counts open tags and names the most urgent', () => {
    expect(summarise([a('1', 'low'), a('2', 'high'), a('3', 'critical', 'resolved')], [])).toEqual({
      open: 2, total: 3, urgent: 'high', pending: 0, stuck: 0, awaitingProvider: 0,
    });
  });

  it('counts a queued save once, even after the Worker confirmed it', () => {
    const s = summarise([a('1', 'medium')], [queued('1', 'critical'), queued('2', 'low', true)]);
    expect(s).toEqual({ open: 2, total: 2, urgent: 'critical', pending: 1, stuck: 1, awaitingProvider: 0 });
  });

  it('is empty for an untagged ticket', () => {
    expect(summarise([], [])).toEqual({ open: 0, total: 0, urgent: null, pending: 0, stuck: 0, awaitingProvider: 0 });
  });

  it('applies queued edits: a resolve lowers the open count, a new priority changes the most urgent', () => {
    const items = [a('1', 'critical'), a('2', 'medium')];
    expect(summarise(items, [patch('1', { state: 'resolved' })])).toEqual({ open: 1, total: 2, urgent: 'medium', pending: 1, stuck: 0, awaitingProvider: 0 });
    expect(summarise(items, [patch('2', { priority: 'critical' }), patch('1', { priority: 'low' })]).urgent).toBe('critical');
    // A reopen queued for a closed tag counts it open again.
    expect(summarise([a('1', 'high', 'resolved')], [patch('1', { state: 'open' })]).open).toBe(1);
  });

  it('applies the changed fields to what the Worker holds now, not to the copy the edit was made from', () => {
    // The queued edit only changed the state; the Worker has since raised the priority.
    expect(summarise([a('1', 'critical')], [patch('1', { state: 'open' })]).urgent).toBe('critical');
  });

  it('a queued deletion removes the tag; a closed ticket reads as closed', () => {
    expect(summarise([a('1', 'high'), a('2', 'low', 'resolved')], [deletion('1')])).toEqual({ open: 0, total: 1, urgent: null, pending: 1, stuck: 0, awaitingProvider: 0 });
  });

  it('a refused change does not count until the user decides; it is counted as needing attention', () => {
    expect(summarise([a('1', 'high')], [patch('1', { state: 'resolved' }, true), deletion('1', true)])).toEqual({
      open: 1, total: 1, urgent: 'high', pending: 0, stuck: 2, awaitingProvider: 0,
    });
  });

  it('ignores tombstones', () => {
    expect(summarise([{ ...a('1', 'high'), deletedAt: '2026-11-20T10:00:00.000Z' }], [])).toEqual({ open: 0, total: 0, urgent: null, pending: 0, stuck: 0, awaitingProvider: 0 });
  });

  it('counts open tags shared with the provider that it has not answered yet', () => {
    const shared = (id: string, answered: boolean) =>
      ({ ...a(id, 'medium'), visibility: 'provider', providerStatus: answered ? { status: 'in_progress', eta: null, at: '2026-11-20T10:00:00.000Z' } : null }) as Annotation;
    const s = summarise([shared('1', false), shared('2', true), { ...shared('3', false), state: 'resolved' }], []);
    expect(s.awaitingProvider).toBe(1);
  });
});

describe('the badge\'s words', () => {
  const summary = (open: number, total = open) => ({ open, total, urgent: null, pending: 0, stuck: 0, awaitingProvider: 0 });
  const words = (props: Partial<Parameters<typeof renderBadge>[1]>) => {
    const box = document.createElement('div');
    renderBadge(box, { connection: 'connected', summary: summary(1), onOpen() {}, onConnect() {}, ...props });
    return box.querySelector('.count')?.textContent;
  };

  it('say when the tool calls the ticket done while a tag is still open, and offer to resolve it', () => {
    expect(words({ doneStatus: 'Solved' })).toBe('1 open tag · ticket solved — resolve?');
    expect(words({ doneStatus: 'Closed - Resolved by the customer after a call' })).toBe('1 open tag · ticket done — resolve?');
    expect(words({ summary: summary(2), doneStatus: 'resolved' })).toBe('2 open tags · ticket resolved — resolve?');
  });

  it('say nothing of it while the ticket is not done, once its tags are closed, or when Steward is not connected', () => {
    expect(words({})).toBe('1 open tag');
    expect(words({ summary: summary(0, 1), doneStatus: 'Solved' })).toBe('1 closed tag');
    expect(words({ connection: 'revoked', doneStatus: 'Solved' })).toBe('Reconnect Steward');
  });
});
