import type { TicketRef, ToolId } from '../../shared/schemas';
import { ticketKey } from '../../shared/vocabulary';
import { clean } from './dom';
import type { SiteAdapter } from './types';

// The API's limits for TicketRef.title and .status.
const TITLE_MAX = 500;
const STATUS_MAX = 100;

function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export type TicketReader = (url: string, doc: Document) => TicketRef | null;

/**
 * Reads the ticket a page shows with the given detection and the given tools' selectors: every
 * tool (sites/index.ts), or one cloud tool for the script that runs on that tool's pages alone.
 */
export function ticketReader(detect: (url: string, doc: Document) => TicketRef | null, adapters: Readonly<Partial<Record<ToolId, SiteAdapter>>>): TicketReader {
  const framed = Object.values(adapters).filter((a): a is SiteAdapter & Required<Pick<SiteAdapter, 'ticketFrame'>> => !!a?.ticketFrame);

  /**
   * Where the ticket is: the page itself, or a same-origin frame of it. A tool's frame wins over
   * the top URL because the frame is what is on screen; the top URL of such a shell can still
   * name the record it first opened (or a list) after the person moved on inside the frame.
   */
  const locate = (url: string, doc: Document): { ref: TicketRef; doc: Document } | null => {
    const top = detect(url, doc);
    const pageUrl = quietly(() => new URL(url));
    if (pageUrl) {
      for (const adapter of framed) {
        const frame = quietly(() => adapter.ticketFrame(doc, pageUrl));
        if (!frame) continue;
        const inner = detect(frame.url, frame.doc);
        if (!inner || inner.tool !== adapter.tool) continue;
        // Keep the top URL as the link when it names the same ticket: it opens with the app's navigation around it.
        const ref = top && ticketKey(top) === ticketKey(inner) ? top : inner;
        return { ref, doc: frame.doc };
      }
    }
    return top ? { ref: top, doc } : null;
  };

  /**
   * The ticket this page shows: identity from shared detection, then title and status read
   * through the tool's own selectors (best effort; a broken selector never hides the ticket).
   */
  return (url, doc) => {
    const found = locate(url, doc);
    if (!found) return null;
    const { ref, doc: ticketDoc } = found;
    const adapter = adapters[ref.tool];
    const title = clean(quietly(() => adapter?.title?.(ticketDoc, ref)), TITLE_MAX);
    const status = clean(quietly(() => adapter?.status?.(ticketDoc, ref)), STATUS_MAX);
    return { ...ref, ...(title ? { title } : {}), ...(status ? { status } : {}) };
  };
}
