import type { Annotation, Priority } from '../../../shared/schemas';
import { PRIORITIES } from '../../../shared/vocabulary';
import { annotationIdOf, type OutboxEntry } from '../contract/outbox-entry';

export interface BadgeSummary {
  /** Annotations on this ticket that are still open (stored or waiting to be sent). */
  open: number;
  /** All annotations on this ticket, whatever their state. */
  total: number;
  /** The most urgent priority among the open ones. */
  urgent: Priority | null;
  /** Changes not yet confirmed by the Worker. */
  pending: number;
  /** Changes the Worker refused; the user must look at them. */
  stuck: number;
  /** Open tags shared with the provider that the provider has not answered yet. */
  awaitingProvider: number;
}

const rank = (p: Priority) => PRIORITIES.indexOf(p);

type Tag = { state: string; priority: Priority; shared: boolean; answered: boolean };

/** A tag as a queued entry says it will be, before the Worker (or the provider) answered. */
const queued = (e: OutboxEntry): Tag => ({ state: e.body.state ?? 'open', priority: e.body.priority, shared: e.body.visibility === 'provider', answered: false });

/**
 * What the badge shows for one ticket: stored annotations with queued changes applied, as
 * the user will see them once sent (a resolve made offline already lowers the open count; a
 * queued delete already removes the tag). A change the Worker refused does not count: what
 * the Worker holds stands until the user decides. A refused new tag still counts, as theirs.
 */
export function summarise(items: Annotation[], outbox: OutboxEntry[]): BadgeSummary {
  const byId = new Map<string, Tag>();
  for (const a of items) {
    if (!a.deletedAt) byId.set(a.id, { state: a.state, priority: a.priority, shared: a.visibility === 'provider', answered: !!a.providerStatus });
  }
  for (const e of outbox) {
    const id = annotationIdOf(e);
    if (e.kind === 'create') byId.set(id, queued(e));
    if (e.stuck) continue;
    if (e.kind === 'delete') byId.delete(id);
    if (e.kind === 'patch' && e.changes) {
      // The changed fields on top of what the Worker holds now (not on the copy the edit was made from).
      const known = byId.get(id) ?? queued(e);
      const shared = e.changes.visibility ? e.changes.visibility === 'provider' : known.shared;
      byId.set(id, { ...known, state: e.changes.state ?? known.state, priority: e.changes.priority ?? known.priority, shared });
    }
  }
  let open = 0;
  let awaitingProvider = 0;
  let urgent: Priority | null = null;
  for (const { state, priority, shared, answered } of byId.values()) {
    if (state !== 'open') continue;
    open++;
    if (shared && !answered) awaitingProvider++;
    if (urgent === null || rank(priority) < rank(urgent)) urgent = priority;
  }
  return {
    open,
    total: byId.size,
    urgent,
    pending: outbox.filter((e) => !e.stuck).length,
    stuck: outbox.filter((e) => e.stuck).length,
    awaitingProvider,
  };
}
