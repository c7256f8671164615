// `npm run bench`: builds the production Chrome extension (what `npm run build` makes), reports
// the gzip size of what each entrypoint loads against the targets, times the badge on a
// ticket page in real Chromium against the floor measured in the same run, times tagging a
// ticket with the keyboard alone against the real Worker, measures the API's reads and creates
// under a bounded load against /healthz, and times the report build. Prints
// tables and rewrites the generated part of docs/benchmarks.md (everything between the bench
// markers); the rest of that file is written by hand and left alone.
//
//   npm run bench                      # 5 rounds of 15 page loads each, 7 keyboard tags
//   npm run bench -- --runs 40         # steadier rounds (page loads each per round)
//   npm run bench -- --rounds 9        # a better view of how much the ratio moves
//   npm run bench -- --tag-rounds 15   # more keyboard tags
//   npm run bench -- --load-rounds 5   # more rounds of the API load phases
//   npm run bench -- --no-write        # print only
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureApiLoad } from '../tests/bench/api-load.mjs';
import { measureBadgeTiming } from '../tests/bench/badge-timing.mjs';
import { connectorSection } from '../tests/bench/connector-section.mjs';
import { entrypointSizes, kb } from '../tests/bench/sizes.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD = join(ROOT, '.output/chrome-mv3');
const DOC = join(ROOT, 'docs/benchmarks.md');
/**
 * @typedef {import('../tests/bench/sizes.mjs').EntrypointSize} EntrypointSize
 * @typedef {import('../tests/bench/api-load.mjs').Spread} Spread
 * @typedef {Awaited<ReturnType<typeof measureBadgeTiming>>} BadgeTiming
 * @typedef {Awaited<ReturnType<typeof measureApiLoad>>} ApiLoad
 */
/**
 * What tests/bench/report-build.bench.ts writes to artifacts/bench/report-build.json.
 * @typedef {{
 *   runs: number,
 *   results: {
 *     annotations: number, sqlAggregateMs: number, reportBuildMs: number,
 *     ratio: number, ratioMin: number, ratioMax: number, emailBytes: number,
 *   }[],
 * }} ReportBuild
 */
/**
 * What tests/bench/keyboard-tag.bench.ts writes to artifacts/bench/keyboard-tag.json.
 * @typedef {{
 *   rounds: number, keystrokes: number, typing: Spread, floorTyping: Spread, saveToShown: Spread,
 *   saveToConfirmed: Spread, firstToShown: Spread, firstToConfirmed: Spread,
 * }} KeyboardTagging
 */

const START = '<!-- bench:results:start (written by `npm run bench`; edits here are overwritten) -->';
const END = '<!-- bench:results:end -->';

/** Targets (KB gzip, JS + CSS injected into every ticket page) and a point of comparison. */
const CONTENT_SCRIPT_TARGET_KB = 8;
const HYPOTHESIS_ANNOTATOR_KB = 59;

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' }, runs: { type: 'string', default: '15' }, warmup: { type: 'string', default: '3' }, 'tag-rounds': { type: 'string', default: '7' },
    'load-rounds': { type: 'string', default: '3' }, 'load-seconds': { type: 'string', default: '4' },
    'no-write': { type: 'boolean', default: false },
  },
});

function build() {
  console.log('▶ wxt build (production, Chrome MV3)');
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, STEWARD_E2E: '' },
  });
  if (res.status !== 0) {
    console.error(res.stdout, res.stderr);
    process.exit(1);
  }
  return Date.now() - t0;
}

/** @param {number} ms */
const fmtMs = (ms) => `${ms.toFixed(0)} ms`;

