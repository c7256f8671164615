import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { DETECTION_ATTRIBUTE, type Detection } from '../../../extension/core/page/detection-signal';
import { waitFor } from './ports';

const ROOT = resolve(import.meta.dirname, '../../..');
const E2E_BUILD = join(ROOT, '.output/chrome-mv3-e2e');
export const ARTIFACTS = join(ROOT, 'artifacts');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
export const CHROMIUM_HINT = 'Install Chromium to run the browser tests: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH).';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** Opens one of the extension's pages (sidepanel.html, options.html…). */
  openExtensionPage(path: string): Promise<Page>;
  /** The browser's tab id of a page, as the extension sees it. */
  tabIdOf(page: Page): Promise<number>;
  /**
   * Stops the extension's service worker, as Chrome does to an idle MV3 worker (after ~30 s)
   * or under memory pressure. Everything it held in memory is gone; the next event (a message,
   * an alarm) starts it again from the top.
   */
  stopServiceWorker(): Promise<void>;
  /** The profile directory (pass it as `profileDir` to relaunch the same browser profile). */
  profileDir: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Load the extension from this directory instead of the e2e build (a company's copy: tests/e2e/support/managed.ts). */
  extensionDir?: string;
  /**
   * Use this profile directory (and keep it on close()), e.g. to relaunch the browser with the
   * extension's storage as it was. Default: a fresh temp profile, removed on close().
   */
  profileDir?: string;
}

/** Real Chromium with the built extension loaded, in a fresh profile (or the one given). */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  if (!CHROMIUM) throw new Error(CHROMIUM_HINT);
  const extensionDir = options.extensionDir ?? E2E_BUILD;
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`No e2e build at ${extensionDir}; run STEWARD_E2E=1 WXT_STEWARD_E2E=1 npx wxt build.`);
  const ownProfile = !options.profileDir;
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'steward-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
    viewport: { width: 1280, height: 800 },
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async tabIdOf(page) {
      const url = page.url();
      return waitFor(`the tab id of ${url}`, async () => {
        const id = await serviceWorker.evaluate(async (u) => {
          const tabs = await chrome.tabs.query({});
          return tabs.find((t) => t.url === u)?.id;
        }, url);
        return id ?? undefined;
      });
    },
    async stopServiceWorker() {
      // The DevTools protocol's ServiceWorker domain sees the profile's workers, the
      // extension's included, from any tab (a blank one, so nothing wakes the worker again).
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        const versions = new Map<string, { scriptURL: string; runningStatus: string }>();
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
          for (const v of updated) versions.set(v.versionId, v);
        });
        await cdp.send('ServiceWorker.enable');
        const running = await waitFor('the extension service worker', async () => {
          const v = [...versions.entries()].find(([, x]) => x.scriptURL === serviceWorker.url() && x.runningStatus === 'running');
          return v?.[0];
        }, 10_000, 50);
        await cdp.send('ServiceWorker.stopWorker', { versionId: running });
        await waitFor('the service worker to stop', async () => (versions.get(running)?.runningStatus === 'stopped' ? true : undefined), 10_000, 50);
        await cdp.detach();
      } finally {
        await page.close();
      }
    },
    profileDir: profile,
    async close() {
      await context.close();
      if (ownProfile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * What Steward's content script concluded about `page` once its detection settled, including
 * the second look it takes a moment later for late-rendered pages: `ticket` or `none`. A test
 * that a page gets no badge waits for `none` here instead of sleeping.
 */
export async function settledDetection(page: Page, timeout = 15_000): Promise<Exclude<Detection, 'pending'>> {
  const settled = page.locator(`html[${DETECTION_ATTRIBUTE}="none"], html[${DETECTION_ATTRIBUTE}="ticket"]`);
  await settled.waitFor({ state: 'attached', timeout });
  return (await settled.getAttribute(DETECTION_ATTRIBUTE)) as Exclude<Detection, 'pending'>;
}

/** Whether Steward's content script ran detection on the page's current document at all. */
export async function detectionRan(page: Page): Promise<boolean> {
  return (await page.locator('html').getAttribute(DETECTION_ATTRIBUTE)) !== null;
}
