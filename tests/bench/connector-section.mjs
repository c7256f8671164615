// The connector's part of docs/benchmarks.md, from what tests/bench/connector-rt.bench.ts writes to
// artifacts/bench/connector-rt.json. `npm run bench` puts it in the generated section with the
// rest; after running the connector bench alone, this rewrites only its subsection:
//
//   npx vitest run --project bench tests/bench/connector-rt.bench.ts && node tests/bench/connector-section.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @typedef {{ median: number, min: number, max: number }} Spread
 * @typedef {{
 *   tickets: number, runs: number, concurrency: number, requests: number, makeSeconds: number,
 *   connectorMs: number, bareMs: number, sameRequestsMs: number, ratio: Spread, overRequests: Spread,
 *   rtWaitMs: number, d1WriteMs: number, d1Batches: number, d1Statements: number, cpuMsPerTicket: Spread,
 *   commit: string, machine: string, date: string,
 * }} ConnectorBench
 */

export const CONNECTOR_HEADING = '### Ticket facts from a real Request Tracker (the connector)';
const GOAL = 1.3;

/** @param {number} ms */
const ms = (ms) => `${Math.round(ms).toLocaleString('en-US')} ms`;
/** @param {number} x A ratio far below 1 keeps two significant digits. */
const times = (x) => (x < 0.1 ? x.toFixed(4) : x.toFixed(2));
/** @param {Spread} s */
const spread = (s) => `${times(s.median)}× (${times(s.min)}–${times(s.max)})`;

/**
 * The subsection, from its heading to its last line.
 * @param {ConnectorBench | null} c
 */
export function connectorSection(c) {
  if (!c) return [CONNECTOR_HEADING, '', 'Not measured (Request Tracker 5 is not installed: `bash scripts/ci/install-rt.sh`).'].join('\n');
  const met = c.ratio.max <= GOAL ? 'met in every round' : c.ratio.median <= GOAL ? '**met at the median, not in every round**' : '**not met**';
  return [
    CONNECTOR_HEADING,
    '',
    `| Measure (${c.tickets.toLocaleString('en-US')} tagged RT tickets, ${c.runs} rounds) | Median | Ratio of the pull to it, median (min–max) | Goal |`,
    '|---|---:|---:|---|',
    `| The connector's pull (${c.requests} requests to RT, ${c.concurrency} at once) | ${ms(c.connectorMs)} | | |`,
    `| … of which waiting on RT / writing the facts to D1 (${c.d1Batches} batches, ${c.d1Statements.toLocaleString('en-US')} statements) | ${ms(c.rtWaitMs)} / ${ms(c.d1WriteMs)} | | |`,
    `| One bare \`GET /REST/2.0/ticket/{id}\` per ticket, ${c.concurrency} at once | ${ms(c.bareMs)} | **${spread(c.ratio)}** | ≤ ${GOAL}×: ${met} |`,
    `| The pull's own ${c.requests} requests, bare | ${ms(c.sameRequestsMs)} | ${spread(c.overRequests)} | |`,
    `| Worker CPU per ticket (workerd: the connector and, locally, D1's SQLite) | ${c.cpuMsPerTicket.median.toFixed(2)} ms (${c.cpuMsPerTicket.min.toFixed(2)}–${c.cpuMsPerTicket.max.toFixed(2)}) | | |`,
    '',
    `Measured ${c.date} at commit ${c.commit} on ${c.machine}, by \`tests/bench/connector-rt.bench.ts\`.`,
    `The ${c.tickets.toLocaleString('en-US')} tickets (a tenth resolved) are made once in a real RT 5 with REST 2.0's bulk create (${Math.round(c.makeSeconds)} s here) and`,
    'read by every round, each into a fresh workspace on a local D1 with the real migrations. The pull runs',
    'inside workerd under `wrangler dev`, as the Worker runs it; the bare requests (fetched and parsed,',
    'nothing else) are made from the same workerd, the pull\'s own requests just before and just after it.',
    'Each round\'s ratios are taken within the round, so a busy machine slows both sides alike. The',
    'connector asks RT for 100 tagged ids per TicketSQL search, so it makes a hundredth of the requests',
    'one-per-ticket would, and a search for 100 tickets takes RT about as long as a GET of one: most of',
    'what a request costs RT is the same whatever it asks (it checks the credentials every time). Beside RT\'s answers the pull spends only its planning and the D1 writes; against its own',
    'requests bare its ratio can fall below 1, because RT answers the same searches at different speeds',
    'from run to run (its worker processes are replaced after so many requests, and a fresh one starts',
    'slowly). Worker CPU is workerd\'s CPU during the pull, from /proc: in production D1 runs elsewhere,',
    'so the Worker\'s own share is lower.',
  ].join('\n');
}

// Run on its own: rewrite the connector subsection of docs/benchmarks.md in place.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = resolve(import.meta.dirname, '../..');
  const json = join(root, 'artifacts/bench/connector-rt.json');
  const doc = join(root, 'docs/benchmarks.md');
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(CONNECTOR_HEADING);
  const end = text.indexOf('<!-- bench:results:end -->');
  if (start < 0 || end < start) throw new Error(`${doc} has no "${CONNECTOR_HEADING}" before the bench end marker.`);
  const section = connectorSection(existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : null);
  writeFileSync(doc, `${text.slice(0, start)}${section}\n${text.slice(end)}`);
  console.log(`${section}\n\nWritten to docs/benchmarks.md`);
}
