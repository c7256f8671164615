import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startOidcProvider } from '../oidc/provider.mjs';
import type {} from '../provided-context';
import { MANAGED_BUILD, redirectOf } from './support/managed';

/**
 * Builds the extension the browser tests load: loopback hosts granted (STEWARD_E2E, see
 * wxt.config.ts), and the content script saying when its detection settled (WXT_STEWARD_E2E,
 * see extension/core/page/detection-signal.ts) so tests wait for that, not for time.
 */
export default async function setup(project: TestProject) {
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

  // A real OpenID Connect provider for the company sign-in (tests/oidc/provider.mjs). It sends
  // people back to the browsers' own addresses: the e2e build's, and the company copy's.
  const oidc = await startOidcProvider([redirectOf(join(root, '.output/chrome-mv3-e2e')), redirectOf(MANAGED_BUILD)]);
  project.provide('oidcIssuer', oidc.issuer);
  project.provide('oidcSigningKey', JSON.stringify(oidc.signingKey));
  return async () => {
    await oidc.close();
    for (const pid of readdirSync(pids)) {
      try {
        process.kill(-Number(pid), 'SIGTERM');
      } catch {}
    }
    rmSync(pids, { recursive: true, force: true });
  };
}
