import type { TicketRef } from '../../../shared/schemas';
import type { PatternMatcher } from '../../../shared/tickets/custom';
import { ticketKey } from '../../../shared/vocabulary';
import type { Located, TicketTools } from '../../sites/read';
import type { ConnectionState, PageFacts } from '../contract/messages';
import { BADGE_COUNTS, CUSTOM_MATCHERS, type BadgeSummary } from '../contract/storage-keys';
import { NONE, renderBadge } from './badge';
import badgeCss from './badge.css?inline';
import { DETECTION_SIGNAL, signalDetection } from './detection-signal';
import { onTabNotice, sendFromPage as send, startPageContext } from './page-context';
import { pageStore, type PageStore } from './page-storage';
import { mountInShadow, type ShadowMount } from './shadow-mount';

const BADGE_TAG = 'steward-badge';

/** How long after a navigation to read the page again for a title or status rendered late. */
const SETTLE_MS = 1200;

/** What one ticket script knows (every tool, or one cloud tool): see sites/read.ts. */
export interface TicketScript extends TicketTools {
  /** The user's own URL patterns, for the script on self-hosted sites (cloud tools' pages need none). */
  custom?(url: string, matchers: readonly PatternMatcher[]): TicketRef | null;
}

/** Resolves on a later task: the browser can put the badge on screen before what follows. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Shows the Steward badge on ticket pages and keeps it right as the page changes: it
 * follows client-side navigation (one badge, re-keyed, never duplicated), and updates when
 * the ticket's annotations or queued saves change. Does nothing on pages that are not tickets.
 *
 * The ticket scripts start before the page is parsed (`document_start`, wxt.config.ts): what
 * the badge reads from storage is asked for then, in one read, so it has usually answered by the
 * time the page is. A storage read made as the page finishes loading answers only after the
 * page's own first rendering, several times slower than the same read a moment later. The
 * page is looked at once it is parsed (DOMContentLoaded): the shell is drawn as soon as the
 * ticket is recognised, the counts with it or when storage answers, in the same place.
 */
export function mountTicketBadge(script: TicketScript): void {
  const store = pageStore(script.custom ? [BADGE_COUNTS, CUSTOM_MATCHERS] : [BADGE_COUNTS]);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => follow(script, store), { once: true });
  else follow(script, store);
}

/** The badge on this page from the moment the page is parsed (or at once, for a script run into an open tab). */
function follow({ locate, read, custom }: TicketScript, store: PageStore): void {
  const ctx = startPageContext('ticket');
  let ui: ShadowMount | null = null;
  /** The ticket on screen; its title and status once the page has been read. */
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

  /** The counts of the ticket on screen, as the background keeps them (background/badge-counts.ts). */
  const count = async () => {
    const key = ticket && ticketKey(ticket);
    if (!key) return;
    const [counts] = await store.get(BADGE_COUNTS);
    if (!ticket || ticketKey(ticket) !== key) return; // moved on to another ticket meanwhile
    summary = counts[key] ?? NONE;
    paint();
  };
  const countNow = () => void count().catch(() => undefined); // the extension went away under this page

  const report = async () => {
    try {
      ({ connection, done } = await send('ticket:seen', ticket && facts ? { ticket, facts } : { ticket }));
    } catch {
      connection = 'unknown'; // the extension was reloaded under this page; the badge still shows
    }
    paint();
  };

  /** The ticket by the user's own URL patterns, on a page no tool's detection recognised. */
  const customTicket = async (): Promise<Located | null> => {
    const [matchers] = await store.get(CUSTOM_MATCHERS);
    const ref = custom && matchers.length ? custom(location.href, matchers) : null;
    return ref && { ref, doc: document };
  };

  // Recognising a tool's ticket takes no wait (but loading a cloud tool's detection, in the
  // script for enabled sites), so its shell is drawn in the task that looked.
  const look = (): Promise<void> => {
    const recognised = (found: Located | null) => (found || !custom ? show(found) : customTicket().then(show));
    const found = locate(location.href, document);
    return found instanceof Promise ? found.then(recognised) : recognised(found);
  };

  const show = async (found: Located | null) => {
    const key = found && ticketKey(found.ref);
    let counted: Promise<void> | undefined;
    if (key !== (ticket && ticketKey(ticket))) {
      ticket = found?.ref ?? null;
      facts = null;
      said = '';
      summary = null;
      if (!found) {
        ui?.remove();
        ui = null;
        void report();
        return;
      }
      if (!ctx.isValid) return;
      // A fixed dock in the corner (badge.css): the host page's layout never moves. An older
      // copy's badge goes (that copy stops in the next task: core/page/page-context.ts).
      if (!ui) for (const old of Array.from(document.getElementsByTagName(BADGE_TAG))) old.remove();
      ui ??= mountInShadow(BADGE_TAG, badgeCss, 'dock');
      ui.host.setAttribute('data-ticket-key', key!);
      paint();
      // The counts when storage answers: the badge never waits on it to appear.
      counted = count().catch(() => undefined); // the extension went away under this page
      await nextTask();
    }
    if (!found) return;
    // What the page says about the ticket: reported again whenever it shows something new. The
    // first report waits for the counts: waking the background would hold storage's answer up.
    const reading = await read(found);
    await counted;
    const saying = JSON.stringify([reading.ref.title, reading.ref.status, reading.facts]);
    if (saying === said || !ticket || ticketKey(ticket) !== key) return;
    ticket = reading.ref;
    facts = reading.facts;
    said = saying;
    await report();
  };

  // Browser tests only: looks at the page queued or still due. What was found is final once
  // none is left (see detection-signal.ts).
  let looksLeft = 0;
  const concluded = () => --looksLeft || signalDetection(ticket ? 'ticket' : 'none');
  const lookOnce = DETECTION_SIGNAL ? () => look().finally(concluded) : look;

  // One look at a time: two overlapping runs could each mount a badge. The first starts at
  // once, so the shell is drawn before anything else this script sets up.
  let looking: Promise<void> | undefined;
  const detect = () => {
    if (DETECTION_SIGNAL) looksLeft++;
    looking = looking ? looking.then(lookOnce, lookOnce) : lookOnce();
    return looking;
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
  ctx.onInvalidated(() => {
    store.stop();
    ui?.remove();
    if (DETECTION_SIGNAL) signalDetection(null);
  });
  store.watch([BADGE_COUNTS], countNow);
  if (custom) store.watch([CUSTOM_MATCHERS], () => void detect());
  detectSettled();

  // Following the page and the extension, from the task after the first look: the shell first.
  ctx.setTimeout(() => {
    ctx.onInvalidated(
      onTabNotice((notice) => {
        if (notice?.type === 'site:disabled') return ctx.abort('Steward was turned off for this site');
        if (notice?.type !== 'connection:changed') return;
        connection = notice.connection;
        paint();
        if (connection === 'connected') void report(); // fetch this ticket's tags now
      }),
    );
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
  }, 0);
}
