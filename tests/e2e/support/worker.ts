import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from './ports';
import { apiCall } from './steward';

const ROOT = resolve(import.meta.dirname, '../../..');
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
const QUIET_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };

export interface RunningWorker {
  baseUrl: string;
  operatorToken: string;
  /** The `--persist-to` directory: D1 and everything else the Worker keeps. */
  stateDir: string;
  /** Stops the Worker and removes its state (unless the state directory was passed in). */
  stop(): Promise<void>;
  /** Stops the Worker but keeps its state and port: to the extension, Steward is unreachable. */
  halt(): Promise<void>;
  /** Starts the Worker again on the same port with the same state (halts it first if running). */
  restart(): Promise<void>;
}

export interface StartWorkerOptions {
  /** Reuse this state directory (kept on stop()); default: a fresh temp directory, removed on stop(). */
  stateDir?: string;
  /** Listen on this port on 127.0.0.1; default: a free one. */
  port?: number;
  /** More settings for the Worker (`--var NAME:value`): e.g. a link secret and an email transport, to send reports. */
  vars?: Record<string, string>;
}

/**
 * The real Worker under `wrangler dev` (workerd + a local SQLite D1) with its own state
 * directory, migrated with the real migrations: what `npm start` runs, isolated per suite.
 */
export async function startWorker(options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const ownState = !options.stateDir;
  const state = options.stateDir ?? mkdtempSync(join(tmpdir(), 'steward-e2e-worker-'));
  const operatorToken = `e2e-${crypto.randomUUID()}`;
  const migrate = spawnSync(process.execPath, [WRANGLER, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], {
    cwd: ROOT, env: QUIET_ENV, encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`Applying migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = await launch(state, port, operatorToken, options.vars);

  async function halt(waitForPort = true) {
    const running = child;
    child = null;
    if (!running) return;
    // Signal the whole process group: wrangler and the workerd it started.
    try {
      process.kill(-running.pid!, 'SIGTERM');
    } catch {}
    await new Promise((r) => (running.exitCode !== null || running.signalCode !== null ? r(null) : running.once('exit', r)));
    // workerd may outlive wrangler by a moment: the port is free only once nothing answers.
    if (waitForPort) await waitFor(`port ${port} to be released`, async () => ((await fetch(`${baseUrl}/healthz`).then(() => false, () => true)) ? true : undefined), 15_000);
  }

  return {
    baseUrl,
    operatorToken,
    stateDir: state,
    halt: () => halt(),
    async restart() {
      await halt();
      child = await launch(state, port, operatorToken, options.vars);
    },
    async stop() {
      await halt(false);
      if (ownState) rmSync(state, { recursive: true, force: true });
    },
  };
}

/** Runs `wrangler dev` on the port with the state and waits until it answers. */
async function launch(state: string, port: number, operatorToken: string, vars: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--var', `STEWARD_OPERATOR_TOKEN:${operatorToken}`,
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]), '--show-interactive-dev-session=false'],
    { cwd: ROOT, env: QUIET_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // Listed until it exits, so the run's teardown can stop it if this suite never does (global-setup.ts).
  const listed = process.env.STEWARD_E2E_WORKER_PIDS ? join(process.env.STEWARD_E2E_WORKER_PIDS, String(child.pid)) : null;
  if (listed) writeFileSync(listed, '');
  child.once('exit', () => listed && rmSync(listed, { force: true }));
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor('wrangler dev to answer /healthz', async () => ((await fetch(`${baseUrl}/healthz`)).ok ? true : undefined), 60_000);
  } catch (err) {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
    throw new Error(`${(err as Error).message}\n--- wrangler output ---\n${log.slice(-3000)}`);
  }
  return child;
}


/**
 * A workspace as an admin leaves it after set-up: lines of business and stakeholders in
 * place, and an invite for the person the test plays (redeemed through the extension).
 */
export async function seedWorkspace(worker: RunningWorker, who: { name: string; role: string; providerCompany?: string } = { name: 'Priya Shah', role: 'admin' }) {
  const res = await fetch(`${worker.baseUrl}/api/v1/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${worker.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Acme Dental', timeZone: 'America/Chicago', admin: { name: 'Set-up admin' } }),
  });
  const created = await res.json();
  const setup = await (await fetch(`${worker.baseUrl}/api/v1/auth/redeem`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.invite.code }),
  })).json();
  const adminToken: string = setup.token;
  const lob = await apiCall(worker, adminToken, 'POST', '/api/v1/taxonomy/lines-of-business', { name: 'Front office' });
  await apiCall(worker, adminToken, 'POST', '/api/v1/taxonomy/lines-of-business', { name: 'Billing' });
  await apiCall(worker, adminToken, 'POST', '/api/v1/taxonomy/stakeholders', { name: 'Dana Ortiz', title: 'Front office manager', lineOfBusinessId: lob.id });
  const invite = await apiCall(worker, adminToken, 'POST', '/api/v1/invites', who);
  return { workspaceId: created.workspace.id as string, adminToken, inviteCode: invite.code as string };
}
