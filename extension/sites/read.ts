import type { ReadField, TicketRef, ToolId } from '../../shared/schemas';
import { detectTicketWith, type ToolDetector } from '../../shared/tickets';
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
/** A recognised ticket: its identity, and the document that holds it. */
export interface Located {
  ref: TicketRef;
  doc: Document;
}
/** Where the ticket a page shows is, or null when the page shows none. */
export type Locate = (url: string, doc: Document) => Located | null;

/**
 * What a ticket script knows: how to recognise a ticket (identity only, so the badge can show
 * at once; the script for enabled sites may first load a cloud tool's detection) and how to read
 * what its page says about it (its tool's selectors, which that script loads first too).
 */
export interface TicketTools {
  locate(url: string, doc: Document): Located | null | Promise<Located | null>;
  read(found: Located): TicketReading | Promise<TicketReading>;
}

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
 * What the page says about a recognised ticket, through its tool's own selectors (best effort:
 * a broken selector never hides the ticket; without an adapter, the ticket is all there is).
 */
export function readWith({ ref: detected, doc }: Located, adapter: SiteAdapter | undefined): TicketReading {
  const ref: TicketRef = { ...detected };
  const facts: PageFacts = { found: [] };
  for (const field of READ_FIELDS) {
    const raw = quietly(() => adapter?.[field]?.(doc, detected));
    const value = MAX[field] ? clean(raw, MAX[field]) : plausible(raw);
    if (!value) continue;
    facts.found.push(field);
    // Title and status stay on the ticket, as a tag stores them; the rest goes beside it.
    if (field === 'title' || field === 'status') ref[field] = value;
    else facts[field === 'created' ? 'createdAt' : field === 'updated' ? 'updatedAt' : field] = value;
  }
  return { ref, facts };
}

/**
 * Reads the ticket a page shows, found by `locate`, with the given tools' selectors, in one go
 * (`readTicketOnPage`, which the fixtures are read with). The ticket scripts take the two steps
 * apart, so the badge shows before the page is read.
 */
export function ticketReader(locate: Locate, adapters: Adapters): TicketReader {
  return (url, doc) => {
    const found = locate(url, doc);
    return found && readWith(found, adapters[found.ref.tool]);
  };
}

/**
 * A cloud tool's own script: its detectors and its selectors alone. `where` says where its
 * tickets are: in the page, or in a frame of it (ServiceNow, `inPageOrFrame`).
 */
export function oneTool(detectors: readonly ToolDetector[], adapter: SiteAdapter, where: (detect: Detect) => Locate = inPage): TicketTools {
  return { locate: where((url, doc) => detectTicketWith(detectors, url, doc)), read: (found) => readWith(found, adapter) };
}
