// `npm test`: typecheck both tsconfigs, lint the Firefox store package, run the unit,
// extension and Worker projects, then the browser suite, and end with one line:
// "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/wrangler.mjs';

const OUT = join(ROOT, 'artifacts/test-results');
mkdirSync(OUT, { recursive: true });
/**
 * @param {string} pkg
 * @param {string} file
 */
const bin = (pkg, file) => join(ROOT, 'node_modules', pkg, file);
const totals = { passed: 0, failed: 0, skipped: 0 };
/** @type {string[]} */
const failures = [];

/**
 * The fields read from vitest's JSON reporter.
 * @typedef {object} VitestReport
 * @property {number} numPassedTests
 * @property {number} numFailedTests
 * @property {number} numPendingTests
 * @property {number} numTodoTests
 * @property {{ status: string, assertionResults?: { status: string }[] }[]} [testResults]
 */

/**
 * @param {string} label
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
function run(label, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const res = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status === 0;
}

/**
 * A step that is one check: it counts as one passed or one failed, like a typecheck.
 * @param {string} label
 * @param {string[]} args
 */
function check(label, args) {
  if (run(label, args)) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

/** @param {string} project */
function typecheck(project) {
  check(`typecheck ${project}`, [bin('typescript', 'bin/tsc'), '--noEmit', '-p', project]);
}

/**
 * @param {string} label
 * @param {string[]} projects
 * @param {string} name
 */
function vitest(label, projects, name) {
  const report = join(OUT, `${name}.json`);
  rmSync(report, { force: true });
  const ok = run(label, [
    bin('vitest', 'vitest.mjs'), 'run', ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ], { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' });
  if (!existsSync(report)) {
    totals.failed++;
    failures.push(`${label} (did not run)`);
    return;
  }
  const r = /** @type {VitestReport} */ (JSON.parse(readFileSync(report, 'utf8')));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
  // A file that fails to load (or in a hook) counts as a failure even when no test inside it
  // failed. Not numFailedTestSuites: vitest counts every failing describe block there too.
  const brokenSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && !s.assertionResults?.some((a) => a.status === 'failed')).length;
  if (brokenSuites > 0) totals.failed += brokenSuites;
  if (!ok || r.numFailedTests > 0 || brokenSuites > 0) failures.push(label);
}

typecheck('tsconfig.json');
typecheck('worker/tsconfig.json');
typecheck('scripts/tsconfig.json');
check('lint (Biome, import cycles forbidden)', [bin('@biomejs/biome', 'bin/biome'), 'lint', '--error-on-warnings', '.']);
check('unused files, exports and dependencies (knip)', [bin('knip', 'bin/knip.js')]);
check('Firefox store package (addons-linter: no errors, no warnings)', [join(ROOT, 'scripts/store-check.mjs')]);
check('OpenAPI document (Redocly recommended rules, strict)', [join(ROOT, 'scripts/openapi-lint.mjs')]);
vitest('unit, extension and Worker tests', ['unit', 'extension', 'worker'], 'core');
vitest('browser tests (built extension in Chromium)', ['e2e'], 'e2e');

console.log(`\n${failures.length ? `Failed: ${failures.join('; ')}\n` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || failures.length > 0 ? 1 : 0);
