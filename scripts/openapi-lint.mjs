// Lints the Worker's OpenAPI document the way a client generator would meet it: serves the
// Worker locally (`wrangler dev`, nothing leaves the machine), saves GET /api/v1/openapi.json
// to artifacts/openapi/openapi.json, and runs Redocly's recommended rules on it (redocly.yaml).
// `npm test` runs this as one step; alone: `node scripts/openapi-lint.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './lib/ports.mjs';
import { ROOT, stopGroup, wranglerSpawn } from './lib/wrangler.mjs';

const OUT = join(ROOT, 'artifacts/openapi/openapi.json');

/**
 * @param {string} base
 * @param {import('node:child_process').ChildProcess} worker
 * @param {string[]} log the Worker's output so far, shown if it never serves the document
 */
async function fetchDocument(base, worker, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (worker.exitCode !== null) throw new Error(`The Worker stopped while starting:\n${log.join('')}`);
    try {
      const res = await fetch(`${base}/api/v1/openapi.json`);
      if (res.ok) return await res.json();
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The Worker did not serve ${base}/api/v1/openapi.json within 60 s:\n${log.join('')}`);
}

async function dumpDocument() {
  const port = await freePort();
  // Its own state folder: the document needs no data, and a developer's local D1 stays untouched.
  const state = mkdtempSync(join(tmpdir(), 'steward-openapi-'));
  const worker = wranglerSpawn(['dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--show-interactive-dev-session=false'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {string[]} */
  const log = [];
  worker.stdout?.on('data', (d) => log.push(String(d)));
  worker.stderr?.on('data', (d) => log.push(String(d)));
  try {
    const doc = await fetchDocument(`http://127.0.0.1:${port}`, worker, log);
    mkdirSync(join(OUT, '..'), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(doc, null, 2)}\n`);
  } finally {
    const exited = /** @type {Promise<void>} */ (new Promise((r) => (worker.exitCode !== null ? r() : worker.once('exit', () => r()))));
    stopGroup(worker);
    const force = setTimeout(() => stopGroup(worker, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
    rmSync(state, { recursive: true, force: true });
  }
}

await dumpDocument();
console.log(`Saved ${OUT.slice(ROOT.length + 1)}; linting it with Redocly (redocly.yaml)…`);
const lint = spawnSync(process.execPath, [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', OUT, '--format=stylish'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
process.exit(lint.status ?? 1);
