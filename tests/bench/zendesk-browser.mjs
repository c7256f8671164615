// The browser both browser benchmarks use: headless Chromium with one extension loaded, and
// the saved Zendesk ticket answered at its real address, so the production manifest's own
// match runs the content script (nothing leaves the machine).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const PAGE_HTML = readFileSync(join(resolve(import.meta.dirname, '../..'), 'tests/fixtures/zendesk/ticket.html'));

/**
 * @param {string} executablePath
 * @param {string} extensionDir
 * @param {string} profile a fresh profile folder
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchOnZendeskTicket(executablePath, extensionDir, profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless=new', `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
      '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu',
    ],
    viewport: { width: 1280, height: 800 },
  });
  await context.route('https://acme.zendesk.com/**', (route) =>
    /\/agent\/tickets\/\d+$/.test(new URL(route.request().url()).pathname)
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE_HTML })
      : route.fulfill({ status: 404, body: 'not found' }),
  );
  return context;
}
