// What each part of the built extension costs: for every entrypoint in the manifest, the
// JavaScript it loads (its own file plus every chunk it imports, followed transitively) and
// its stylesheets, raw and gzip-compressed (level 9, each file on its own, as a server or a
// store would compress them).
//
//   node tests/bench/sizes.mjs              # production build, then every ticket page's script against the target
//   node tests/bench/sizes.mjs --no-build   # the build already in .output/chrome-mv3
//
// Run by itself, it lists every case a ticket page can be in (each tool's own script, the script
// for enabled sites with each tool's readers) and exits with an error when any is over the target.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where `wxt build` puts the production Chrome extension. */
export const BUILD = join(ROOT, '.output/chrome-mv3');

/** KB gzip (JS + CSS) that may be injected into any one ticket page. */
export const CONTENT_SCRIPT_TARGET_KB = 8;

/** @param {Buffer} buf */
const gzip = (buf) => gzipSync(buf, { level: 9 }).length;

/**
 * Static and dynamic imports of an ES module chunk, as paths relative to the build root.
 * @param {string} root
 * @param {string} file
 */
function importsOf(root, file) {
  const code = readFileSync(join(root, file), 'utf8');
  /** @type {Set<string>} */
  const found = new Set();
  // Minified output: `import{a as b}from"./chunks/x.js"`, `import"./x.js"`, `import("./x.js")`.
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{0,2}\/[^"']+\.js)["']/g)) {
    const spec = m[1];
    found.add(spec.startsWith('/') ? spec.slice(1) : posix.normalize(posix.join(posix.dirname(file), spec)));
  }
  return [...found];
}

/**
 * A file and everything it imports, transitively.
 * @param {string} root
 * @param {string} entry
 */
function closure(root, entry) {
  /** @type {Set<string>} */
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = /** @type {string} */ (queue.shift());
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(root, file));
  }
  return [...seen];
}

/**
 * Scripts and stylesheets an extension page loads by itself (script, modulepreload, stylesheet).
 * @param {string} root
 * @param {string} htmlFile
 */
function pageAssets(root, htmlFile) {
  const html = readFileSync(join(root, htmlFile), 'utf8');
  /** @param {string} href */
  const abs = (href) => (href.startsWith('/') ? href.slice(1) : posix.normalize(posix.join(posix.dirname(htmlFile), href)));
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => abs(m[1]));
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => abs(m[1]));
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => abs(m[1]));
  /** @type {Set<string>} */
  const js = new Set();
  for (const s of [...scripts, ...preloads]) for (const f of closure(root, s)) js.add(f);
  return { js: [...js], css };
}

/**
 * @typedef {{ files: string[], raw: number, gzip: number }} FileSizes
 * @typedef {{ name: string, kind: 'service worker' | 'content script' | 'page', js: FileSizes, css: FileSizes }} EntrypointSize
 */

/**
 * @param {string} root
 * @param {string[]} files
 * @returns {FileSizes}
 */
function measure(root, files) {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const buf = readFileSync(join(root, f));
    raw += buf.length;
    gz += gzip(buf);
  }
  return { files, raw, gzip: gz };
}

/**
 * The tools the script for self-hosted and enabled sites recognises by their addresses and
 * markup (`SELF_HOSTED_DETECTORS`, shared/tickets/index.ts; tests/unit/bench-sizes.test.ts keeps
 * the two the same): on their pages it loads their readers alone. On a cloud tool's host (where
 * it runs only for a company policy's pattern wider than one tool's hosts: a single site there
 * gets the tool's own script) it loads that tool's detection with its readers.
 */
export const SELF_HOSTED_TOOLS = ['connectwise', 'freescout', 'glpi', 'jira', 'osticket', 'redmine', 'rt', 'zammad'];

/** @param {string} dir */
const scriptsIn = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')).sort() : []);

/**
 * The largest of several sets of files, as one row: what the heaviest page of that kind gets.
 * @param {string} root
 * @param {string[][]} sets
 */
function largest(root, sets) {
  return sets.map((files) => measure(root, files)).reduce((a, b) => (b.gzip > a.gzip ? b : a));
}

/**
 * Sizes per entrypoint of a built Chrome MV3 extension directory (e.g. .output/chrome-mv3). A
 * ticket page gets one of: a cloud tool's own script (tools/<tool>.js: in the manifest for the
 * tools allowed from the start, registered when a user enables any other), or the script for
 * self-hosted and enabled sites (ticket.js) with the one tool's readers it loads
 * (readers/<tool>.js). Each kind is one row, measured on its heaviest page.
 * @param {string} root
 * @returns {EntrypointSize[]}
 */
