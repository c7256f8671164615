import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_HINT } from '../e2e/support/browser';
import { apiCall } from '../e2e/support/steward';
import { seedWorkspace, startWorker } from '../e2e/support/worker';
import { launchOnZendeskTicket } from './zendesk-browser.mjs';

/**
 * Tagging a ticket with the keyboard alone, in the production build, against the real
 * Worker under `wrangler dev`: the same keystrokes as tests/e2e/editing.test.ts, timed in the
 * side panel itself (performance.now() from its first keydown), so no polling adds to the
 * figures. Each round tags a fresh ticket. The floor is the same keystrokes typed into a plain
 * page with the same kinds of fields: what the typing alone costs on this machine.
 *
 * Run alone: `npx wxt build && npx vitest run --project bench tests/bench/keyboard-tag.bench.ts`
 * (STEWARD_BENCH_TAG_ROUNDS sets the rounds; `npm run bench` passes its --tag-rounds).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const BUILD = join(ROOT, '.output/chrome-mv3');
const OUT = join(ROOT, 'artifacts/bench/keyboard-tag.json');
const ROUNDS = Number(process.env.STEWARD_BENCH_TAG_ROUNDS ?? 7);
const WARMUP = 1;
const MEMBER = 'Priya Shah';

const SUMMARY = 'Front desk cannot print patient forms; check-in takes twice as long.';
const KEYS: Array<string | [string]> = [
  SUMMARY, ['Tab'], ['Tab'], 'Front office', ['Tab'], 'Dana Ortiz', ['Tab'], 'cu', ['Tab'], 'h', ['Tab'], ['Tab'], 't', ['Control+Enter'],
];
const KEYSTROKES = KEYS.reduce((n, k) => n + (typeof k === 'string' ? k.length : 1), 0);

/** The same kinds of fields in the same order, with nothing behind them. */
const FLOOR_HTML = `<!doctype html><title>floor</title>
<textarea id="summary"></textarea><button type="button">hint</button>
<input list="lob"><datalist id="lob"><option>Front office</option></datalist><input>
<select><option>Customers</option><option>Staff</option></select>
<select><option>critical</option><option>high</option></select><button type="button">more</button>
<select><option>private</option><option>team</option></select>`;

interface Marks { first?: number; save?: number; shown?: number; confirmed?: number }
declare global {
  interface Window { __tagBench: Marks }
}

