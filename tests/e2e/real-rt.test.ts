// The whole product against a real ticketing system: Request Tracker 5 (Debian's packages)
// served under /rt as real deployments do, a real ticket made through its REST 2.0 API, the
// built extension in Chromium, and the real Worker under wrangler dev.
//
//   npx vitest run --project e2e tests/e2e/real-rt.test.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT_INSTALL_HINT, loginCookie, rtInstalled, startRt, type RtInstance } from './rt/rt-server';
import { ARTIFACTS, CHROMIUM, CHROMIUM_HINT, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { connectExtension, extensionToken, openPanelFor, stewardErrors, tagInPanel, waitForAnnotations } from './support/steward';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';

const installed = rtInstalled();
if (!CHROMIUM) console.warn(`[e2e] real Request Tracker test skipped: ${CHROMIUM_HINT}`);
else if (!installed) console.warn(`[e2e] real Request Tracker test skipped.\n${RT_INSTALL_HINT}`);

describe.skipIf(!CHROMIUM || !installed)('a real Request Tracker 5 ticket, tagged in Chromium', () => {
  let rt: RtInstance;
  let worker: RunningWorker;
  let browser: ExtensionBrowser;
  let inviteCode: string;

  beforeAll(async () => {
    [rt, worker, browser] = await Promise.all([startRt({ pathPrefix: '/rt' }), startWorker(), launchWithExtension()]);
    inviteCode = (await seedWorkspace(worker)).inviteCode;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), worker?.stop(), rt?.stop()]);
  });

  it('badges the live ticket page, tags it from the side panel, and the Worker stores it under the RT subject', async () => {
    const subject = 'Check-in kiosk freezes after the morning update';
    const ticket = await rt.createTicket(subject, { status: 'open' });
    expect(ticket.url).toBe(`${rt.baseUrl}/Ticket/Display.html?id=${ticket.id}`);
    expect(new URL(ticket.url).pathname).toBe('/rt/Ticket/Display.html');

    await connectExtension(browser, worker, inviteCode);

    // Logged in as RT's root with the session cookie RT set (path /rt), then the real page.
    await browser.context.addCookies([(await loginCookie(rt.baseUrl)).cookie]);
    const ticketPage = await browser.context.newPage();
    const errors = stewardErrors(ticketPage);
    const res = await ticketPage.goto(ticket.url);
    expect(res?.status()).toBe(200);
    expect(ticketPage.url()).toBe(ticket.url); // not bounced to RT's login page
    await expect.poll(() => ticketPage.locator('#header h1').textContent()).toBe(`#${ticket.id}: ${subject}`);

    const key = `rt:127.0.0.1:${rt.port}:${ticket.id}`;
    const badge = ticketPage.locator('steward-badge');
    await expect.poll(() => badge.getAttribute('data-ticket-key'), { timeout: 15_000 }).toBe(key);
    await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).toContain('Tag for Steward');
    expect(await ticketPage.locator('steward-badge').count()).toBe(1);

    // The side panel names the ticket as RT shows it: number, subject and RT's status.
    const panel = await openPanelFor(browser, ticketPage);
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toBe(`#${ticket.id} ${subject}`);
    await expect.poll(() => panel.locator('.ticket .hint').textContent()).toContain('open');
    await tagInPanel(panel, { summary: 'Patients queue at the desk while the kiosk is down; ten minutes lost per check-in.' });
    await expect.poll(() => panel.locator('.annotation .byline').first().textContent(), { timeout: 15_000 }).toContain('Priya Shah');
    await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).toContain('1 open tag');
    await ticketPage.screenshot({ path: join(ARTIFACTS, 'badge-real-rt.png') });
    await panel.screenshot({ path: join(ARTIFACTS, 'sidepanel-real-rt.png') });

    const list = await waitForAnnotations(worker, await extensionToken(browser), key);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      summary: 'Patients queue at the desk while the kiosk is down; ten minutes lost per check-in.',
      labels: { lineOfBusiness: 'Front office', stakeholders: ['Dana Ortiz'], impact: 'Customers' },
      priority: 'high',
      ticketKey: key,
      ticketRef: { tool: 'rt', tenant: `127.0.0.1:${rt.port}`, ticketId: String(ticket.id), url: ticket.url, title: subject, status: 'open' },
      author: { name: 'Priya Shah' },
    });
    expect(errors).toEqual([]);
  });
});
