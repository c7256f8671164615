// Initiatives, end to end in real Chromium against the real Worker: staff link two tagged RT
// tickets into a new initiative from the side panel (keyboard only) → the admin fills in the
// specification, a KPI and the budget in the options page → the report's web view approves it
// → the provider answers on its web page → a KPI reading after the KPI's date → "Did it work?"
// says met.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, CHROMIUM_HINT, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { serveFixtures } from './support/fixture-server';
import { freePort } from './support/ports';
import { apiCall, axeFindings, connectExtension, extensionToken, openPanelFor, stewardErrors, tagInPanel, waitForAnnotations } from './support/steward';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';
// @ts-expect-error: a plain ESM script shared with `npm start`, without type declarations
import { startMailSink } from '../../scripts/mail-sink.mjs';

if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);

/** A calendar date `days` from today (UTC). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!CHROMIUM)('initiatives: from tagged tickets to "did it work?"', () => {
  let worker: RunningWorker;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  let browser: ExtensionBrowser;
  let adminToken: string;
  let inviteCode: string;
  let kpiId: string;
  let sink: { smtpPort: number; close(): Promise<void> };

  beforeAll(async () => {
    // The report goes out for real (to a local SMTP sink), so its signed web view exists.
    sink = await startMailSink();
    const port = await freePort();
    [worker, site, browser] = await Promise.all([
      startWorker({
        port,
        vars: {
          STEWARD_LINK_SECRET: `e2e-link-secret-${crypto.randomUUID()}`, STEWARD_PUBLIC_URL: `http://127.0.0.1:${port}`, STEWARD_EMAIL_TRANSPORT: 'smtp',
          STEWARD_EMAIL_FROM: 'reports@steward.localhost', STEWARD_SMTP_HOST: '127.0.0.1', STEWARD_SMTP_PORT: String(sink.smtpPort),
        },
      }),
      serveFixtures({ '/rt/Ticket/Display.html': 'rt/ticket-display.html' }),
      launchWithExtension(),
    ]);
    ({ adminToken, inviteCode } = await seedWorkspace(worker, { name: 'Priya Shah', role: 'admin' }));
    kpiId = (await apiCall(worker, adminToken, 'POST', '/api/v1/taxonomy/kpis', { name: 'Patient check-in time', unit: 'minutes', target: 5, direction: 'lower_is_better' })).id;
    // The provider's person joined (as the extension would redeem the invite): BrightIT delivers.
    const { code } = await apiCall(worker, adminToken, 'POST', '/api/v1/invites', { role: 'provider', name: 'Pat Kim', providerCompany: 'BrightIT' });
    await fetch(`${worker.baseUrl}/api/v1/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    await apiCall(worker, adminToken, 'POST', '/api/v1/report-recipients', { email: 'lena@acme-dental.example', name: 'Dr. Lena Park' });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), worker?.stop(), site?.close(), sink?.close()]);
  });

  /** Tags RT ticket `id` in the side panel and answers the tag's id. */
  async function tagTicket(id: number, summary: string): Promise<{ panel: Page; tagId: string }> {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/rt/Ticket/Display.html?id=${id}`);
    const key = `rt:127.0.0.1:${new URL(site.origin).port}:${id}`;
    await expect.poll(() => page.locator('steward-badge').getAttribute('data-ticket-key'), { timeout: 15_000 }).toBe(key);
    const panel = await openPanelFor(browser, page);
    await panel.setViewportSize({ width: 420, height: 1000 });
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain(`#${id}`);
    await tagInPanel(panel, { summary });
    const [tag] = (await waitForAnnotations(worker, await extensionToken(browser), key)).items;
    return { panel, tagId: tag!.id as string };
  }

  /** "Add to initiative…" on a card, with the keyboard: type, Enter. */
  async function addToInitiative(panel: Page, tagId: string, typed: string, expected: string) {
    const card = panel.locator(`.annotation[data-annotation-id="${tagId}"]`);
    await expect.poll(() => card.getByRole('button', { name: 'Add to initiative…' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    await card.getByRole('button', { name: 'Add to initiative…' }).click();
    const combobox = card.getByRole('combobox');
    await expect.poll(() => combobox.evaluate((el) => el === document.activeElement)).toBe(true);
    await panel.keyboard.type(typed);
    await expect.poll(() => card.getByRole('option').first().textContent(), { timeout: 15_000 }).toBe(expected);
    await panel.keyboard.press('Enter');
    await expect.poll(() => card.locator('.initiative-picker [role="status"]').textContent(), { timeout: 15_000 }).toMatch(/^Added to “Online check-in”/);
  }

  it('links two tickets, fills it in, is approved from the report, answered by the provider, and measured', { timeout: 300_000 }, async () => {
    // --- Staff: two tagged tickets, one new initiative, keyboard only.
    await (await connectExtension(browser, worker, inviteCode, 'Priya Shah')).close();
    const first = await tagTicket(1, 'Patients queue at the front desk every morning to check in.');
    const panelErrors = stewardErrors(first.panel);
    await addToInitiative(first.panel, first.tagId, 'Online check-in', 'Create “Online check-in”');
    const second = await tagTicket(2, 'The check-in kiosk freezes and patients are late for their slot.');
    await addToInitiative(second.panel, second.tagId, 'online', 'Online check-in (Proposed)');
    await expect.poll(() => second.panel.locator('.ticket-initiatives').textContent(), { timeout: 15_000 }).toBe('Part of: Online check-in (proposed)');
    await second.panel.screenshot({ path: join(ARTIFACTS, 'initiative-picker.png'), fullPage: true });
    expect(await axeFindings(second.panel)).toEqual([]);
    const { items: [proposed] } = await apiCall(worker, adminToken, 'GET', '/api/v1/initiatives');
    expect(proposed).toMatchObject({ title: 'Online check-in', state: 'proposed', evidence: { tags: 2, tickets: 2 } });

    // --- Admin: specification, KPI and budget in the options page.
    const options = await browser.openExtensionPage('options.html#initiatives');
    const optionsErrors = stewardErrors(options);
    await options.setViewportSize({ width: 1280, height: 1000 });
    const section = options.locator('#initiatives');
    await section.getByRole('button', { name: 'Show initiatives' }).click();
    await section.getByRole('button', { name: 'Online check-in' }).click();
    const editor = section.locator('.initiative');
    await editor.getByLabel('Specification').fill('Patients check in from the reminder text\nThe front desk sees who checked in');
    await editor.getByRole('button', { name: 'Add a KPI' }).click();
    await editor.getByLabel('Baseline').fill('9');
    await editor.getByLabel('Measured on').fill(inDays(-60));
    await editor.getByLabel('Target', { exact: true }).fill('5');
    await editor.getByLabel('Reached by').fill(inDays(-10));
    await editor.getByLabel('One-off budget (USD)').fill('4000');
    await editor.getByLabel('Monthly (USD)').fill('120');
    await editor.getByLabel('Delivered by').selectOption('BrightIT');
    await editor.getByRole('button', { name: 'Save initiative' }).click();
    await expect.poll(async () => (await apiCall(worker, adminToken, 'GET', `/api/v1/initiatives/${proposed.id}`)).initiative, { timeout: 15_000 }).toMatchObject({
      specification: ['Patients check in from the reminder text', 'The front desk sees who checked in'],
      kpis: [{ kpiId, baseline: 9, target: 5 }], budget: { oneOff: 4000, monthly: 120 }, providerCompany: 'BrightIT',
    });
    await section.screenshot({ path: join(ARTIFACTS, 'initiatives-section.png') });
    expect(await axeFindings(options)).toEqual([]);

    // --- The executive approves it in the report's web view.
    const sent = await apiCall(worker, adminToken, 'POST', '/api/v1/reports/send', {});
    expect(sent.webViewUrl).toEqual(expect.any(String));
    const report = await browser.context.newPage();
    await report.goto(sent.webViewUrl);
    const item = report.locator(`#initiative-${proposed.id}`);
    await expect.poll(() => item.textContent()).toContain('Raised 2 times by 1 line of business');
    expect(await item.textContent()).toContain('Cost: $4,000 once + $120 a month');
    await item.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => report.locator('.notice').textContent(), { timeout: 15_000 }).toContain('your decision was recorded');
    expect(await report.locator(`#initiative-${proposed.id}`).textContent()).toMatch(/Decided: Dr\. Lena Park approved it on/);
    await report.screenshot({ path: join(ARTIFACTS, 'initiative-decided.png'), fullPage: true });
    expect((await apiCall(worker, adminToken, 'GET', `/api/v1/initiatives/${proposed.id}`)).initiative.state).toBe('approved');

    // --- The provider answers on its web page.
    const patId = (await apiCall(worker, adminToken, 'GET', '/api/v1/members')).items.find((m: { name: string }) => m.name === 'Pat Kim').id;
    const link = await apiCall(worker, adminToken, 'POST', `/api/v1/members/${patId}/provider-link`);
    const providerPage = await browser.context.newPage();
    await providerPage.goto(link.url);
    const mine = providerPage.locator(`#item-${proposed.id}`);
    await expect.poll(() => mine.textContent()).toContain('Patients check in from the reminder text');
    await mine.getByLabel('In progress').check();
    await mine.getByLabel(/^Expected by/).fill(inDays(-12));
    await mine.getByLabel(/^Your plan/).fill('Reminder texts get a check-in link; desk screen shows arrivals.');
    await mine.getByRole('button', { name: 'Send answer' }).click();
    await expect.poll(() => providerPage.locator(`#item-${proposed.id} .answer-now`).textContent(), { timeout: 15_000 }).toMatch(/^Your latest answer: In progress/);

    // --- Delivered, then measured after the KPI's date: the report says it worked.
    let current = (await apiCall(worker, adminToken, 'GET', `/api/v1/initiatives/${proposed.id}`)).initiative;
    for (const state of ['in_progress', 'delivered']) current = await apiCall(worker, adminToken, 'PATCH', `/api/v1/initiatives/${proposed.id}`, { version: current.version, state });
    await apiCall(worker, adminToken, 'POST', `/api/v1/taxonomy/kpis/${kpiId}/readings`, { value: 4.5, recordedOn: inDays(-5) });
    const preview = await apiCall(worker, adminToken, 'GET', '/api/v1/reports/preview');
    expect(preview.text).toContain('DID IT WORK?\n  - Online check-in\n    Patient check-in time 4.5 minutes, target 5 — met');
    expect(preview.html).toContain('Patient check-in time 4.5 minutes, target 5 — met');
    expect(panelErrors).toEqual([]);
    expect(optionsErrors).toEqual([]);
  });
});
