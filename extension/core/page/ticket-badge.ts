import type { ContentScriptContext } from '#imports';
import { browser } from 'wxt/browser';
import type { TicketRef } from '../../shared/schemas';
import { ticketKey } from '../../shared/vocabulary';
import { readTicketOnPage } from '../sites';
import { readCustomTicketOnPage } from '../sites/custom';
import { renderBadge } from '../ui/badge';
import badgeCss from '../ui/badge.css?inline';
import { summarise, type BadgeSummary } from './badge-state';
import { send, type ConnectionState, type TabNotice } from './messages';
import { customPatternsView as customPatternsItem, outboxView as outboxItem, ticketCacheView as ticketCacheItem } from './page-storage';
import { mountInShadow, type ShadowMount } from './shadow-mount';

export const BADGE_TAG = 'steward-badge';

/** How long after a navigation to read the page again for a title or status rendered late. */
const SETTLE_MS = 1200;

const EMPTY: BadgeSummary = { open: 0, total: 0, urgent: null, pending: 0, stuck: 0, awaitingProvider: 0 };

/**
 * Shows the Steward badge on ticket pages and keeps it right as the page changes: it
 * follows client-side navigation (one badge, re-keyed, never duplicated), and updates when
 * the ticket's annotations or queued saves change. Does nothing on pages that are not tickets.
 */
export function mountTicketBadge(ctx: ContentScriptContext): void {
  let ui: ShadowMount | null = null;
  let ticket: TicketRef | null = null;
  let connection: ConnectionState['status'] | 'unknown' = 'unknown';
  let summary = EMPTY;

  const paint = () => {
    if (!ui) return;
    renderBadge(ui.container, {
      connection,
      summary,
      onOpen: () => void send('sidepanel:open', {}),
      onConnect: () => void send('options:open', {}),
    });
  };

  const refreshSummary = async () => {
    if (!ticket) return;
    const key = ticketKey(ticket);
    const [cache, outbox] = await Promise.all([ticketCacheItem.getValue(), outboxItem.getValue()]);
    summary = summarise(cache[key]?.items ?? [], outbox.filter((e) => e.ticketKey === key));
    paint();
  };

  const report = async () => {
    try {
      connection = (await send('ticket:seen', { ticket })).connection;
    } catch {
      connection = 'unknown'; // the extension was reloaded under this page; the badge still shows
    }
    paint();
  };

  const detectNow = async () => {
    const found =
      readTicketOnPage(location.href, document) ??
      readCustomTicketOnPage(location.href, document, (await customPatternsItem.getValue()).map((p) => p.pattern));
    const key = found ? ticketKey(found) : null;
    if (key === (ticket ? ticketKey(ticket) : null)) {
      // Same ticket, but its title or status may have rendered (or changed) since: report that.
      if (found && ticket && (found.title !== ticket.title || found.status !== ticket.status)) {
        ticket = found;
        void report();
      }
      return;
    }
    ticket = found;
    if (!found) {
      ui?.remove();
      ui = null;
      summary = EMPTY;
      void report();
      return;
    }
    if (!ctx.isValid) return;
    // A fixed dock in the corner (badge.css): the host page's layout never moves.
    ui ??= mountInShadow(BADGE_TAG, badgeCss, 'dock');
    ui.host.setAttribute('data-ticket-key', key!);
    summary = EMPTY;
    await refreshSummary();
    await report();
  };

  // One detection at a time: two overlapping runs could each mount a badge.
  let detecting = Promise.resolve();
  const detect = () => (detecting = detecting.then(detectNow, detectNow));
  // Apps render a ticket's details after its address changes (GLPI and ServiceNow's frame after
  // the page loads): look again a moment later so a late title or status is still reported.
  const detectSettled = () => {
    void detect();
    ctx.setTimeout(() => void detect(), SETTLE_MS);
  };

  const onNotice = (message: unknown) => {
    const notice = message as TabNotice;
    if (notice?.type === 'site:disabled') return ctx.abort('Steward was turned off for this site');
    if (notice?.type !== 'connection:changed') return;
    connection = notice.connection;
    paint();
    if (connection === 'connected') void report(); // fetch this ticket's tags now
  };
  browser.runtime.onMessage.addListener(onNotice);
  const unwatch = [ticketCacheItem.watch(refreshSummary), outboxItem.watch(refreshSummary), customPatternsItem.watch(() => void detect())];
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onNotice);
    unwatch.forEach((stop) => stop());
    ui?.remove();
  });
  // WXT announces a client-side navigation as it starts (the Navigation API's `navigate` event),
  // before the address changes: detect on the next task, once it has.
  ctx.addEventListener(window, 'wxt:locationchange', () => ctx.setTimeout(detectSettled, 0));
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
