import { browser } from 'wxt/browser';
import { CLOUD_TOOLS, cloudTool, toolBuiltIn, type CloudTool } from '../contract/cloud-tools';
import { MessageError } from '../contract/errors';
import type { TabNotice } from '../contract/messages';
import { staticTicketScript } from '../contract/sites';
import { scriptFor, toolScript, type TicketScriptPath } from '../contract/ticket-scripts';
import { inTurn } from './in-turn';
import { forgetTabs } from './tab-tickets';

/**
 * Turning Steward on for a whole cloud tool ("Enable Steward on ServiceNow"), and for the
 * sites a company's policy lists (managed-policy.ts): the page asks for the hosts inside the
 * click; here the ticket script is registered for them (kept across restarts) and run in
 * their open tabs at once. The browser's host permission is the grant: `syncTools` makes the
 * registrations follow it at every start and whenever it changes.
 */

// Registrations change from clicks, permission events and start-up: one at a time, so a
// script is never registered twice ("Duplicate script ID").
export const inOrder = inTurn();

async function registeredIds(): Promise<Set<string>> {
  return new Set((await browser.scripting.getRegisteredContentScripts()).map((s) => s.id));
}

/**
 * Registers a ticket script under `id` for `matches` (by default a cloud tool's own where the
 * patterns lie in its hosts, else the one for any site), unless it already is; answers whether
 * it was new. One an earlier version registered to run another script, or at another moment, is
 * replaced.
 */
export async function ensureRegistered(id: string, matches: string[], script: TicketScriptPath = scriptFor(matches)): Promise<boolean> {
  const manifestEntry = staticTicketScript();
  const runAt = manifestEntry?.run_at ?? 'document_idle';
  const [existing] = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing?.js?.[0] === script.slice(1) && existing?.runAt === runAt) return false;
  if (existing) await browser.scripting.unregisterContentScripts({ ids: [id] });
  await browser.scripting.registerContentScripts([{
    id, matches, js: [script.slice(1)], runAt, allFrames: manifestEntry?.all_frames ?? false, persistAcrossSessions: true,
  }]);
  return true;
}

/** Unregisters every id given that is registered. */
export async function ensureUnregistered(ids: string[]): Promise<void> {
  const present = await registeredIds();
  const gone = ids.filter((id) => present.has(id));
  if (gone.length) await browser.scripting.unregisterContentScripts({ ids: gone });
}

/** Ids registered under a prefix (a kind of registration this module keeps). */
export async function registeredWith(prefix: string): Promise<string[]> {
  return [...(await registeredIds())].filter((id) => id.startsWith(prefix));
}

async function tabsOn(matches: string[]): Promise<number[]> {
  const tabs = await browser.tabs.query({ url: matches }).catch(() => []);
  return tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]));
}

/** Runs a ticket script in open tabs of `matches`; a second copy replaces the first (core/page/page-context.ts). */
export async function injectInto(matches: string[], script: TicketScriptPath = scriptFor(matches)): Promise<number> {
  const allFrames = staticTicketScript()?.all_frames ?? false;
  const results = await Promise.allSettled(
    (await tabsOn(matches)).map((tabId) => browser.scripting.executeScript({ target: { tabId, allFrames }, files: [script] })),
  );
  return results.filter((r) => r.status === 'fulfilled').length;
}

function requireTool(id: string): CloudTool {
  const tool = cloudTool(id);
  if (!tool) throw new MessageError('validation_failed', `Steward knows no cloud tool called "${id}".`);
  return tool;
}

/** Turns Steward on for a cloud tool; the page asked for its hosts first (inside the click). */
export function enableTool(id: string): Promise<{ tool: string; injectedTabs: number }> {
  return inOrder(async () => {
    const tool = requireTool(id);
    if (toolBuiltIn(tool)) return { tool: tool.tool, injectedTabs: 0 };
    if (!(await browser.permissions.contains({ origins: tool.matches }))) {
      throw new MessageError('permission_denied', `Steward is not allowed on ${tool.name} yet. Choose "Enable Steward on ${tool.name}" again and click Allow when your browser asks.`);
    }
    // The tool's own script: its detection and readers alone (contract/ticket-scripts.ts).
    const fresh = await ensureRegistered(tool.scriptId, tool.matches, toolScript(tool.tool));
    return { tool: tool.tool, injectedTabs: fresh ? await injectInto(tool.matches, toolScript(tool.tool)) : 0 };
  });
}

/** Turns Steward off for a cloud tool: the badge leaves its open pages, the script and the access go. */
export function disableTool(id: string): Promise<{ tool: string }> {
  return inOrder(async () => {
    const tool = requireTool(id);
    if (toolBuiltIn(tool)) return { tool: tool.tool };
    const notice: TabNotice = { type: 'site:disabled' };
    const tabIds = await tabsOn(tool.matches);
    await Promise.allSettled(tabIds.map((tabId) => browser.tabs.sendMessage(tabId, notice)));
    await forgetTabs(tabIds);
    await ensureUnregistered([tool.scriptId]);
    await browser.permissions.remove({ origins: tool.matches }).catch(() => false);
    return { tool: tool.tool };
  });
}

/** The registrations follow the permissions: a tool's hosts granted (here or in the browser's settings) run the script; taken back, they stop. */
export function syncTools(): Promise<void> {
  return inOrder(async () => {
    for (const tool of CLOUD_TOOLS) {
      if (toolBuiltIn(tool)) continue;
      // Newly registered: its open tabs get the badge now, whichever of this and the page's
      // own message (enableTool) came first after the prompt.
      if (await browser.permissions.contains({ origins: tool.matches })) {
        if (await ensureRegistered(tool.scriptId, tool.matches, toolScript(tool.tool))) await injectInto(tool.matches, toolScript(tool.tool));
      } else await ensureUnregistered([tool.scriptId]);
    }
  });
}

/** True for a single-site origin inside a cloud tool's hosts (github.com): the tool's registration covers it, not a site's. */
export function isCloudToolOrigin(origin: string): boolean {
  return CLOUD_TOOLS.some((t) => !toolBuiltIn(t) && t.matches.includes(`${origin}/*`));
}
