import { detectTicket } from '../../shared/tickets';
import type { TicketRef, ToolId } from '../../shared/schemas';
import { rt } from './rt/selectors';
import type { SiteAdapter } from './types';
import { zendesk } from './zendesk/selectors';

const ADAPTERS: Partial<Record<ToolId, SiteAdapter>> = { rt, zendesk };

/**
 * The ticket this page shows: identity from shared detection, then title and status read
 * through the tool's own selectors (best effort; a broken selector never hides the ticket).
 */
export function readTicketOnPage(url: string, doc: Document): TicketRef | null {
  const ref = detectTicket(url, doc);
  if (!ref) return null;
  const adapter = ADAPTERS[ref.tool];
  const attempt = (read?: (d: Document) => string | undefined) => {
    try {
      return read?.(doc);
    } catch {
      return undefined;
    }
  };
  const title = attempt(adapter?.title);
  const status = attempt(adapter?.status);
  return { ...ref, ...(title ? { title } : {}), ...(status ? { status } : {}) };
}
