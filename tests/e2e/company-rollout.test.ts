import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, CHROMIUM_HINT, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { FIXTURES } from './support/fixture-server';
import { canWritePolicy, extensionIdOf, prepareManagedBuild, writePolicy } from './support/managed';
import { apiCall, extensionToken, openPanelFor, stewardErrors, tagInPanel, waitForAnnotations } from './support/steward';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';

/**
 * Rolling Steward out in a company, in real Chromium: IT's policy in Chromium's managed policy
 * directory (Linux: /etc/chromium/policies/managed, written for a copy of the build with its
 * own extension id, so no other suite sees it), the company sign-in through a real OpenID
 * Connect provider (tests/oidc/provider.mjs) in the browser's own sign-in window
 * (identity.launchWebAuthFlow: headless Chromium shows it as a page the test fills in), and a
 * ServiceNow ticket at its real address (served from the fixture by answering the browser's
 * requests for it). Headless Chromium cannot click a permission prompt: the copy's manifest
 * grants ServiceNow's hosts, standing for a browser that already grants them.
 */

const POLICY_OK = canWritePolicy();
if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);
else if (!POLICY_OK) console.warn('[e2e] company roll-out skipped: writing Chromium\'s managed policy (/etc/chromium/policies/managed) needs root.');

const SERVICENOW = 'https://*.service-now.com/*';
const SYS_ID = '46d44a5dc0a8010e0015f5e0a0fd5c6f';
const TICKET_URL = `https://acme.service-now.com/incident.do?sys_id=${SYS_ID}`;
const TICKET_KEY = `servicenow:acme:incident/${SYS_ID}`;

