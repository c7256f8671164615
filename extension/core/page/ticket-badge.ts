import type { TicketRef } from '../../../shared/schemas';
import { ticketKey } from '../../../shared/vocabulary';
import type { TicketReader, TicketReading } from '../../sites/read';
import { renderBadge } from './badge';
import badgeCss from './badge.css?inline';
import type { ConnectionState, PageFacts } from '../contract/messages';
import { CUSTOM_PATTERNS, OUTBOX, TICKET_CACHE } from '../contract/storage-keys';
import { summarise, type BadgeSummary } from './badge-state';
import { DETECTION_SIGNAL, signalDetection } from './detection-signal';
import { onTabNotice, sendFromPage as send, startPageContext } from './page-context';
import { readLocal, readLocalAll, watchLocal } from './page-storage';
import { mountInShadow, type ShadowMount } from './shadow-mount';

const BADGE_TAG = 'steward-badge';

/** How long after a navigation to read the page again for a title or status rendered late. */
const SETTLE_MS = 1200;


/**
 * Shows the Steward badge on ticket pages and keeps it right as the page changes: it
 * follows client-side navigation (one badge, re-keyed, never duplicated), and updates when
 * the ticket's annotations or queued saves change. Does nothing on pages that are not tickets.
 */
export interface TicketScript {
  /** The tools this script knows: every tool, or the one cloud tool whose pages it runs on. */
  read: TicketReader;
  /** The user's own URL patterns, for the script on self-hosted sites (cloud tools' pages need none). */
  readCustom?(url: string, doc: Document, patterns: readonly string[]): TicketReading | null;
}

export function mountTicketBadge({ read, readCustom }: TicketScript): void {
  const ctx = startPageContext('ticket');
  let ui: ShadowMount | null = null;
  let ticket: TicketRef | null = null;
  /** What the page said about the ticket beyond title and status (sent beside it, for the ticket's facts). */
  let facts: PageFacts | null = null;
  /** Title, status and facts as last reported, to report again only when the page shows something new. */
  let said = '';
  let connection: ConnectionState['status'] | 'unknown' = 'unknown';
  /** The status word the background found to mean "done" in the ticket's tool (shared/tickets/status.ts). */
  let done: string | undefined;
  /** Null until storage has answered for this ticket: the badge shows its shell meanwhile. */
  let summary: BadgeSummary | null = null;

  const paint = () => {
    if (!ui) return;
    renderBadge(ui.container, {
      connection,
      summary,
      doneStatus: done === ticket?.status ? done : undefined,
      onOpen: () => void send('sidepanel:open', {}),
      onConnect: () => void send('options:open', {}),
    });
  };

  const refreshSummary = async () => {
    if (!ticket) return;
    const key = ticketKey(ticket);
    const [cache, outbox] = await readLocalAll(TICKET_CACHE, OUTBOX);
    summary = summarise(cache[key]?.items ?? [], outbox.filter((e) => e.ticketKey === key));
    paint();
  };

  const report = async () => {
    try {
      ({ connection, done } = await send('ticket:seen', ticket && facts ? { ticket, facts } : { ticket }));
    } catch {
      connection = 'unknown'; // the extension was reloaded under this page; the badge still shows
    }
    paint();
  };

  const detectNow = async () => {
    const reading =
      read(location.href, document) ??
      (readCustom ? readCustom(location.href, document, (await readLocal(CUSTOM_PATTERNS)).map((p) => p.pattern)) : null);
    const found = reading?.ref ?? null;
    const key = found ? ticketKey(found) : null;
    const saying = JSON.stringify([found?.title, found?.status, reading?.facts]);
    if (key === (ticket ? ticketKey(ticket) : null)) {
      // Same ticket, but what the page shows may have rendered (or changed) since: report that.
      if (found && saying !== said) {
        ticket = found;
        facts = reading!.facts;
        said = saying;
        void report();
      }
      return;
    }
    ticket = found;
    facts = reading?.facts ?? null;
    said = saying;
    if (!found) {
      ui?.remove();
      ui = null;
      summary = null;
      void report();
      return;
    }
    if (!ctx.isValid) return;
    // A fixed dock in the corner (badge.css): the host page's layout never moves.
    ui ??= mountInShadow(BADGE_TAG, badgeCss, 'dock');
    ui.host.setAttribute('data-ticket-key', key!);
    // The shell now, the counts when storage answers: the badge never waits on storage to appear.
    summary = null;
    paint();
    await refreshSummary();
    await report();
  };

  // Browser tests only: looks at the page queued or still due. What was found is final once
  // none is left (see detection-signal.ts).
  let looksLeft = 0;
  const concluded = () => --looksLeft || signalDetection(ticket ? 'ticket' : 'none');
  const look = DETECTION_SIGNAL ? () => detectNow().finally(concluded) : detectNow;

  // One detection at a time: two overlapping runs could each mount a badge.
  let detecting = Promise.resolve();
  const detect = () => {
    if (DETECTION_SIGNAL) looksLeft++;
    detecting = detecting.then(look, look);
    return detecting;
  };
  // Apps render a ticket's details after its address changes (GLPI and ServiceNow's frame after
  // the page loads): look again a moment later so a late title or status is still reported.
  const detectSettled = () => {
    if (DETECTION_SIGNAL) {
      looksLeft++; // the second look, due in SETTLE_MS
      signalDetection('pending');
    }
    void detect();
    ctx.setTimeout(() => {
      void detect();
      if (DETECTION_SIGNAL) looksLeft--; // now queued, so counted by detect
    }, SETTLE_MS);
  };

  const stopNotices = onTabNotice((notice) => {
    if (notice?.type === 'site:disabled') return ctx.abort('Steward was turned off for this site');
    if (notice?.type !== 'connection:changed') return;
    connection = notice.connection;
    paint();
    if (connection === 'connected') void report(); // fetch this ticket's tags now
  });
  ctx.onInvalidated(watchLocal([TICKET_CACHE, OUTBOX], refreshSummary));
  if (readCustom) ctx.onInvalidated(watchLocal([CUSTOM_PATTERNS], () => void detect()));
  ctx.onInvalidated(() => {
    stopNotices();
    ui?.remove();
    if (DETECTION_SIGNAL) signalDetection(null);
  });
  ctx.onLocationChange(detectSettled);
  // ServiceNow classic changes tickets inside its gsft_main frame; a frame's load does not bubble.
  ctx.addEventListener(
    document,
    'load',
    (event) => {
      if (event.target instanceof HTMLIFrameElement) detectSettled();
    },
    { capture: true },
  );
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'visible' && ticket) void report();
  });
  detectSettled();
}
