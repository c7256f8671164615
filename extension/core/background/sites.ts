import { browser } from 'wxt/browser';
import { MessageError } from '../contract/errors';
import type { TabNotice } from '../contract/messages';
import { isBuiltIn, SCRIPT_ID_PREFIX, siteOf, staticTicketScript, type Site } from '../contract/sites';
import { enabledSitesItem } from '../contract/storage';
import { scriptFor } from '../contract/ticket-scripts';
import { isCloudToolOrigin } from './cloud-tools';
import { inTurn } from './in-turn';
import { forgetTabs } from './tab-tickets';

/**
 * Turning Steward on for one self-hosted site at run time. The host permission is asked
 * for by the page the user clicked in (browsers grant prompts only to a user gesture);
 * everything after that happens here, in the background: the ticket content script is
 * registered for the site (kept across browser restarts) and run in the site's open tabs
 * at once, so the badge appears without a reload.
 */

// Enabling and disabling touch the same registrations from several places (the popup's
// message, the permission events, start-up): one at a time, so a script is never
// registered twice ("Duplicate script ID").
const serial = inTurn();

function requireSite(origin: string): Site {
  const site = siteOf(origin);
  if (!site) throw new MessageError('validation_failed', `${origin} is not a web site: Steward runs on http:// and https:// pages only.`);
  return site;
}

async function registeredIds(): Promise<Set<string>> {
  return new Set((await browser.scripting.getRegisteredContentScripts()).map((s) => s.id));
}

/**
 * The ticket script a site gets: on a cloud tool's host (one ServiceNow instance), that tool's
 * own, with its detection and readers alone; elsewhere the one that recognises every tool.
 */
const scriptOf = (site: Site) => scriptFor([site.matchPattern]);

async function register(sites: Site[]): Promise<void> {
  if (!sites.length) return;
  const manifestEntry = staticTicketScript();
  await browser.scripting.registerContentScripts(
    sites.map((site) => ({
      id: site.scriptId,
      matches: [site.matchPattern],
      js: [scriptOf(site).slice(1)],
      runAt: manifestEntry?.run_at ?? 'document_idle',
      allFrames: manifestEntry?.all_frames ?? false,
      persistAcrossSessions: true,
    })),
  );
}

async function tabsOf(site: Site): Promise<number[]> {
  const tabs = await browser.tabs.query({ url: site.matchPattern }).catch(() => []);
  return tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]));
}

/** Runs the ticket script in the site's open tabs; a second copy replaces the first (core/page/page-context.ts). */
async function injectIntoOpenTabs(site: Site): Promise<number> {
  const allFrames = staticTicketScript()?.all_frames ?? false;
  const results = await Promise.allSettled(
    (await tabsOf(site)).map((tabId) => browser.scripting.executeScript({ target: { tabId, allFrames }, files: [scriptOf(site)] })),
  );
  return results.filter((r) => r.status === 'fulfilled').length;
}

/**
 * Turns Steward on for the site of `origin`. The permission must already be granted (the
 * page asked for it inside the user's click); without it nothing is registered.
 */
export function enableSite(origin: string): Promise<{ origin: string; injectedTabs: number }> {
  return serial(async () => {
    const site = requireSite(origin);
    if (isBuiltIn(`${site.origin}/`)) return { origin: site.origin, injectedTabs: 0 };
    if (!(await browser.permissions.contains({ origins: [site.matchPattern] }))) {
      throw new MessageError(
        'permission_denied',
        `Steward is not allowed on ${site.host} yet. Choose "Enable Steward on this site" again and click Allow when your browser asks.`,
      );
    }
    // Already registered (a second click, or the permission event got here first): its tabs already run the script.
    const already = (await registeredIds()).has(site.scriptId);
    if (!already) await register([site]);
    const sites = await enabledSitesItem.getValue();
    if (!sites.some((s) => s.origin === site.origin)) {
      await enabledSitesItem.setValue([...sites, { origin: site.origin, enabledAt: new Date().toISOString() }]);
    }
    return { origin: site.origin, injectedTabs: already ? 0 : await injectIntoOpenTabs(site) };
  });
}

