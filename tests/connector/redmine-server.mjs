/**
 * A throwaway Redmine 5 (Debian 12's package, offline) for the connector tests, following
 * ../shared/recipes/redmine.md: an instance under /var/lib/redmine/<name> (a symlink to a temp
 * directory with its own SQLite database), migrated, default data loaded, REST on, a known API
 * key for `admin`; served by `rails server` (thin) on 127.0.0.1 in its own process group.
 * Installed by scripts/ci/install-redmine.sh; where it is missing, tests skip with REDMINE_INSTALL_HINT.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const REDMINE = '/usr/share/redmine';
const REDMINE_API_KEY = 'steward0test0redmine0api0key00000000000';

export const REDMINE_INSTALL_HINT = [
  'Redmine 5 is not installed, so the Redmine connector tests are skipped. On Debian 12 install it with:',
  '  sudo apt-get update && sudo sh scripts/ci/install-redmine.sh',
  '(recipe: ../shared/recipes/redmine.md)',
].join('\n');

export function redmineInstalled() {
  return fs.existsSync(`${REDMINE}/config/environment.rb`) && fs.existsSync('/var/lib/redmine/Gemfile.lock');
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(args, env, dir, what) {
  const result = spawnSync('bundle', ['exec', ...args], { cwd: REDMINE, env, encoding: 'utf8', timeout: 240_000 });
  fs.appendFileSync(path.join(dir, 'setup.log'), `$ ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}\n`);
  if (result.status !== 0) throw new Error(`Redmine ${what} failed (exit ${result.status ?? result.signal}):\n${`${result.stdout}${result.stderr}`.split('\n').slice(-30).join('\n')}`);
}

/**
 * Starts Redmine; resolves once GET {prefix}/ answers 200. `stop()` ends the whole process
 * group and removes the instance.
 */
export async function startRedmine({ pathPrefix = '', readyTimeoutMs = 180_000 } = {}) {
  if (!redmineInstalled()) throw new Error(REDMINE_INSTALL_HINT);
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'steward-redmine-')));
  const name = `steward-${path.basename(dir).replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  const link = `/var/lib/redmine/${name}`;
  for (const sub of ['config', 'log', 'files', 'tmp', 'tmp/pids']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config/database.yml'), `production:\n  adapter: sqlite3\n  database: ${dir}/redmine.sqlite3\n`);
  fs.writeFileSync(path.join(dir, 'config/secret_key.txt'), randomBytes(32).toString('hex'));
  fs.writeFileSync(path.join(dir, 'config.ru'), [
    `require '${REDMINE}/config/environment'`,
    "map(ENV['RAILS_RELATIVE_URL_ROOT'].to_s.empty? ? '/' : ENV['RAILS_RELATIVE_URL_ROOT']) { run Rails.application }",
    '',
  ].join('\n'));
  fs.symlinkSync(dir, link);
  const env = { ...process.env, RAILS_ENV: 'production', REDMINE_INSTANCE: name, REDMINE_LANG: 'en', SCHEMA: '/dev/null' };
  let pid = 0;
  const cleanup = () => {
    if (pid) try { process.kill(-pid, 'SIGKILL'); } catch {}
    try { fs.unlinkSync(link); } catch {}
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const t0 = Date.now();
    // Two processes on purpose: loaded in the migrating process, the models keep the old columns.
    run(['rake', 'db:migrate'], env, dir, 'database set-up');
    fs.writeFileSync(path.join(dir, 'setup.rb'), [
      'Setting.rest_api_enabled = "1"',
      'u = User.find_by_login("admin")',
      'u.password = "steward-admin-1"; u.password_confirmation = "steward-admin-1"; u.must_change_passwd = false; u.save!',
      'u.api_key',
      `u.reload.api_token.update_column(:value, "${REDMINE_API_KEY}")`,
      '',
    ].join('\n'));
    run(['rake', 'redmine:load_default_data'], env, dir, 'default data');
    run(['rails', 'runner', path.join(dir, 'setup.rb')], env, dir, 'REST set-up');
    const setupMs = Date.now() - t0;
    const port = await freePort();
    const log = fs.openSync(path.join(dir, 'server.log'), 'a');
    const child = spawn('bundle', ['exec', 'rails', 'server', '-c', path.join(dir, 'config.ru'), '-b', '127.0.0.1', '-p', String(port), '-P', path.join(dir, 'tmp/pids/server.pid')], {
      cwd: REDMINE, env: { ...env, RAILS_RELATIVE_URL_ROOT: pathPrefix }, detached: true, stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    pid = child.pid;
    child.unref();
    const baseUrl = `http://127.0.0.1:${port}${pathPrefix}`;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      try {
        const res = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {}
      if (Date.now() > deadline) throw new Error(`Redmine did not answer at ${baseUrl}/ within ${readyTimeoutMs} ms:\n${fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000)}`);
      await sleep(250);
    }
    const api = async (method, p, body) => {
      const res = await fetch(`${baseUrl}${p}`, {
        method, headers: { 'X-Redmine-API-Key': REDMINE_API_KEY, 'content-type': 'application/json', accept: 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`Redmine ${method} ${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : null;
    };
    await api('POST', '/projects.json', { project: { name: 'Steward tests', identifier: 'steward-tests', is_public: true } });
    return {
      baseUrl, port, apiKey: REDMINE_API_KEY, timings: { setupMs, startMs: Date.now() - t0 - setupMs },
      async createIssue(subject) {
        const { issue } = await api('POST', '/issues.json', { issue: { project_id: 'steward-tests', subject, description: 'Made by the Steward connector tests.' } });
        return { id: issue.id, url: `${baseUrl}/issues/${issue.id}` };
      },
      /** `PUT /issues/ID.json`, e.g. `{ status_id: 5, notes: 'Fixed.' }` (5 = Closed). */
      async updateIssue(id, fields) {
        await api('PUT', `/issues/${id}.json`, { issue: fields });
      },
      async stop() {
        if (!pid) return;
        try { process.kill(-pid, 'SIGTERM'); } catch {}
        for (let i = 0; i < 50; i++) {
          try { process.kill(-pid, 0); } catch { break; }
          await sleep(100);
        }
        cleanup();
        pid = 0;
      },
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}
