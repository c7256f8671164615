// The dialogue meeting, end to end in real Chromium against the real Worker: the admin runs the
// meeting from the options page on its own page (keyboard first) and records a decision and two
// action items — one for the provider company, one for IT staff, due today — then closes it;
// the minutes arrive at the local mail sink; the provider's person (a second browser profile)
// finds its action item in the side panel and answers it done; a day later the staff member's
// item is past its date, and the next report shows one done and one late.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, CHROMIUM_HINT, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { apiCall, axeFindings, connectExtension, stewardErrors } from './support/steward';
import { freePort } from './support/ports';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';
// @ts-expect-error: a plain ESM script shared with `npm start`, without type declarations
import { startMailSink } from '../../scripts/mail-sink.mjs';

if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);

const ROOT = resolve(import.meta.dirname, '../..');
const TIME_ZONE = 'America/Chicago';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The workspace's date `days` from today (YYYY-MM-DD): due dates are the client's calendar dates. */
function dayIn(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
/** "3 Dec", as the report writes a date. */
const short = (date: string) => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;

interface SinkMessage { subject: string; to: string; text: string; html: string; envelope: { to: string[] } }

describe.skipIf(!CHROMIUM)('the dialogue meeting: run in the browser, minutes by email, carried into the next report', () => {
  let worker: RunningWorker;
  let staff: ExtensionBrowser;
  let provider: ExtensionBrowser;
  let sink: { smtpPort: number; messages: SinkMessage[]; close(): Promise<void> };
  let adminToken: string;
  let priyaCode: string;
  let providerCode: string;

  beforeAll(async () => {
    sink = await startMailSink();
    const port = await freePort();
    [worker, staff, provider] = await Promise.all([
      startWorker({
        port,
        vars: {
          STEWARD_LINK_SECRET: `e2e-link-secret-${crypto.randomUUID()}`, STEWARD_PUBLIC_URL: `http://127.0.0.1:${port}`, STEWARD_EMAIL_TRANSPORT: 'smtp',
          STEWARD_EMAIL_FROM: 'reports@steward.localhost', STEWARD_SMTP_HOST: '127.0.0.1', STEWARD_SMTP_PORT: String(sink.smtpPort),
        },
      }),
      launchWithExtension(),
      launchWithExtension(),
    ]);
    ({ adminToken, inviteCode: priyaCode } = await seedWorkspace(worker, { name: 'Priya Shah', role: 'admin' }));
    providerCode = (await apiCall(worker, adminToken, 'POST', '/api/v1/invites', { role: 'provider', name: 'Pat Kim', providerCompany: 'BrightIT', email: 'pat@brightit.example' })).code;
    // Sam from IT staff joined (as the extension would redeem the invite): an owner of action items.
    const { code } = await apiCall(worker, adminToken, 'POST', '/api/v1/invites', { role: 'staff', name: 'Sam Lee', email: 'sam@acme-dental.example' });
    await fetch(`${worker.baseUrl}/api/v1/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    // On the report's agenda: a proposed initiative is a decision the meeting takes.
    await apiCall(worker, adminToken, 'POST', '/api/v1/initiatives', { title: 'Online check-in', gap: 'Patients queue at the front desk to check in.' });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await Promise.allSettled([staff?.close(), provider?.close(), worker?.stop(), sink?.close()]);
  });

  /** The item on screen, once the agenda moved there. */
  const heading = (page: Page) => page.locator('#item-title').textContent();

  it('records a decision and two action items, sends the minutes, and the report shows one done and one late', { timeout: 300_000 }, async () => {
    // --- Everyone connected: Priya (admin) runs the meeting; Pat (BrightIT) answers in a browser of its own.
    const options = await connectExtension(staff, worker, priyaCode, 'Priya Shah');
    await (await connectExtension(provider, worker, providerCode, 'Pat Kim')).close();
    const members: Array<{ id: string; name: string }> = (await apiCall(worker, adminToken, 'GET', '/api/v1/members')).items;
    const idOf = (name: string) => members.find((m) => m.name === name)!.id;
    const ws = await apiCall(worker, adminToken, 'GET', '/api/v1/workspace');
    const settings = await apiCall(worker, adminToken, 'GET', '/api/v1/meeting');
    await apiCall(worker, adminToken, 'PATCH', '/api/v1/meeting', {
      version: settings.settings.version, enabled: true, startTime: `${String(Math.min(ws.schedule.hour + 2, 23)).padStart(2, '0')}:00`,
      memberIds: [idOf('Sam Lee'), idOf('Pat Kim')], emails: ['lena@acme-dental.example'],
    });

    // --- The options page opens meeting mode in a tab of its own.
    await options.reload();
    const run = options.locator('#reports').getByRole('button', { name: 'Run the meeting' });
    const [page] = await Promise.all([staff.context.waitForEvent('page'), run.click()]);
    const pageErrors = stewardErrors(page);
    await page.setViewportSize({ width: 1366, height: 800 });
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Online check-in');
    await expect.poll(() => page.url()).toMatch(/\/meeting\.html\?id=[0-9a-f-]{36}$/);
    expect(await page.getByTestId('save-state').textContent()).toBe('Saved');

    // Keyboard only: raise an item (o), go to it, write the decision, add two action items.
    await page.keyboard.press('o');
    await page.keyboard.type('Front desk printers keep jamming');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Front desk printers keep jamming');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('decision');
    await page.keyboard.type('Replace both printers before the holidays.');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 15_000 }).toBe('Saved');
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('action-what');
    const form = page.locator('form[aria-label="New action item"]');
    const due = dayIn(7);
    await page.keyboard.type('Order two printers and install them');
    await form.getByLabel('Owner').selectOption('provider:BrightIT');
    await form.getByLabel('Due date').fill(due);
    await form.getByLabel('What').press('Enter');
    const items = page.locator('.current-item .action-item:not(.is-pending) .action-what');
    await expect.poll(() => items.allTextContents(), { timeout: 15_000 }).toEqual(['Order two printers and install them']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('action-what');
    // Due today: the nearest date the Worker takes.
    await page.keyboard.type('Tell the front desk which printer to use meanwhile');
    await form.getByLabel('Owner').selectOption(`member:${idOf('Sam Lee')}`);
    await form.getByLabel('Due date').fill(dayIn(0));
    await form.getByLabel('Owner').press('Enter');
    await expect.poll(() => items.allTextContents(), { timeout: 15_000 }).toEqual(['Order two printers and install them', 'Tell the front desk which printer to use meanwhile']);
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 15_000 }).toBe('Saved');
    expect(await page.locator('.agenda-item[aria-current="step"] .agenda-marks').textContent()).toBe('Decided2 actions');
    // Alt+↑ goes back a step while the keyboard is in a field.
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => heading(page)).toBe('Online check-in');
    await page.screenshot({ path: join(ARTIFACTS, 'meeting-mode.png'), fullPage: true });
    expect(await axeFindings(page)).toEqual([]);

    // A reload (a tab closed and opened again) finds everything on the server.
    await page.reload();
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBeTruthy();
    await page.getByRole('button', { name: /Front desk printers keep jamming/ }).click();
    await expect.poll(() => page.locator('#decision').inputValue()).toBe('Replace both printers before the holidays.');

    // --- Close: asked first, then the minutes go out, and the page says to whom.
    await page.getByRole('button', { name: 'Close the meeting and send the minutes' }).click();
    await page.getByRole('button', { name: 'Close and send the minutes' }).click();
    const outcomes = page.getByTestId('minutes-outcomes');
    await expect.poll(() => outcomes.textContent(), { timeout: 30_000 }).toMatch(/^The minutes went to /);
    for (const email of ['sam@acme-dental.example', 'pat@brightit.example', 'lena@acme-dental.example']) expect(await outcomes.textContent()).toContain(email);
    expect(await page.locator('.minutes-items').textContent()).toContain('Decision: Replace both printers before the holidays.');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'meeting-minutes.png'), fullPage: true });
    expect(await axeFindings(page)).toEqual([]);

    const minutesMail = () => sink.messages.filter((m) => m.subject.startsWith('Minutes: dialogue meeting for Acme Dental'));
    await expect.poll(() => minutesMail().length, { timeout: 30_000 }).toBe(3);
    const minutes = minutesMail();
    expect(minutes.flatMap((m) => m.envelope.to).sort()).toEqual(['lena@acme-dental.example', 'pat@brightit.example', 'sam@acme-dental.example']);
    const text = minutes[0]!.text;
    expect(text).toContain('  - Front desk printers keep jamming\n    Decided: Replace both printers before the holidays.');
    expect(text).toContain(`  - Order two printers and install them\n    BrightIT (provider), due ${short(due)} ${due.slice(0, 4)}`);
    expect(text).toContain(`  - Tell the front desk which printer to use meanwhile\n    Sam Lee, due ${short(dayIn(0))} ${dayIn(0).slice(0, 4)}`);
    expect(minutes[0]!.html).toContain('Replace both printers before the holidays.');

    // --- The provider finds its action item in the side panel and answers it done.
    const inbox = await provider.openExtensionPage('sidepanel.html');
    const inboxErrors = stewardErrors(inbox);
    await inbox.setViewportSize({ width: 420, height: 1000 });
    const card = inbox.locator('.provider-actions .inbox-item', { hasText: 'Order two printers and install them' });
    await expect.poll(() => card.getByTestId('action-answer').textContent(), { timeout: 15_000 }).toBe('Waiting for your answer');
    expect(await inbox.locator('.provider-actions .inbox-item').count()).toBe(1);
    await card.getByRole('button', { name: 'Answer' }).click();
    const answer = card.locator('form[aria-label="Answer for the action item"]');
    await answer.getByLabel('Done').check();
    await answer.getByLabel(/^Note for Acme Dental/).fill('Both printers installed; the old ones are collected Friday.');
    await answer.getByRole('button', { name: 'Send answer' }).click();
    await expect.poll(() => card.getByTestId('action-answer').textContent(), { timeout: 15_000 }).toBe('Your answer: Done: Both printers installed; the old ones are collected Friday.');
    await inbox.screenshot({ path: join(ARTIFACTS, 'provider-action-items.png'), fullPage: true });
    expect(await axeFindings(inbox)).toEqual([]);

    // --- A day passes: the staff item, due "today", is now past its date. The Worker has no clock
    // to move, so its due date moves back a day instead (the Worker stopped meanwhile).
    await worker.halt();
    const moved = spawnSync(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'd1', 'execute', 'DB', '--local', '--persist-to', worker.stateDir,
      '--command', `UPDATE action_items SET due_on = '${dayIn(-1)}' WHERE what = 'Tell the front desk which printer to use meanwhile'`], {
      cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' }, encoding: 'utf8',
    });
    expect(moved.status, `${moved.stdout}\n${moved.stderr}`).toBe(0);
    await worker.restart();

    // --- The next report: one done, one late, counted for the provider.
    const preview = await apiCall(worker, adminToken, 'GET', '/api/v1/reports/preview');
    expect(preview.text).toContain('Action items from the dialogue meeting:');
    expect(preview.text).toContain(`From the meeting on ${short(dayIn(0))}: Order two printers and install them — BrightIT (provider), due ${short(due)} — done ${short(dayIn(0))}`);
    expect(preview.text).toContain(`From the meeting on ${short(dayIn(0))}: Tell the front desk which printer to use meanwhile — Sam Lee, due ${short(dayIn(-1))} — late`);
    expect(preview.html).toMatch(/Late:<\/strong> From the meeting on [^<]*: Tell the front desk which printer to use meanwhile — Sam Lee, due [^<]* — late</);
    expect(preview.html).toMatch(/>From the meeting on [^<]*: Order two printers and install them — BrightIT \(provider\), due [^<]* — done [^<]*</);
    expect(preview.text).toContain('BrightIT, 1 action item from the dialogue meeting: 0 open (none overdue), 1 done this period');
    expect(pageErrors).toEqual([]);
    expect(inboxErrors).toEqual([]);
  });
});
