import type { FactSource, Member, ReadingHealth, StatusCategory, TicketEvent, TicketEventKind, TicketFacts, ToolId } from '../../shared/schemas';
import { isFinished, statusCategory } from '../../shared/tickets/status';
import { visibleTo } from './annotations';

/**
 * One reading of a ticket, from whichever source: a page someone opened (issue 12), or a
 * tool's API or webhook (the connector). Fields that were not read are absent and never
 * erase what is known.
 */
export interface FactReading {
  key: string;
  tool: ToolId;
  tenant: string;
  ticketId: string;
  url: string;
  title?: string;
  status?: string;
  createdAt?: string;
  updatedAt?: string;
  assignee?: string;
  priority?: string;
  /** When the reading was made (page) or the tool's time of the change (api/webhook). */
  at: string;
  atKind: 'happened' | 'seen';
  source: FactSource;
  /** The member whose browser read it (page), else null. */
  seenBy: string | null;
  /** For page readings: whether title and status were found (reading health). */
  found?: { title: boolean; status: boolean };
}

export interface TicketRow {
  workspace_id: string;
  ticket_key: string;
  tool: ToolId;
  tenant: string;
  ticket_id: string;
  url: string;
  title: string | null;
  status: string | null;
  category: StatusCategory | null;
  status_since: string | null;
  status_since_kind: 'happened' | 'seen' | null;
  tool_created_at: string | null;
  tool_updated_at: string | null;
  assignee: string | null;
  tool_priority: string | null;
  first_seen_at: string;
  last_seen_at: string;
  observed_at: string;
  source: FactSource;
  reopened_count: number;
}

interface EventRow {
  kind: TicketEventKind;
  from_value: string | null;
  to_value: string | null;
  at: string;
  at_kind: 'happened' | 'seen';
  source: FactSource;
  seen_by_name: string | null;
}

/** A member's view of which tickets they may know facts about: those with an annotation they can see. */
function visibleTicketSql(member: Member): { sql: string; params: unknown[] } {
  const v = visibleTo(member);
  return {
    sql: `EXISTS (SELECT 1 FROM annotations a WHERE a.workspace_id = ? AND a.ticket_key = k.value AND a.deleted_at IS NULL AND ${v.sql})`,
    params: [member.workspaceId, ...v.params],
  };
}

/** For each key: whether the member may see facts about it, and the ticket row if there is one. */
export async function ticketsForKeys(db: D1Database, member: Member, keys: string[]): Promise<Map<string, { visible: boolean; row: TicketRow | null }>> {
  const visible = visibleTicketSql(member);
  const { results } = await db
    .prepare(
      `SELECT k.value AS k_key, ${visible.sql} AS k_visible, t.*
         FROM json_each(?) k LEFT JOIN tickets t ON t.workspace_id = ? AND t.ticket_key = k.value`,
    )
    .bind(...visible.params, JSON.stringify([...new Set(keys)]), member.workspaceId)
    .all<TicketRow & { k_key: string; k_visible: number }>();
  const out = new Map<string, { visible: boolean; row: TicketRow | null }>();
  for (const r of results) out.set(r.k_key, { visible: r.k_visible === 1, row: r.ticket_key ? r : null });
  return out;
}

