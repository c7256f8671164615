// How long after DOMContentLoaded the Steward badge shows on a ticket page, in real Chromium,
// side by side with the floor: a one-line extension whose content script runs when content
// scripts run unless they ask otherwise (document_idle, same page, same address) and only
// appends an element. The ratio Steward / floor says how Steward compares with doing nothing;
// the absolute numbers move with the machine. Steward's ticket scripts start before the page is
// parsed (document_start: they ask storage for the counts then) and draw the badge at
// DOMContentLoaded, so the badge can come before the floor's element (a ratio under 1).
//
// The page is the saved Zendesk ticket (tests/fixtures/zendesk/ticket.html) answered at its
// real address, https://acme.zendesk.com/agent/tickets/101, so the production build's own
// manifest match runs the content script. Steward is signed in, with this ticket's tags in its
// cache (the everyday case); its Worker address answers nothing, so no network is involved.
// Layout shifts (the Layout Instability API, as Core Web Vitals count them) are summed from
// DOMContentLoaded until the counts are drawn and a frame after, apart for the page's own content
// and for the badge: the page must not move at all (the badge is a fixed dock in the corner);
// the badge itself moves only when its counts come in a later frame than its shell and change
// its width (it grows leftwards from the corner).
//
//   node tests/bench/badge-timing.mjs                 # production build, then 5 rounds of 15 page loads
//   node tests/bench/badge-timing.mjs --no-build --rounds 9 --runs 30

// recorder() and the page.evaluate callbacks run in the page, not in Node:
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILD, buildProduction } from './sizes.mjs';
import { launchOnZendeskTicket } from './zendesk-browser.mjs';

const TICKET_URL = 'https://acme.zendesk.com/agent/tickets/101';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

/**
 * The floor: an MV3 extension whose content script appends one element at document_idle.
 * @param {string} dir
 */
function floorExtension(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3,
    name: 'Steward bench floor',
    version: '1.0.0',
    content_scripts: [{ matches: ['https://*.zendesk.com/*'], js: ['marker.js'], run_at: 'document_idle' }],
  }));
  writeFileSync(join(dir, 'marker.js'), "document.body.append(document.createElement('steward-bench-marker'));\n");
  return dir;
}

