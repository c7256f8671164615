import type { Annotation, Priority } from '../../shared/schemas';
import { PRIORITIES } from '../../shared/schemas';
import type { OutboxEntry } from './storage';

export interface BadgeSummary {
  /** Annotations on this ticket that are still open (stored or waiting to be sent). */
  open: number;
  /** All annotations on this ticket, whatever their state. */
  total: number;
  /** The most urgent priority among the open ones. */
  urgent: Priority | null;
  /** Saves not yet confirmed by the Worker. */
  pending: number;
  /** Saves the Worker refused; the user must look at them. */
  stuck: number;
}

const rank = (p: Priority) => PRIORITIES.indexOf(p);

/** What the badge shows for one ticket: stored annotations merged with queued saves. */
export function summarise(items: Annotation[], outbox: OutboxEntry[]): BadgeSummary {
  const byId = new Map<string, { state: string; priority: Priority }>();
  for (const a of items) byId.set(a.id, { state: a.state, priority: a.priority });
  for (const e of outbox) byId.set(e.id, { state: e.body.state ?? 'open', priority: e.body.priority });
  let open = 0;
  let urgent: Priority | null = null;
  for (const { state, priority } of byId.values()) {
    if (state !== 'open') continue;
    open++;
    if (urgent === null || rank(priority) < rank(urgent)) urgent = priority;
  }
  return {
    open,
    total: byId.size,
    urgent,
    pending: outbox.filter((e) => !e.stuck).length,
    stuck: outbox.filter((e) => e.stuck).length,
  };
}
