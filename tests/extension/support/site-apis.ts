import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MatchPattern } from 'wxt/utils/match-patterns';

/** A registered content script as the browser reports it. */
export interface Registered {
  id: string;
  matches?: string[];
  js?: string[];
  runAt?: string;
  allFrames?: boolean;
  persistAcrossSessions?: boolean;
}

type Listener = (p: { origins?: string[] }) => void;

/**
 * What WXT's fake browser leaves unimplemented for enabling a site, behaving like Chrome:
 * host permissions (manifest-granted ones cannot be removed), content script registrations
 * (a duplicate or unknown id is an error), script injection, tab queries by match pattern,
 * messages to tabs, and the manifest's own ticket script for the cloud tools.
 */
export function fakeSiteApis(opts: { required?: string[] } = {}) {
  const required = new Set(opts.required ?? ['https://*.zendesk.com/*']);
  const granted = new Set<string>(required);
  const registered = new Map<string, Registered>();
  const injected: Array<{ tabId: number; files: string[] }> = [];
  const tabMessages: Array<{ tabId: number; message: unknown }> = [];
  const added: Listener[] = [];
  const removed: Listener[] = [];
  /** What the user answers when the browser asks for a site. */
  let userAnswer = true;

  const covers = (origin: string) =>
    granted.has(origin) || [...granted].some((g) => {
      try {
        return new MatchPattern(g).includes(origin.replace(/\*$/, ''));
      } catch {
        return false;
      }
    });

  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3, name: 'Steward', version: '0.1.0',
    content_scripts: [{ matches: ['https://*.zendesk.com/*'], js: ['tools/zendesk.js'], run_at: 'document_idle' }],
  } as never);
  const permissions = fakeBrowser.permissions as unknown as Record<string, unknown>;
  permissions.onAdded = { addListener: (l: Listener) => added.push(l) };
  permissions.onRemoved = { addListener: (l: Listener) => removed.push(l) };
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins = [] }) => origins.every(covers));
  const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async ({ origins = [] }) => {
    if (!userAnswer) return false;
    const fresh = origins.filter((o) => !covers(o));
    fresh.forEach((o) => granted.add(o));
    if (fresh.length) added.forEach((l) => l({ origins: fresh }));
    return true;
  });
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => {
    if (origins.some((o) => required.has(o))) throw new Error('You cannot remove required permissions.');
    const gone = origins.filter((o) => granted.delete(o));
    if (gone.length) removed.forEach((l) => l({ origins: gone }));
    return gone.length > 0;
  });

  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation((async (filter?: { ids?: string[] }) =>
    [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id))) as never);
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation((async (scripts: Registered[]) => {
    for (const s of scripts) if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
    for (const s of scripts) registered.set(s.id, s);
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation((async (filter?: { ids?: string[] }) => {
    for (const id of filter?.ids ?? []) if (!registered.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
    for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (injection: { target: { tabId: number }; files?: string[] }) => {
    injected.push({ tabId: injection.target.tabId, files: injection.files ?? [] });
    return [];
  }) as never);

  // Chrome filters tabs by match pattern, and only among tabs it may see.
  const query = fakeBrowser.tabs.query.bind(fakeBrowser.tabs);
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async (info: { url?: string }) => {
    const { url, ...rest } = info;
    const tabs = await query(rest);
    if (!url) return tabs;
    return tabs.filter((t) => t.url && covers(`${new URL(t.url).origin}/*`) && new MatchPattern(url).includes(t.url));
  }) as never);
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (tabId: number, message: unknown) => {
    tabMessages.push({ tabId, message });
  }) as never);

  return {
    granted,
    registered,
    injected,
    tabMessages,
    request,
    answer(yes: boolean) {
      userAnswer = yes;
    },
    /** The user adds or removes a site in the browser's own extension settings. */
    grantOutside(origin: string) {
      granted.add(origin);
      added.forEach((l) => l({ origins: [origin] }));
    },
    revokeOutside(origin: string) {
      granted.delete(origin);
      removed.forEach((l) => l({ origins: [origin] }));
    },
  };
}
