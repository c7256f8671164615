import { browser } from 'wxt/browser';
import type { Annotation, Priority } from '../../../shared/schemas';
import { PRIORITIES } from '../../../shared/vocabulary';
import { annotationIdOf, type OutboxEntry } from '../contract/outbox-entry';
import { badgeCountsItem, outboxItem, ticketCacheItem, type TicketCache } from '../contract/storage';
import { OUTBOX, rawKey, TICKET_CACHE, type BadgeSummary } from '../contract/storage-keys';
import { inTurn } from './in-turn';

/**
 * The one writer of the badge's counts (`BADGE_COUNTS`): every tagged ticket's counts, derived
 * from the per-ticket cache and the outbox whenever either changes, whoever wrote it. A ticket
 * page reads the counts alone (one small value), not every cached ticket's tags and the queue.
 */

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

/**
 * The counts of every ticket with a tag or a queued change. A ticket with neither is left out:
 * the page shows it as untagged, which is what its counts would say.
 */
function badgeCounts(cache: Record<string, TicketCache>, outbox: OutboxEntry[]): Record<string, BadgeSummary> {
  const queuedFor = new Map<string, OutboxEntry[]>();
  for (const e of outbox) if (e.ticketKey) queuedFor.set(e.ticketKey, [...(queuedFor.get(e.ticketKey) ?? []), e]);
  const counts: Record<string, BadgeSummary> = {};
  for (const key of new Set([...Object.keys(cache), ...queuedFor.keys()])) {
    const summary = summarise(cache[key]?.items ?? [], queuedFor.get(key) ?? []);
    if (summary.total || summary.pending || summary.stuck) counts[key] = summary;
  }
  return counts;
}

const serial = inTurn();
let due: Promise<void> | null = null;

/**
 * Derives the counts from the cache and the outbox as they are when it runs, and writes them
 * when they changed (open ticket pages hear of each write). A burst of writes makes one run:
 * a run that has not started yet will read them all.
 */
export function refreshBadgeCounts(): Promise<void> {
  due ??= serial(async () => {
    due = null;
    const [cache, outbox, before] = await Promise.all([ticketCacheItem.getValue(), outboxItem.getValue(), badgeCountsItem.getValue()]);
    const counts = badgeCounts(cache, outbox);
    if (JSON.stringify(counts) !== JSON.stringify(before)) await badgeCountsItem.setValue(counts);
  });
  return due;
}

/**
 * Keeps the counts following the cache and the outbox. They are derived again when Steward is
 * installed or updated (the counts may be missing or of an older shape) and when the browser
 * starts; from then on every change to either brings them up to date.
 */
export function watchBadgeCounts(): void {
  const sources = [rawKey(TICKET_CACHE), rawKey(OUTBOX)];
  const refresh = () => void refreshBadgeCounts().catch((err: unknown) => console.warn('Steward: could not update the badge counts', err));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && sources.some((key) => key in changes)) refresh();
  });
  browser.runtime.onInstalled.addListener(refresh);
  browser.runtime.onStartup.addListener(refresh);
}