interface Planned {
  statements: D1PreparedStatement[];
  /** The row as it reads after this reading (the next reading of the same ticket in a batch starts from it). */
  next: TicketRow;
  changed: boolean;
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/**
 * What one reading does to a ticket: the statements to run and the row afterwards. Newest
 * wins: a reading older than what is known only widens first/last seen and fills the tool's
 * created date if it was unknown; it adds no event, since what happened after it is known.
 */
export function planReading(db: D1Database, workspaceId: string, current: TicketRow | null, r: FactReading, now: string): Planned {
  const statements: D1PreparedStatement[] = [];
  const mapped = r.status ? statusCategory(r.tool, r.status) : null;
  if (r.source === 'page' && r.seenBy && r.found) {
    statements.push(
      db.prepare(
        `INSERT INTO ticket_observations (workspace_id, ticket_key, member_id, observed_at, tool, title_found, status_found, unknown_status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ).bind(workspaceId, r.key, r.seenBy, r.at, r.tool, r.found.title ? 1 : 0, r.found.status ? 1 : 0, mapped && !mapped.known ? r.status : null),
    );
  }

  if (current && r.at <= current.observed_at) {
    const next: TicketRow = {
      ...current,
      first_seen_at: earlier(current.first_seen_at, r.at),
      tool_created_at: current.tool_created_at ?? r.createdAt ?? null,
    };
    const changed = next.first_seen_at !== current.first_seen_at || next.tool_created_at !== current.tool_created_at;
    if (changed) {
      statements.push(
        db.prepare('UPDATE tickets SET first_seen_at = MIN(first_seen_at, ?), tool_created_at = COALESCE(tool_created_at, ?) WHERE workspace_id = ? AND ticket_key = ?')
          .bind(r.at, r.createdAt ?? null, workspaceId, r.key),
      );
    }
    return { statements, next, changed };
  }

  const events: Array<{ kind: TicketEventKind; from: string | null; to: string | null }> = [];
  let reopened = current?.reopened_count ?? 0;
  const statusChanged = !!current && !!r.status && !!current.status && r.status.toLowerCase() !== current.status.toLowerCase();
  if (current && statusChanged) {
    events.push({ kind: 'status_changed', from: current.status, to: r.status ?? null });
    if (isFinished(current.category) && mapped && !isFinished(mapped.category)) {
      events.push({ kind: 'reopened', from: current.status, to: r.status ?? null });
      reopened += 1;
    }
  }
  if (current?.assignee && r.assignee && r.assignee !== current.assignee) events.push({ kind: 'assignee_changed', from: current.assignee, to: r.assignee });
  if (current?.title && r.title && r.title !== current.title) events.push({ kind: 'title_changed', from: current.title, to: r.title });

  const newStatus = !current?.status || statusChanged;
  const next: TicketRow = {
    workspace_id: workspaceId,
    ticket_key: r.key,
    tool: r.tool,
    tenant: r.tenant,
    ticket_id: r.ticketId,
    url: r.url,
    title: r.title ?? current?.title ?? null,
    status: r.status ?? current?.status ?? null,
    category: mapped?.category ?? current?.category ?? null,
    status_since: r.status && newStatus ? r.at : (current?.status_since ?? null),
    status_since_kind: r.status && newStatus ? r.atKind : (current?.status_since_kind ?? null),
    tool_created_at: r.createdAt ?? current?.tool_created_at ?? null,
    tool_updated_at: r.updatedAt && current?.tool_updated_at ? later(r.updatedAt, current.tool_updated_at) : (r.updatedAt ?? current?.tool_updated_at ?? null),
    assignee: r.assignee ?? current?.assignee ?? null,
    tool_priority: r.priority ?? current?.tool_priority ?? null,
    first_seen_at: current ? earlier(current.first_seen_at, r.at) : r.at,
    last_seen_at: current ? later(current.last_seen_at, r.at) : r.at,
    observed_at: r.at,
    source: r.source,
    reopened_count: reopened,
  };
  const cols = [
    'url', 'title', 'status', 'category', 'status_since', 'status_since_kind', 'tool_created_at', 'tool_updated_at', 'assignee',
    'tool_priority', 'first_seen_at', 'last_seen_at', 'observed_at', 'source', 'reopened_count',
  ] as const;
  // The insert-or-update only applies when this reading is newer than the stored one, so two
  // requests racing on one ticket cannot put an older reading over a newer one.
  statements.push(
    db.prepare(
      `INSERT INTO tickets (workspace_id, ticket_key, tool, tenant, ticket_id, ${cols.join(', ')})
       VALUES (?, ?, ?, ?, ?, ${cols.map(() => '?').join(', ')})
       ON CONFLICT (workspace_id, ticket_key) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE excluded.observed_at > tickets.observed_at`,
    ).bind(workspaceId, r.key, r.tool, r.tenant, r.ticketId, ...cols.map((c) => next[c])),
  );
  for (const e of events) {
    statements.push(
      db.prepare(
        `INSERT INTO ticket_events (id, workspace_id, ticket_key, kind, from_value, to_value, at, at_kind, source, seen_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ).bind(crypto.randomUUID(), workspaceId, r.key, e.kind, e.from, e.to, r.at, r.atKind, r.source, r.seenBy, now),
    );
  }
  const changed = !current || events.length > 0 || cols.some((c) => c !== 'observed_at' && c !== 'last_seen_at' && next[c] !== current[c]);
  return { statements, next, changed };
}

/** The events of one ticket, oldest first, with the name of whoever saw each. */
function eventsOf(db: D1Database, workspaceId: string, key: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT e.kind, e.from_value, e.to_value, e.at, e.at_kind, e.source, m.name AS seen_by_name
         FROM ticket_events e LEFT JOIN members m ON m.id = e.seen_by
        WHERE e.workspace_id = ? AND e.ticket_key = ? ORDER BY e.at, e.rowid LIMIT 200`,
    )
    .bind(workspaceId, key);
}

function toEvent(e: EventRow): TicketEvent {
  return { kind: e.kind, from: e.from_value, to: e.to_value, at: e.at, atKind: e.at_kind, source: e.source, seenBy: e.seen_by_name };
}

function toFacts(row: TicketRow, events: EventRow[]): TicketFacts {
  return {
    key: row.ticket_key,
    tool: row.tool,
    tenant: row.tenant,
    ticketId: row.ticket_id,
    url: row.url,
    title: row.title,
    status: row.status,
    category: row.category,
    statusSince: row.status_since,
    statusSinceKind: row.status_since_kind,
    createdAt: row.tool_created_at,
    updatedAt: row.tool_updated_at,
    assignee: row.assignee,
    priority: row.tool_priority,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    source: row.source,
    reopenedCount: row.reopened_count,
    events: events.map(toEvent),
  };
}

/** What the member may know about one ticket: null when nothing is known or no tag they see points at it. */
export async function factsFor(db: D1Database, member: Member, key: string): Promise<TicketFacts | null> {
  const visible = visibleTicketSql(member);
  const [ticket, events] = await db.batch([
    db.prepare(`SELECT t.* FROM tickets t JOIN (SELECT ? AS value) k WHERE t.workspace_id = ? AND t.ticket_key = k.value AND ${visible.sql}`)
      .bind(key, member.workspaceId, ...visible.params),
    eventsOf(db, member.workspaceId, key),
  ]);
  const row = ticket?.results[0] as TicketRow | undefined;
  return row ? toFacts(row, (events?.results ?? []) as EventRow[]) : null;
}

/** Reading health per tool since `since`: views, how often title and status were found, unknown status words. */
export async function readingHealth(db: D1Database, workspaceId: string, since: string): Promise<ReadingHealth['items']> {
  const { results } = await db
    .prepare(
      `SELECT tool, COUNT(*) AS views, SUM(title_found) AS title_found, SUM(status_found) AS status_found,
              MIN(observed_at) AS first_at, MAX(observed_at) AS last_at,
              json_group_array(DISTINCT unknown_status) FILTER (WHERE unknown_status IS NOT NULL) AS unknown
         FROM ticket_observations WHERE workspace_id = ? AND observed_at >= ?
        GROUP BY tool ORDER BY tool`,
    )
    .bind(workspaceId, since)
    .all<{ tool: ToolId; views: number; title_found: number; status_found: number; first_at: string; last_at: string; unknown: string | null }>();
  return results.map((r) => ({
    tool: r.tool,
    views: r.views,
    titleFound: r.title_found,
    statusFound: r.status_found,
    unknownStatuses: (JSON.parse(r.unknown ?? '[]') as string[]).slice(0, 20),
    firstViewAt: r.first_at,
    lastViewAt: r.last_at,
  }));
}

/** Every ticket and event of a workspace, for the export. */
export async function allTicketFacts(db: D1Database, workspaceId: string): Promise<{ tickets: Omit<TicketFacts, 'events'>[]; events: Array<TicketEvent & { key: string }> }> {
  const [tickets, events] = await db.batch([
    db.prepare('SELECT * FROM tickets WHERE workspace_id = ? ORDER BY ticket_key').bind(workspaceId),
    db.prepare(
      `SELECT e.ticket_key, e.kind, e.from_value, e.to_value, e.at, e.at_kind, e.source, m.name AS seen_by_name
         FROM ticket_events e LEFT JOIN members m ON m.id = e.seen_by WHERE e.workspace_id = ? ORDER BY e.ticket_key, e.at, e.rowid`,
    ).bind(workspaceId),
  ]);
  return {
    tickets: ((tickets?.results ?? []) as TicketRow[]).map((r) => {
      const { events: _, ...facts } = toFacts(r, []);
      return facts;
    }),
    events: ((events?.results ?? []) as Array<EventRow & { ticket_key: string }>).map((e) => ({ key: e.ticket_key, ...toEvent(e) })),
  };
}

/** Page-view records older than `before` (reading health looks 30 days back; 90 are kept). */
export function pruneObservations(db: D1Database, before: string): D1PreparedStatement {
  return db.prepare('DELETE FROM ticket_observations WHERE observed_at < ?').bind(before);
}
export const OBSERVATIONS_KEEP_MS = 90 * 24 * 3600_000;

/**
 * Dates only a tool's API knows (issue 13): first answer, resolution, the tool's own SLA
 * breach. Applied after `planReading`'s statements for the same ticket; a date once known is
 * only replaced by the tool's newer word, never erased by a reading without it.
 */
export function planToolDates(
  db: D1Database, workspaceId: string, key: string,
  dates: { firstAnsweredAt?: string; resolvedAt?: string; slaBreachedAt?: string },
): D1PreparedStatement | null {
  if (!dates.firstAnsweredAt && !dates.resolvedAt && !dates.slaBreachedAt) return null;
  return db
    .prepare(
      `UPDATE tickets SET first_answered_at = COALESCE(?, first_answered_at), resolved_at = COALESCE(?, resolved_at),
              sla_breached_at = COALESCE(sla_breached_at, ?)
        WHERE workspace_id = ? AND ticket_key = ?`,
    )
    .bind(dates.firstAnsweredAt ?? null, dates.resolvedAt ?? null, dates.slaBreachedAt ?? null, workspaceId, key);
}
