import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { disableSite, enableSite, syncSites, watchSitePermissions } from '../../extension/core/background/sites';
import { siteStatus } from '../../extension/core/contract/sites';
import { enabledSitesItem, tabTicketsItem } from '../../extension/core/contract/storage';
import { fakeSiteApis } from './support/site-apis';

const RT = 'https://rt.example.com';
const RT_TICKET = 'https://rt.example.com:8443/Ticket/Display.html?id=7';

let apis: ReturnType<typeof fakeSiteApis>;
beforeEach(() => {
  fakeBrowser.reset();
  apis = fakeSiteApis();
});
afterEach(() => vi.restoreAllMocks());

async function openTab(url: string) {
  return (await fakeBrowser.tabs.create({ url })).id!;
}

describe('enabling Steward on a self-hosted site', () => {
  it('registers the ticket script for the whole host once, kept across restarts, and runs it in the open tabs at once', async () => {
    const rtTab = await openTab(RT_TICKET);
    await openTab('https://other.example.com/');
    apis.granted.add(`${RT}/*`);

    expect(await enableSite(RT)).toEqual({ origin: RT, injectedTabs: 1 });
    expect([...apis.registered.values()]).toEqual([
      {
        id: 'steward-site:https://rt.example.com', matches: ['https://rt.example.com/*'], js: ['ticket.js'],
        runAt: 'document_idle', allFrames: false, persistAcrossSessions: true,
      },
    ]);
    expect(apis.injected).toEqual([{ tabId: rtTab, files: ['/ticket.js'] }]);
    expect((await enabledSitesItem.getValue()).map((s) => s.origin)).toEqual([RT]);

    // A second click changes nothing and does not run the script again.
    expect(await enableSite(RT)).toEqual({ origin: RT, injectedTabs: 0 });
    expect(apis.registered.size).toBe(1);
    expect(apis.injected).toHaveLength(1);
    expect(await enabledSitesItem.getValue()).toHaveLength(1);
  });

  it('registers once when the popup and the permission event both ask at the same moment', async () => {
    apis.granted.add(`${RT}/*`);
    await Promise.all([enableSite(RT), enableSite(RT), enableSite(`${RT}:8443`)]);
    expect([...apis.registered.keys()]).toEqual(['steward-site:https://rt.example.com']);
  });

  it('refuses without the site permission, says what to do, and registers nothing', async () => {
    await expect(enableSite(RT)).rejects.toThrow(/not allowed on rt\.example\.com yet.*click Allow/);
    expect(apis.registered.size).toBe(0);
    expect(await enabledSitesItem.getValue()).toEqual([]);
  });

  it('leaves the cloud tools the manifest covers alone', async () => {
    expect(await enableSite('https://acme.zendesk.com')).toEqual({ origin: 'https://acme.zendesk.com', injectedTabs: 0 });
    expect(apis.registered.size).toBe(0);
    await disableSite('https://acme.zendesk.com');
    expect(apis.granted.has('https://*.zendesk.com/*')).toBe(true);
  });

  it("gives one instance of a cloud tool that tool's own script: its detection and readers alone", async () => {
    const SN = 'https://acme.service-now.com';
    const tab = await openTab(`${SN}/incident.do?sys_id=1`);
    apis.granted.add(`${SN}/*`);
    await enableSite(SN);
    expect(apis.registered.get(`steward-site:${SN}`)?.js).toEqual(['tools/servicenow.js']);
    expect(apis.injected).toEqual([{ tabId: tab, files: ['/tools/servicenow.js'] }]);
  });

  it('rejects what is not a web site', async () => {
    await expect(enableSite('chrome://extensions')).rejects.toThrow(/not a web site/);
  });
});

