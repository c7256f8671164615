import { browser } from 'wxt/browser';
import { errorText, MessageError } from '../contract/errors';
import { send } from '../contract/messages';
import type { Site } from '../contract/sites';

/**
 * Asks for access to one site, then has the background turn Steward on there.
 * Call it straight from a click handler, before any `await`: browsers show a permission
 * prompt only inside the user's gesture. In Firefox the popup closes while the prompt is
 * up, so this promise may never settle there; the background then finishes the job when
 * it sees the permission arrive (see watchSitePermissions).
 */
export function enableSiteFromClick(site: Pick<Site, 'origin' | 'host' | 'matchPattern'>): Promise<{ origin: string; injectedTabs: number }> {
  let asked: Promise<boolean>;
  try {
    asked = browser.permissions.request({ origins: [site.matchPattern] });
  } catch (err) {
    asked = Promise.reject(err);
  }
  return asked.then(
    async (granted) => {
      if (!granted) {
        throw new MessageError('permission_denied', `Steward was not allowed on ${site.host}. To use it there, choose Enable again and click Allow when your browser asks.`);
      }
      return send('site:enable', { origin: site.origin });
    },
    (err: unknown) => {
      throw new MessageError('permission_denied', `Your browser did not ask for access to ${site.host} (${errorText(err)}). Click the button again.`);
    },
  );
}

interface ChromeSidePanel {
  open(options: { windowId: number }): Promise<void>;
}
interface FirefoxSidebar {
  open(): Promise<void>;
}

/**
 * Opens the tagging panel. Call it straight from a click handler: Chrome's side panel and
 * Firefox's sidebar both open only inside the user's gesture.
 */
export function openPanelFromClick(windowId: number | undefined): Promise<void> {
  const sidePanel = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
  if (sidePanel && windowId !== undefined) return sidePanel.open({ windowId });
  const sidebar = (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;
  if (sidebar) return sidebar.open();
  return Promise.reject(new MessageError('unsupported', 'This browser has no side panel for Steward. Update it, or use Chrome, Edge or Firefox.'));
}
