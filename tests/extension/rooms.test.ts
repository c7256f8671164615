// Where the extension's code runs, read from its imports: host pages (the content script and
// core/page), the service worker (core/background) and what both use (core/contract). The
// content script is injected into every ticket page, so what it pulls in is checked here too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// The ticket scripts: each cloud tool's own, the one for self-hosted and enabled sites, and each
// tool's readers, which that one loads.
const CONTENT_SCRIPTS = [
  'extension/entrypoints/ticket.ts',
  ...['tools', 'readers'].flatMap((folder) => readdirSync(join(ROOT, 'extension/entrypoints', folder)).sort().map((f) => `extension/entrypoints/${folder}/${f}`)),
];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}
const FILES = [...sources('extension'), ...sources('shared')];

interface Import {
  spec: string;
  /** Repo path of a relative import, else null (a package or a virtual module). */
  file: string | null;
  /** `import type`: erased from the build. (`import { type X }` is not: verbatimModuleSyntax keeps it.) */
  typeOnly: boolean;
}

function resolveFile(from: string, spec: string): string {
  const base = relative(ROOT, resolve(join(ROOT, dirname(from)), spec));
  const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((p) => FILES.includes(p));
  if (!found) throw new Error(`${from}: cannot resolve ${spec}`);
  return found;
}

const cache = new Map<string, Import[]>();
function importsOf(file: string): Import[] {
  if (!cache.has(file)) {
    const code = readFileSync(join(ROOT, file), 'utf8');
    const found = [...code.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map(([, , type, spec]) => ({
      spec: spec!,
      // Stylesheets (`./badge.css?inline`) are not code: only modules are followed.
      file: spec!.startsWith('.') && !/\.css(\?|$)/.test(spec!) ? resolveFile(file, spec!) : null,
      typeOnly: !!type,
    }));
    cache.set(file, found);
  }
  return cache.get(file)!;
}

const room = (file: string) => /^extension\/core\/(page|background|contract)\//.exec(file)?.[1] ?? (file.startsWith('extension/ui/') ? 'ui' : null);

describe('rooms in the extension', () => {
  it('has no import circle, not even through types', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' > '));
        return;
      }
      state.set(file, 'open');
      for (const i of importsOf(file)) if (i.file) visit(i.file, [...path, file]);
      state.set(file, 'done');
    };
    FILES.forEach((f) => visit(f, []));
    expect(circles).toEqual([]);
  });

  it('keeps page, background and contract apart: the contract needs neither, and neither needs the other', () => {
    // ui/ is the extension's own pages (side panel, popup, options): they run page actions too.
    const allowed: Record<string, string[]> = { contract: ['contract'], page: ['page', 'contract'], background: ['background', 'contract'], ui: ['ui', 'page', 'contract'] };
    const crossings = FILES.flatMap((file) => {
      const from = room(file);
      if (!from) return [];
      return importsOf(file).flatMap((i) => {
        const to = i.file && room(i.file);
        return to && !allowed[from]!.includes(to) ? [`${file} imports ${i.file}`] : [];
      });
    });
    expect(crossings).toEqual([]);
  });

  it.each(CONTENT_SCRIPTS)('keeps the content script %s free of Preact, valibot, the storage library and the polyfill', (script) => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of importsOf(file)) {
        if (i.typeOnly) continue;
        if (i.file) walk(i.file);
        else if (!i.spec.startsWith('.')) packages.add(i.spec);
      }
    };
    walk(script);
    // Not even wxt/browser: it is the webextension-polyfill in this build (core/page/page-context.ts).
    expect([...packages]).toEqual([]);
    expect([...seen].filter((f) => f === 'extension/core/contract/storage.ts' || f.startsWith('extension/core/background/'))).toEqual([]);
  });

  it('has one writer for the outbox, the per-ticket cache, the tabs’ tickets, the observation queue and the ticket facts cache', () => {
    const writers = (item: string) =>
      FILES.filter((f) => new RegExp(`\\b${item}\\.setValue\\(|item: ${item}\\b`).test(readFileSync(join(ROOT, f), 'utf8')));
    expect(writers('outboxItem')).toEqual(['extension/core/background/outbox.ts']);
    expect(writers('ticketCacheItem')).toEqual(['extension/core/background/ticket-cache.ts']);
    expect(writers('tabTicketsItem')).toEqual(['extension/core/background/tab-tickets.ts']);
    expect(writers('observationsItem')).toEqual(['extension/core/background/observations.ts']);
    expect(writers('ticketFactsItem')).toEqual(['extension/core/background/ticket-facts.ts']);
  });
});
