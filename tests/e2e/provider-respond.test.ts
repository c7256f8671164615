// The provider's side, end to end in real Chromium against the real Worker: staff (one browser
// profile) share a tag on the Request Tracker ticket with the provider company; the provider's
// person (a second profile, connected with a provider invite) finds it in the inbox and answers
// "in progress" with an expected date; staff see the answer on the card; and the report's
// provider accountability counts it as answered, with the time it took.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { day } from '../../extension/ui/annotation-words';
import { ARTIFACTS, CHROMIUM, CHROMIUM_HINT, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { serveFixtures } from './support/fixture-server';
import { annotationsOf, apiCall, axeFindings, connectExtension, extensionToken, openPanelFor, stewardErrors, waitForAnnotations } from './support/steward';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';

if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);



/** A calendar date `days` from today (UTC), as a date input holds it. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!CHROMIUM)('the provider answers what was shared with it', () => {
  let worker: RunningWorker;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  let staff: ExtensionBrowser;
  let provider: ExtensionBrowser;
  let adminToken: string;
  let staffCode: string;
  let providerCode: string;

  beforeAll(async () => {
    [worker, site, staff, provider] = await Promise.all([
      startWorker(),
      serveFixtures({ '/rt/Ticket/Display.html': 'rt/ticket-display.html' }),
      launchWithExtension(),
      launchWithExtension(),
    ]);
    ({ adminToken, inviteCode: staffCode } = await seedWorkspace(worker, { name: 'Priya Shah', role: 'admin' }));
    // The admin invited the provider's person: staff can share with BrightIT from then on.
    providerCode = (await apiCall(worker, adminToken, 'POST', '/api/v1/invites', { role: 'provider', name: 'Pat Kim', providerCompany: 'BrightIT', email: 'pat@brightit.example' })).code;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await Promise.allSettled([staff?.close(), provider?.close(), worker?.stop(), site?.close()]);
  });

  it('staff share a tag with BrightIT → Pat answers "in progress" with a date → staff and the report show it', async () => {
    // --- Staff: tag the RT ticket and share it with the provider.
    await (await connectExtension(staff, worker, staffCode, 'Priya Shah')).close();
    const ticketPage = await staff.context.newPage();
    await ticketPage.goto(`${site.origin}/rt/Ticket/Display.html?id=1`);
    const key = `rt:127.0.0.1:${new URL(site.origin).port}:1`;
    await expect.poll(() => ticketPage.locator('steward-badge').getAttribute('data-ticket-key'), { timeout: 15_000 }).toBe(key);
    const panel = await openPanelFor(staff, ticketPage);
    const staffErrors = stewardErrors(panel);
    await panel.setViewportSize({ width: 420, height: 1000 });
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain('#1');
    const summary = 'Front desk printer jams twice a day; patients wait at check-in.';
    await panel.getByLabel(/Summary/).fill(summary);
    await panel.getByLabel('Line of business').fill('Front office');
    await panel.getByLabel('Stakeholder').fill('Dana Ortiz');
    await panel.getByLabel('Impact').selectOption({ label: 'Customers' });
    await panel.getByLabel('Priority').selectOption('high');
    await panel.getByLabel('Who may see it').selectOption('provider');
    // One provider company: it is the one, already chosen.
    const sharedWith = panel.getByLabel('Shared with');
    await expect.poll(() => sharedWith.inputValue(), { timeout: 15_000 }).toBe('BrightIT');
    await panel.getByLabel(/Summary/).focus();
    await panel.keyboard.press('Control+Enter');

    const staffToken = await extensionToken(staff);
    const [tag] = (await waitForAnnotations(worker, staffToken, key)).items;
    expect(tag).toMatchObject({ summary, visibility: 'provider', sharedWith: 'BrightIT', providerStatus: null });
    const card = panel.locator(`.annotation[data-annotation-id="${tag!.id}"]`);
    await expect.poll(() => card.locator('.visibility-provider').textContent(), { timeout: 15_000 }).toBe('Shared with BrightIT');
    await expect.poll(() => card.locator('.provider-waiting').textContent(), { timeout: 15_000 }).toBe('Waiting for BrightIT to answer');

    // --- Provider: a second browser, connected with the provider invite; the side panel opens on the inbox.
    await (await connectExtension(provider, worker, providerCode, 'Pat Kim')).close();
    // Pat works in BrightIT's own tool: no ticket of the client's on the page, the inbox is there anyway.
    const inbox = await provider.openExtensionPage('sidepanel.html');
    const providerErrors = stewardErrors(inbox);
    await inbox.setViewportSize({ width: 420, height: 1000 });
    await expect.poll(() => inbox.locator('h1').textContent(), { timeout: 15_000 }).toBe('Shared with BrightIT by Acme Dental');
    const item = inbox.locator(`.inbox-group .inbox-item[data-annotation-id="${tag!.id}"]`);
    await expect.poll(() => item.locator('.summary').textContent(), { timeout: 15_000 }).toBe(summary);
    await expect.poll(() => inbox.getByTestId('inbox-counts').textContent()).toBe('1 waiting for your answer · 0 past the date you gave · 1 shared in all');
    expect(await item.getByTestId('answer-state').textContent()).toBe('Waiting for your answer');
    expect(await item.getByRole('link').getAttribute('href')).toBe(`${site.origin}/rt/Ticket/Display.html?id=1`);
    expect(await inbox.locator('form[aria-label="Tag this ticket"]').count()).toBe(0);
    await inbox.screenshot({ path: join(ARTIFACTS, 'provider-inbox.png'), fullPage: true });
    expect(await axeFindings(inbox)).toEqual([]);

    const eta = inDays(10);
    await item.getByRole('button', { name: 'Answer' }).click();
    const form = item.locator('form[aria-label="Answer"]');
    await form.getByLabel('In progress').check();
    await form.getByLabel(/^Expected by/).fill(eta);
    await form.getByLabel(/^Note for Acme Dental/).fill('Replacement rollers ordered; technician on site Thursday.');
    await item.screenshot({ path: join(ARTIFACTS, 'provider-answer-form.png') });
    expect(await axeFindings(inbox)).toEqual([]);
    await form.getByRole('button', { name: 'Send answer' }).click();

    const answered = `Your answer: In progress, expected ${day(eta)}`;
    await expect.poll(() => item.getByTestId('answer-state').textContent(), { timeout: 15_000 }).toBe(answered);
    await expect.poll(() => inbox.getByTestId('inbox-counts').textContent()).toBe('0 waiting for your answer · 0 past the date you gave · 1 shared in all');
    expect(await inbox.evaluate(async () => (await chrome.storage.local.get('outbox')).outbox ?? [])).toEqual([]);
    await inbox.screenshot({ path: join(ARTIFACTS, 'provider-answered.png'), fullPage: true });

    // The Worker has it as Pat's answer, once.
    const { updates } = await apiCall(worker, staffToken, 'GET', `/api/v1/annotations/${tag!.id}`);
    expect(updates).toEqual([expect.objectContaining({
      kind: 'provider_status', providerStatus: 'in_progress', eta, note: 'Replacement rollers ordered; technician on site Thursday.',
      author: expect.objectContaining({ name: 'Pat Kim', providerCompany: 'BrightIT' }),
    })]);

    // The popup offers the inbox too (providers rarely stand on the client's ticket).
    const popup = await provider.openExtensionPage(`popup.html?tabId=${await provider.tabIdOf(inbox)}`);
    await expect.poll(() => popup.getByTestId('inbox-summary').textContent(), { timeout: 15_000 }).toBe('0 waiting for your answer, 0 past the date you gave (1 shared).');
    expect(await popup.getByRole('button', { name: 'Open your inbox' }).count()).toBe(1);
    await popup.close();

    // --- Staff see the answer on the card.
    await panel.reload();
    await expect.poll(() => card.locator('.provider-status').textContent(), { timeout: 15_000 }).toContain(`In progress, expected ${day(eta)}`);
    expect(await card.locator('.provider-waiting').count()).toBe(0);
    await card.getByRole('button', { name: 'Show timeline' }).click();
    await expect.poll(() => card.locator('.timeline li span').allTextContents(), { timeout: 15_000 }).toEqual([
      'Priya Shah — Tagged this.',
      `Pat Kim (BrightIT) — In progress, expected ${day(eta)}: Replacement rollers ordered; technician on site Thursday.`,
    ]);
    await card.screenshot({ path: join(ARTIFACTS, 'staff-card-provider-answer.png') });
    expect(await axeFindings(panel)).toEqual([]);

    // --- The next report's provider accountability: shared 1, answered 1, and how long it took.
    const preview = await apiCall(worker, adminToken, 'GET', '/api/v1/reports/preview');
    expect(preview.html).toContain('Provider accountability');
    expect(preview.html).toMatch(/<th[^>]*>Answered<\/th>/);
    expect(preview.html).toMatch(/<th[^>]*>Time to answer<\/th>/);
    const row = /<td>BrightIT<\/td><td align="right">(\d+)<\/td><td align="right">(\d+)<\/td><td align="right">([^<]+)<\/td>/.exec(preview.html);
    expect(row?.slice(1)).toEqual(['1', '1', '&lt; 1 h']);
    expect(preview.text).toContain(summary);

    // What staff list is the same tag, answered.
    expect((await annotationsOf(worker, staffToken, key)).items[0]).toMatchObject({ providerStatus: { status: 'in_progress', eta } });
    expect(staffErrors).toEqual([]);
    expect(providerErrors).toEqual([]);
  });
});
