/**
 * A throwaway, self-contained Request Tracker 5 for end-to-end tests.
 *
 * Uses the RT installed from Debian's packages (`request-tracker5 rt5-db-sqlite rt5-standalone`,
 * see scripts/ci/install-rt.sh) but never its machine-wide configuration or database:
 *
 * - Config: RT reads `$ENV{RT_SITE_CONFIG}` *instead of* /etc/request-tracker5/RT_SiteConfig.pm,
 *   and `$ENV{RT_SITE_CONFIG_DIR}` *instead of* both RT_SiteConfig.d directories
 *   (/usr/share/request-tracker5/etc/RT_SiteConfig.d and /etc/request-tracker5/RT_SiteConfig.d;
 *   see RT::Config::LoadConfig). We point the first at a generated file in a temp directory and
 *   the second at an empty temp directory, so Debian's 50-debconf.pm / 51-dbconfig-common.pm
 *   (WebPath /rt, DB under /var/lib/dbconfig-common) are never read. Nothing under /etc is written.
 * - Database: a fresh SQLite file in the temp directory, initialised with
 *   `rt-setup-database-5 --action init --skip-create --root-password-file …` (~3.5 s). The first
 *   initialised database of a process is kept as a template and copied for later instances.
 * - Writable state: the generated config reassigns `$RT::VarPath`, `$RT::MasonDataDir` (compiled
 *   Mason components) and `$RT::MasonSessionDir` (web sessions; SQLite uses Apache::Session::File)
 *   to the temp directory. The Debian defaults under /var/lib and /var/cache are owned by
 *   www-data and not writable by a CI user, and sharing them between instances would leak state.
 * - Mail: `$MailCommand = 'mbox'`, so scrips never hand mail to the machine's MTA; outgoing mail
 *   lands in `<tempDir>/var/*.mbox`.
 *
 * The server is `/usr/share/request-tracker5/libexec/rt-server` (Plack + Starlet, prefork),
 * started in its own process group on 127.0.0.1, stdout+stderr to `<tempDir>/rt-server.log`.
 * `stop()` sends SIGTERM to the whole group (never SIGINT: as root, rt-server's SIGINT handler
 * runs `chown -R www-data: /var/lib/request-tracker5`), then SIGKILL if anything survives.
 *
 * Logging a browser in (Playwright), either:
 *   a) const c = await loginCookie(rt.baseUrl); await context.addCookies([c.cookie]);
 *      then page.goto(ticket.url) — the session cookie is `RT_SID_<rtname>.<port>`, path=WebPath.
 *   b) the form: page.goto(ticket.url) is answered 302 → `{WebPath}/NoAuth/Login.html?next=<token>`
 *      (the token is kept in the anonymous session, so keep the cookie); the form carries it in a
 *      hidden `next` input. Fill `input[name=user]` (id `user`) and `input[name=pass]`, submit the
 *      `form#login` (action `{WebPath}/NoAuth/Login.html`) → 302 back to the ticket URL.
 *      No CSRF token is involved: RT 5 protects forms with a Referer check
 *      (`$RestrictReferrer`), which same-origin browser navigation satisfies; login itself is not
 *      referrer-checked (`$RestrictLoginReferrer` = 0). Use 127.0.0.1 (the `$WebDomain`);
 *      `localhost:<port>` is whitelisted too, but it is a different cookie host.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const RT_SERVER = '/usr/share/request-tracker5/libexec/rt-server';
const RT_SETUP_DATABASE_CANDIDATES = ['/usr/sbin/rt-setup-database-5', '/usr/sbin/rt-setup-database'];

/** The superuser created in every test database. */
const RT_ROOT_USER = 'root';
const RT_ROOT_PASSWORD = 'password';

export const RT_INSTALL_HINT = [
  'Request Tracker 5 is not installed. On Debian 12 install it with:',
  '  sudo apt-get update',
  "  echo 'request-tracker5 request-tracker5/initial-root-password password password' | sudo debconf-set-selections",
  '  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends request-tracker5 rt5-db-sqlite rt5-standalone',
  '(or run: sudo scripts/ci/install-rt.sh)',
].join('\n');

export function rtInstalled(): boolean {
  return fs.existsSync(RT_SERVER) && findSetupDatabase() !== undefined;
}