/** Turns Steward off for a site: no badge on its open pages, no script registered, access given back. */
export function disableSite(origin: string): Promise<{ origin: string }> {
  return serial(async () => {
    const site = requireSite(origin);
    if (isBuiltIn(`${site.origin}/`)) return { origin: site.origin };
    // Tabs first: once the permission is gone, the background can no longer find them.
    const notice: TabNotice = { type: 'site:disabled' };
    const tabIds = await tabsOf(site);
    await Promise.allSettled(tabIds.map((tabId) => browser.tabs.sendMessage(tabId, notice)));
    await forgetTabs(tabIds);
    if ((await registeredIds()).has(site.scriptId)) await browser.scripting.unregisterContentScripts({ ids: [site.scriptId] });
    await enabledSitesItem.setValue((await enabledSitesItem.getValue()).filter((s) => s.origin !== site.origin));
    // A host the manifest itself grants cannot be given back ("required permission"); nothing to undo then.
    await browser.permissions.remove({ origins: [site.matchPattern] }).catch(() => false);
    return { origin: site.origin };
  });
}

/**
 * Makes the registrations match the stored sites and the permissions the user still holds.
 * Run at every start: a permission removed from the browser's own settings while Steward was
 * not running, or a browser that dropped the registrations (an update, a temporary add-on),
 * is put right here.
 */
export function syncSites(): Promise<void> {
  return serial(async () => {
    const stored = await enabledSitesItem.getValue();
    const kept: Site[] = [];
    for (const entry of stored) {
      const site = siteOf(entry.origin);
      if (site && (await browser.permissions.contains({ origins: [site.matchPattern] }))) kept.push(site);
    }
    if (kept.length !== stored.length) await enabledSitesItem.setValue(stored.filter((s) => kept.some((k) => k.origin === s.origin)));
    // A registration goes when its site is gone, or when it runs another script, or at another
    // moment, than the site gets now (one made by an earlier version): the site is registered again.
    const registered = await browser.scripting.getRegisteredContentScripts();
    const runAt = staticTicketScript()?.run_at ?? 'document_idle';
    const upToDate = (s: (typeof registered)[number]) => s.runAt === runAt && kept.some((k) => k.scriptId === s.id && s.js?.[0] === scriptOf(k).slice(1));
    const stale = registered.filter((s) => s.id.startsWith(SCRIPT_ID_PREFIX) && !upToDate(s)).map((s) => s.id);
    if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale });
    const live = new Set(registered.map((s) => s.id).filter((id) => !stale.includes(id)));
    await register(kept.filter((k) => !live.has(k.scriptId)));
  });
}

/** `https://host/*` → `https://host`; wider grants (all sites, `*.` hosts) are not one site. */
function singleSiteOrigins(patterns: string[] | undefined): string[] {
  return (patterns ?? []).flatMap((p) => {
    const m = /^(https?):\/\/([^/*]+)\/\*$/.exec(p);
    return m ? [`${m[1]}://${m[2]}`] : [];
  });
}

/**
 * Follows host permissions granted or removed outside Steward's own buttons: Firefox closes
 * the popup while it shows the permission prompt (so the popup's own message never comes),
 * and Chrome lets people add or remove a site in the extension's settings.
 */
export function watchSitePermissions(): void {
  const warn = (what: string) => (err: unknown) => console.warn(`Steward: could not ${what}`, err);
  browser.permissions.onAdded.addListener(({ origins }) => {
    // A cloud tool's single host (github.com) is the tool's to register (cloud-tools.ts).
    for (const origin of singleSiteOrigins(origins)) if (!isCloudToolOrigin(origin)) void enableSite(origin).catch(warn(`turn on ${origin}`));
  });
  browser.permissions.onRemoved.addListener(({ origins }) => {
    for (const origin of singleSiteOrigins(origins)) void disableSite(origin).catch(warn(`turn off ${origin}`));
  });
}
