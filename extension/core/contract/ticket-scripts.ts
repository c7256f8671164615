import type { CloudToolId } from '../../../shared/cloud-tools';
import { TOOL_IDS, type ToolId } from '../../../shared/schemas/ticket';
import { cloudToolOf } from './cloud-tools';
import { TICKET_SCRIPT } from './sites';

/**
 * The scripts that put the badge on ticket pages (extension/entrypoints/), and which page gets
 * which. Each is injected into every page it matches, so each carries only what those pages
 * need:
 * - a cloud tool's own script (`tools/<tool>.js`): that tool's detection and readers; in the
 *   manifest for the tools allowed from the start (Zendesk), registered when a user enables
 *   any other (background/cloud-tools.ts);
 * - the script for self-hosted sites and the sites a user enables (`ticket.js`, contract/sites.ts):
 *   every tool's detection and the user's URL patterns, and for the tool it recognises, that
 *   tool's readers (`readers/<tool>.js`), which the background runs into the same page when
 *   asked (`ticket:readers`).
 */

/** A cloud tool's own ticket script (the build's paths are typed: one missing would not compile). */
export const toolScript = <T extends CloudToolId>(tool: T) => `/tools/${tool}.js` as const;

/** A script that puts the badge on ticket pages: the one for any site, or a cloud tool's own. */
export type TicketScriptPath = typeof TICKET_SCRIPT | ReturnType<typeof toolScript>;

/**
 * The script to register for host patterns: a cloud tool's own when they all lie in that tool's
 * hosts (a company policy's `https://*.service-now.com/*`), else the one for any site.
 */
export function scriptFor(matches: readonly string[]): TicketScriptPath {
  // One address stands for each pattern: `*.` becomes a subdomain, the path's `*` nothing.
  const tools = new Set(matches.map((p) => cloudToolOf(p.replace('://*.', '://x.').replace(/\*$/, ''))?.tool ?? null));
  const [tool] = tools;
  return tools.size === 1 && tool ? toolScript(tool) : TICKET_SCRIPT;
}

/** Tools with readers: all but `custom`, whose only reading is the page's title. */
export type ReaderTool = Exclude<ToolId, 'custom'>;
export const READER_TOOLS = TOOL_IDS.filter((t): t is ReaderTool => t !== 'custom');

/** One tool's readers, for the script on self-hosted and enabled sites. */
export const readersScript = <T extends ReaderTool>(tool: T) => `/readers/${tool}.js` as const;
