// What each part of the built extension costs: for every entrypoint in the manifest, the
// JavaScript it loads (its own file plus every chunk it imports, followed transitively) and
// its stylesheets, raw and gzip-compressed (level 9, each file on its own, as a server or a
// store would compress them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

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
 * the two the same): on their pages it loads their readers alone. On a cloud tool's host it loads
 * that tool's detection with its readers.
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
    out.push({ name: `content script: another cloud tool's own, registered when enabled (the largest of ${tools.length})`, kind: 'content script', js, css: none });
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
        name: "the same on a cloud tool's host, with that tool's detection and readers (a single site enabled there, not the tool; the largest)",
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
