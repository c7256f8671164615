import type { TicketRef, ToolId } from '../../shared/schemas';

/** Reads one thing from the ticket's page; undefined when the page does not show it. */
type Reader = (doc: Document, ticket: TicketRef) => string | undefined;

/**
 * What the extension reads from a tool's ticket page beyond the identity (which comes
 * from shared/tickets). Every host-page selector lives in the tool's `selectors.ts`.
 *
 * Readers get the document that holds the ticket (the frame's, for tools that render the
 * ticket in a frame) and the detected ticket, so apps that keep several tickets in the page
 * at once (Zendesk's tabs, Zammad's tasks) can pick the one the URL names.
 */
export interface SiteAdapter {
  tool: ToolId;
  /** The ticket's subject as the tool shows it; best effort. */
  title?: Reader;
  /** The ticket's status as the tool shows it; best effort. */
  status?: Reader;
  /**
   * When the tool says the ticket was opened / last changed, as ISO 8601: only from a moment
   * the page states with its zone (a `datetime` attribute, an offset in the text), never from
   * "2 hours ago" or a local time whose zone the page does not say (see dom.ts `moment`).
   */
  created?: Reader;
  updated?: Reader;
  /** The assignee's display name as shown; undefined when nobody is assigned. */
  assignee?: Reader;
  /** The tool's own priority word (or number), as shown. */
  priority?: Reader;
  /**
   * For tools that show the ticket inside a same-origin frame of the page (ServiceNow
   * classic): that frame's URL and document, or null. Identity is then taken from the frame,
   * which is what the person sees, and title and status are read from it.
   */
  ticketFrame?(doc: Document, pageUrl: URL): { url: string; doc: Document } | null;
}
