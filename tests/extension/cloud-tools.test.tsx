import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { syncTools } from '../../extension/core/background/cloud-tools';
import { watchSitePermissions } from '../../extension/core/background/sites';
import { enabledSitesItem } from '../../extension/core/contract/storage';
import { Options } from '../../extension/ui/Options';
import { Popup } from '../../extension/ui/Popup';
import { fakeSiteApis } from './support/site-apis';
import { wireBackground } from './support/background';

const SERVICENOW_TICKET = 'https://acme.service-now.com/incident.do?sys_id=a1b2c3d4e5f60718293a4b5c6d7e8f90';

let root: HTMLElement;
let apis: ReturnType<typeof fakeSiteApis>;

beforeEach(() => {
  fakeBrowser.reset();
  apis = fakeSiteApis();
  wireBackground();
  vi.spyOn(window, 'close').mockImplementation(() => {});
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

const text = () => root.textContent?.replace(/\s+/g, ' ') ?? '';
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name || b.getAttribute('aria-label') === name);
const toolRow = (tool: string) => root.querySelector(`[data-tool="${tool}"]`)?.textContent?.replace(/\s+/g, ' ');

async function openTab(url: string) {
  const win = await fakeBrowser.windows.create({ focused: true });
  return (await fakeBrowser.tabs.create({ url, active: true, windowId: win!.id })).id!;
}

describe('every cloud tool, one click away', () => {
  it('lists each tool in Settings → Sites; enabling one asks once for its hosts and runs the ticket script in its open tabs', async () => {
    const tabId = await openTab(SERVICENOW_TICKET);
    await act(async () => {
      render(<Options />, root);
    });
    await vi.waitFor(() => expect(toolRow('servicenow')).toContain('off'));
    expect(toolRow('zendesk')).toBe('Zendesk ready from the start');
    expect([...root.querySelectorAll('[data-tool]')].map((li) => li.querySelector('strong')!.textContent)).toEqual([
      'Atera', 'Autotask', 'ConnectWise', 'Freshdesk', 'Freshservice', 'GitHub', 'HaloPSA', 'Jira', 'Kaseya BMS', 'ServiceNow', 'SuperOps', 'Syncro', 'Zendesk',
    ]);

    await act(async () => {
      button('Enable Steward on ServiceNow')!.click();
    });
    expect(apis.request).toHaveBeenCalledWith({ origins: ['https://*.service-now.com/*'] });
    await vi.waitFor(() => expect(root.querySelector('[data-testid="tools-done"]')?.textContent).toBe('Steward is on for ServiceNow.'));
    // ServiceNow's own script: its detection and readers alone (contract/ticket-scripts.ts).
    expect(apis.registered.get('steward-tool:servicenow')).toMatchObject({ matches: ['https://*.service-now.com/*'], js: ['tools/servicenow.js'], persistAcrossSessions: true });
    expect(apis.injected).toEqual([{ tabId, files: ['/tools/servicenow.js'] }]);
    expect(toolRow('servicenow')).toContain('on');

    await act(async () => {
      button('Disable Steward on ServiceNow')!.click();
    });
    await vi.waitFor(() => expect(root.querySelector('[data-testid="tools-done"]')?.textContent).toBe('Steward is off for ServiceNow.'));
    expect(apis.registered.has('steward-tool:servicenow')).toBe(false);
    expect(apis.granted.has('https://*.service-now.com/*')).toBe(false);
    expect(apis.tabMessages).toContainEqual({ tabId, message: { type: 'site:disabled' } });
  });

  it('says so when the person does not allow it, and registers nothing', async () => {
    apis.answer(false);
    await act(async () => {
      render(<Options />, root);
    });
    await vi.waitFor(() => expect(button('Enable Steward on Jira')).toBeDefined());
    await act(async () => {
      button('Enable Steward on Jira')!.click();
    });
    await vi.waitFor(() => expect(text()).toContain('Steward was not allowed on Jira. To use it there, choose Enable again and click Allow when your browser asks.'));
    expect(apis.registered.size).toBe(0);
  });

  it('offers the tool by name in the popup on one of its pages', async () => {
    await openTab(SERVICENOW_TICKET);
    await act(async () => {
      render(<Popup />, root);
    });
    await vi.waitFor(() => expect(root.querySelector('[data-testid="site"]')?.textContent).toBe(
      "This is ServiceNow. Enable Steward on ServiceNow to tag its tickets: your browser asks once, for ServiceNow's sites only.",
    ));
    expect(button('Enable Steward on this site')).toBeUndefined();
    await act(async () => {
      button('Enable Steward on ServiceNow')!.click();
    });
    await vi.waitFor(() => expect(root.querySelector('[data-testid="done"]')?.textContent).toBe('Steward is on for ServiceNow.'));
    expect([...apis.registered.keys()]).toEqual(['steward-tool:servicenow']);
    // No ticket script ran in this stand-in tab, so the popup has no ticket for it yet.
    await vi.waitFor(() => expect(root.querySelector('[data-testid="site"]')?.textContent).toBe('Steward is on for ServiceNow. Open a ticket there to tag it.'));
  });

  it('registers again a tool an earlier version registered to run at another moment', async () => {
    apis.granted.add('https://*.service-now.com/*');
    const registration = (runAt: string) => ({
      id: 'steward-tool:servicenow', matches: ['https://*.service-now.com/*'], js: ['tools/servicenow.js'], runAt, allFrames: false, persistAcrossSessions: true,
    });
    apis.registered.set('steward-tool:servicenow', registration('document_end'));
    await syncTools();
    expect(apis.registered.get('steward-tool:servicenow')).toEqual(registration('document_idle'));
  });

  it('follows grants made outside Steward: a tool granted in the browser runs, one taken back stops; github.com is the tool\'s, not a site\'s', async () => {
    watchSitePermissions();
    apis.grantOutside('https://github.com/*');
    await syncTools();
    expect(apis.registered.get('steward-tool:github')).toMatchObject({ matches: ['https://github.com/*'] });
    // The site path leaves a cloud tool's own host alone: one registration, no "self-hosted site".
    await vi.waitFor(async () => expect(await enabledSitesItem.getValue()).toEqual([]));
    expect([...apis.registered.keys()]).toEqual(['steward-tool:github']);
    apis.revokeOutside('https://github.com/*');
    await syncTools();
    expect(apis.registered.size).toBe(0);
  });
});
