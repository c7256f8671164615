import type { ToolId } from '../../../shared/schemas';
import { sendFromPage } from './page-context';
import { loadedReaders, type ToolReaders } from './readers';

const asked = new Map<ToolId, Promise<ToolReaders | undefined>>();

/**
 * A tool's readers (and a cloud tool's detectors), for the script on self-hosted and enabled
 * sites, which carries none: at hand once loaded in this page, else the background runs them
 * into it first (`ticket:readers`). Undefined when they could not be had: the ticket is still
 * reported, with what recognising it told.
 */
export function readersFor(tool: ToolId): ToolReaders | Promise<ToolReaders | undefined> {
  const loaded = loadedReaders()[tool];
  if (loaded) return loaded;
  let asking = asked.get(tool);
  if (!asking) {
    asking = sendFromPage('ticket:readers', { tool }).then(
      () => loadedReaders()[tool],
      () => {
        asked.delete(tool); // the next look asks again
        return undefined;
      },
    );
    asked.set(tool, asking);
  }
  return asking;
}
