// Accessibility of the extension's own pages, as people use them: axe-core (the engine behind
// most accessibility checkers) run in Chromium on the side panel (connected, on a ticket with a
// tag), the toolbar popup and the options page (connected as an admin, so the admin sections
// show). Any violation fails the test and is printed with the rule, the elements and the fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_HINT, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { serveFixtures } from './support/fixture-server';
import { connectExtension, openPanelFor, tagInPanel } from './support/steward';
import { seedWorkspace, startWorker, type RunningWorker } from './support/worker';

if (!CHROMIUM) console.warn(`[e2e] skipped: ${CHROMIUM_HINT}`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode { target: unknown[]; html: string; failureSummary?: string }
interface AxeViolation { id: string; impact: string | null; help: string; helpUrl: string; nodes: AxeNode[] }

/** Runs axe on the page as it is now (WCAG 2.x A and AA rules plus axe's best practices). */
async function axeViolations(page: Page, include?: unknown[]): Promise<{ violations: AxeViolation[]; passed: number }> {
  // Not page.addScriptTag: extension pages' CSP (script-src 'self') refuses inline scripts.
  // Evaluating through the DevTools protocol is not subject to the page's CSP.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (include) => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: object): Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe;
    const { violations, passes } = await axe.run(include ? { include } : document, { resultTypes: ['violations'] });
    return {
      passed: passes.length,
      violations: violations.map(({ id, impact, help, helpUrl, nodes }) => ({
        id, impact, help, helpUrl,
        nodes: nodes.map(({ target, html, failureSummary }) => ({ target, html, failureSummary })),
      })),
    };
  }, include);
}

/** One readable block per rule: what is wrong, where, and how to fix it. */
function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => [
      `${where}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
      ...v.nodes.map((n) => `  - ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
    ].join('\n'))
    .join('\n\n');
}

/**
 * Violations reported to the component's owner and not fixed yet, by page. Listed here so the
 * rest of the page stays checked; once one is fixed its entry must go (the test says so).
 */
const KNOWN: Record<string, string[]> = {};

async function expectAccessible(where: string, page: Page, include?: unknown[]) {
  const { violations, passed } = await axeViolations(page, include);
  const known = KNOWN[where] ?? [];
  const unexpected = violations.filter((v) => !known.includes(v.id));
  if (unexpected.length) console.error(describeViolations(where, unexpected));
  expect(unexpected.map((v) => `${v.id} (${v.nodes.length})`), describeViolations(where, unexpected)).toEqual([]);
  const fixed = known.filter((id) => !violations.some((v) => v.id === id));
  expect(fixed, `Fixed on the ${where}: remove ${fixed.join(', ')} from KNOWN in tests/e2e/a11y.test.ts`).toEqual([]);
  expect(passed, `axe checked nothing on the ${where}`).toBeGreaterThan(0);
}

describe.skipIf(!CHROMIUM)('accessibility of the extension pages (axe-core)', () => {
  let worker: RunningWorker;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  let browser: ExtensionBrowser;
  let ticketPage: Page;

  beforeAll(async () => {
    [worker, site, browser] = await Promise.all([
      startWorker(),
      serveFixtures({ '/rt/Ticket/Display.html': 'rt/ticket-display.html' }),
      launchWithExtension(),
    ]);
    const { inviteCode } = await seedWorkspace(worker); // the test plays the workspace's admin
    await (await connectExtension(browser, worker, inviteCode)).close();
    ticketPage = await browser.context.newPage();
    await ticketPage.goto(`${site.origin}/rt/Ticket/Display.html?id=1`);
    await ticketPage.locator('steward-badge').waitFor({ state: 'attached', timeout: 15_000 });
  });

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), worker?.stop(), site?.close()]);
  });

  it('side panel on a ticket with a tag', async () => {
    const panel = await openPanelFor(browser, ticketPage);
    await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain('#1');
    await expect.poll(() => panel.locator('#impact option').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await tagInPanel(panel, { summary: 'Front desk cannot print patient forms; check-in takes twice as long.' });
    await expect.poll(() => panel.locator('.annotation .byline').first().textContent(), { timeout: 15_000 }).toContain('Priya Shah');
    await expectAccessible('side panel', panel);

    // Saving with no summary: the errors must be tied to their fields and announced.
    await panel.getByLabel(/Summary/).fill('');
    await panel.getByLabel(/Summary/).focus();
    await panel.keyboard.press('Control+Enter');
    await expect.poll(() => panel.locator('[aria-invalid="true"]').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await expectAccessible('side panel with a validation error', panel);
  });

  it('badge on the ticket page (inside its shadow root)', async () => {
    const badge = ticketPage.locator('steward-badge');
    await expect.poll(() => badge.locator('button').textContent(), { timeout: 15_000 }).toContain('1 open tag');
    // Only Steward's badge: the saved host page is not ours to judge.
    // The host element selects its shadow tree too.
    await expectAccessible('badge', ticketPage, [['steward-badge']]);
  });

  it('popup on a ticket tab', async () => {
    const popup = await browser.openExtensionPage(`popup.html?tabId=${await browser.tabIdOf(ticketPage)}`);
    await popup.setViewportSize({ width: 360, height: 640 });
    await expect.poll(() => popup.locator('main[aria-busy]').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => popup.getByTestId('who').textContent(), { timeout: 15_000 }).toContain('Priya Shah');
    await expectAccessible('popup', popup);
  });

  it('options page, connected as an admin', async () => {
    const options = await browser.openExtensionPage('options.html');
    await expect.poll(() => options.getByTestId('who').textContent(), { timeout: 15_000 }).toContain('Priya Shah');
    await options.locator('#reports-heading').waitFor({ timeout: 15_000 }); // admin-only sections are there
    await options.waitForLoadState('networkidle');
    await expect.poll(() => options.locator('[aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
    await expectAccessible('options page', options);
  });
});
