import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * A company's deployment, for the browser tests: a copy of the e2e build at its own path
 * (so its own extension id: a policy written for it cannot reach the other suites, which load
 * the build itself), and Chromium's managed policy directory on Linux, where IT puts the
 * `3rdparty` policy that Steward reads from managed storage.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
const E2E_BUILD = join(ROOT, '.output/chrome-mv3-e2e');
export const MANAGED_BUILD = join(ROOT, '.output/chrome-mv3-e2e-managed');
const POLICY_DIR = '/etc/chromium/policies/managed';

/** Chromium's id for an unpacked extension: the SHA-256 of its path, first 32 hex digits spelled a–p. */
export function extensionIdOf(dir: string): string {
  return [...createHash('sha256').update(dir).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

/** Where the identity provider sends a browser back: the extension's identity.getRedirectURL(). */
export const redirectOf = (dir: string) => `https://${extensionIdOf(dir)}.chromiumapp.org/`;

/**
 * Copies the e2e build for the company's browsers. `grantedHosts` stand for hosts the browser
 * already grants (a click headless Chromium cannot make, made at install instead, as the e2e
 * build does for its loopback hosts).
 */
export function prepareManagedBuild(grantedHosts: string[]): string {
  rmSync(MANAGED_BUILD, { recursive: true, force: true });
  cpSync(E2E_BUILD, MANAGED_BUILD, { recursive: true });
  const manifestPath = join(MANAGED_BUILD, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(...grantedHosts);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return MANAGED_BUILD;
}

/** Whether this machine lets the tests write Chromium's managed policy (root on Linux). */
export function canWritePolicy(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    const probe = join(POLICY_DIR, '.steward-probe');
    writeFileSync(probe, '{}');
    rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** Writes IT's policy for one extension id; answers how to take it away again. */
export function writePolicy(extensionId: string, policy: Record<string, unknown>): () => void {
  const file = join(POLICY_DIR, `steward-e2e-${extensionId}.json`);
  writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: policy } } }, null, 2));
  return () => {
    if (existsSync(file)) rmSync(file);
  };
}
