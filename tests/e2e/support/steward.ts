import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import { waitFor } from './ports';

/** What these helpers need of a running Worker (worker.ts imports this module: no circle back). */
interface RunningWorker { baseUrl: string }

/** Connects the extension the way a person does: the options page, the address, the invite code. */
export async function connectExtension(browser: ExtensionBrowser, worker: RunningWorker, inviteCode: string, expectName = 'Priya Shah'): Promise<Page> {
  const options = await browser.openExtensionPage('options.html');
  await options.getByLabel('Steward address').fill(worker.baseUrl);
  await options.getByLabel('Invite code').fill(inviteCode);
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
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

/** A call to the Worker's API with a member's token, as the tests' "someone else" makes it. */
export async function apiCall(worker: RunningWorker, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${worker.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG A/AA and best-practice findings on the page as it is now, one line each. */
export async function axeFindings(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE); // through DevTools: extension pages' CSP refuses inline scripts
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> };
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: object): Promise<Result> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}
