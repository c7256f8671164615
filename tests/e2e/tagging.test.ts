import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, CHROMIUM_HINT, launchWithExtension, settledDetection, type ExtensionBrowser } from './support/browser';
import { serveFixtures } from './support/fixture-server';
import { waitFor } from './support/ports';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';

if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);

describe.skipIf(!CHROMIUM)('tagging a ticket: extension → Worker → D1', () => {
  let worker: RunningWorker;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  let browser: ExtensionBrowser;
  let inviteCode: string;

  beforeAll(async () => {
    [worker, site, browser] = await Promise.all([
      startWorker(),
      serveFixtures({ '/rt/Ticket/Display.html': 'rt/ticket-display.html', '/rt/Search/Results.html': 'rt/ticket-display.html' }),
      launchWithExtension(),
    ]);
    inviteCode = (await seedWorkspace(worker)).inviteCode;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), worker?.stop(), site?.close()]);
  });

  it('badges an RT ticket page, saves a tag from the side panel, and the Worker stores it', async () => {
    // Before connecting, the badge is there and offers to connect.
    const ticketPage = await browser.context.newPage();
    const errors: string[] = [];
    // The saved page's own scripts fail offline (no jQuery); only errors from Steward count.
    ticketPage.on('pageerror', (e) => {
      if (e.stack?.includes('chrome-extension://')) errors.push(e.message);
    });
    ticketPage.on('console', (m) => {
      if (m.type() === 'error' && m.location().url.startsWith('chrome-extension://')) errors.push(m.text());
    });
    await ticketPage.goto(`${site.origin}/rt/Ticket/Display.html?id=1`);
    const badge = ticketPage.locator('steward-badge');
    const key = `rt:127.0.0.1:${new URL(site.origin).port}:1`;
    await expect.poll(() => badge.getAttribute('data-ticket-key'), { timeout: 15_000 }).toBe(key);
    await expect.poll(() => badge.locator('button').textContent()).toContain('Connect Steward');

    // Connect through the options page with the invite code.
    const options = await browser.openExtensionPage('options.html');
    await options.getByLabel('Steward address').fill(worker.baseUrl);
    await options.getByLabel('Invite code').fill(inviteCode);
    await options.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => options.getByTestId('who').textContent(), { timeout: 15_000 }).toContain('Priya Shah');
    await options.screenshot({ path: join(ARTIFACTS, 'options-connected.png') });

    // The side panel for that tab shows the ticket; tag it with the keyboard alone.
    await ticketPage.bringToFront();
    const tabId = await browser.tabIdOf(ticketPage);
    const panel = await browser.openExtensionPage(`sidepanel.html?tabId=${tabId}`);
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain('#1');
    await expect.poll(() => panel.locator('h1').textContent()).toContain('Printer on the 3rd floor jams');
    await panel.getByLabel(/Summary/).fill('Front desk cannot print patient forms; check-in takes twice as long.');
    await panel.getByLabel('Line of business').fill('Front office');
    await panel.getByLabel('Stakeholder').fill('Dana Ortiz');
    await panel.getByLabel('Impact').selectOption({ label: 'Customers' });
    await panel.getByLabel('Priority').selectOption('high');
    await panel.getByLabel(/Summary/).focus();
    await panel.keyboard.press('Control+Enter');
    await expect.poll(() => panel.locator('.annotation .byline').first().textContent(), { timeout: 15_000 }).toContain('Priya Shah');
    await panel.screenshot({ path: join(ARTIFACTS, 'sidepanel-tagged.png') });

    // The badge on the ticket page counts it.
    await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).toContain('1 open tag');
    await ticketPage.screenshot({ path: join(ARTIFACTS, 'badge-rt.png') });

    // Read it back from the Worker with the token the extension holds: it is in D1.
    const token = await browser.serviceWorker.evaluate(async () => (await chrome.storage.local.get('connection')).connection.token as string);
    const list = await waitFor('the tag in the API', async () => {
      const res = await fetch(`${worker.baseUrl}/api/v1/annotations?ticket=${encodeURIComponent(key)}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.json();
      return body.items.length ? body : undefined;
    });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      summary: 'Front desk cannot print patient forms; check-in takes twice as long.',
      labels: { lineOfBusiness: 'Front office', stakeholders: ['Dana Ortiz'], impact: 'Customers' },
      priority: 'high',
      horizon: 'now',
      visibility: 'team',
      ticketKey: key,
      ticketRef: { tool: 'rt', ticketId: '1', title: 'Printer on the 3rd floor jams' },
      author: { name: 'Priya Shah' },
    });
    expect(errors).toEqual([]);
  });

  it('adds nothing to pages that are not single tickets', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/rt/Search/Results.html?Query=Status%3D%27open%27`);
    expect(await settledDetection(page)).toBe('none'); // the script looked, and found no ticket
    expect(await page.locator('steward-badge').count()).toBe(0);
  });
});