export function entrypointSizes(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  /** @type {EntrypointSize[]} */
  const out = [];
  const none = measure(root, []);
  if (manifest.background?.service_worker) {
    const entry = manifest.background.service_worker;
    out.push({ name: 'background', kind: 'service worker', js: measure(root, closure(root, entry)), css: none });
  }
  /** @type {Set<string>} */
  const listed = new Set();
  for (const script of manifest.content_scripts ?? []) {
    for (const entry of script.js ?? []) {
      listed.add(entry);
      // Content scripts are classic scripts: one self-contained file, the badge's styles inlined.
      out.push({ name: `content script: ${posix.basename(entry, '.js')}'s own (in the manifest)`, kind: 'content script', js: measure(root, [entry]), css: none });
    }
  }
  const tools = scriptsIn(join(root, 'tools')).map((f) => `tools/${f}`).filter((f) => !listed.has(f));
  if (tools.length) {
    const js = largest(root, tools.map((f) => [f]));
    out.push({ name: `content script: another cloud tool's own, registered when the tool or one of its sites is enabled (the largest of ${tools.length})`, kind: 'content script', js, css: none });
  }
  if (existsSync(join(root, 'ticket.js'))) {
    const readers = scriptsIn(join(root, 'readers')).map((f) => posix.basename(f, '.js'));
    const withReaders = (/** @type {string[]} */ names) => names.map((tool) => ['ticket.js', `readers/${tool}.js`]);
    const selfHosted = readers.filter((tool) => SELF_HOSTED_TOOLS.includes(tool));
    const cloud = readers.filter((tool) => !SELF_HOSTED_TOOLS.includes(tool));
    if (selfHosted.length) {
      out.push({ name: "content script for self-hosted and enabled sites, with the page's tool's readers (the largest)", kind: 'content script', js: largest(root, withReaders(selfHosted)), css: none });
    }
    if (cloud.length) {
      out.push({
        name: "the same on a cloud tool's host, with that tool's detection and readers (only under a company policy's pattern wider than one tool's hosts; the largest)",
        kind: 'content script', js: largest(root, withReaders(cloud)), css: none,
      });
    }
  }
  const pages = [
    ['side panel', manifest.side_panel?.default_path],
    ['popup', manifest.action?.default_popup],
    ['options', manifest.options_ui?.page ?? manifest.options_page],
  ];
  for (const [name, html] of pages) {
    if (!html) continue;
    const { js, css } = pageAssets(root, html);
    out.push({ name, kind: 'page', js: measure(root, js), css: measure(root, css) });
  }
  return out;
}

/** @param {number} bytes */
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * @typedef {{ kind: string, page: string, files: string[], raw: number, gzip: number }} ContentScriptCase
 */

/**
 * Every set of scripts a ticket page can be given, one case each: each cloud tool's own script
 * (in the manifest or registered when enabled), and the script for self-hosted and enabled sites
 * alone (a ticket found by the user's URL pattern) and with each tool's readers (on a cloud
 * tool's host they bring that tool's detection too).
 * @param {string} root
 * @returns {ContentScriptCase[]}
 */
export function contentScriptCases(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  /** @type {Set<string>} */
  const listed = new Set((manifest.content_scripts ?? []).flatMap((/** @type {{ js?: string[] }} */ s) => s.js ?? []));
  /** @type {ContentScriptCase[]} */
  const out = [];
  /**
   * @param {string} kind
   * @param {string} page
   * @param {string[]} files
   */
  const add = (kind, page, files) => {
    const { raw, gzip: gz } = measure(root, files);
    out.push({ kind, page, files, raw, gzip: gz });
  };
  for (const entry of [...listed].sort()) add('in the manifest', posix.basename(entry, '.js'), [entry]);
  for (const f of scriptsIn(join(root, 'tools'))) {
    if (!listed.has(`tools/${f}`)) add('a cloud tool (or one of its sites) enabled', posix.basename(f, '.js'), [`tools/${f}`]);
  }
  if (existsSync(join(root, 'ticket.js'))) {
    add('enabled site', 'a ticket found by a URL pattern (no readers)', ['ticket.js']);
    const readers = scriptsIn(join(root, 'readers')).map((f) => posix.basename(f, '.js'));
    for (const tool of readers.filter((t) => SELF_HOSTED_TOOLS.includes(t))) add('enabled site', tool, ['ticket.js', `readers/${tool}.js`]);
    for (const tool of readers.filter((t) => !SELF_HOSTED_TOOLS.includes(t))) {
      add("a cloud tool's host under a wider policy pattern", tool, ['ticket.js', `readers/${tool}.js`]);
    }
  }
  return out;
}

/** @param {ContentScriptCase} c */
export const overTarget = (c) => c.gzip > CONTENT_SCRIPT_TARGET_KB * 1024;

/** Builds the production Chrome extension (what `npm run build` makes) into `BUILD`; answers how long it took. */
export function buildProduction() {
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, STEWARD_E2E: '' },
  });
  if (res.status !== 0) {
    console.error(res.stdout, res.stderr);
    throw new Error('wxt build failed');
  }
  return Date.now() - t0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
  if (!args['no-build']) console.log(`wxt build (production, Chrome MV3): ${(buildProduction() / 1000).toFixed(1)} s`);
  const cases = contentScriptCases(BUILD);
  const width = Math.max(...cases.map((c) => `${c.kind}: ${c.page}`.length));
  console.log(`\nWhat one ticket page gets, gzip (target: at most ${CONTENT_SCRIPT_TARGET_KB} KB in every case)\n`);
  for (const c of cases) {
    const verdict = overTarget(c) ? `OVER BY ${kb(c.gzip - CONTENT_SCRIPT_TARGET_KB * 1024)}` : 'ok';
    console.log(`  ${`${c.kind}: ${c.page}`.padEnd(width)}  ${kb(c.gzip).padStart(7)}  ${kb(c.raw).padStart(8)} raw  ${verdict.padEnd(16)} ${c.files.join(' + ')}`);
  }
  const over = cases.filter(overTarget);
  const largest = cases.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  console.log(`\n${cases.length} cases; the largest: ${largest.kind}: ${largest.page}, ${kb(largest.gzip)}.`);
  if (over.length) {
    console.error(`\n✖ ${over.length} case${over.length === 1 ? ' is' : 's are'} over ${CONTENT_SCRIPT_TARGET_KB} KB gzip: ${over.map((c) => `${c.kind}: ${c.page} (${kb(c.gzip)})`).join('; ')}`);
    process.exitCode = 1;
  } else console.log(`✔ every case is within ${CONTENT_SCRIPT_TARGET_KB} KB gzip.`);
}
