import { detectCustomTicket } from '../../shared/tickets';
import { clean } from './dom';
import type { TicketReading } from './read';

/**
 * The ticket on a page of a tool Steward does not know, by the user's own URL patterns.
 * Without selectors for the tool, the page's title is the best name the ticket has.
 */
export function readCustomTicketOnPage(url: string, doc: Document, patterns: readonly string[]): TicketReading | null {
  if (!patterns.length) return null;
  const ref = detectCustomTicket(url, patterns);
  if (!ref) return null;
  const title = clean(doc.title, 500);
  return title ? { ref: { ...ref, title }, facts: { found: ['title'] } } : { ref, facts: { found: [] } };
}
