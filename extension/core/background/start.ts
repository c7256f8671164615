import { browser } from 'wxt/browser';
import type { TabNotice } from '../contract/messages';
import { connectionItem } from '../contract/storage';
import { watchBadgeCounts } from './badge-counts';
import { connectionState } from './connection';
import { watchCustomPatterns } from './custom-matchers';
import { syncTools } from './cloud-tools';
import { dispatch } from './handlers';
import { syncPolicySites, watchPolicy } from './managed-policy';
import { flushAll } from './observation-flush';
import { syncSites, watchSitePermissions } from './sites';
import { forgetTabs, ticketTabIds } from './tab-tickets';

const FLUSH_ALARM = 'steward-outbox';

/** Tells the badges on open ticket tabs that the connection changed (connected, revoked…). */
async function notifyTicketTabs(): Promise<void> {
  const notice: TabNotice = { type: 'connection:changed', connection: (await connectionState()).status };
  await Promise.allSettled((await ticketTabIds()).map((id) => browser.tabs.sendMessage(id, notice)));
}

/** Cloud tools and policy sites run where the browser grants their hosts, and nowhere else. */
async function syncGrants(): Promise<void> {
  await syncTools().catch((err: unknown) => console.warn('Steward: could not follow the cloud tools it may run on', err));
  await syncPolicySites().catch((err: unknown) => console.warn('Steward: could not apply the company policy\'s sites', err));
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
  watchCustomPatterns();
  watchBadgeCounts();
  // The outbox (and the ticket observations) must survive the service worker being stopped: an
  // alarm wakes it to retry.
  void browser.alarms.create(FLUSH_ALARM, { periodInMinutes: 1 });
  void flushAll();
  void syncSites().catch((err: unknown) => console.warn('Steward: could not restore the sites it was turned on for', err));
  // Cloud tools and the company policy's sites follow the browser's grants (also those made
  // while a popup was closed by its prompt, or in the browser's own settings).
  watchPolicy();
  browser.permissions.onAdded.addListener(() => void syncGrants());
  browser.permissions.onRemoved.addListener(() => void syncGrants());
  void syncGrants();
  // The toolbar icon opens the popup (which has "Open side panel"); the badge opens the panel
  // directly. Set explicitly: earlier versions set `true`, which would hide the popup.
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } } }).chrome?.sidePanel;
  void chromeSidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
}