describe.skipIf(!CHROMIUM || !POLICY_OK)('rolling Steward out in a company, in Chromium', () => {
  let worker: RunningWorker;
  let workspaceId: string;
  let adminToken: string;
  let extensionDir: string;
  let extensionId: string;
  let removePolicy: (() => void) | undefined;
  let browser: ExtensionBrowser | undefined;

  beforeAll(async () => {
    worker = await startWorker();
    ({ workspaceId, adminToken } = await seedWorkspace(worker));
    // The admin sets up the company sign-in (Settings → Sign-in does the same call).
    await apiCall(worker, adminToken, 'POST', '/api/v1/sign-in/oidc', {
      issuer: inject('oidcIssuer'), clientId: 'steward-test', allowedDomains: ['acme.test'], newMemberRole: 'staff', requiredForStaff: false,
    });
    extensionDir = prepareManagedBuild([SERVICENOW]);
    extensionId = extensionIdOf(extensionDir);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    removePolicy?.();
    await worker?.stop();
  });

  /** Chromium reads the policy when it starts: each case writes its policy, then starts a browser. */
  async function launchUnder(policy: Record<string, unknown>): Promise<ExtensionBrowser> {
    await browser?.close();
    removePolicy?.();
    removePolicy = writePolicy(extensionId, policy);
    browser = await launchWithExtension({ extensionDir });
    expect(browser.extensionId).toBe(extensionId);
    return browser;
  }

  async function options(b: ExtensionBrowser): Promise<Page> {
    const page = await b.openExtensionPage('options.html#connection');
    await page.locator('form.connect').waitFor();
    return page;
  }

  it('a new staff member signs in with the company account and tags a ServiceNow ticket, never seeing an invite code', async () => {
    const b = await launchUnder({ workerUrl: worker.baseUrl, workspaceId, signInMethod: 'company-account', allowOtherWorkspaces: false, sites: [SERVICENOW] });
    const page = await options(b);
    const errors = stewardErrors(page);

    // The connection is the company's: address filled in and locked, only the company sign-in.
    // Chromium hands the policy to extensions a few seconds after it starts; the page follows.
    await expect.poll(() => page.getByTestId('policy').locator('li').allTextContents(), { timeout: 20_000 }).toEqual([
      `Steward server: ${worker.baseUrl}`, `Workspace: ${workspaceId}`, 'Sign-in: with your company account',
      'Connecting to other Steward servers or workspaces: not allowed', `Sites: ${SERVICENOW} (see Sites)`,
    ]);
    const address = page.getByLabel('Steward address');
    expect([await address.inputValue(), await address.getAttribute('readonly')]).toEqual([worker.baseUrl, '']);
    expect(await page.getByLabel('Invite code').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'company-connection.png') });

    // The browser's sign-in window opens on the company's identity provider; Dave logs in there.
    const [signInWindow] = await Promise.all([
      b.context.waitForEvent('page', { predicate: (p) => p.url().includes('/interaction/'), timeout: 15_000 }),
      page.getByRole('button', { name: 'Sign in with your company account' }).click(),
    ]);
    expect(new URL(signInWindow.url()).origin).toBe(inject('oidcIssuer'));
    await signInWindow.locator('input[name="login"]').fill('dave');
    await signInWindow.locator('input[name="password"]').fill('correct horse battery staple');
    await signInWindow.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('who').textContent(), { timeout: 15_000 }).toBe('Signed in as Dave Okafor (staff) in Acme Dental');
    expect(await page.getByRole('button', { name: 'Connect another workspace' }).count()).toBe(0);

    // The policy's site runs Steward without a prompt: the browser grants ServiceNow's hosts.
    await page.goto(`chrome-extension://${extensionId}/options.html#sites`);
    await expect.poll(() => page.locator(`[data-pattern="${SERVICENOW}"]`).textContent()).toBe(`${SERVICENOW} on`);
    await expect.poll(() => page.locator('[data-tool="servicenow"] strong, [data-tool="servicenow"] .hint').allTextContents()).toEqual(['ServiceNow', 'on']);

    // A ServiceNow ticket at its real address gets the badge; Dave tags it from the side panel.
    const form = readFileSync(join(FIXTURES, 'servicenow/incident-form.html'));
    await b.context.route('https://acme.service-now.com/**', (route) =>
      new URL(route.request().url()).pathname === '/incident.do'
        ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: form })
        : route.fulfill({ status: 404, body: 'not found' }));
    const ticket = await b.context.newPage();
    await ticket.goto(TICKET_URL);
    const badge = ticket.locator('steward-badge');
    await expect.poll(() => badge.getAttribute('data-ticket-key'), { timeout: 15_000 }).toBe(TICKET_KEY);
    const panel = await openPanelFor(b, ticket);
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain('Email not syncing on phones');
    await tagInPanel(panel, { summary: 'Doctors miss appointment changes because phone email stopped syncing.' });
    const token = await extensionToken(b);
    const list = await waitForAnnotations(worker, token, TICKET_KEY);
    expect(list.items[0]).toMatchObject({ author: { name: 'Dave Okafor' }, ticketRef: { tool: 'servicenow', tenant: 'acme' } });
    await ticket.screenshot({ path: join(ARTIFACTS, 'company-servicenow-badge.png') });

    // Nobody made an invite code for Dave: he joined through the company sign-in.
    const invites = await apiCall(worker, adminToken, 'GET', '/api/v1/invites');
    expect(invites.items.map((i: { name: string }) => i.name)).not.toContain('Dave Okafor');
    const members = await apiCall(worker, adminToken, 'GET', '/api/v1/members');
    expect(members.items.find((m: { name: string }) => m.name === 'Dave Okafor')).toMatchObject({ role: 'staff', email: 'dave@acme.test' });
    expect(errors).toEqual([]);
  });

  it('a policy Steward cannot use: the options page says what is wrong and applies none of it', async () => {
    // Chromium checks the policy against the extension's schema first and drops what it does not
    // know (the misspelt key; chrome://policy lists it): what reaches Steward is the address
    // that is not one, and Steward applies nothing of the policy.
    const b = await launchUnder({ workerUrl: 'steward dot acme', workspaceId, sigInMethod: 'company-account', sites: [SERVICENOW] });
    const page = await options(b);
    await expect.poll(() => page.getByTestId('policy-problems').locator('li').allTextContents(), { timeout: 20_000 }).toEqual([
      'workerUrl must be the Steward server\'s full address, such as https://steward.example.com; the policy has "steward dot acme".',
    ]);
    const address = page.getByLabel('Steward address');
    expect(await address.getAttribute('readonly')).toBeNull();
    expect(await page.getByLabel('Invite code').count()).toBe(1);
    expect(await page.getByTestId('policy').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'company-policy-problem.png') });
    // Nor does it run on the policy's sites.
    const scripts = await b.serviceWorker.evaluate(async () =>
      (await (chrome as unknown as { scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string }>> } }).scripting.getRegisteredContentScripts()).map((s) => s.id));
    expect(scripts.filter((id) => id.startsWith('steward-policy:'))).toEqual([]);
  });
});
