// The admin's first set-up, end to end in real Chromium against a real `wrangler dev`: the
// first admin connects with the invite code the operator got, builds the taxonomy and invites
// a staff member in the options page, the staff member connects in a second browser profile
// with that code and tags an RT ticket with the new line of business, and the admin finds the
// tag (in the API, in the report preview and in the Data export) and the staff member in People
// and Activity.
// Screenshots of each section land in artifacts/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, CHROMIUM_HINT, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { serveFixtures } from './support/fixture-server';
import { connectExtension, extensionToken, openPanelFor, stewardErrors, tagInPanel, waitForAnnotations } from './support/steward';
import { startWorker, type RunningWorker } from './support/worker';

if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is now, one readable line per rule and element. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: extension pages' CSP refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${JSON.stringify(n.target)}`));
  });
}

const shot = (what: Page | Locator, name: string) => what.screenshot({ path: join(ARTIFACTS, name) });

describe.skipIf(!CHROMIUM)('admin journey: set up a workspace in the options page, a new staff member tags with it', () => {
  let worker: RunningWorker;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  let admin: ExtensionBrowser;
  let staff: ExtensionBrowser | undefined;
  let firstAdminCode: string;

  beforeAll(async () => {
    [worker, site, admin] = await Promise.all([
      startWorker(),
      serveFixtures({ '/rt/Ticket/Display.html': 'rt/ticket-display.html' }),
      launchWithExtension(),
    ]);
    // What an operator does once: create the workspace; the answer holds the first admin's code.
    const res = await fetch(`${worker.baseUrl}/api/v1/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${worker.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme Dental', timeZone: 'America/Chicago', admin: { name: 'Priya Shah', email: 'priya@example.com' } }),
    });
    if (!res.ok) throw new Error(`creating the workspace answered ${res.status}: ${await res.text()}`);
    firstAdminCode = (await res.json()).invite.code;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await Promise.allSettled([admin?.close(), staff?.close(), worker?.stop(), site?.close()]);
  });

  it('admin connects, builds the taxonomy, invites staff; staff connects elsewhere and tags; the admin sees the tag', { timeout: 240_000 }, async () => {
    // 1. The first admin connects with the operator's code.
    const options = await connectExtension(admin, worker, firstAdminCode);
    const errors = stewardErrors(options);
    await options.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => options.locator('nav[aria-label="Settings sections"] a').allTextContents(), { timeout: 15_000 })
      .toEqual(['Connection', 'Taxonomy', 'People', 'Sign-in', 'Reports', 'Connections', 'Sites', 'Data', 'Activity']);
    await shot(options.locator('#connection'), 'admin-connection.png');

    // 2. Taxonomy: a line of business, a stakeholder in it, a KPI with a reading.
    const taxonomy = options.locator('#taxonomy');
    await taxonomy.getByLabel('New line of business').fill('Front office');
    await taxonomy.getByRole('button', { name: 'Add line of business' }).click();
    await expect.poll(() => taxonomy.getByText('Added “Front office”.').count(), { timeout: 15_000 }).toBe(1);

    const stakeholders = options.locator('section[aria-labelledby="stakeholders-heading"]');
    await stakeholders.getByLabel('Name').fill('Dana Ortiz');
    await stakeholders.getByLabel('Title').fill('Front office manager');
    await stakeholders.getByLabel('Line of business').selectOption({ label: 'Front office' });
    await stakeholders.getByRole('button', { name: 'Add stakeholder' }).click();
    await expect.poll(() => stakeholders.locator('li.entry').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining('Front office manager · Front office')]);

    const kpis = options.locator('section[aria-labelledby="kpis-heading"]');
    await kpis.getByLabel('Name').fill('Check-in time');
    await kpis.getByLabel('Unit').fill('minutes');
    await kpis.getByLabel('Target').fill('5');
    await kpis.getByLabel('Lower is better').check();
    await kpis.getByRole('button', { name: 'Add KPI' }).click();
    await kpis.getByRole('button', { name: 'Record reading Check-in time' }).click();
    await kpis.getByLabel('Value (minutes)').fill('6.5');
    await kpis.getByLabel('Note').fill('Front desk log, week 46');
    await kpis.getByRole('button', { name: 'Record reading', exact: true }).click();
    await expect.poll(() => kpis.locator('.kpi-latest').textContent(), { timeout: 15_000 }).toMatch(/^Latest 6\.5 minutes on .+ · off target$/);
    // A retired impact kind stays listed, greyed and marked.
    await taxonomy.getByRole('button', { name: 'Retire Cost' }).click();
    await expect.poll(() => taxonomy.locator('li.entry.retired').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining('Cost')]);
    await shot(taxonomy, 'admin-taxonomy.png');

    // 3. People: invite a staff member and read the code off the page.
    const people = options.locator('#people');
    await people.getByLabel('Name').fill('Sam Lee');
    await people.getByLabel('Email').fill('sam@example.com');
    await people.getByLabel('Role', { exact: true }).selectOption('staff');
    await people.getByRole('button', { name: 'Create invite' }).click();
    const codeBox = options.getByTestId('invite-code');
    await codeBox.waitFor({ timeout: 15_000 });
    const staffCode = await codeBox.inputValue();
    expect(staffCode).toMatch(/^STW-/);
    expect(await people.getByLabel('Message to send with it').inputValue()).toContain(`connect to ${worker.baseUrl} with code ${staffCode}.`);
    await expect.poll(() => people.locator('section[aria-labelledby="invites-heading"] tbody tr').first().textContent(), { timeout: 15_000 }).toContain('Pending');
    await shot(people, 'admin-people-new-invite.png');
    expect(await axeViolations(options)).toEqual([]);

    // 4. Report settings: weekly on Friday afternoon, a jargon word list.
    const reports = options.locator('#reports');
    await reports.getByLabel('Day of the week').selectOption({ label: 'Friday' });
    await reports.getByLabel('Time', { exact: true }).selectOption({ label: '16:00' });
    await reports.getByLabel('Jargon words').fill('SLA\nDNS\nticket queue');
    await reports.getByRole('button', { name: 'Save report settings' }).click();
    await expect.poll(() => reports.getByRole('status').first().textContent(), { timeout: 15_000 }).toContain('Saved.');
    await expect.poll(() => reports.getByTestId('schedule-summary').textContent()).toMatch(/^Every Friday at 16:00, America\/Chicago time\. Next one: Friday /);
    await shot(reports, 'admin-reports.png');

    // 5. The staff member, in their own browser profile, connects with the code and tags the RT ticket.
    staff = await launchWithExtension();
    await (await connectExtension(staff, worker, staffCode, 'Sam Lee')).close();
    const ticketPage = await staff.context.newPage();
    const staffErrors = stewardErrors(ticketPage);
    await ticketPage.goto(`${site.origin}/rt/Ticket/Display.html?id=1`);
    const key = `rt:127.0.0.1:${new URL(site.origin).port}:1`;
    await expect.poll(() => ticketPage.locator('steward-badge').getAttribute('data-ticket-key'), { timeout: 15_000 }).toBe(key);
    const panel = await openPanelFor(staff, ticketPage);
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain('#1');
    await expect.poll(() => panel.locator('#impact option').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const summary = 'Front desk cannot print patient forms; check-in takes twice as long.';
    await tagInPanel(panel, { summary, lineOfBusiness: 'Front office', stakeholder: 'Dana Ortiz', impact: 'Customers', priority: 'high' });
    await expect.poll(() => panel.locator('.annotation .byline').first().textContent(), { timeout: 15_000 }).toContain('Sam Lee');
    await shot(panel, 'staff-sidepanel-tagged.png');
    expect(staffErrors).toEqual([]);

    // 6. The admin finds the tag: in the API with the admin's own token…
    const list = await waitForAnnotations(worker, await extensionToken(admin), key);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      summary, labels: { lineOfBusiness: 'Front office', stakeholders: ['Dana Ortiz'], impact: 'Customers' },
      author: { name: 'Sam Lee' }, ticketKey: key,
    });

    // …and in the Data export, downloaded from the options page as a file.
    await options.reload();
    const data = options.locator('#data');
    await data.waitFor();
    const [download] = await Promise.all([
      options.waitForEvent('download', { timeout: 15_000 }),
      data.getByRole('button', { name: 'Download tags as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^steward-acme-dental-\d{4}-\d{2}-\d{2}-annotations\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,ticket,/);
    expect(csv).toContain(summary);
    expect(csv).toContain('Front office');
    expect(csv).toContain('Sam Lee');
    await expect.poll(() => data.getByRole('status').textContent()).toContain('Downloaded steward-acme-dental-');

    // The report preview (the period in progress) carries the staff member's tag, in a sandboxed frame.
    const reportsAgain = options.locator('#reports');
    await reportsAgain.getByRole('button', { name: 'Preview the report' }).click();
    const frame = reportsAgain.locator('iframe[title^="Report preview"]');
    // Either the preview or the reason it failed, so a failure says why.
    await reportsAgain.locator('iframe[title^="Report preview"], section[aria-labelledby="preview-heading"] [role="alert"]').first().waitFor({ timeout: 30_000 });
    expect(await reportsAgain.locator('section[aria-labelledby="preview-heading"] [role="alert"]').allTextContents()).toEqual([]);
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    await expect.poll(() => options.frameLocator('iframe[title^="Report preview"]').locator('body').textContent(), { timeout: 15_000 }).toContain(summary);
    expect(await reportsAgain.getByLabel('Bottom line').textContent()).toBeTruthy();
    await shot(reportsAgain, 'admin-reports-preview.png');
    expect(await axeViolations(options)).toEqual([]);

    // The deletion confirmation counts what is there, and needs the name typed.
    await data.getByRole('button', { name: 'Delete workspace…' }).click();
    await expect.poll(() => data.getByTestId('delete-summary').textContent(), { timeout: 15_000 })
      .toMatch(/^This deletes Acme Dental and everything in it: 1 tag \(with 0 updates\), 2 people, 0 pending invites, 8 taxonomy entries and \d+ activity entries\./);
    await data.getByLabel('Workspace name').fill('Acme');
    await data.getByRole('button', { name: 'Delete Acme Dental for good' }).click();
    await expect.poll(() => data.locator('#delete-confirm-error').textContent()).toBe('Workspace name must be exactly “Acme Dental”.');
    await shot(data, 'admin-data.png');
    expect(await axeViolations(options)).toEqual([]);
    await data.getByRole('button', { name: 'Cancel' }).click();

    // People shows the staff member (active just now) and the invite as used; Activity tells the story.
    const members = options.locator('section[aria-labelledby="members-heading"] tbody');
    await expect.poll(() => members.textContent(), { timeout: 15_000 }).toContain('Sam Lee');
    expect(await members.locator('tr', { hasText: 'Sam Lee' }).textContent()).toContain('just now');
    await expect.poll(() => options.locator('section[aria-labelledby="invites-heading"] tbody tr', { hasText: 'Sam Lee' }).textContent()).toContain('Used');
    await shot(options.locator('#people'), 'admin-people.png');

    const activity = options.locator('#activity');
    await expect.poll(() => activity.locator('tbody tr').allTextContents(), { timeout: 15_000 }).toEqual(expect.arrayContaining([
      expect.stringMatching(/Sam LeeTagged a ticket$/),
      expect.stringMatching(/Sam LeeJoined as staff$/),
      expect.stringMatching(/Priya ShahInvited Sam Lee as staff$/),
      expect.stringMatching(/Priya ShahAdded line of business “Front office”$/),
    ]));
    await shot(activity, 'admin-activity.png');
    await shot(options.locator('#sites'), 'admin-sites.png');
    await options.evaluate(() => window.scrollTo(0, 0));
    await shot(options, 'admin-options-page.png');
    expect(errors).toEqual([]);
  });
});