describe('disabling Steward on a site', () => {
  it('takes the badge off open pages, unregisters the script, forgets the site and gives the access back', async () => {
    const rtTab = await openTab(RT_TICKET);
    apis.granted.add(`${RT}/*`);
    await enableSite(RT);
    await tabTicketsItem.setValue({ [String(rtTab)]: { tool: 'rt', tenant: 'rt.example.com:8443', ticketId: '7', url: RT_TICKET, observedAt: '2026-11-20T10:00:00.000Z' } });

    await disableSite(RT);
    expect(apis.tabMessages).toEqual([{ tabId: rtTab, message: { type: 'site:disabled' } }]);
    expect(apis.registered.size).toBe(0);
    expect(await enabledSitesItem.getValue()).toEqual([]);
    expect(apis.granted.has(`${RT}/*`)).toBe(false);
    expect(await tabTicketsItem.getValue()).toEqual({});
    // Twice is harmless.
    await expect(disableSite(RT)).resolves.toEqual({ origin: RT });
  });

  it('works on a host the manifest grants (the access just stays)', async () => {
    vi.restoreAllMocks();
    apis = fakeSiteApis({ required: ['https://*.zendesk.com/*', 'http://localhost/*'] });
    await enableSite('http://localhost');
    await disableSite('http://localhost');
    expect(apis.registered.size).toBe(0);
    expect(await enabledSitesItem.getValue()).toEqual([]);
  });
});

describe('keeping registrations right', () => {
  it('at start-up re-registers stored sites the browser dropped and forgets sites whose access was removed meanwhile', async () => {
    apis.granted.add(`${RT}/*`);
    await enabledSitesItem.setValue([
      { origin: RT, enabledAt: '2026-11-01T00:00:00.000Z' },
      { origin: 'https://glpi.example.com', enabledAt: '2026-11-01T00:00:00.000Z' },
    ]);
    apis.registered.set('steward-site:https://old.example.com', { id: 'steward-site:https://old.example.com' });
    apis.registered.set('someone-else', { id: 'someone-else' });

    await syncSites();
    expect([...apis.registered.keys()].sort()).toEqual(['someone-else', 'steward-site:https://rt.example.com']);
    expect((await enabledSitesItem.getValue()).map((s) => s.origin)).toEqual([RT]);
    // Nothing to do the second time.
    await syncSites();
    expect(apis.registered.size).toBe(2);
  });

  it('registers again a site an earlier version registered to run another script, or at another moment', async () => {
    const SN = 'https://acme.service-now.com';
    apis.granted.add(`${RT}/*`).add(`${SN}/*`);
    await enabledSitesItem.setValue([RT, SN].map((origin) => ({ origin, enabledAt: '2026-11-01T00:00:00.000Z' })));
    const registration = (origin: string, js: string, runAt: string) => ({ id: `steward-site:${origin}`, matches: [`${origin}/*`], js: [js], runAt, allFrames: false, persistAcrossSessions: true });
    apis.registered.set(`steward-site:${RT}`, registration(RT, 'ticket.js', 'document_end'));
    apis.registered.set(`steward-site:${SN}`, registration(SN, 'ticket.js', 'document_idle'));

    await syncSites();
    expect(apis.registered.get(`steward-site:${RT}`)).toEqual(registration(RT, 'ticket.js', 'document_idle'));
    expect(apis.registered.get(`steward-site:${SN}`)).toEqual(registration(SN, 'tools/servicenow.js', 'document_idle'));
  });

  it("follows sites added or removed in the browser's own settings, and ignores grants wider than one site", async () => {
    watchSitePermissions();
    apis.grantOutside(`${RT}/*`);
    await vi.waitFor(() => expect(apis.registered.has('steward-site:https://rt.example.com')).toBe(true));
    apis.grantOutside('<all_urls>');
    apis.grantOutside('https://*.example.org/*');
    apis.revokeOutside(`${RT}/*`);
    await vi.waitFor(() => expect(apis.registered.size).toBe(0));
    expect(await enabledSitesItem.getValue()).toEqual([]);
  });
});

describe('what the popup says about a page', () => {
  it('tells built-in tools, enabled sites, sites that are off (naming a known ticket shape) and non-web pages apart', async () => {
    expect(await siteStatus('https://acme.zendesk.com/agent/tickets/5')).toMatchObject({ kind: 'built-in' });
    expect(await siteStatus(RT_TICKET)).toMatchObject({ kind: 'off', looksLike: 'rt', site: { origin: RT, host: 'rt.example.com' } });
    expect(await siteStatus('https://intranet.example.com/helpdesk/case/5')).toMatchObject({ kind: 'off', looksLike: null });
    expect(await siteStatus('chrome://newtab/')).toEqual({ kind: 'not-web' });
    expect(await siteStatus(undefined)).toEqual({ kind: 'not-web' });
    apis.granted.add(`${RT}/*`);
    await enableSite(RT);
    expect(await siteStatus(RT_TICKET)).toMatchObject({ kind: 'enabled' });
  });
});
