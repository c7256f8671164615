import { browser } from 'wxt/browser';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { CLOUD_TOOL_HOSTS, type CloudToolId } from '../../../shared/cloud-tools';
import { TOOL_NAMES } from '../../../shared/tool-names';
import { isBuiltIn } from './sites';

/**
 * The cloud ticket tools Steward offers by name ("Enable Steward on ServiceNow"): one
 * permission prompt for the tool's hosts, then the ticket script is registered for them
 * (background/cloud-tools.ts). Zendesk's hosts are in the manifest: it is ready at install.
 */

export const TOOL_SCRIPT_PREFIX = 'steward-tool:';

export interface CloudTool {
  tool: CloudToolId;
  name: string;
  /** The match patterns one prompt asks for. */
  matches: string[];
  scriptId: string;
}

export const CLOUD_TOOLS: CloudTool[] = (Object.keys(CLOUD_TOOL_HOSTS) as CloudToolId[])
  .map((tool) => ({ tool, name: TOOL_NAMES[tool], matches: [...CLOUD_TOOL_HOSTS[tool]], scriptId: `${TOOL_SCRIPT_PREFIX}${tool}` }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));

export function cloudTool(id: string): CloudTool | null {
  return CLOUD_TOOLS.find((t) => t.tool === id) ?? null;
}

function matches(pattern: string, url: string): boolean {
  try {
    return new MatchPattern(pattern).includes(url);
  } catch {
    return false;
  }
}

/** The cloud tool whose hosts serve this address, or null. */
export function cloudToolOf(url: string | undefined): CloudTool | null {
  if (!url) return null;
  return CLOUD_TOOLS.find((t) => t.matches.some((p) => matches(p, url))) ?? null;
}

/** True when the manifest already runs a ticket script on the tool's hosts (Zendesk). */
export function toolBuiltIn(tool: CloudTool): boolean {
  // One address per pattern stands for its hosts: `*.` becomes a subdomain.
  return tool.matches.every((p) => isBuiltIn(p.replace('://*.', '://x.').replace(/\*$/, '')));
}

export type ToolStatus = 'built-in' | 'on' | 'off';

/** Whether Steward runs on the tool's pages: from the start, because it was enabled, or not yet. */
export async function toolStatus(tool: CloudTool): Promise<ToolStatus> {
  if (toolBuiltIn(tool)) return 'built-in';
  return (await browser.permissions.contains({ origins: tool.matches })) ? 'on' : 'off';
}
