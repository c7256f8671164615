import { browser, type Browser, type PublicPath } from 'wxt/browser';
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { ToolId } from '../../../shared/schemas';
import { detectTicket } from '../../../shared/tickets';
import { enabledSitesItem } from './storage';

/**
 * What a site is to Steward, as the popup and options page show it and the background acts on
 * it. Turning Steward on or off for a site is the background's (background/sites.ts).
 */

/** The built ticket script for every tool (entrypoints/ticket.ts), registered for the sites a user enables. */
export const TICKET_SCRIPT = '/ticket.js' satisfies PublicPath;
export const SCRIPT_ID_PREFIX = 'steward-site:';

export interface Site {
  /** `scheme://host`, no port: match patterns cannot name one (Firefox refuses them), so a site is every port of a host. */
  origin: string;
  host: string;
  /** What the permission and the registration are for, e.g. `https://rt.example.com/*`. */
  matchPattern: string;
  /** Stable per site, so enabling twice never registers twice. */
  scriptId: string;
}

export function siteOf(url: string | undefined): Site | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !parsed.hostname) return null;
  const origin = `${parsed.protocol}//${parsed.hostname}`;
  return { origin, host: parsed.hostname, matchPattern: `${origin}/*`, scriptId: `${SCRIPT_ID_PREFIX}${origin}` };
}

type ManifestContentScript = NonNullable<Browser.runtime.Manifest['content_scripts']>[number];

/**
 * The manifest's entry for a ticket script (each built-in cloud tool has its own, all with the
 * same options): dynamic registrations of the script for every tool copy its options.
 */
export function staticTicketScript(): ManifestContentScript | undefined {
  return browser.runtime.getManifest().content_scripts?.[0];
}

/** True on the cloud tools the extension is built for: a ticket script already runs there. */
export function isBuiltIn(url: string): boolean {
  return (browser.runtime.getManifest().content_scripts ?? []).flatMap((cs) => cs.matches ?? []).some((pattern) => {
    try {
      return new MatchPattern(pattern).includes(url);
    } catch {
      return false;
    }
  });
}

export type SiteStatus =
  /** Not a web page (the browser's own pages, files, the new tab page). */
  | { kind: 'not-web' }
  | { kind: 'built-in'; site: Site }
  | { kind: 'enabled'; site: Site }
  /** Steward is off here; `looksLike` names the tool when the address has a known ticket shape. */
  | { kind: 'off'; site: Site; looksLike: ToolId | null };

export async function siteStatus(url: string | undefined): Promise<SiteStatus> {
  const site = siteOf(url);
  if (!site || !url) return { kind: 'not-web' };
  if (isBuiltIn(url)) return { kind: 'built-in', site };
  const enabled = await enabledSitesItem.getValue();
  if (enabled.some((s) => s.origin === site.origin)) return { kind: 'enabled', site };
  return { kind: 'off', site, looksLike: detectTicket(url)?.tool ?? null };
}