/** Runs in the page's main world before its own scripts: timestamps the badge and the marker, sums layout shifts. */
function recorder() {
  /** @type {NonNullable<Window['__stewardBench']>} */
  const t = (window.__stewardBench = {});
  /** @type {NonNullable<NonNullable<Window['__stewardBench']>['shifts']>} */
  const shifts = (t.shifts = []);
  new PerformanceObserver((list) => {
    for (const e of /** @type {Array<PerformanceEntry & { value: number, hadRecentInput: boolean, sources: Array<{ currentRect: DOMRectReadOnly }> }>} */ (list.getEntries())) {
      if (!e.hadRecentInput) shifts.push({ at: e.startTime, value: e.value, rects: e.sources.map((source) => source.currentRect.toJSON()) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  /** @param {'badge' | 'counts' | 'marker'} k */
  const mark = (k) => {
    if (t[k] === undefined) t[k] = performance.now();
  };
  /** @param {Element} host */
  const watchShadow = (host) => {
    const root = host.shadowRoot;
    if (!root) return;
    // The badge shows its shell first (aria-busy) and its counts once storage answered.
    const check = () => {
      const button = root.querySelector('button');
      if (!button) return;
      mark('badge');
      if (button.getAttribute('aria-busy') === 'true') return;
      mark('counts');
      observer.disconnect();
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { childList: true, subtree: true });
    check();
  };
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeName === 'STEWARD-BADGE') watchShadow(/** @type {Element} */ (n));
        if (n.nodeName === 'STEWARD-BENCH-MARKER') mark('marker');
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

/**
 * @param {string} extensionDir
 * @param {string} profile
 */
async function launch(extensionDir, profile) {
  if (!CHROMIUM) throw new Error('Chromium not found');
  const context = await launchOnZendeskTicket(CHROMIUM, extensionDir, profile);
  await context.addInitScript(recorder);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * Signs the extension in (to a Worker address that answers nothing) with two cached tags on the ticket.
 * @param {import('playwright-core').BrowserContext} context
 */
async function seedSteward(context) {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const key = 'zendesk:acme:101';
  const ticketRef = { tool: 'zendesk', tenant: 'acme', ticketId: '101', url: TICKET_URL, title: 'Printer jams', observedAt: '2026-11-20T10:00:00.000Z' };
  /**
   * @param {string} id
   * @param {string} priority
   */
  const tag = (id, priority) => ({
    id, summary: `Bench tag ${id}`, priority, horizon: 'now', visibility: 'team', state: 'open', ticketRef, ticketKey: key, pageUrl: null,
    labels: { lineOfBusiness: 'Front office', stakeholders: [], impact: 'Customers', kpis: [] }, author: { id: 'm1', name: 'Bench' },
    deletedAt: null, createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z',
  });
  await sw.evaluate(async (seed) => chrome.storage.local.set(seed), {
    connection: {
      workerUrl: 'http://127.0.0.1:9', token: 'stw_bench',
      member: { id: 'm1', workspaceId: 'w1', name: 'Bench', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z' },
      workspace: { id: 'w1', name: 'Bench', timeZone: 'UTC', createdAt: '2026-11-01T00:00:00.000Z' },
    },
    ticketCache: { [key]: { fetchedAt: '2026-11-20T10:00:00.000Z', items: [tag('b1', 'high'), tag('b2', 'low')] } },
  });
}

/**
 * One page load: milliseconds from DOMContentLoaded to `what` (and to `then`, a later mark, if
 * named), navigation start to DOMContentLoaded, and the layout shifts from DOMContentLoaded
 * until a frame after the last mark.
 * @param {import('playwright-core').Page} page
 * @param {'badge' | 'marker'} what
 * @param {'counts'} [then]
 */
async function once(page, what, then) {
  await page.goto(TICKET_URL, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction((k) => window.__stewardBench?.[k] !== undefined, then ?? what, { timeout: 15_000, polling: 20 });
  return page.evaluate(async ([k, l]) => {
    // Shifts are reported after the frame that made them: two frames on, then a task.
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))));
    const nav = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]);
    // waitForFunction above saw the marks.
    const marks = /** @type {Record<'badge' | 'counts' | 'marker', number> & { shifts: NonNullable<NonNullable<Window['__stewardBench']>['shifts']> }} */ (window.__stewardBench);
    const dcl = nav.domContentLoadedEventStart;
    // The shifted nodes inside the badge's shadow root are not named (source.node is null): a
    // shift is the badge's when every rectangle that moved lies within the badge's dock, its
    // shadow included (a shift's rectangle is what is painted).
    const dock = document.querySelector('steward-badge')?.shadowRoot?.querySelector('.dock')?.getBoundingClientRect();
    const edge = 16;
    /** @param {{ left: number, top: number, right: number, bottom: number }} r */
    const inDock = (r) => !!dock && r.left >= dock.left - edge && r.right <= dock.right + edge && r.top >= dock.top - edge && r.bottom <= dock.bottom + edge;
    /** @param {boolean} badge */
    const shifted = (badge) =>
      marks.shifts.filter((s) => s.at >= dcl && (s.rects.length > 0 && s.rects.every(inDock)) === badge).reduce((sum, s) => sum + s.value, 0);
    return { afterDcl: marks[k] - dcl, laterAfterDcl: l ? marks[l] - dcl : Number.NaN, dcl, pageShift: shifted(false), badgeShift: shifted(true) };
  }, /** @type {const} */ ([what, then]));
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/**
 * @param {number[]} xs
 * @param {number} q
 */
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/**
 * @param {number[]} xs
 * @returns {{ median: number, min: number, max: number }}
 */
const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/**
 * Alternates Steward and floor page loads in two browsers open at once, so both see the same
 * machine at the same time, in `rounds` rounds of `runs` loads each (after `warmup` discarded);
 * who goes first alternates too. Each round gives its own ratio (its medians divided), so the
 * result says how much the ratio moves from round to round, not only where it sits.
 * @param {{ extensionDir: string, rounds?: number, runs?: number, warmup?: number, log?: (line: string) => void }} options
 */
export async function measureBadgeTiming({ extensionDir, rounds = 5, runs = 15, warmup = 3, log = () => {} }) {
  if (!CHROMIUM) throw new Error('Chromium not found: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH).');
  const tmp = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  const steward = await launch(extensionDir, join(tmp, 'steward-profile'));
  const floor = await launch(floorExtension(join(tmp, 'floor-extension')), join(tmp, 'floor-profile'));
  try {
    await seedSteward(steward.context);
    for (let i = 0; i < warmup; i++) {
      await once(steward.page, 'badge', 'counts');
      await once(floor.page, 'marker');
    }
    /** @type {Record<'badge' | 'counts' | 'marker' | 'dclSteward' | 'dclFloor' | 'pageShiftSteward' | 'pageShiftFloor' | 'badgeShift', number[]>} */
    const all = { badge: [], counts: [], marker: [], dclSteward: [], dclFloor: [], pageShiftSteward: [], pageShiftFloor: [], badgeShift: [] };
    /** @type {{ badge: number, counts: number }[]} */
    const ratios = [];
    for (let round = 0; round < rounds; round++) {
      /** @type {Record<'badge' | 'counts' | 'marker', number[]>} */
      const samples = { badge: [], counts: [], marker: [] };
      for (let i = 0; i < runs; i++) {
        const stewardFirst = i % 2 === 0;
        const b0 = stewardFirst ? undefined : await once(floor.page, 'marker');
        const a = await once(steward.page, 'badge', 'counts');
        const b = b0 ?? (await once(floor.page, 'marker'));
        samples.badge.push(a.afterDcl);
        samples.counts.push(a.laterAfterDcl);
        samples.marker.push(b.afterDcl);
        all.dclSteward.push(a.dcl);
        all.dclFloor.push(b.dcl);
        all.pageShiftSteward.push(a.pageShift);
        all.pageShiftFloor.push(b.pageShift);
        all.badgeShift.push(a.badgeShift);
      }
      for (const k of /** @type {const} */ (['badge', 'counts', 'marker'])) all[k].push(...samples[k]);
      const floorMedian = median(samples.marker);
      ratios.push({ badge: median(samples.badge) / floorMedian, counts: median(samples.counts) / floorMedian });
      log(`  round ${round + 1}/${rounds}: badge ${median(samples.badge).toFixed(1)} ms, with counts ${median(samples.counts).toFixed(1)} ms, floor ${floorMedian.toFixed(1)} ms: ${ratios[round].badge.toFixed(2)}×, ${ratios[round].counts.toFixed(2)}×`);
    }
    return {
      rounds,
      runs,
      badge: { median: median(all.badge), p90: quantile(all.badge, 0.9) },
      /** The badge with its counts filled in from storage. */
      counts: { median: median(all.counts), p90: quantile(all.counts, 0.9) },
      floor: { median: median(all.marker), p90: quantile(all.marker, 0.9) },
      /** Per round: Steward's median ÷ the floor's, for the badge and for the badge with its counts. */
      ratio: spread(ratios.map((r) => r.badge)),
      countsRatio: spread(ratios.map((r) => r.counts)),
      dcl: { steward: median(all.dclSteward), floor: median(all.dclFloor) },
      /**
       * Layout shift after DOMContentLoaded, summed per page load, the largest of all loads: of the
       * page's own content (beside Steward's badge, and beside the floor's element), and of the
       * badge alone, with how many loads it moved in.
       */
      shift: {
        page: { steward: Math.max(...all.pageShiftSteward), floor: Math.max(...all.pageShiftFloor) },
        badge: { max: Math.max(...all.badgeShift), loads: all.badgeShift.filter((x) => x > 0).length, of: all.badgeShift.length },
      },
      chromium: steward.context.browser()?.version() ?? (await steward.page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? 'unknown')),
    };
  } finally {
    await Promise.allSettled([steward.context.close(), floor.context.close()]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({
    options: { 'no-build': { type: 'boolean', default: false }, rounds: { type: 'string', default: '5' }, runs: { type: 'string', default: '15' }, warmup: { type: 'string', default: '3' } },
  });
  if (!args['no-build']) console.log(`wxt build (production, Chrome MV3): ${(buildProduction() / 1000).toFixed(1)} s`);
  const t = await measureBadgeTiming({ extensionDir: BUILD, rounds: Number(args.rounds), runs: Number(args.runs), warmup: Number(args.warmup), log: console.log });
  /** @param {{ median: number, min: number, max: number }} r */
  const ratio = (r) => `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  console.log(`\nChromium ${t.chromium}, ${t.rounds} rounds of ${t.runs} page loads; ratio = Steward's median ÷ the floor's, per round: median of rounds (min–max)`);
  console.log(`  DOMContentLoaded → badge shell        ${t.badge.median.toFixed(1)} ms (p90 ${t.badge.p90.toFixed(1)})   ${ratio(t.ratio)}`);
  console.log(`  DOMContentLoaded → badge with counts  ${t.counts.median.toFixed(1)} ms (p90 ${t.counts.p90.toFixed(1)})   ${ratio(t.countsRatio)}`);
  console.log(`  floor                                 ${t.floor.median.toFixed(1)} ms (p90 ${t.floor.p90.toFixed(1)})`);
  console.log(`  navigation → DOMContentLoaded         ${t.dcl.steward.toFixed(1)} ms, floor ${t.dcl.floor.toFixed(1)} ms (${(t.dcl.steward / t.dcl.floor).toFixed(2)}×)`);
  console.log(`  layout shift of the page's content    largest ${t.shift.page.steward.toFixed(4)}, floor ${t.shift.page.floor.toFixed(4)}`);
  console.log(`  layout shift of the badge itself      largest ${t.shift.badge.max.toFixed(4)}, in ${t.shift.badge.loads} of ${t.shift.badge.of} loads`);
}
