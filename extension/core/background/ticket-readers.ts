import { browser } from 'wxt/browser';
import type { ToolId } from '../../../shared/schemas/ticket';
import { MessageError } from '../contract/errors';
import { READER_TOOLS, readersScript } from '../contract/ticket-scripts';

/**
 * Runs one tool's readers in the page (and frame) whose ticket script recognised that tool's
 * ticket: the script for self-hosted and enabled sites knows every tool by its address and
 * markup, but carries no tool's readers (contract/ticket-scripts.ts). They run in the same
 * isolated world, where the script finds them (core/page/readers.ts).
 */
export async function loadReaders(tool: string, tabId: number | undefined, frameId = 0): Promise<{ tool: ToolId }> {
  const known = READER_TOOLS.find((t) => t === tool);
  if (!known) throw new MessageError('validation_failed', `Steward has no readers for a tool called "${tool}".`);
  if (tabId === undefined) throw new MessageError('validation_failed', 'Only a ticket page can ask for a tool\'s readers.');
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [readersScript(known)] });
  return { tool: known };
}
