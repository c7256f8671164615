import { browser } from 'wxt/browser';
import type { TabNotice } from '../contract/messages';
import { connectionItem } from '../contract/storage';
import { connectionState } from './connection';
import { dispatch } from './handlers';
import { flushAll } from './observation-flush';
import { syncSites, watchSitePermissions } from './sites';
import { forgetTabs, ticketTabIds } from './tab-tickets';

const FLUSH_ALARM = 'steward-outbox';

/** Tells the badges on open ticket tabs that the connection changed (connected, revoked…). */
async function notifyTicketTabs(): Promise<void> {
  const notice: TabNotice = { type: 'connection:changed', connection: (await connectionState()).status };
  await Promise.allSettled((await ticketTabIds()).map((id) => browser.tabs.sendMessage(id, notice)));
}

/** Everything the service worker does when it starts: listeners first, then catching up. */
export function startBackground(): void {
  connectionItem.watch(() => void notifyTicketTabs());
  browser.runtime.onMessage.addListener((message, sender) => dispatch(message, sender) as Promise<unknown>);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FLUSH_ALARM) void flushAll();
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetTabs([tabId]));
  watchSitePermissions();
  // The outbox (and the ticket observations) must survive the service worker being stopped: an
  // alarm wakes it to retry.
  void browser.alarms.create(FLUSH_ALARM, { periodInMinutes: 1 });
  void flushAll();
  void syncSites().catch((err: unknown) => console.warn('Steward: could not restore the sites it was turned on for', err));
  // The toolbar icon opens the popup (which has "Open side panel"); the badge opens the panel
  // directly. Set explicitly: earlier versions set `true`, which would hide the popup.
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } } }).chrome?.sidePanel;
  void chromeSidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
}
