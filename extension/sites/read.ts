import type { ReadField, TicketRef, ToolId } from '../../shared/schemas';
import { READ_FIELDS, ticketKey } from '../../shared/vocabulary';
import type { PageFacts } from '../core/contract/messages';
import { clean } from './dom';
import type { SiteAdapter } from './types';

// The API's limits for the text read (TicketRef.title and .status, the observation's assignee and
// priority); the times (created, updated) are checked by `plausible` instead.
const MAX: Partial<Record<ReadField, number>> = { title: 500, status: 100, assignee: 200, priority: 100 };
/** A tool's time is kept only from 2000 until now: a page can show a wrong or future date, and the Worker refuses those. */
const EARLIEST = Date.UTC(2000, 0, 1);

function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * The ticket a page shows and what the page says about it. The ref carries the title and status,
 * as a tag stores them; the facts are sent beside it, never inside it (a TicketRef travels in
 * strict API bodies).
 */
export interface TicketReading {
  ref: TicketRef;
  facts: PageFacts;
}

export type TicketReader = (url: string, doc: Document) => TicketReading | null;

function plausible(iso: string | undefined): string | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  return t >= EARLIEST && t <= Date.now() ? iso : undefined;
}

type Detect = (url: string, doc: Document) => TicketRef | null;
type Adapters = Readonly<Partial<Record<ToolId, SiteAdapter>>>;
/** Where the ticket a page shows is: its identity, and the document that holds it. */
export type Locate = (url: string, doc: Document) => { ref: TicketRef; doc: Document } | null;

/** The ticket is in the page itself (a cloud tool's own script: no tool there uses frames). */
export const inPage = (detect: Detect): Locate => (url, doc) => {
  const ref = detect(url, doc);
  return ref ? { ref, doc } : null;
};

/**
 * The ticket is in the page, or in a same-origin frame of it for tools that have one
 * (`ticketFrame`). A tool's frame wins over the top URL because the frame is what is on screen;
 * the top URL of such a shell can still name the record it first opened (or a list) after the
 * person moved on inside the frame.
 */
export function inPageOrFrame(detect: Detect, adapters: Adapters): Locate {
  const framed = Object.values(adapters).filter((a): a is SiteAdapter & Required<Pick<SiteAdapter, 'ticketFrame'>> => !!a?.ticketFrame);
  return (url, doc) => {
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
}

/**
 * Reads the ticket a page shows, found by `locate`, with the given tools' selectors: every tool
 * (sites/index.ts), or one cloud tool for the script that runs on that tool's pages alone.
 */
export function ticketReader(locate: Locate, adapters: Adapters): TicketReader {
  /**
   * The ticket this page shows: identity from shared detection, then what the page says about it
   * through the tool's own selectors (best effort; a broken selector never hides the ticket).
   */
  return (url, doc) => {
    const found = locate(url, doc);
    if (!found) return null;
    const { ref: detected, doc: ticketDoc } = found;
    const adapter = adapters[detected.tool];
    const ref: TicketRef = { ...detected };
    const facts: PageFacts = { found: [] };
    for (const field of READ_FIELDS) {
      const raw = quietly(() => adapter?.[field]?.(ticketDoc, detected));
      const value = MAX[field] ? clean(raw, MAX[field]) : plausible(raw);
      if (!value) continue;
      facts.found.push(field);
      // Title and status stay on the ticket, as a tag stores them; the rest goes beside it.
      if (field === 'title' || field === 'status') ref[field] = value;
      else facts[field === 'created' ? 'createdAt' : field === 'updated' ? 'updatedAt' : field] = value;
    }
    return { ref, facts };
  };
}