export interface StartRtOptions {
  /** Port on 127.0.0.1; default: a free one (retried if it is taken in the meantime). */
  port?: number;
  /** `$WebPath`, e.g. '/rt'. Default '' (RT at the root). */
  pathPrefix?: string;
  /** Starlet worker processes (default 4). */
  workers?: number;
  /** Extra Perl appended to the generated RT_SiteConfig (e.g. "Set($ShowHistory, 'always');"). */
  extraConfig?: string;
  /** Keep the temp directory after stop() (its path is printed). Also: STEWARD_RT_KEEP=1. */
  keepTempDir?: boolean;
  /** Initialise a new database even if a template from an earlier start is available. */
  freshDb?: boolean;
  /** How long to wait for the server to answer (default 90 s). */
  readyTimeoutMs?: number;
}

interface RtTicket {
  id: number;
  /** `{baseUrl}/Ticket/Display.html?id={id}` */
  url: string;
}

export interface RtInstance {
  /** `http://127.0.0.1:{port}{pathPrefix}` — no trailing slash. */
  baseUrl: string;
  port: number;
  pathPrefix: string;
  tempDir: string;
  logPath: string;
  /** Process id (= process group id) of the rt-server master. */
  pid: number;
  /** Milliseconds spent initialising (or copying) the database and waiting for the server. */
  timings: { initDbMs: number; startMs: number };
  logTail(lines?: number): string;
  createTicket(subject: string, opts?: { queue?: string; status?: string }): Promise<RtTicket>;
  /** Changes a ticket through REST 2.0 (`PUT /ticket/{id}`), e.g. `{ Status: 'resolved' }`. */
  updateTicket(id: number, fields: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export interface RtSessionCookie {
  /** Ready for Playwright's `context.addCookies([cookie])`. */
  cookie: { name: string; value: string; domain: string; path: string; httpOnly: boolean; secure: boolean };
  /** `name=value`, for a `Cookie:` request header. */
  header: string;
}

function findSetupDatabase(): string | undefined {
  return RT_SETUP_DATABASE_CANDIDATES.find((p) => fs.existsSync(p));
}

function normalisePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Perl single-quoted string literal. */
function perlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function tailOf(file: string, lines = 40): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines - 1).join('\n').trimEnd();
  } catch {
    return '(no log)';
  }
}

/** Can we bind 127.0.0.1:port right now? */
async function portFree(port: number): Promise<boolean> {
  const server = net.createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (ok) await new Promise<void>((resolve) => server.close(() => resolve()));
  return ok;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!port) throw new Error('could not find a free port');
  return port;
}

interface SiteConfigParams {
  dir: string;
  dbPath: string;
  port: number;
  pathPrefix: string;
  extraConfig?: string;
}

function siteConfig({ dir, dbPath, port, pathPrefix, extraConfig }: SiteConfigParams): string {
  const origin = `http://127.0.0.1:${port}`;
  return `# Generated by tests/e2e/rt/rt-server.ts for a throwaway test instance. Do not edit.
Set($rtname, 'steward-test');
Set($Organization, 'steward.test');
Set($CorrespondAddress, 'rt@steward.test');
Set($CommentAddress, 'rt-comment@steward.test');
Set($Timezone, 'UTC');

Set($DatabaseType, 'SQLite');
Set($DatabaseName, ${perlString(dbPath)});
Set($DatabaseHost, 'localhost');
Set($DatabasePort, '');
Set($DatabaseUser, '');
Set($DatabasePassword, '');

# The web server. $WebBaseURL is scheme://host:port without the path; RT appends $WebPath.
Set($WebDomain, '127.0.0.1');
Set($WebPort, ${port});
Set($WebPath, ${perlString(pathPrefix)});
Set($WebBaseURL, ${perlString(origin)});
# CSRF protection is RT's Referer check; keep it on (as in real deployments) and accept both
# names of the loopback host. Logging in is not referrer-checked (RestrictLoginReferrer = 0).
Set($RestrictReferrer, 1);
Set($RestrictLoginReferrer, 0);
Set(@ReferrerWhitelist, ${perlString(`127.0.0.1:${port}`)}, ${perlString(`localhost:${port}`)});

# Never hand mail to the machine's MTA; keep it in ${dir}/var/*.mbox.
Set($MailCommand, 'mbox');

Set($LogToSTDERR, 'info');
Set($LogToSyslog, undef);
Set($LogToFile, undef);

# Writable state in the temp directory instead of /var/lib and /var/cache/request-tracker5.
$RT::VarPath = ${perlString(path.join(dir, 'var'))};
$RT::MasonDataDir = ${perlString(path.join(dir, 'mason_data'))};
$RT::MasonSessionDir = ${perlString(path.join(dir, 'session_data'))};

${extraConfig ?? ''}
1;
`;
}