/** @param {EntrypointSize[]} sizes */
function sizeTable(sizes) {
  const rows = [
    '| Entrypoint | Loads | JS gzip | CSS gzip | Total gzip | JS raw | Target |',
    '|---|---|---:|---:|---:|---:|---|',
  ];
  for (const e of sizes) {
    const total = e.js.gzip + e.css.gzip;
    const isContent = e.kind === 'content script';
    const target = isContent
      ? `≤ ${CONTENT_SCRIPT_TARGET_KB} KB: ${total / 1024 <= CONTENT_SCRIPT_TARGET_KB ? 'met' : `**over by ${kb(total - CONTENT_SCRIPT_TARGET_KB * 1024)}**`}`
      : '—';
    const files = [...e.js.files, ...e.css.files].map((f) => `\`${f.replace(/-[A-Za-z0-9_-]{8}\.(js|css)$/, '.$1')}\``).join(', ');
    rows.push(`| ${e.name} | ${files} | ${kb(e.js.gzip)} | ${kb(e.css.gzip)} | ${kb(total)} | ${kb(e.js.raw)} | ${target} |`);
  }
  rows.push(`| *Hypothesis annotator (for scale)* | *injected into every annotated page* | | | *${HYPOTHESIS_ANNOTATOR_KB} KB* | | |`);
  return rows.join('\n');
}

/** Goal: the badge's shell within this multiple of the floor, in every round's median. */
const BADGE_RATIO_GOAL = 1.5;

/** @param {{ median: number, min: number, max: number }} r */
const ratioSpread = (r) => `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;

/** @param {BadgeTiming} t */
function timingTable(t) {
  const goal = t.ratio.max <= BADGE_RATIO_GOAL ? 'met in every round' : t.ratio.median <= BADGE_RATIO_GOAL ? '**met at the median, not in every round**' : '**not met**';
  return [
    `| Measure (${t.rounds} rounds of ${t.runs} page loads each) | Steward, median (p90) | Floor, median (p90) | Ratio, median of rounds (min–max) | Goal |`,
    '|---|---:|---:|---:|---|',
    `| DOMContentLoaded → badge | ${fmtMs(t.badge.median)} (${fmtMs(t.badge.p90)}) | ${fmtMs(t.floor.median)} (${fmtMs(t.floor.p90)}) | **${ratioSpread(t.ratio)}** | ≤ ${BADGE_RATIO_GOAL}×: ${goal} |`,
    `| DOMContentLoaded → the badge with its counts | ${fmtMs(t.counts.median)} (${fmtMs(t.counts.p90)}) | ${fmtMs(t.floor.median)} (${fmtMs(t.floor.p90)}) | ${ratioSpread(t.countsRatio)} | |`,
    `| Navigation start → DOMContentLoaded (the page itself) | ${fmtMs(t.dcl.steward)} | ${fmtMs(t.dcl.floor)} | ${(t.dcl.steward / t.dcl.floor).toFixed(2)}× | |`,
    `| Badge time ÷ the page's own time to DOMContentLoaded | ${(t.badge.median / t.dcl.steward).toFixed(2)}× | ${(t.floor.median / t.dcl.floor).toFixed(2)}× | | |`,
    `| Layout shift of the page's own content after DOMContentLoaded, the largest of all loads | ${t.shift.page.steward.toFixed(4)} | ${t.shift.page.floor.toFixed(4)} | | none: ${t.shift.page.steward <= t.shift.page.floor ? 'met' : '**not met**'} |`,
    `| Layout shift of the badge itself (its counts wider than its shell, in a later frame) | ${t.shift.badge.max.toFixed(4)}, in ${t.shift.badge.loads} of ${t.shift.badge.of} loads | | | |`,
  ].join('\n');
}

/** @param {string} chromium */
function machine(chromium) {
  const cpus = os.cpus();
  return `${new Date().toISOString().slice(0, 10)} · ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM · ${os.type()} ${os.release()} · Node ${process.versions.node} · Chromium ${chromium}`;
}

/**
 * The vitest project "bench": the report build (tests/bench/report-build.bench.ts, real D1
 * through wrangler's platform proxy) and keyboard-only tagging (tests/bench/keyboard-tag.bench.ts,
 * the production build above against the real Worker under `wrangler dev`).
 * @returns {{ report: ReportBuild, tagging: KeyboardTagging, connector: Parameters<typeof connectorTable>[0] }}
 */