/** Installed in a page before typing: stamps the first keydown, Ctrl+Enter, and the card's two states. */
function record(args: { summary: string; member: string } | null) {
  const t: Marks = (window.__tagBench = {});
  addEventListener('keydown', (e) => {
    t.first ??= performance.now();
    if (e.key === 'Enter' && e.ctrlKey) t.save ??= performance.now();
  }, true);
  if (!args) return;
  const check = () => {
    const card = [...document.querySelectorAll('.annotation')].find((a) => a.textContent?.includes(args.summary));
    if (!card) return;
    t.shown ??= performance.now();
    // The byline says "Sending…" until the Worker has answered with the saved tag and its author.
    if (card.querySelector('.byline')?.textContent?.includes(args.member)) {
      t.confirmed ??= performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}

async function typeKeys(page: Page) {
  for (const k of KEYS) {
    if (typeof k === 'string') await page.keyboard.type(k);
    else await page.keyboard.press(k[0]);
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return { median: s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2, min: s[0]!, max: s[s.length - 1]! };
};

async function launch(profile: string): Promise<{ context: BrowserContext; extensionId: string; tabIdOf(url: string): Promise<number> }> {
  // The saved Zendesk ticket at its real address, so the production manifest's match runs the badge.
  const context: BrowserContext = await launchOnZendeskTicket(CHROMIUM!, BUILD, profile);
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  return {
    context,
    extensionId: new URL(sw.url()).host,
    async tabIdOf(url) {
      const id = await sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
      if (id === undefined) throw new Error(`no tab shows ${url}`);
      return id;
    },
  };
}

it('measures tagging a ticket with the keyboard alone', async () => {
  if (!CHROMIUM) throw new Error(CHROMIUM_HINT);
  if (!existsSync(join(BUILD, 'manifest.json'))) throw new Error(`No production build at ${BUILD}: run npx wxt build (npm run bench does).`);
  const worker = await startWorker();
  const profile = mkdtempSync(join(tmpdir(), 'steward-bench-tag-'));
  const browser = await launch(profile);
  try {
    const { adminToken, inviteCode } = await seedWorkspace(worker);
    const ext = (path: string) => `chrome-extension://${browser.extensionId}/${path}`;

    const options = await browser.context.newPage();
    await options.goto(ext('options.html'));
    await options.getByLabel('Steward address').fill(worker.baseUrl);
    await options.getByLabel('Invite code').fill(inviteCode);
    await options.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => options.getByTestId('who').textContent(), { timeout: 15_000 }).toContain(MEMBER);
    await options.close();

    const ticketPage = await browser.context.newPage();
    const floorPage = await browser.context.newPage();
    const samples = { typing: [] as number[], shown: [] as number[], confirmed: [] as number[], floorTyping: [] as number[] };
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const ticketId = String(201 + round);
      const url = `https://acme.zendesk.com/agent/tickets/${ticketId}`;
      await ticketPage.goto(url);
      await expect.poll(() => ticketPage.locator('steward-badge button').textContent(), { timeout: 15_000 }).toContain('Tag for Steward');
      await ticketPage.bringToFront();
      const panel = await browser.context.newPage();
      await panel.setViewportSize({ width: 420, height: 1000 });
      await panel.goto(ext(`sidepanel.html?tabId=${await browser.tabIdOf(url)}`));
      await expect.poll(() => panel.locator('h1').textContent(), { timeout: 15_000 }).toContain(`#${ticketId}`);
      await expect.poll(() => panel.evaluate(() => document.activeElement?.id)).toBe('summary');

      await panel.evaluate(record, { summary: SUMMARY, member: MEMBER });
      await typeKeys(panel);
      await panel.waitForFunction(() => window.__tagBench.confirmed !== undefined, null, { timeout: 30_000, polling: 50 });
      const t = await panel.evaluate(() => window.__tagBench);
      const [tag] = (await apiCall(worker, adminToken, 'GET', `/api/v1/annotations?ticket=${encodeURIComponent(`zendesk:acme:${ticketId}`)}`)).items;
      expect(tag).toMatchObject({ summary: SUMMARY, priority: 'high', labels: { lineOfBusiness: 'Front office', stakeholders: ['Dana Ortiz'], impact: 'Customers' } });
      await panel.close();

      await floorPage.setContent(FLOOR_HTML);
      await floorPage.focus('#summary');
      await floorPage.evaluate(record, null);
      await typeKeys(floorPage);
      const f = await floorPage.evaluate(() => window.__tagBench);

      if (round < WARMUP) continue;
      samples.typing.push(t.save! - t.first!);
      samples.shown.push(t.shown! - t.save!);
      samples.confirmed.push(t.confirmed! - t.save!);
      samples.floorTyping.push(f.save! - f.first!);
    }

    const result = {
      rounds: ROUNDS,
      keystrokes: KEYSTROKES,
      chromium: browser.context.browser()?.version() ?? 'unknown',
      typing: stats(samples.typing),
      floorTyping: stats(samples.floorTyping),
      saveToShown: stats(samples.shown),
      saveToConfirmed: stats(samples.confirmed),
      firstToShown: stats(samples.typing.map((x, i) => x + samples.shown[i]!)),
      firstToConfirmed: stats(samples.typing.map((x, i) => x + samples.confirmed[i]!)),
    };
    mkdirSync(join(ROOT, 'artifacts/bench'), { recursive: true });
    writeFileSync(OUT, JSON.stringify(result, null, 2));
    console.log(`keyboard-only tag, median of ${ROUNDS}: first keystroke → card ${result.firstToShown.median.toFixed(0)} ms, → confirmed ${result.firstToConfirmed.median.toFixed(0)} ms (typing ${result.typing.median.toFixed(0)} ms; floor ${result.floorTyping.median.toFixed(0)} ms)`);
  } finally {
    await browser.context.close();
    rmSync(profile, { recursive: true, force: true });
    await worker.stop();
  }
});
