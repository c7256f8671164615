// What each part of the built extension costs: for every entrypoint in the manifest, the
// JavaScript it loads (its own file plus every chunk it imports, followed transitively) and
// its stylesheets, raw and gzip-compressed (level 9, each file on its own, as a server or a
// store would compress them).
import { existsSync, readFileSync } from 'node:fs';
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
 * Sizes per entrypoint of a built Chrome MV3 extension directory (e.g. .output/chrome-mv3).
 * Besides the manifest's content scripts (one per built-in cloud tool), `registered` names the
 * scripts the background registers at run time (the one for self-hosted and user-enabled sites).
 * @param {string} root
 * @param {string[]} [registered]
 * @returns {EntrypointSize[]}
 */
export function entrypointSizes(root, registered = ['ticket.js']) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  /** @type {EntrypointSize[]} */
  const out = [];
  if (manifest.background?.service_worker) {
    const entry = manifest.background.service_worker;
    out.push({ name: 'background', kind: 'service worker', js: measure(root, closure(root, entry)), css: measure(root, []) });
  }
  for (const script of manifest.content_scripts ?? []) {
    for (const entry of script.js ?? []) {
      // WXT's cssInjectionMode "ui": the script fetches its stylesheet into the badge's shadow
      // root at run time, so it is injected into host pages just the same.
      const cssFile = entry.replace(/\.js$/, '.css');
      const css = [...(script.css ?? []), ...(existsSync(join(root, cssFile)) ? [cssFile] : [])];
      // Content scripts are classic scripts: one self-contained file.
      out.push({ name: `content script (${posix.basename(entry, '.js')})`, kind: 'content script', js: measure(root, [entry]), css: measure(root, [...new Set(css)]) });
    }
  }
  const listed = new Set((manifest.content_scripts ?? []).flatMap((/** @type {{ js?: string[] }} */ s) => s.js ?? []));
  for (const entry of registered) {
    if (listed.has(entry) || !existsSync(join(root, entry))) continue;
    out.push({ name: `content script (${posix.basename(entry, '.js')}, registered per site)`, kind: 'content script', js: measure(root, [entry]), css: measure(root, []) });
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
