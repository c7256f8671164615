import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { waitFor } from './ports';

const ROOT = resolve(import.meta.dirname, '../../..');
export const E2E_BUILD = join(ROOT, '.output/chrome-mv3-e2e');
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
  close(): Promise<void>;
}

/** Real Chromium with the built extension loaded, in a fresh profile. */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  if (!CHROMIUM) throw new Error(CHROMIUM_HINT);
  if (!existsSync(join(E2E_BUILD, 'manifest.json'))) throw new Error(`No e2e build at ${E2E_BUILD}; run STEWARD_E2E=1 npx wxt build.`);
  const profile = mkdtempSync(join(tmpdir(), 'steward-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      `--disable-extensions-except=${E2E_BUILD}`,
      `--load-extension=${E2E_BUILD}`,
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
      return waitFor('the tab id of ' + url, async () => {
        const id = await serviceWorker.evaluate(async (u) => {
          const tabs = await chrome.tabs.query({});
          return tabs.find((t) => t.url === u)?.id;
        }, url);
        return id ?? undefined;
      });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
