import { describe, expect, it } from 'vitest';
import { summarise } from '../../extension/core/badge-state';
import type { Annotation } from '../../shared/schemas';
import type { OutboxEntry } from '../../extension/core/storage';

const a = (id: string, priority: Annotation['priority'], state: Annotation['state'] = 'open') => ({ id, priority, state }) as Annotation;
const queued = (id: string, priority: Annotation['priority'], stuck = false) =>
  ({ id, body: { priority, state: 'open' }, ...(stuck ? { stuck: { code: 'conflict', message: 'x' } } : {}) }) as unknown as OutboxEntry;

describe('badge summary', () => {
  it('counts open tags and names the most urgent', () => {
    expect(summarise([a('1', 'low'), a('2', 'high'), a('3', 'critical', 'resolved')], [])).toEqual({
      open: 2, total: 3, urgent: 'high', pending: 0, stuck: 0,
    });
  });

  it('counts a queued save once, even after the Worker confirmed it', () => {
    const s = summarise([a('1', 'medium')], [queued('1', 'critical'), queued('2', 'low', true)]);
    expect(s).toEqual({ open: 2, total: 2, urgent: 'critical', pending: 1, stuck: 1 });
  });

  it('is empty for an untagged ticket', () => {
    expect(summarise([], [])).toEqual({ open: 0, total: 0, urgent: null, pending: 0, stuck: 0 });
  });
});
