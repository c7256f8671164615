import type { Annotation, AnnotationCreate, Member, TicketRef } from '../../shared/schemas';
import { ticketKey } from '../../shared/schemas';

interface AnnotationRow {
  id: string; workspace_id: string; ticket_key: string | null; ticket_ref: string | null;
  page_url: string | null; horizon: Annotation['horizon']; line_of_business: string;
  stakeholders: string; impact: string; priority: Annotation['priority']; kpis: string;
  summary: string; detail: string | null; event_date: string | null; state: Annotation['state'];
  visibility: Annotation['visibility']; author_id: string; author_name: string;
  created_at: string; updated_at: string; version: number;
}

function toAnnotation(r: AnnotationRow): Annotation {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    ticketKey: r.ticket_key,
    ticketRef: r.ticket_ref ? (JSON.parse(r.ticket_ref) as TicketRef) : null,
    pageUrl: r.page_url,
    horizon: r.horizon,
    lineOfBusiness: r.line_of_business,
    stakeholders: JSON.parse(r.stakeholders) as string[],
    impact: r.impact,
    priority: r.priority,
    kpis: JSON.parse(r.kpis) as string[],
    summary: r.summary,
    detail: r.detail,
    eventDate: r.event_date,
    state: r.state,
    visibility: r.visibility,
    author: { id: r.author_id, name: r.author_name },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const SELECT = `SELECT a.*, m.name AS author_name FROM annotations a JOIN members m ON m.id = a.author_id`;

/**
 * The rows a member may read, as a SQL condition on alias `a` (visibility is enforced in
 * the query, never after it): their own drafts, plus team and provider items for staff and
 * admins; only provider-shared items for provider members; nothing for executives, who read
 * through reports.
 */
export function visibleTo(member: Member): { sql: string; params: unknown[] } {
  switch (member.role) {
    case 'admin':
    case 'staff':
      return { sql: `(a.visibility IN ('team', 'provider') OR a.author_id = ?)`, params: [member.id] };
    case 'provider':
      return { sql: `a.visibility = 'provider'`, params: [] };
    default:
      return { sql: '0', params: [] };
  }
}

/** Inserts unless the id exists; returns true when a row was written. */
export async function insertAnnotation(db: D1Database, workspaceId: string, author: Member, input: AnnotationCreate, now: string): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO annotations (id, workspace_id, ticket_key, ticket_ref, page_url, horizon, line_of_business,
         stakeholders, impact, priority, kpis, summary, detail, event_date, state, visibility, author_id,
         created_at, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
       ON CONFLICT (id) DO NOTHING`,
    )
    .bind(
      input.id, workspaceId,
      input.ticketRef ? ticketKey(input.ticketRef) : null,
      input.ticketRef ? JSON.stringify(input.ticketRef) : null,
      input.pageUrl ?? null, input.horizon, input.lineOfBusiness, JSON.stringify(input.stakeholders),
      input.impact, input.priority, JSON.stringify(input.kpis), input.summary, input.detail ?? null,
      input.eventDate ?? null, input.state, input.visibility, author.id, now, now,
    )
    .run();
  return result.meta.changes > 0;
}

/** Raw ownership check for an id, whatever its visibility (used to answer retries). */
export function findAnnotationOwner(db: D1Database, id: string): Promise<{ workspace_id: string; author_id: string } | null> {
  return db.prepare('SELECT workspace_id, author_id FROM annotations WHERE id = ?').bind(id).first();
}

export async function getAnnotation(db: D1Database, workspaceId: string, member: Member, id: string): Promise<Annotation | null> {
  const vis = visibleTo(member);
  const row = await db
    .prepare(`${SELECT} WHERE a.id = ? AND a.workspace_id = ? AND a.deleted_at IS NULL AND ${vis.sql}`)
    .bind(id, workspaceId, ...vis.params)
    .first<AnnotationRow>();
  return row ? toAnnotation(row) : null;
}

export async function listAnnotations(
  db: D1Database,
  workspaceId: string,
  member: Member,
  filter: { ticket?: string },
): Promise<Annotation[]> {
  const vis = visibleTo(member);
  const where = [`a.workspace_id = ?`, `a.deleted_at IS NULL`, vis.sql];
  const params: unknown[] = [workspaceId, ...vis.params];
  if (filter.ticket) {
    where.push('a.ticket_key = ?');
    params.push(filter.ticket);
  }
  const { results } = await db
    .prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY a.updated_at DESC, a.id LIMIT 500`)
    .bind(...params)
    .all<AnnotationRow>();
  return results.map(toAnnotation);
}

/** True when a stored annotation holds exactly what a create request asked for. */
export function sameContent(stored: Annotation, input: AnnotationCreate): boolean {
  const asked = {
    ticketKey: input.ticketRef ? ticketKey(input.ticketRef) : null,
    pageUrl: input.pageUrl ?? null,
    horizon: input.horizon, lineOfBusiness: input.lineOfBusiness, stakeholders: input.stakeholders,
    impact: input.impact, priority: input.priority, kpis: input.kpis, summary: input.summary,
    detail: input.detail ?? null, eventDate: input.eventDate ?? null, visibility: input.visibility,
  };
  const have = {
    ticketKey: stored.ticketKey, pageUrl: stored.pageUrl, horizon: stored.horizon,
    lineOfBusiness: stored.lineOfBusiness, stakeholders: stored.stakeholders, impact: stored.impact,
    priority: stored.priority, kpis: stored.kpis, summary: stored.summary, detail: stored.detail,
    eventDate: stored.eventDate, visibility: stored.visibility,
  };
  return JSON.stringify(asked) === JSON.stringify(have);
}
