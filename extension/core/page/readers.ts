import type { ToolId } from '../../../shared/schemas';
import type { ToolDetector } from '../../../shared/tickets/types';
import type { SiteAdapter } from '../../sites/types';

/**
 * Tools' readers loaded into this page, by tool: what the script on self-hosted and enabled
 * sites does not carry. A tool's readers script (entrypoints/readers/<tool>.ts) puts them here
 * when the background runs it; the ticket script finds them here (load-readers.ts). Both run
 * in the extension's isolated world of the same frame, which shares one global object between
 * them and none with the page's own scripts.
 */
export interface ToolReaders {
  adapter: SiteAdapter;
  /** A cloud tool's detectors: that script knows cloud tools by their hosts alone. */
  detectors?: readonly ToolDetector[];
}

const REGISTRY = Symbol.for('steward.readers');

type Registry = Partial<Record<ToolId, ToolReaders>>;

export function loadedReaders(): Registry {
  const global = globalThis as { [REGISTRY]?: Registry };
  global[REGISTRY] ??= {};
  return global[REGISTRY];
}

export function provideReaders(adapter: SiteAdapter, detectors?: readonly ToolDetector[]): void {
  loadedReaders()[adapter.tool] = { adapter, detectors };
}
