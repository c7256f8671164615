// `npm start`: the whole product on this machine, no account and no network needed.
// Migrates the local D1, builds the extension, runs the Worker under `wrangler dev`,
// seeds the demo workspace once, and prints what to do next. Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDemo } from './demo-seed.mjs';
import { startMailSink } from './mail-sink.mjs';
import { ROOT, stopGroup, wranglerSpawn, wranglerSync } from './lib/wrangler.mjs';

const HOST = '127.0.0.1';
const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://${HOST}:${PORT}`;
const DEV_VARS = join(ROOT, '.dev.vars');
const DEMO_STATE = join(ROOT, '.wrangler/steward-demo.json');

/** @param {string} text */
const step = (text) => console.log(`• ${text}`);

const MAIL = { smtpPort: Number(process.env.MAIL_SMTP_PORT ?? 2525), httpPort: Number(process.env.MAIL_WEB_PORT ?? 8025) };

/**
 * Local settings live in .dev.vars (git-ignored): secrets made once per clone, and the mail
 * settings that point the Worker at the local sink. Values already there are kept.
 */
function devVars() {
  const existing = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, 'utf8') : '';
  const vars = Object.fromEntries([...existing.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2].trim()]));
  const wanted = {
    STEWARD_OPERATOR_TOKEN: `op_${randomBytes(24).toString('base64url')}`,
    STEWARD_LINK_SECRET: randomBytes(32).toString('base64url'),
    STEWARD_PUBLIC_URL: BASE,
    STEWARD_EMAIL_TRANSPORT: 'smtp',
    STEWARD_EMAIL_FROM: 'reports@steward.localhost',
    STEWARD_SMTP_HOST: '127.0.0.1',
    STEWARD_SMTP_PORT: String(MAIL.smtpPort),
    // The connector (README, Connecting ticket tools): a key for stored credentials, and tools on
    // this machine or the local network allowed, as only local development should.
    STEWARD_CONNECTOR_KEY: `k1:${randomBytes(32).toString('base64url')}`,
    STEWARD_CONNECTOR_ALLOW_PRIVATE: '*',
  };
  const missing = Object.entries(wanted).filter(([k]) => !(k in vars));
  if (missing.length) {
    writeFileSync(DEV_VARS, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${missing.map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
  }
  return { ...wanted, ...vars };
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [timeoutMs]
 */
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
  const vars = devVars();
  const token = vars.STEWARD_OPERATOR_TOKEN;
  step(`Starting the local mail sink (SMTP 127.0.0.1:${MAIL.smtpPort}, inbox http://127.0.0.1:${MAIL.httpPort})…`);
  let sink;
  try {
    sink = await startMailSink({ ...MAIL, dir: join(ROOT, '.wrangler/mail') });
  } catch (err) {
    throw new Error(`Could not start the local mail sink (${/** @type {Error} */ (err).message}). Is another Steward running? Set MAIL_SMTP_PORT / MAIL_WEB_PORT to use other ports.`);
  }
  step('Applying database migrations (local D1)…');
  wranglerSync(['d1', 'migrations', 'apply', 'DB', '--local']);

  step('Building the Chrome extension…');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`Building the extension failed:\n${build.stdout}\n${build.stderr}`);

  step(`Starting the Worker on ${BASE}…`);
  const worker = wranglerSpawn(['dev', '--ip', HOST, '--port', String(PORT), '--show-interactive-dev-session=false'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @param {Buffer} chunk */
  const prefix = (chunk) => chunk.toString().split('\n').filter(Boolean).map((l) => `  [worker] ${l}`).join('\n');
  worker.stdout?.on('data', (d) => console.log(prefix(d)));
  worker.stderr?.on('data', (d) => console.error(prefix(d)));

  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Steward…');
    stopGroup(worker);
    void sink?.close();
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
Executive report "${demo.report.report.subject}"
  ${demo.report.sent ? `sent now to ${demo.report.sent} recipient(s)` : 'already sent on an earlier start'}; read it in the local inbox: http://127.0.0.1:${MAIL.httpPort}
  Web view (what an executive opens, and answers from): ${demo.report.webViewUrl ?? '(set STEWARD_LINK_SECRET in .dev.vars)'}
Operator token for creating workspaces, and the local mail settings, are in .dev.vars.

Press Ctrl-C to stop.`);
  } catch (err) {
    console.error(`\n${/** @type {Error} */ (err).message}`);
    stop(1);
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