/** Writes the config files into `dir` and returns the environment RT must run with. */
function prepareDir(params: SiteConfigParams): NodeJS.ProcessEnv {
  const { dir } = params;
  for (const sub of ['var', 'mason_data', 'session_data', 'RT_SiteConfig.d']) {
    fs.mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
  }
  const configPath = path.join(dir, 'RT_SiteConfig.pm');
  fs.writeFileSync(configPath, siteConfig(params));
  return {
    ...process.env,
    RT_SITE_CONFIG: configPath,
    // Empty on purpose: replaces BOTH RT_SiteConfig.d directories (Debian's included).
    RT_SITE_CONFIG_DIR: path.join(dir, 'RT_SiteConfig.d'),
    LANG: process.env.LANG ?? 'C.UTF-8',
  };
}

function initDatabase(dir: string, env: NodeJS.ProcessEnv): void {
  const setup = findSetupDatabase();
  if (!setup) throw new Error(`rt-setup-database not found.\n${RT_INSTALL_HINT}`);
  const passwordFile = path.join(dir, 'root-password');
  fs.writeFileSync(passwordFile, `${RT_ROOT_PASSWORD}\n`, { mode: 0o600 });
  const result = spawnSync(
    setup,
    ['--action', 'init', '--skip-create', '--root-password-file', passwordFile],
    { cwd: dir, env, encoding: 'utf8', timeout: 180_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  fs.writeFileSync(path.join(dir, 'setup-database.log'), output);
  if (result.status !== 0) {
    throw new Error(
      `rt-setup-database failed (exit ${result.status ?? result.signal}${result.error ? `, ${result.error.message}` : ''}):\n` +
        output.split('\n').slice(-40).join('\n'),
    );
  }
}

// One initialised database per process, copied for every further instance (saves ~3.5 s each).
let templateDb: { dir: string; dbPath: string } | undefined;

function databaseFor(dir: string, dbPath: string, env: NodeJS.ProcessEnv, fresh: boolean): void {
  if (!fresh && templateDb && fs.existsSync(templateDb.dbPath)) {
    fs.copyFileSync(templateDb.dbPath, dbPath);
    return;
  }
  initDatabase(dir, env);
  if (!templateDb) {
    const tdir = fs.mkdtempSync(path.join(os.tmpdir(), 'steward-rt-template-'));
    const tpath = path.join(tdir, 'rt.sqlite');
    fs.copyFileSync(dbPath, tpath);
    templateDb = { dir: tdir, dbPath: tpath };
  }
}

// Safety net for a test that forgets stop(), a timeout, or Ctrl-C: RT runs in its own process
// group, so signals sent to the test run's group never reach it. On exit, and on SIGTERM (how
// vitest ends its worker processes), SIGINT and SIGHUP, kill every RT still running and remove
// the temp directories, then let the signal take its default course.
const liveGroups = new Set<number>();
const liveDirs = new Set<string>();
const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
let exitHooksInstalled = false;

function cleanupSync(): void {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  liveGroups.clear();
  for (const dir of liveDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  liveDirs.clear();
  if (templateDb) {
    try {
      fs.rmSync(templateDb.dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
    templateDb = undefined;
  }
}

function onExitSignal(signal: NodeJS.Signals): void {
  cleanupSync();
  for (const s of EXIT_SIGNALS) process.off(s, onExitSignal);
  // Other listeners (if any) own this signal; otherwise restore the default: terminate.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', cleanupSync);
  for (const s of EXIT_SIGNALS) process.on(s, onExitSignal);
}

/** Live (non-zombie) processes in a process group, from /proc (Linux). */
function groupAlive(pgid: number): boolean {
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // pid (comm) state ppid pgrp ...; comm may contain spaces/parens, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    }
    return false;
  } catch {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** Exported for tests: is any process of this RT's process group still running? */
export function rtProcessGroupAlive(pid: number): boolean {
  return groupAlive(pid);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await sleep(100);
  }
  return predicate();
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* group already gone */
  }
}

class RtStartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
  }
}

async function launch(
  dir: string,
  env: NodeJS.ProcessEnv,
  port: number,
  pathPrefix: string,
  workers: number,
  readyTimeoutMs: number,
): Promise<ChildProcess & { pid: number }> {
  const logPath = path.join(dir, 'rt-server.log');
  const logFd = fs.openSync(logPath, 'a');
  const args = ['--port', String(port), '--host', '127.0.0.1', '--max-workers', String(workers)];
  // --webpath mounts the app under the prefix (Plack::App::URLMap); $WebPath makes RT's links match.
  if (pathPrefix) args.push('--webpath', pathPrefix);
  const child = spawn(RT_SERVER, args, {
    cwd: dir,
    env,
    detached: true, // own process group, so stop() can kill master and workers together
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exit ${code ?? signal}`;
  });
  child.once('error', (err) => {
    exited = `spawn error: ${err.message}`;
  });
  if (!child.pid) throw new RtStartError(`could not spawn ${RT_SERVER}`, false);
  const pid = child.pid;
  liveGroups.add(pid);
  child.unref();

  const probe = `http://127.0.0.1:${port}${pathPrefix}/NoAuth/Login.html`;
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(probe, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return Object.assign(child, { pid });
    } catch {
      /* not listening yet */
    }
    await sleep(150);
  }

  killGroup(pid, 'SIGKILL');
  await waitUntil(() => !groupAlive(pid), 5_000);
  liveGroups.delete(pid);
  const log = tailOf(logPath);
  throw new RtStartError(
    `RT did not become ready at ${probe} ${exited ? `(rt-server ${exited})` : `within ${readyTimeoutMs} ms`}.\n` +
      `--- tail of ${logPath} ---\n${log}`,
    /couldn't start up a web server|Address already in use/i.test(log),
  );
}

export async function startRt(opts: StartRtOptions = {}): Promise<RtInstance> {
  if (!rtInstalled()) throw new Error(RT_INSTALL_HINT);
  const pathPrefix = normalisePrefix(opts.pathPrefix);
  const workers = opts.workers ?? 4;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 90_000;
  const keep = opts.keepTempDir ?? process.env.STEWARD_RT_KEEP === '1';
  installExitHooks();
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'steward-rt-')));
  if (!keep) liveDirs.add(dir);
  const dbPath = path.join(dir, 'rt.sqlite');
  const logPath = path.join(dir, 'rt-server.log');

  try {
    // An explicit port must be free now: otherwise the readiness probe would be answered by
    // whatever already listens there.
    if (opts.port !== undefined && !(await portFree(opts.port))) {
      throw new Error(`startRt: port ${opts.port} on 127.0.0.1 is already in use`);
    }
    let port = opts.port ?? (await freePort());
    let env = prepareDir({ dir, dbPath, port, pathPrefix, extraConfig: opts.extraConfig });

    const t0 = Date.now();
    databaseFor(dir, dbPath, env, opts.freshDb ?? false);
    const initDbMs = Date.now() - t0;

    let child: ChildProcess & { pid: number };
    let startMs = 0;
    for (let attempt = 1; ; attempt++) {
      const t1 = Date.now();
      try {
        child = await launch(dir, env, port, pathPrefix, workers, readyTimeoutMs);
        startMs = Date.now() - t1;
        break;
      } catch (err) {
        // A port picked by freePort() can be taken before RT binds it: retry on another one.
        if (err instanceof RtStartError && err.portInUse && opts.port === undefined && attempt < 3) {
          port = await freePort();
          env = prepareDir({ dir, dbPath, port, pathPrefix, extraConfig: opts.extraConfig });
          continue;
        }
        throw err;
      }
    }

    const pid = child.pid;
    const baseUrl = `http://127.0.0.1:${port}${pathPrefix}`;
    let stopped = false;

    const instance: RtInstance = {
      baseUrl,
      port,
      pathPrefix,
      tempDir: dir,
      logPath,
      pid,
      timings: { initDbMs, startMs },
      logTail: (lines?: number) => tailOf(logPath, lines),

      async createTicket(subject, ticketOpts = {}) {
        const body: Record<string, string> = { Queue: ticketOpts.queue ?? 'General', Subject: subject };
        if (ticketOpts.status) body.Status = ticketOpts.status;
        const res = await fetch(`${baseUrl}/REST/2.0/ticket`, {
          method: 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from(`${RT_ROOT_USER}:${RT_ROOT_PASSWORD}`).toString('base64')}`,
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        if (res.status !== 201) {
          throw new Error(
            `REST2 ticket create failed: HTTP ${res.status} ${text}\n--- tail of ${logPath} ---\n${tailOf(logPath)}`,
          );
        }
        const id = Number((JSON.parse(text) as { id: string | number }).id);
        if (!Number.isInteger(id) || id <= 0) throw new Error(`REST2 returned no ticket id: ${text}`);
        return { id, url: `${baseUrl}/Ticket/Display.html?id=${id}` };
      },

      async updateTicket(id, fields) {
        const res = await fetch(`${baseUrl}/REST/2.0/ticket/${id}`, {
          method: 'PUT',
          headers: {
            Authorization: `Basic ${Buffer.from(`${RT_ROOT_USER}:${RT_ROOT_PASSWORD}`).toString('base64')}`,
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: JSON.stringify(fields),
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`REST2 ticket update failed: HTTP ${res.status} ${text}\n--- tail of ${logPath} ---\n${tailOf(logPath)}`);
      },

      async stop() {
        if (stopped) return;
        stopped = true;
        killGroup(pid, 'SIGTERM');
        if (!(await waitUntil(() => !groupAlive(pid), 10_000))) {
          killGroup(pid, 'SIGKILL');
          await waitUntil(() => !groupAlive(pid), 5_000);
        }
        liveGroups.delete(pid);
        if (groupAlive(pid)) throw new Error(`rt-server process group ${pid} survived SIGKILL`);
        if (keep) {
          console.info(`[rt-server] kept ${dir}`);
        } else {
          fs.rmSync(dir, { recursive: true, force: true });
          liveDirs.delete(dir);
        }
      },
    };
    return instance;
  } catch (err) {
    if (!keep) {
      fs.rmSync(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    }
    throw err;
  }
}

/**
 * Logs in through RT's login form (`POST {baseUrl}/NoAuth/Login.html`, fields `user`, `pass`,
 * `next`) and returns the session cookie. A successful login answers 302 (to the `next` page, or
 * to the RT home page when `next` is not a token RT issued); a failed one answers 200 with the
 * form and "Your username or password is incorrect".
 */
export async function loginCookie(
  baseUrl: string,
  user: string = RT_ROOT_USER,
  pass: string = RT_ROOT_PASSWORD,
): Promise<RtSessionCookie> {
  const base = baseUrl.replace(/\/+$/, '');
  const res = await fetch(`${base}/NoAuth/Login.html`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user, pass, next: 'steward-login' }).toString(),
  });
  const page = await res.text();
  if (res.status !== 302) {
    const error = /<li>([^<]*incorrect[^<]*)<\/li>/i.exec(page)?.[1];
    throw new Error(`RT login as ${user} failed: HTTP ${res.status}${error ? ` (${error.trim()})` : ''}`);
  }
  for (const raw of res.headers.getSetCookie()) {
    const match = /^(RT_SID_[^=]+)=([^;]*)/.exec(raw);
    if (!match?.[1] || !match[2]) continue;
    const cookiePath = /;\s*path=([^;]*)/i.exec(raw)?.[1] ?? '/';
    const url = new URL(base);
    return {
      cookie: {
        name: match[1],
        value: match[2],
        domain: url.hostname,
        path: cookiePath,
        httpOnly: true,
        secure: url.protocol === 'https:',
      },
      header: `${match[1]}=${match[2]}`,
    };
  }
  throw new Error('RT login answered 302 but set no RT_SID_* cookie');
}
