import * as v from 'valibot';
import { HttpUrl, Text } from './common';

/** Every ticket tool Steward recognises (DESIGN §7). `custom` is a user-defined URL pattern. */
export const TOOL_IDS = [
  'connectwise', 'autotask', 'halopsa', 'zendesk', 'servicenow', 'jira', 'freshservice',
  'freshdesk', 'syncro', 'kaseya-bms', 'superops', 'atera', 'github', 'zammad', 'rt',
  'redmine', 'glpi', 'osticket', 'freescout', 'custom',
] as const;
export type ToolId = (typeof TOOL_IDS)[number];

export const IsoDateTime = v.pipe(
  v.string(),
  v.isoTimestamp('must be an ISO 8601 date and time, e.g. 2026-11-23T09:00:00Z'),
);

export const TicketRefSchema = v.strictObject({
  tool: v.picklist(TOOL_IDS, `must be one of: ${TOOL_IDS.join(', ')}`),
  tenant: Text(255),
  ticketId: Text(128),
  url: HttpUrl(2048),
  title: v.optional(v.pipe(v.string(), v.maxLength(500, 'must be at most 500 characters'))),
  status: v.optional(v.pipe(v.string(), v.maxLength(100, 'must be at most 100 characters'))),
  observedAt: IsoDateTime,
});
export type TicketRef = v.InferOutput<typeof TicketRefSchema>;

/**
 * A ticket reference as the API answers it. What was stored is shown as it is, even a row an
 * older Worker accepted with an address that is not http(s): readers must not fail on it,
 * and every renderer links only through `safeHref`.
 */
export const StoredTicketRefSchema = v.object({ ...TicketRefSchema.entries, url: v.string() });

export { ticketKey } from '../vocabulary';

/** `tool:tenant:ticketId`; the tenant may hold a `:port`, so split on the first and last colon. */
export const TicketKeySchema = v.pipe(
  v.string(),
  v.regex(/^[a-z-]+:[^\s]+:[^\s:]+$/, 'must look like tool:tenant:ticketId, e.g. zendesk:acme:4821'),
  v.maxLength(400, 'must be at most 400 characters'),
);
