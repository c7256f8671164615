import type { SiteAdapter } from './types';

/**
 * A ticket of a tool Steward does not know, recognised by the user's own URL pattern
 * (`customTicketOf`): without selectors for the tool, the page's title is the best name the
 * ticket has.
 */
export const custom: SiteAdapter = { tool: 'custom', title: (doc) => doc.title };
