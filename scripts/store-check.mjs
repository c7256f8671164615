// Builds the Firefox package as it would be uploaded (`wxt zip -b firefox`) and runs
// Mozilla's own linter on it, the one addons.mozilla.org runs on every upload. Any error or
// warning fails: a warning today (e.g. a missing manifest key) is a rejected upload later.
//
//   node scripts/store-check.mjs        (also a step of `npm test`)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/wrangler.mjs';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const zip = join(ROOT, `.output/steward-${version}-firefox.zip`);

const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'zip', '-b', 'firefox'], { cwd: ROOT, encoding: 'utf8' });
if (build.status !== 0) {
  process.stdout.write(build.stdout);
  process.stderr.write(build.stderr);
  console.error('Building the Firefox package failed.');
  process.exit(1);
}

const lint = spawnSync(process.execPath, [join(ROOT, 'node_modules/addons-linter/bin/addons-linter'), '--output', 'json', zip], { cwd: ROOT, encoding: 'utf8' });
let report;
try {
  report = JSON.parse(lint.stdout);
} catch {
  process.stdout.write(lint.stdout);
  process.stderr.write(lint.stderr);
  console.error('addons-linter gave no report.');
  process.exit(1);
}

const { errors, warnings, notices } = report.summary;
for (const kind of ['errors', 'warnings', 'notices']) {
  for (const m of report[kind]) console.log(`${kind.slice(0, -1)} ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''}: ${m.message} ${m.description ?? ''}`);
}
console.log(`addons-linter on ${zip.slice(ROOT.length + 1)}: ${errors} errors, ${warnings} warnings, ${notices} notices`);
process.exit(errors === 0 && warnings === 0 ? 0 : 1);
