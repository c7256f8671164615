// The write and read paths under a bounded load, on the local default (`wrangler dev`, real
// local D1 with the real migrations), as ratios to `/healthz` measured in the same run:
// creates (POST /api/v1/annotations) and the extension's read of one ticket's tags
// (GET /api/v1/annotations?ticket=…). Phases alternate over several rounds so that a noisy,
// shared machine moves all three alike; the spread over rounds is reported with the median.
// Afterwards every create that was answered 2xx must be stored exactly once.
//
//   node tests/bench/api-load.mjs [--rounds 3] [--seconds 4] [--connections 8] [--root DIR]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn, spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { freePort } from '../../scripts/lib/ports.mjs';

const QUIET = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };


/**
 * @typedef {{ base: string, operator: string, stop(): void }} RunningWorker
 */

/**
 * @param {string} root
 * @returns {Promise<RunningWorker>}
 */
async function startWorker(root) {
  const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
  const state = mkdtempSync(join(tmpdir(), 'steward-load-'));
  const migrate = spawnSync(process.execPath, [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], { cwd: root, env: QUIET, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
  const port = await freePort();
  const operator = `op_${randomUUID()}`;
  const child = spawn(process.execPath, [wrangler, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--var', `STEWARD_OPERATOR_TOKEN:${operator}`, '--show-interactive-dev-session=false'], {
    cwd: root, env: QUIET, stdio: 'ignore', detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (i > 300) throw new Error('wrangler dev did not answer /healthz');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base, operator,
    stop() {
      try { if (child.pid) process.kill(-child.pid, 'SIGTERM'); } catch {}
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/**
 * The Worker's JSON answer, untyped here (the contract is shared/schemas).
 * @param {string} base
 * @param {string} token
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function api(base, token, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** @param {RunningWorker} w */
async function seed(w) {
  const created = /** @type {{ invite: { code: string } }} */ (await (await fetch(`${w.base}/api/v1/workspaces`, {
    method: 'POST', headers: { authorization: `Bearer ${w.operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Load test', timeZone: 'Europe/Paris', admin: { name: 'Admin' } }),
  })).json());
  const { token } = /** @type {{ token: string }} */ (await (await fetch(`${w.base}/api/v1/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.invite.code }) })).json());
  const lob = await api(w.base, token, 'POST', '/api/v1/taxonomy/lines-of-business', { name: 'Front office' });
  const person = await api(w.base, token, 'POST', '/api/v1/taxonomy/stakeholders', { name: 'Dana Ortiz', title: 'Manager', lineOfBusinessId: lob.id });
  const taxonomy = await api(w.base, token, 'GET', '/api/v1/taxonomy');
  const impact = taxonomy.impactKinds[0].id;
  /** @param {number} ticketId */
  const body = (ticketId) => ({
    id: randomUUID(), horizon: 'now', lineOfBusiness: lob.id, stakeholders: [person.id], impact, priority: 'high', kpis: [],
    summary: 'Front desk cannot print appointment cards since Monday.', visibility: 'team',
    ticketRef: { tool: 'zendesk', tenant: 'acme', ticketId: String(ticketId), url: `https://acme.zendesk.com/agent/tickets/${ticketId}`, observedAt: new Date().toISOString() },
  });
  // A workspace with some history: 300 tags over 100 tickets, 3 on the ticket that is read.
  for (let i = 0; i < 300; i++) await api(w.base, token, 'POST', '/api/v1/annotations', body(i % 100));
  return { token, body };
}

/**
 * @param {string} base
 * @param {{ connections: number, seconds: number }} opts
 * @param {import('autocannon').Request} request
 * @returns {Promise<import('autocannon').Result>}
 */
function load(base, opts, request) {
  return new Promise((ok, fail) => {
    autocannon({ url: base, connections: opts.connections, duration: opts.seconds, requests: [request] }, (err, r) => (err ? fail(err) : ok(r)));
  });
}

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * @typedef {{ median: number, min: number, max: number }} Spread
 * @typedef {'healthz' | 'read' | 'create'} Phase
 */

/**
 * Runs the phases; returns req/s per phase per round, the ratios and the integrity check.
 * @param {{ root?: string, rounds?: number, seconds?: number, connections?: number, log?: (line: string) => void }} [options]
 */
export async function measureApiLoad({ root = resolve(import.meta.dirname, '../..'), rounds = 3, seconds = 4, connections = 8, log = () => {} } = {}) {
  const w = await startWorker(root);
  try {
    const { token, body } = await seed(w);
    const auth = { authorization: `Bearer ${token}` };
    let n = 0;
    /** @type {string[]} */
    const answered = [];
    /** @type {Record<Phase, import('autocannon').Request>} */
    const phases = {
      healthz: { method: 'GET', path: '/healthz' },
      read: { method: 'GET', path: '/api/v1/annotations?ticket=zendesk:acme:7', headers: auth },
      create: {
        method: 'POST', path: '/api/v1/annotations', headers: { ...auth, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(body(1000 + (n++ % 500))) }),
        onResponse: (status, resBody) => {
          if (status >= 200 && status < 300) answered.push(JSON.parse(resBody).id);
        },
      },
    };
    // Warm-up: JIT, D1 statement caches, wrangler's proxy.
    for (const p of Object.values(phases)) await load(w.base, { connections, seconds: 1 }, p);
    /** @type {Record<Phase, number[]>} */
    const rps = { healthz: [], read: [], create: [] };
    /** @type {Record<Phase, number>} */
    const errors = { healthz: 0, read: 0, create: 0 };
    for (let round = 0; round < rounds; round++) {
      for (const [name, p] of /** @type {[Phase, import('autocannon').Request][]} */ (Object.entries(phases))) {
        const r = await load(w.base, { connections, seconds }, p);
        rps[name].push(r.requests.average);
        errors[name] += r.non2xx + r.errors; // autocannon counts timeouts among errors
        log(`  round ${round + 1} ${name}: ${r.requests.average.toFixed(0)} req/s (${r.non2xx + r.errors} not 2xx)`);
      }
    }
    // Nothing lost, nothing duplicated: every create answered 2xx is stored, and listed once.
    // (Creates still in flight when a phase ends may be stored without an answer counted.)
    /** @type {string | null} */
    let cursor = null;
    /** @type {Set<string>} */
    const seen = new Set();
    do {
      const page = await api(w.base, token, 'GET', `/api/v1/annotations?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const a of page.items) {
        if (seen.has(a.id)) throw new Error(`annotation ${a.id} listed twice`);
        seen.add(a.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    /** @param {Phase} name */
    const ratios = (name) => rps[name].map((x, i) => x / rps.healthz[i]);
    /**
     * @param {number[]} xs
     * @returns {Spread}
     */
    const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
    return {
      rounds, seconds, connections,
      rps: /** @type {Record<Phase, Spread>} */ (Object.fromEntries(Object.entries(rps).map(([k, xs]) => [k, summary(xs)]))),
      ratio: { read: summary(ratios('read')), create: summary(ratios('create')) },
      errors,
      integrity: { answered2xx: answered.length, lost: answered.filter((id) => !seen.has(id)).length, ok: answered.every((id) => seen.has(id)) },
    };
  } finally {
    w.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '4' }, connections: { type: 'string', default: '8' }, root: { type: 'string' } } });
  const r = await measureApiLoad({ root: values.root ? resolve(values.root) : undefined, rounds: Number(values.rounds), seconds: Number(values.seconds), connections: Number(values.connections), log: console.log });
  console.log(JSON.stringify(r, null, 2));
}
