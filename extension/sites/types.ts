import type { ToolId } from '../../shared/schemas';

/**
 * What the extension reads from a tool's ticket page beyond the identity (which comes
 * from shared/tickets). Every host-page selector lives in the tool's `selectors.ts`.
 */
export interface SiteAdapter {
  tool: ToolId;
  /** The ticket's subject as the tool shows it; best effort. */
  title?(doc: Document): string | undefined;
  /** The ticket's status as the tool shows it; best effort. */
  status?(doc: Document): string | undefined;
}

/** Trimmed, single-spaced text of the first element matching, or undefined. */
export function textOf(doc: ParentNode, selector: string, max = 500): string | undefined {
  const text = doc.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, max) : undefined;
}
