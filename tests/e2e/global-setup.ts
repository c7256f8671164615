import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Builds the extension the browser tests load: loopback hosts granted (STEWARD_E2E, see
 * wxt.config.ts), and the content script saying when its detection settled (WXT_STEWARD_E2E,
 * see extension/core/page/detection-signal.ts) so tests wait for that, not for time.
 */
export default function setup() {
  const root = resolve(import.meta.dirname, '../..');
  const build = spawnSync(process.execPath, [resolve(root, 'node_modules/wxt/bin/wxt.mjs'), 'build'], {
    cwd: root,
    env: { ...process.env, STEWARD_E2E: '1', WXT_STEWARD_E2E: '1' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`Building the e2e extension failed:\n${build.stdout}\n${build.stderr}`);

  // Every `wrangler dev` a suite starts leaves its process group id here until it stops
  // (support/worker.ts). A suite whose set-up times out never gets the handle to stop its
  // Worker: whatever is still listed when the run ends is stopped here.
  const pids = mkdtempSync(join(tmpdir(), 'steward-e2e-workers-'));
  process.env.STEWARD_E2E_WORKER_PIDS = pids;
  return () => {
    for (const pid of readdirSync(pids)) {
      try {
        process.kill(-Number(pid), 'SIGTERM');
      } catch {}
    }
    rmSync(pids, { recursive: true, force: true });
  };
}