function measureVitestBenches() {
  console.log(`▶ report build at 1k / 10k / 100k annotations; ${args['tag-rounds']} keyboard-only tags (vitest project "bench")`);
  const res = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'bench'], {
    cwd: ROOT, stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', STEWARD_BENCH_TAG_ROUNDS: args['tag-rounds'] },
  });
  if (res.status !== 0) process.exit(1);
  /** @param {string} name */
  const read = (name) => JSON.parse(readFileSync(join(ROOT, 'artifacts/bench', name), 'utf8'));
  // The connector against a real RT (tests/bench/connector-rt.bench.ts) is skipped where RT is not installed.
  const connector = existsSync(join(ROOT, 'artifacts/bench', 'connector-rt.json')) ? read('connector-rt.json') : null;
  return { report: read('report-build.json'), tagging: read('keyboard-tag.json'), connector };
}

/** @param {import('../tests/bench/connector-section.mjs').ConnectorBench | null} c */
const connectorTable = (c) => connectorSection(c).split('\n').slice(2).join('\n');

/** @param {Spread} s */
const spread = (s) => `${fmtMs(s.median)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;

/** @param {KeyboardTagging} t */
function taggingTable(t) {
  return [
    `| Measure (median of ${t.rounds} tags, min–max) | Steward | Plain page (floor) |`,
    '|---|---:|---:|',
    `| First keystroke → Ctrl+Enter (typing ${t.keystrokes} keystrokes) | ${spread(t.typing)} | ${spread(t.floorTyping)} |`,
    `| Ctrl+Enter → the tag's card shows | ${spread(t.saveToShown)} | |`,
    `| Ctrl+Enter → Steward confirms (the Worker saved it) | ${spread(t.saveToConfirmed)} | |`,
    `| **First keystroke → the card shows** | **${spread(t.firstToShown)}** | |`,
    `| **First keystroke → Steward confirms** | **${spread(t.firstToConfirmed)}** | |`,
  ].join('\n');
}

/** @param {Spread} s */
const ratio = (s) => `**${s.median.toFixed(2)}×** (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;

/** @param {ApiLoad} l */
function loadTable(l) {
  return [
    `| Request (${l.connections} connections, ${l.seconds} s a phase, ${l.rounds} rounds) | Requests/s, median (min–max) | ÷ /healthz, median (min–max) | Goal |`,
    '|---|---:|---:|---|',
    `| \`GET /healthz\` (one database query) | ${l.rps.healthz.median.toFixed(0)} (${l.rps.healthz.min.toFixed(0)}–${l.rps.healthz.max.toFixed(0)}) | 1 | |`,
    `| Read one ticket's tags (\`GET /api/v1/annotations?ticket=…\`) | ${l.rps.read.median.toFixed(0)} (${l.rps.read.min.toFixed(0)}–${l.rps.read.max.toFixed(0)}) | ${ratio(l.ratio.read)} | ≥ 0.7×: ${l.ratio.read.median >= 0.7 ? 'met' : '**not met**'} |`,
    `| Tag a ticket (\`POST /api/v1/annotations\`) | ${l.rps.create.median.toFixed(0)} (${l.rps.create.min.toFixed(0)}–${l.rps.create.max.toFixed(0)}) | ${ratio(l.ratio.create)} | ≥ 0.5×: ${l.ratio.create.median >= 0.5 ? 'met' : '**not met**'} |`,
    '',
    `Not 2xx: ${l.errors.healthz + l.errors.read + l.errors.create}. Every create answered 2xx stored and listed once: ${l.integrity.ok ? `yes (${l.integrity.answered2xx})` : `**no: ${l.integrity.lost} lost**`}.`,
  ].join('\n');
}

