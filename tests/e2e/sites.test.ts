import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_HINT, launchWithExtension, settledDetection, type ExtensionBrowser } from './support/browser';
import { FIXTURES, serveFixtures } from './support/fixture-server';

// The built extension in real Chromium on saved ticket pages (tests/fixtures/<tool>/), served at
// the paths the real tools use. Self-hosted tools are recognised on any host, so they run on
// 127.0.0.1 (which the e2e build matches). Cloud tools are recognised by their host: Zendesk,
// whose host the manifest matches, is served at its real address by answering the browser's
// requests for it from the fixture; the others are covered in tests/extension/site-adapters.test.ts.

if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);

type Site = Awaited<ReturnType<typeof serveFixtures>>;

describe.skipIf(!CHROMIUM)('the badge on ticket pages of each tool', () => {
  let site: Site;
  let lookalikes: Site;
  let browser: ExtensionBrowser;
  let probe: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [site, lookalikes, browser] = await Promise.all([
      serveFixtures({
        '/': 'zammad/ticket.html',
        '/rt/Ticket/Display.html': 'rt/ticket-display.html',
        '/redmine/issues/1234': 'redmine/issue.html',
        '/redmine/projects/infra/issues': 'redmine/issue-list.html',
        '/glpi/front/ticket.form.php': 'glpi/ticket.html',
        '/support/scp/tickets.php': 'osticket/ticket.html',
        '/conversation/123': 'freescout/conversation.html',
        '/jira/browse/OPS-9': 'jira/issue-datacenter.html',
        '/v4_6_release/ConnectWise.aspx': 'connectwise/ticket.html',
        '/issues/12': 'lookalike/issue-tracker.html',
      }),
      // Same paths, other pages: GLPI's new-ticket form lives at the ticket form's path.
      serveFixtures({ '/glpi/front/ticket.form.php': 'glpi/ticket-new.html' }),
      launchWithExtension(),
    ]);
    // An extension page to ask the background, through the message contract, what a tab reported.
    probe = await browser.openExtensionPage('options.html');
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), site?.close(), lookalikes?.close()]);
  });

  const host = () => new URL(site.origin).host;

  /** A new tab on `url`, recording errors that come from the extension (the pages' own scripts may fail offline). */
  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => {
      if (e.stack?.includes('chrome-extension://')) errors.push(`${url}: ${e.message}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && m.location().url.startsWith('chrome-extension://')) errors.push(`${url}: ${m.text()}`);
    });
    await page.goto(url);
    return page;
  }

  const badgeKey = (page: Page) => page.locator('steward-badge').getAttribute('data-ticket-key', { timeout: 1_000 });
  const badgeCount = (page: Page) => page.locator('steward-badge').count();

  /** The ticket the tab reported to the background (`ticket:forTab`), with the title and status read from the page. */
  async function reported(page: Page): Promise<{ title?: string; status?: string } | null> {
    const tabId = await browser.tabIdOf(page);
    return probe.evaluate(
      (id) => (globalThis as any).chrome.runtime.sendMessage({ type: 'ticket:forTab', payload: { tabId: id } }),
      tabId,
    );
  }

  // Each row: the tool, where its saved page is served, and the key the badge must carry.
  const SELF_HOSTED: Array<[string, string, (host: string) => string, string]> = [
    ['Request Tracker', '/rt/Ticket/Display.html?id=1', (h) => `rt:${h}:1`, 'Printer on the 3rd floor jams'],
    ['Redmine', '/redmine/issues/1234', (h) => `redmine:${h}:1234`, 'Backup of the accounting share fails nightly'],
    ['GLPI', '/glpi/front/ticket.form.php?id=123', (h) => `glpi:${h}:123`, 'Outlook crashes when opening the shared calendar'],
    ['osTicket', '/support/scp/tickets.php?id=42', (h) => `osticket:${h}:42`, 'Wi-Fi keeps dropping in the exam rooms'],
    ['FreeScout', '/conversation/123?folder_id=4', (h) => `freescout:${h}:123`, 'Cannot print to the front desk printer'],
    ['Jira Data Center', '/jira/browse/OPS-9', (h) => `jira:${h}:OPS-9`, 'Backup job fails on the file server'],
    ['ConnectWise on premises', '/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=254731', (h) => `connectwise:${h}:254731`, 'Printer offline on floor 3'],
    ['Zammad', '/#ticket/zoom/42', (h) => `zammad:${h}:42`, 'Monitor flickers in room 4'],
  ];

  it.each(SELF_HOSTED)('%s: one badge, keyed to the ticket, and the title reaches the background', async (_tool, path, key, title) => {
    const page = await open(`${site.origin}${path}`);
    await expect.poll(() => badgeKey(page), { timeout: 15_000 }).toBe(key(host()));
    expect(await badgeCount(page)).toBe(1);
    await expect.poll(() => reported(page).then((t) => t?.title), { timeout: 10_000 }).toBe(title);
    await page.close();
  });

  it('Zammad: a hash route change re-keys the one badge without a reload, and leaving the ticket removes it', async () => {
    const page = await open(`${site.origin}/#ticket/zoom/42`);
    await expect.poll(() => badgeKey(page), { timeout: 15_000 }).toBe(`zammad:${host()}:42`);
    // Mark the document: a reload would lose the mark.
    await page.evaluate(() => ((window as any).__sameDocument = true));

    await page.click('a.task[href="#ticket/zoom/43"]');
    await expect.poll(() => badgeKey(page), { timeout: 10_000 }).toBe(`zammad:${host()}:43`);
    expect(await badgeCount(page)).toBe(1);
    await expect
      .poll(() => reported(page), { timeout: 10_000 })
      .toMatchObject({ title: 'Scanner at reception is offline', status: 'pending reminder' });

    await page.click('a.js-dashboard');
    await expect.poll(() => badgeCount(page), { timeout: 10_000 }).toBe(0);

    await page.goBack(); // back to #ticket/zoom/43, still the same document
    await expect.poll(() => badgeKey(page), { timeout: 10_000 }).toBe(`zammad:${host()}:43`);
    expect(await badgeCount(page)).toBe(1);
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    await page.close();
  });

  it('Zendesk at its real address: switching tickets with pushState re-keys the one badge', async () => {
    const pageHtml = readFileSync(join(FIXTURES, 'zendesk/ticket.html'));
    await browser.context.route('https://acme.zendesk.com/**', (route) =>
      /\/agent\/tickets\/\d+$/.test(new URL(route.request().url()).pathname)
        ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pageHtml })
        : route.fulfill({ status: 404, body: 'not found' }),
    );
    try {
      const page = await open('https://acme.zendesk.com/agent/tickets/101');
      await expect.poll(() => badgeKey(page), { timeout: 15_000 }).toBe('zendesk:acme:101');
      await expect.poll(() => reported(page), { timeout: 10_000 }).toMatchObject({ title: 'Front desk printer jams on every job', status: 'Open' });
      await page.evaluate(() => ((window as any).__sameDocument = true));

      await page.click('[role="tab"][data-entity-id="102"]');
      expect(page.url()).toBe('https://acme.zendesk.com/agent/tickets/102');
      await expect.poll(() => badgeKey(page), { timeout: 10_000 }).toBe('zendesk:acme:102');
      expect(await badgeCount(page)).toBe(1);
      await expect.poll(() => reported(page), { timeout: 10_000 }).toMatchObject({ title: 'VPN drops every afternoon', status: 'Pending' });

      await page.goBack(); // popstate back to ticket 101
      await expect.poll(() => badgeKey(page), { timeout: 10_000 }).toBe('zendesk:acme:101');
      expect(await badgeCount(page)).toBe(1);
      expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
      await page.close();
    } finally {
      await browser.context.unroute('https://acme.zendesk.com/**');
    }
  });

  it.each([
    ['an app with Redmine’s URL shape that is not Redmine', () => `${site.origin}/issues/12`],
    ['a Redmine issue list', () => `${site.origin}/redmine/projects/infra/issues`],
    ['GLPI’s new-ticket form', () => `${lookalikes.origin}/glpi/front/ticket.form.php`],
    ['Zammad’s dashboard', () => `${site.origin}/#dashboard`],
  ])('no badge on %s', async (_what, url) => {
    const page = await open(url());
    // The script has looked at the page (and again a moment later, for late-rendered pages) and found no ticket.
    expect(await settledDetection(page)).toBe('none');
    expect(await badgeCount(page)).toBe(0);
    await page.close();
  });

  it('the extension logged no errors on any of these pages', () => {
    expect(errors).toEqual([]);
  });
});
