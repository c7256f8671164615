// Tagging while Steward is unreachable: the tag waits in the outbox (shown as waiting in the
// side panel and the badge), survives the MV3 service worker being stopped and the browser
// being restarted, and reaches the Worker exactly once when it is back.
//
// "Unreachable" is the Worker process stopped and later started again on the same port with
// the same D1 state: `context.setOffline()` does not reach the extension's service worker, and
// a real outage looks like this to the extension (connection refused).
//
// The retry is the product's own: when a ticket's tags are fetched successfully (opening the
// side panel, coming back to a ticket tab), the background sends what is waiting at once
// instead of at its backoff time (extension/core/background/tickets.ts, sendWaitingNow).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, CHROMIUM_HINT, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { serveFixtures } from './support/fixture-server';
import { annotationsOf, connectExtension, extensionToken, openPanelFor, stewardErrors, tagInPanel, waitForAnnotations } from './support/steward';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';

if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);

/** The outbox as the extension keeps it, read from one of its pages. */
const outboxOf = (page: Page) => page.evaluate(async () => ((await chrome.storage.local.get('outbox')).outbox ?? []) as Array<{ id: string; attempts: number; lastError?: string; body: { summary: string } }>);

describe.skipIf(!CHROMIUM)('offline, then online: the tag arrives exactly once', () => {
  let worker: RunningWorker;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  let browser: ExtensionBrowser;
  let token: string;
  let ticketUrl: string;
  let key: string;

  beforeAll(async () => {
    [worker, site, browser] = await Promise.all([
      startWorker(),
      serveFixtures({ '/rt/Ticket/Display.html': 'rt/ticket-display.html' }),
      launchWithExtension(),
    ]);
    const { inviteCode } = await seedWorkspace(worker);
    await (await connectExtension(browser, worker, inviteCode)).close();
    token = await extensionToken(browser);
    ticketUrl = `${site.origin}/rt/Ticket/Display.html?id=1`;
    key = `rt:127.0.0.1:${new URL(site.origin).port}:1`;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), worker?.stop(), site?.close()]);
  });

  it('keeps a tag made while Steward is down, through a service worker stop, and sends it once when Steward is back', async () => {
    const ticketPage = await browser.context.newPage();
    const errors = stewardErrors(ticketPage);
    await ticketPage.goto(ticketUrl);
    const badge = ticketPage.locator('steward-badge');
    await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).toContain('Tag for Steward');
    const panel = await openPanelFor(browser, ticketPage);
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain('#1');
    // The workspace's pick-lists are cached while Steward answers: the form works offline.
    await expect.poll(() => panel.locator('#impact option').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await worker.halt();
    const summary = 'Front desk cannot print patient forms; check-in takes twice as long.';
    await tagInPanel(panel, { summary });

    // Waiting, and said so: in the panel, in the badge, and in storage.
    const row = panel.locator('.annotation.is-pending');
    await expect.poll(() => row.locator('.byline').textContent(), { timeout: 15_000 }).toBe('Sending…');
    await expect.poll(() => row.locator('.hint').textContent(), { timeout: 15_000 }).toMatch(/^Offline/);
    await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).toContain('1 sending');
    expect(await badge.locator('button').textContent()).toContain('1 open tag');
    const queued = await outboxOf(panel);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ body: { summary } });
    expect(queued[0]!.attempts).toBeGreaterThanOrEqual(1);
    await panel.screenshot({ path: join(ARTIFACTS, 'sidepanel-offline.png') });

    // The browser stops the idle service worker: nothing it held in memory matters.
    await browser.stopServiceWorker();
    expect(await outboxOf(panel)).toHaveLength(1);
    // As after a long outage: many failed attempts, the next one 10 minutes away.
    await panel.evaluate(async () => {
      const { outbox } = await chrome.storage.local.get('outbox');
      const later = new Date(Date.now() + 10 * 60_000).toISOString();
      await chrome.storage.local.set({ outbox: outbox.map((e: object) => ({ ...e, attempts: 8, nextAttemptAt: later })) });
    });

    // Steward is back. Opening the side panel again fetches the ticket's tags, which (the
    // Worker answering) sends the waiting tag now rather than in 10 minutes.
    await worker.restart();
    await panel.reload();
    await expect.poll(() => panel.locator('.annotation .byline').first().textContent(), { timeout: 20_000 }).toContain('Priya Shah');
    await expect.poll(() => panel.locator('.annotation.is-pending').count()).toBe(0);
    await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).not.toContain('sending');
    expect(await badge.locator('button').textContent()).toContain('1 open tag');
    expect(await outboxOf(panel)).toEqual([]);

    const list = await waitForAnnotations(worker, token, key);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: queued[0]!.id, summary, ticketKey: key, author: { name: 'Priya Shah' } });

    // Further flushes (the alarm, another panel) find nothing to send: still one.
    await panel.evaluate(() => chrome.runtime.sendMessage({ type: 'outbox:flush', payload: {} }));
    await panel.reload();
    await expect.poll(() => panel.locator('.annotation').count(), { timeout: 15_000 }).toBe(1);
    expect((await annotationsOf(worker, token, key)).items).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('keeps a tag queued across a browser restart and sends it once after', async () => {
    const ticketPage = await browser.context.newPage();
    await ticketPage.goto(ticketUrl.replace('id=1', 'id=2'));
    const key2 = key.replace(/:1$/, ':2');
    const panel = await openPanelFor(browser, ticketPage);
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain('#2');
    await expect.poll(() => panel.locator('#impact option').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await worker.halt();
    const summary = 'Billing exports fail every Monday; invoices go out a day late.';
    await tagInPanel(panel, { summary, priority: 'medium' });
    await expect.poll(() => panel.locator('.annotation.is-pending .byline').textContent(), { timeout: 15_000 }).toBe('Sending…');
    const [queued] = await outboxOf(panel);
    expect(queued).toMatchObject({ body: { summary } });

    // Quit the browser with the tag still waiting, and start it again on the same profile.
    const profileDir = browser.profileDir;
    const first = browser;
    browser = await (async () => {
      await first.context.close();
      return launchWithExtension({ profileDir });
    })();
    try {
      const popupTab = await browser.context.newPage();
      await popupTab.goto(ticketUrl.replace('id=1', 'id=2'));
      const badge = popupTab.locator('steward-badge');
      await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).toContain('1 sending');
      const popup = await browser.openExtensionPage(`popup.html?tabId=${await browser.tabIdOf(popupTab)}`);
      await expect.poll(() => popup.getByTestId('pending').textContent(), { timeout: 15_000 }).toMatch(/^1 tag waiting to be sent/);
      expect((await outboxOf(popup)).map((e) => e.id)).toEqual([queued!.id]);
      await popup.close();

      await worker.restart();
      const again = await openPanelFor(browser, popupTab);
      await expect.poll(() => again.locator('.annotation .byline').first().textContent(), { timeout: 20_000 }).toContain('Priya Shah');
      await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).not.toContain('sending');
      const list = await waitForAnnotations(worker, token, key2);
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({ id: queued!.id, summary });
    } finally {
      // The profile was handed over by path: the relaunched browser does not own it.
      await browser.close();
      rmSync(profileDir, { recursive: true, force: true });
    }
  });
});