/** @param {ReportBuild} r */
function reportTable(r) {
  const rows = [
    '| Annotations | One SQL aggregate | Report build | Ratio, median (min–max) | Goal | Email size |',
    '|---:|---:|---:|---:|---|---:|',
    ...r.results.map((x) => `| ${x.annotations.toLocaleString('en-US')} | ${fmtMs(x.sqlAggregateMs)} | ${fmtMs(x.reportBuildMs)} | **${x.ratio.toFixed(1)}×** (${x.ratioMin.toFixed(1)}–${x.ratioMax.toFixed(1)}) | ≤ 4×: ${x.ratio <= 4 ? 'met' : '**not met**'} | ${kb(x.emailBytes)} |`),
  ];
  return rows.join('\n');
}

/**
 * @param {{ sizes: EntrypointSize[], timing: BadgeTiming, buildMs: number, report: ReportBuild, tagging: KeyboardTagging, load: ApiLoad, connector: Parameters<typeof connectorTable>[0] }} results
 */
function renderResults({ sizes, timing, buildMs, report, tagging, load, connector }) {
  return [
    START,
    `Last run: ${machine(timing.chromium)}. Production build (\`wxt build\`) in ${(buildMs / 1000).toFixed(1)} s.`,
    '',
    '### What each entrypoint loads',
    '',
    sizeTable(sizes),
    '',
    'Gzip level 9, each file compressed on its own; a page counts every chunk it imports (followed',
    'transitively). A content script row is everything injected into one ticket page (the badge\'s',
    'styles are inlined), on the heaviest page of its kind. A cloud tool\'s page gets that tool\'s own',
    'script (Zendesk\'s from the manifest; the others\' registered when a user enables the tool or one',
    'of its sites). A page of a self-hosted or enabled site gets the script that recognises every tool',
    'there and loads the recognised tool\'s readers from the background (and, on a cloud tool\'s host',
    'under a company policy\'s pattern wider than one tool\'s hosts, its detection).',
    '`node tests/bench/sizes.mjs` lists every case, tool by tool, and fails when one is over the target.',
    '',
    '### Time from DOMContentLoaded to the badge',
    '',
    timingTable(timing),
    '',
    'Page: the saved Zendesk ticket (`tests/fixtures/zendesk/ticket.html`) answered at',
    '`https://acme.zendesk.com/agent/tickets/101`, so the production manifest\'s own match runs the',
    'content script; Steward signed in with two cached tags on the ticket. *Badge*: the first',
    '`<button>` inside `<steward-badge>`\'s shadow root (its shell, drawn once the ticket is recognised;',
    'the counts fill in when storage answers). *Floor*: a one-line MV3 extension whose content script',
    'runs when content scripts run unless they ask otherwise (`document_idle`) on the same page and',
    'appends one element. Steward\'s ticket scripts start before the page is parsed (`document_start`),',
    'ask storage for the counts then, and draw the badge at DOMContentLoaded: a ratio under 1 is the',
    'badge showing before the floor\'s element. Layout shifts are those the browser reports (as Core Web',
    'Vitals count them) until a frame after the counts. Both browsers run at once and page loads',
    'alternate (who goes first too), so the ratio holds on a noisy machine where the milliseconds',
    'do not; each round\'s ratio is its two medians divided, and the spread over rounds says how much',
    'it moves. Times are whole milliseconds at best: a page\'s clock is coarsened to 0.1 ms.',
    '',
    '### Tagging a ticket with the keyboard alone',
    '',
    taggingTable(tagging),
    '',
    'The side panel beside the saved Zendesk ticket, in the production build, connected to the real',
    'Worker under `wrangler dev` (local D1): a summary, Tab through the form, a line of business, a',
    'stakeholder, impact, priority and who may see it, then Ctrl+Enter — the keystrokes of',
    '`tests/e2e/editing.test.ts`. Times are taken in the panel itself from its first keydown;',
    '*confirms* is when the card\'s "Sending…" turns into its author\'s name. Each round tags a',
    'fresh ticket, after one warm-up round. *Floor*: the same keystrokes into a plain page with the',
    'same kinds of fields, in the same browser: what the typing alone costs here.',
    '',
    '### The API under load',
    '',
    loadTable(load),
    '',
    'The Worker under `wrangler dev` (the local default) with a fresh local D1 and the real',
    'migrations, 300 tags in the workspace; load from `autocannon` on the same machine. The three',
    'phases alternate within each round, so a busy machine slows them alike; the ratio is taken',
    'within a round. `/healthz` makes one database round trip; so does a read (the token lookup,',
    'the page scoped to the token\'s member, and the taxonomy, in one batch) and a create of a team',
    'tag (the token lookup, the insert guarded by the caller\'s role and the taxonomy choices, its',
    'activity entry, the row and the taxonomy, in one batch).',
    '',
    '### Building the executive report',
    '',
    reportTable(report),
    '',
    `${report.runs} builds each, side by side with one \`GROUP BY\` aggregate over the same rows (the`,
    'least any report must read), on a local D1 with the real migrations; the ratio is taken within',
    'each round (median and spread of the rounds), the milliseconds are medians. The build is',
    'the Worker\'s own code: every query, the continuity and provider facts, and the email, text',
    'and size budget. The email stays the same size however many annotations there are: each',
    'section shows its top items and links to the web view for the rest. Each annotation points at a',
    'ticket with the tool\'s facts (a `tickets` row) and five ticket events (issue 12).',
    '',
    connectorSection(connector),
    END,
  ].join('\n');
}

