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
import { annotationsOf, apiCall, connectExtension, extensionToken, openPanelFor, stewardErrors, tagInPanel, waitForAnnotations } from './support/steward';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';

const installed = rtInstalled();
if (!CHROMIUM) console.warn(`[e2e] real Request Tracker test skipped: ${CHROMIUM_HINT}`);
else if (!installed) console.warn(`[e2e] real Request Tracker test skipped.\n${RT_INSTALL_HINT}`);

describe.skipIf(!CHROMIUM || !installed)('a real Request Tracker 5 ticket, tagged in Chromium', () => {
  let rt: RtInstance;
  let worker: RunningWorker;
  let browser: ExtensionBrowser;
  let inviteCode: string;
  let adminToken: string;
  // Shared by the steps below: the ticket tagged in the first is resolved in RT in the second.
  let ticket: { id: number; url: string };
  let key: string;
  const subject = 'Check-in kiosk freezes after the morning update';

  beforeAll(async () => {
    [rt, worker, browser] = await Promise.all([startRt({ pathPrefix: '/rt' }), startWorker(), launchWithExtension()]);
    ({ inviteCode, adminToken } = await seedWorkspace(worker));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), worker?.stop(), rt?.stop()]);
  });

  it('badges the live ticket page, tags it from the side panel, and the Worker stores it under the RT subject', async () => {
    ticket = await rt.createTicket(subject, { status: 'open' });
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

    key = `rt:127.0.0.1:${rt.port}:${ticket.id}`;
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

  it('knows when RT resolves the ticket: the side panel offers to resolve the tag, and the report says so with the date', async () => {
    expect(key, 'the tagging step ran first').toBeTruthy();
    // Someone resolves the ticket in RT itself, through its REST 2.0 API.
    await rt.updateTicket(ticket.id, { Status: 'resolved' });

    // The page opened again (the earlier tab closed: the panel finds its tab by address).
    for (const open of browser.context.pages()) if (open.url() === ticket.url) await open.close();
    const ticketPage = await browser.context.newPage();
    const errors = stewardErrors(ticketPage);
    await ticketPage.goto(ticket.url);
    const badge = ticketPage.locator('steward-badge');
    await expect.poll(() => badge.getAttribute('data-ticket-key'), { timeout: 15_000 }).toBe(key);
    // The badge says it in a few words; the side panel asks.
    await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).toMatch(/ticket resolved/i);
    const panel = await openPanelFor(browser, ticketPage);
    await expect.poll(() => panel.getByTestId('ticket-status').textContent(), { timeout: 15_000 }).toContain('Status in Request Tracker: resolved');
    const prompt = panel.getByTestId('resolve-prompt');
    await expect.poll(() => prompt.textContent(), { timeout: 15_000 }).toContain('Resolve the tag?');
    expect(await prompt.textContent()).toContain('Request Tracker says this ticket is resolved');
    await panel.screenshot({ path: join(ARTIFACTS, 'sidepanel-real-rt-resolved.png') });

    // The browser told the Worker what the page showed: the ticket's record and its history.
    const token = await extensionToken(browser);
    const facts = async () => (await apiCall(worker, token, 'GET', `/api/v1/tickets/facts?key=${encodeURIComponent(key)}`)).ticket;
    await expect.poll(async () => (await facts())?.status, { timeout: 30_000 }).toBe('resolved');
    const known = await facts();
    expect(known).toMatchObject({ category: 'resolved', source: 'page', title: subject });
    expect(known.events.map((e: { kind: string; from: string; to: string }) => `${e.kind} ${e.from}→${e.to}`)).toEqual(['status_changed open→resolved']);

    // The next report states it as a fact from the tool, dated, beside the tag still open.
    const preview = await apiCall(worker, adminToken, 'GET', '/api/v1/reports/preview');
    const today = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', month: 'short', day: 'numeric' }).formatToParts(new Date());
    const dayText = `${today.find((p) => p.type === 'day')!.value} ${today.find((p) => p.type === 'month')!.value}`;
    const line = (preview.text as string).split('\n').find((l) => l.includes(`Request Tracker #${ticket.id}`));
    expect(line, preview.text).toBeDefined();
    expect(line).toContain(`resolved by ${dayText}`);
    expect(line).toContain('seen on the ticket page');
    expect(preview.html).toContain(`Request Tracker #${ticket.id}`);

    // One click resolves the tag.
    await prompt.getByRole('button', { name: 'Resolve the tag' }).click();
    await expect.poll(async () => (await annotationsOf(worker, token, key)).items[0]?.state, { timeout: 30_000 }).toBe('resolved');
    expect(errors).toEqual([]);
  });
});
