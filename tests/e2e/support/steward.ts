import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import { waitFor } from './ports';
import type { RunningWorker } from './worker';

/** Connects the extension the way a person does: the options page, the address, the invite code. */
export async function connectExtension(browser: ExtensionBrowser, worker: RunningWorker, inviteCode: string, expectName = 'Priya Shah'): Promise<Page> {
  const options = await browser.openExtensionPage('options.html');
  await options.getByLabel('Steward address').fill(worker.baseUrl);
  await options.getByLabel('Invite code').fill(inviteCode);
  await options.getByRole('button', { name: 'Connect' }).click();
  // Not expect.poll: this also runs in beforeAll, outside any test.
  await waitFor(`the options page to show "${expectName}" connected`, async () => ((await options.getByTestId('who').textContent())?.includes(expectName) ? true : undefined), 15_000);
  return options;
}

/** The side panel as it opens beside a tab (the badge opens it for that tab). */
export async function openPanelFor(browser: ExtensionBrowser, page: Page): Promise<Page> {
  await page.bringToFront();
  const tabId = await browser.tabIdOf(page);
  return browser.openExtensionPage(`sidepanel.html?tabId=${tabId}`);
}

export interface TagInput {
  summary: string;
  lineOfBusiness?: string;
  stakeholder?: string;
  impact?: string;
  priority?: string;
}

/** Fills the tag form with the keyboard flow people use and saves with Ctrl+Enter. */
export async function tagInPanel(panel: Page, tag: TagInput): Promise<void> {
  await panel.getByLabel(/Summary/).fill(tag.summary);
  await panel.getByLabel('Line of business').fill(tag.lineOfBusiness ?? 'Front office');
  await panel.getByLabel('Stakeholder').fill(tag.stakeholder ?? 'Dana Ortiz');
  await panel.getByLabel('Impact').selectOption({ label: tag.impact ?? 'Customers' });
  await panel.getByLabel('Priority').selectOption(tag.priority ?? 'high');
  await panel.getByLabel(/Summary/).focus();
  await panel.keyboard.press('Control+Enter');
}

/** The bearer token the extension holds (read from its storage, as only the background does). */
export async function extensionToken(browser: ExtensionBrowser): Promise<string> {
  return browser.serviceWorker.evaluate(async () => (await chrome.storage.local.get('connection')).connection.token as string);
}

/** `GET /api/v1/annotations?ticket=` as the extension's member. */
export async function annotationsOf(worker: RunningWorker, token: string, key: string): Promise<{ items: Array<Record<string, any>> }> {
  const res = await fetch(`${worker.baseUrl}/api/v1/annotations?ticket=${encodeURIComponent(key)}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`listing annotations answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Waits until the Worker lists at least one annotation for the ticket, and returns the list. */
export function waitForAnnotations(worker: RunningWorker, token: string, key: string, timeoutMs = 30_000) {
  return waitFor(`an annotation on ${key} in the API`, async () => {
    const list = await annotationsOf(worker, token, key);
    return list.items.length ? list : undefined;
  }, timeoutMs);
}

/** Collects errors thrown or logged by Steward's own code on a page (not the host page's). */
export function stewardErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => {
    if (e.stack?.includes('chrome-extension://')) errors.push(e.message);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && m.location().url.startsWith('chrome-extension://')) errors.push(m.text());
  });
  return errors;
}
