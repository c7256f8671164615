// `npm start`: the whole product on this machine, no account and no network needed.
// Migrates the local D1, builds the extension, runs the Worker under `wrangler dev`,
// seeds the demo workspace once, and prints what to do next. Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDemo } from './demo-seed.mjs';
import { ROOT, stopGroup, wranglerSpawn, wranglerSync } from './lib/wrangler.mjs';

const HOST = '127.0.0.1';
const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://${HOST}:${PORT}`;
const DEV_VARS = join(ROOT, '.dev.vars');
const DEMO_STATE = join(ROOT, '.wrangler/steward-demo.json');

const step = (text) => console.log(`• ${text}`);

/** The operator token lives in .dev.vars (git-ignored), made once per clone. */
function operatorToken() {
  const existing = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, 'utf8') : '';
  const found = /^STEWARD_OPERATOR_TOKEN=(.+)$/m.exec(existing)?.[1]?.trim();
  if (found) return found;
  const token = `op_${randomBytes(24).toString('base64url')}`;
  writeFileSync(DEV_VARS, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}STEWARD_OPERATOR_TOKEN=${token}\n`);
  return token;
}

async function waitHealthy(child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('The Worker stopped while starting (see its output above).');
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The Worker did not answer ${BASE}/healthz within ${timeoutMs / 1000} s.`);
}

async function main() {
  const token = operatorToken();
  step('Applying database migrations (local D1)…');
  wranglerSync(['d1', 'migrations', 'apply', 'DB', '--local']);

  step('Building the Chrome extension…');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`Building the extension failed:\n${build.stdout}\n${build.stderr}`);

  step(`Starting the Worker on ${BASE}…`);
  const worker = wranglerSpawn(['dev', '--ip', HOST, '--port', String(PORT), '--show-interactive-dev-session=false'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk) => chunk.toString().split('\n').filter(Boolean).map((l) => `  [worker] ${l}`).join('\n');
  worker.stdout.on('data', (d) => console.log(prefix(d)));
  worker.stderr.on('data', (d) => console.error(prefix(d)));

  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Steward…');
    stopGroup(worker);
    const force = setTimeout(() => stopGroup(worker, 'SIGKILL'), 5000);
    worker.once('exit', () => {
      clearTimeout(force);
      process.exit(code);
    });
    if (worker.exitCode !== null) process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('SIGHUP', () => stop(0));
  worker.on('exit', (code) => {
    if (!stopping) {
      console.error(`The Worker exited (code ${code}).`);
      process.exit(1);
    }
  });

  try {
    await waitHealthy(worker);
    step('Preparing the demo workspace…');
    const demo = await ensureDemo({ base: BASE, operatorToken: token, stateFile: DEMO_STATE });
    const ext = join(ROOT, '.output/chrome-mv3');
    console.log(`
Steward is running at ${BASE}  (health: ${BASE}/healthz)

1. Load the extension in Chrome: open chrome://extensions, turn on "Developer mode",
   click "Load unpacked" and choose:
     ${ext}
   (Firefox: run \`npm run build:firefox\`, then about:debugging → This Firefox →
    "Load Temporary Add-on…" → .output/firefox-mv2/manifest.json)
2. Open the extension's options (right-click the Steward icon → Options) and connect:
     Steward address: ${BASE}
     Invite code:     ${demo.invite.code}   (single use, expires ${demo.invite.expiresAt.slice(0, 10)})
3. Open a ticket in a supported tool and click the Steward badge to tag it.

Demo workspace: Acme Dental (demo) ${demo.created ? '(just created)' : '(kept from the last start)'}
Report preview: ${BASE}/r/preview  (the executive report is not built yet; this page says so)
Operator token for creating workspaces is in .dev.vars.

Press Ctrl-C to stop.`);
  } catch (err) {
    console.error(`\n${err.message}`);
    stop(1);
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
