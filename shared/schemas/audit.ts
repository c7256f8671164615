import * as v from 'valibot';
import { Page, PageQuery } from './common';
import { IsoDateTime } from './ticket';

const AuditEntrySchema = v.object({
  id: v.string(),
  actor: v.object({ id: v.nullable(v.string()), name: v.string() }),
  /** What happened, e.g. `annotation.create`, `member.role_change`, `taxonomy.rename`. */
  action: v.string(),
  targetType: v.string(),
  targetId: v.nullable(v.string()),
  detail: v.record(v.string(), v.unknown()),
  at: IsoDateTime,
});
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;

export const AuditListSchema = Page(AuditEntrySchema);
export const AuditQuerySchema = v.strictObject({ ...PageQuery });

const EXPORT_FORMATS = ['json', 'csv'] as const;
/** The tables a CSV export can hold, one file each. */
const EXPORT_TABLES = ['annotations', 'updates', 'members', 'taxonomy', 'audit', 'tickets', 'ticket-events', 'initiatives', 'meetings', 'decisions', 'action-items', 'minutes'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export const ExportQuerySchema = v.strictObject({
  format: v.optional(v.picklist(EXPORT_FORMATS, 'must be json or csv'), 'json'),
  /** For CSV: which table (one CSV per table). */
  table: v.optional(v.picklist(EXPORT_TABLES, `must be one of: ${EXPORT_TABLES.join(', ')}`), 'annotations'),
});