/** @param {string} results */
const TEMPLATE = (results) => `# Benchmarks

How big Steward is where it matters, how fast its badge appears and how fast a tag made with
the keyboard is saved. Rerun with:

\`\`\`sh
npm run bench                 # production build, sizes, 5 rounds of 15 page loads each in headless Chromium
npm run bench -- --runs 40    # steadier rounds
npm run bench -- --tag-rounds 15   # more keyboard-only tags
\`\`\`

It needs Chromium (\`apt-get install -y --no-install-recommends chromium\`, or set
\`CHROMIUM_PATH\`) and no network. The section below is rewritten by each run.

${results}
`;

/** @param {string} results */
function writeDoc(results) {
  if (!existsSync(DOC)) return writeFileSync(DOC, TEMPLATE(results));
  const doc = readFileSync(DOC, 'utf8');
  const a = doc.indexOf(START.slice(0, 30));
  const b = doc.indexOf(END);
  if (a < 0 || b < 0) throw new Error(`${DOC} has lost its bench markers; put "${START}" … "${END}" back around the results.`);
  writeFileSync(DOC, doc.slice(0, a) + results + doc.slice(b + END.length));
}

const buildMs = build();
const sizes = entrypointSizes(BUILD);
console.log(`\n${sizeTable(sizes)}\n`);
console.log(`▶ badge timing in Chromium (${args.rounds} rounds of ${args.runs} page loads each, after ${args.warmup} warm-up)`);
const timing = await measureBadgeTiming({ extensionDir: BUILD, rounds: Number(args.rounds), runs: Number(args.runs), warmup: Number(args.warmup), log: console.log });
console.log(`\n${timingTable(timing)}\n`);
const { report, tagging, connector } = measureVitestBenches();
console.log(`▶ the API under load (${args['load-rounds']} rounds of ${args['load-seconds']} s a phase)`);
const load = await measureApiLoad({ rounds: Number(args['load-rounds']), seconds: Number(args['load-seconds']), log: console.log });
console.log(`\n${loadTable(load)}\n`);
console.log(`\n${taggingTable(tagging)}\n`);
console.log(`\n${reportTable(report)}\n`);
console.log(`\n${connectorTable(connector)}\n`);
if (!args['no-write']) {
  writeDoc(renderResults({ sizes, timing, buildMs, report, tagging, load, connector }));
  console.log(`Written to ${DOC.replace(`${ROOT}/`, '')}`);
}
