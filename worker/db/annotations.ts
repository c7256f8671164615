import type {
  Annotation, AnnotationCreate, AnnotationListQuery, AnnotationUpdate, Member, ProviderStatus, Taxonomy, TicketRef,
} from '../../shared/schemas';
import { ticketKey } from '../../shared/schemas';
import { callerTaxonomyReads, TERM_REFS_OK, taxonomyOf, taxonomyReads, termRefParams } from './taxonomy';
import { CALLER, liveTokenOf, liveTokenRead, type TokenLookup } from './tokens';
import { pageOf, type Cursor } from './pagination';

export interface AnnotationRow {
  id: string; workspace_id: string; ticket_key: string | null; ticket_ref: string | null;
  page_url: string | null; horizon: Annotation['horizon']; line_of_business: string;
  stakeholders: string; impact: string; priority: Annotation['priority']; kpis: string;
  summary: string; detail: string | null; event_date: string | null; state: Annotation['state'];
  visibility: Annotation['visibility']; author_id: string; author_name: string;
  created_at: string; updated_at: string; version: number; deleted_at: string | null;
  provider_status: string | null; shared_with: string | null; shared_at: string | null;
}

/** Resolves taxonomy ids to names (an id that no longer exists reads as "(removed)"), and finds jargon. */
export type Labeler = ((id: string) => string) & { jargon?: (text: string) => string[] };

export function toAnnotation(r: AnnotationRow, label: Labeler): Annotation {
  const stakeholders = JSON.parse(r.stakeholders) as string[];
  const kpis = JSON.parse(r.kpis) as string[];
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    ticketKey: r.ticket_key,
    ticketRef: r.ticket_ref ? (JSON.parse(r.ticket_ref) as TicketRef) : null,
    pageUrl: r.page_url,
    horizon: r.horizon,
    lineOfBusiness: r.line_of_business,
    stakeholders,
    impact: r.impact,
    priority: r.priority,
    kpis,
    labels: { lineOfBusiness: label(r.line_of_business), stakeholders: stakeholders.map(label), impact: label(r.impact), kpis: kpis.map(label) },
    summary: r.summary,
    detail: r.detail,
    eventDate: r.event_date,
    state: r.state,
    visibility: r.visibility,
    sharedWith: r.visibility === 'provider' ? r.shared_with : null,
    providerStatus: r.provider_status ? (JSON.parse(r.provider_status) as { status: ProviderStatus; eta: string | null; at: string }) : null,
    author: { id: r.author_id, name: r.author_name },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    deletedAt: r.deleted_at,
    jargon: label.jargon?.(r.summary) ?? [],
  };
}

// The latest answer of the provider the item is shared with rides along with each row: one
// correlated subquery on an indexed column, instead of a second round trip per annotation.
// Answers from another company (the item was shared with it before) are not "the" status.
export const SELECT = `SELECT a.*, m.name AS author_name,
  (SELECT json_object('status', u.provider_status, 'eta', u.eta, 'at', u.created_at)
     FROM annotation_updates u JOIN members pm ON pm.id = u.author_id
    WHERE u.annotation_id = a.id AND u.kind = 'provider_status' AND pm.provider_company = a.shared_with
    ORDER BY u.created_at DESC, u.id DESC LIMIT 1) AS provider_status
  FROM annotations a JOIN members m ON m.id = a.author_id`;

/**
 * The rows a member may read, as a SQL condition on alias `a` (visibility is enforced in
 * the query, never after it): their own drafts, plus team and provider items for staff and
 * admins; for a provider member only the items shared with their own company (so a provider
 * never learns what the client shares with another one, or that there is another one);
 * nothing for executives, who read through reports.
 */
export function visibleTo(member: Member): { sql: string; params: unknown[] } {
  switch (member.role) {
    case 'admin':
    case 'staff':
      return { sql: `(a.visibility IN ('team', 'provider') OR a.author_id = ?)`, params: [member.id] };
    case 'provider':
      return member.providerCompany
        ? { sql: `(a.visibility = 'provider' AND a.shared_with = ?)`, params: [member.providerCompany] }
        : { sql: '0', params: [] };
    default:
      return { sql: '0', params: [] };
  }
}

/**
 * The timeline entries a member may read, as a SQL condition on `m` (the entry's author):
 * staff see every entry; a provider member sees the client's entries and those of their own
 * company, never another provider's answers on an item that was shared with it before.
 */
function timelineVisibleTo(member: Member): { sql: string; params: unknown[] } {
  if (member.role !== 'provider') return { sql: '1', params: [] };
  return { sql: `(m.role <> 'provider' OR m.provider_company = ?)`, params: [member.providerCompany ?? ''] };
}

/**
 * Who writes: a member already signed in, or the holder of a token looked up in the same
 * batch (one round trip for signing in and writing). Either way a SQL table `caller (id,
 * role, provider_company, workspace_id, name)`, so one statement serves both.
 */
export type Writer = { member: Member; workspaceId: string } | { tokenHash: string };

function callerOf(w: Writer): { sql: string; params: unknown[] } {
  return 'tokenHash' in w
    ? { sql: CALLER, params: [w.tokenHash] }
    : { sql: '(SELECT ? AS id, ? AS role, ? AS provider_company, ? AS workspace_id, ? AS name)', params: [w.member.id, w.member.role, w.member.providerCompany, w.workspaceId, w.member.name] };
}

/**
 * Inserts an annotation unless its id exists, the writer may not write (a token that is not
 * live, a role other than admin or staff), or one of its taxonomy ids is not a live entry of
 * the workspace (`TERM_REFS_OK`); in one batch (one transaction, one round trip): the
 * writer's token when there is one (`token`), the insert, its audit entry only when the
 * insert happened, the row as now stored (as the writer sees it: null when the id belongs to
 * another workspace or to another member's draft), and the workspace's taxonomy to label it,
 * or to say which choice was refused.
 */
export async function insertAnnotation(
  db: D1Database, writer: Writer, input: Omit<AnnotationCreate, 'sharedWith'> & { sharedWith: string | null }, now: string,
  auditDetail: Record<string, unknown>,
): Promise<{ token: TokenLookup | null; inserted: boolean; row: AnnotationRow | null; taxonomy: Taxonomy }> {
  const shared = input.visibility === 'provider';
  const caller = callerOf(writer);
  // Anonymous `?` are numbered in the order they appear: the values, then the caller's, then the taxonomy ids.
  const insert = db.prepare(
    `INSERT INTO annotations (id, workspace_id, ticket_key, ticket_ref, page_url, horizon, line_of_business,
       stakeholders, impact, priority, kpis, summary, detail, event_date, state, visibility, author_id,
       created_at, updated_at, version, shared_with, shared_at)
     SELECT ?, caller.workspace_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, caller.id, ?, ?, 1, ?, ?
     FROM ${caller.sql} caller
     WHERE caller.role IN ('admin', 'staff') AND ${TERM_REFS_OK}
     ON CONFLICT (id) DO NOTHING`,
  ).bind(
    input.id,
    input.ticketRef ? ticketKey(input.ticketRef) : null,
    input.ticketRef ? JSON.stringify(input.ticketRef) : null,
    input.pageUrl ?? null, input.horizon, input.lineOfBusiness, JSON.stringify(input.stakeholders),
    input.impact, input.priority, JSON.stringify(input.kpis), input.summary, input.detail ?? null,
    input.eventDate ?? null, input.state, input.visibility, now, now,
    shared ? input.sharedWith : null, shared ? now : null,
    ...caller.params,
    ...termRefParams(input),
  );
  // SQLite's changes() is per connection, and a batch runs on one: the insert just before.
  const audit = db.prepare(
    `INSERT INTO audit_log (id, workspace_id, actor_id, actor_name, action, target_type, target_id, detail, at)
     SELECT ?, caller.workspace_id, caller.id, caller.name, 'annotation.create', 'annotation', ?, ?, ?
     FROM ${caller.sql} caller WHERE changes() > 0`,
  ).bind(crypto.randomUUID(), input.id, JSON.stringify(auditDetail), now, ...caller.params);
  const read = db.prepare(`${SELECT} JOIN ${caller.sql} caller WHERE a.id = ? AND ${VISIBLE_TO_CALLER}`).bind(...caller.params, input.id);
  const first = 'tokenHash' in writer ? [liveTokenRead(db, writer.tokenHash)] : [];
  const taxonomyReadsOf = 'tokenHash' in writer ? callerTaxonomyReads(db, writer.tokenHash) : taxonomyReads(db, writer.workspaceId);
  const results = await db.batch([...first, insert, audit, read, ...taxonomyReadsOf]);
  const token = first.length ? results.shift() : undefined;
  const [inserted, , row, ...taxonomy] = results;
  return {
    token: first.length ? liveTokenOf(token) : null,
    inserted: (inserted?.meta.changes ?? 0) > 0,
    row: (row?.results[0] as AnnotationRow | undefined) ?? null,
    taxonomy: taxonomyOf(taxonomy),
  };
}

export async function getAnnotationRow(
  db: D1Database, workspaceId: string, member: Member, id: string, opts: { includeDeleted?: boolean } = {},
): Promise<AnnotationRow | null> {
  const vis = visibleTo(member);
  return db
    .prepare(`${SELECT} WHERE a.id = ? AND a.workspace_id = ? ${opts.includeDeleted ? '' : 'AND a.deleted_at IS NULL'} AND ${vis.sql}`)
    .bind(id, workspaceId, ...vis.params)
    .first<AnnotationRow>();
}

/**
 * The rows a token's member may read, as a SQL condition on `a` and the `caller` table (see
 * `CALLER` in tokens.ts): the same rule as `visibleTo`, for a read that authenticates in the
 * same batch. tests/worker/visibility.test.ts holds the two to each other for every role.
 */
const VISIBLE_TO_CALLER = `(a.workspace_id = caller.workspace_id AND (
  (caller.role IN ('admin', 'staff') AND (a.visibility IN ('team', 'provider') OR a.author_id = caller.id))
  OR (caller.role = 'provider' AND caller.provider_company IS NOT NULL AND a.visibility = 'provider' AND a.shared_with = caller.provider_company)))`;

/** The list's filters and cursor as SQL conditions on `a`, with their parameters. */
function listFilters(q: AnnotationListQuery, cursor: Cursor | null): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.includeDeleted !== 'true') where.push('a.deleted_at IS NULL');
  const filters: Array<[unknown, string]> = [
    [q.ticket, 'a.ticket_key = ?'],
    [q.horizon, 'a.horizon = ?'],
    [q.state, 'a.state = ?'],
    [q.lineOfBusiness, 'a.line_of_business = ?'],
    [q.sharedWith, `(a.visibility = 'provider' AND a.shared_with = ?)`],
    [q.updatedSince, 'a.updated_at >= ?'],
  ];
  for (const [value, sql] of filters) {
    if (value === undefined) continue;
    where.push(sql);
    params.push(value);
  }
  if (cursor) {
    where.push('(a.updated_at < ? OR (a.updated_at = ? AND a.id < ?))');
    params.push(cursor.at, cursor.at, cursor.id);
  }
  return { where, params };
}

/**
 * A page of annotations, labelled, for whoever holds a token: the token lookup, the page and
 * the taxonomy that labels it in one batch (one round trip for the whole authenticated read).
 * `token` is null when the token is not live; the page is then empty and must not be used,
 * and neither may it before the caller's role is checked (`admit` in middleware/auth.ts).
 */
export async function listAnnotationsAs(
  db: D1Database, tokenHash: string, q: AnnotationListQuery, cursor: Cursor | null,
): Promise<{ token: TokenLookup | null; page: (labelWith: (t: Taxonomy) => Labeler) => { items: Annotation[]; nextCursor: string | null } }> {
  const { where, params } = listFilters(q, cursor);
  const limit = q.limit ?? 50;
  const [token, page, ...taxonomy] = await db.batch([
    liveTokenRead(db, tokenHash),
    db.prepare(`${SELECT} JOIN ${CALLER} caller WHERE ${[VISIBLE_TO_CALLER, ...where].join(' AND ')} ORDER BY a.updated_at DESC, a.id DESC LIMIT ?`)
      .bind(tokenHash, ...params, limit + 1),
    ...callerTaxonomyReads(db, tokenHash),
  ]);
  return {
    token: liveTokenOf(token),
    page: (labelWith) => {
      const label = labelWith(taxonomyOf(taxonomy));
      return pageOf(page!.results as AnnotationRow[], limit, (r) => ({ at: r.updated_at, id: r.id }), (r) => toAnnotation(r, label));
    },
  };
}

/** Every annotation of a workspace, tombstones included (export). */
export async function allAnnotations(db: D1Database, workspaceId: string, label: Labeler): Promise<Annotation[]> {
  const { results } = await db.prepare(`${SELECT} WHERE a.workspace_id = ? ORDER BY a.created_at, a.id`).bind(workspaceId).all<AnnotationRow>();
  return results.map((r) => toAnnotation(r, label));
}

export type AnnotationFields = Pick<
  Annotation, 'horizon' | 'lineOfBusiness' | 'stakeholders' | 'impact' | 'priority' | 'kpis' | 'summary' | 'detail' | 'eventDate' | 'state' | 'visibility'
> & { sharedWith: string | null };

/**
 * Writes new content only if the row is still at `version` (optimistic concurrency): a
 * statement whose `changes` is 0 means someone else changed it first. `sharedAt` is when
 * the item was shared with its current provider (null when not shared).
 */
export function updateAnnotation(
  db: D1Database, workspaceId: string, id: string, version: number, f: AnnotationFields, sharedAt: string | null, now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE annotations SET horizon = ?, line_of_business = ?, stakeholders = ?, impact = ?, priority = ?, kpis = ?,
         summary = ?, detail = ?, event_date = ?, state = ?, visibility = ?, shared_with = ?, shared_at = ?, updated_at = ?, version = version + 1
       WHERE id = ? AND workspace_id = ? AND version = ? AND deleted_at IS NULL`,
    )
    .bind(
      f.horizon, f.lineOfBusiness, JSON.stringify(f.stakeholders), f.impact, f.priority, JSON.stringify(f.kpis),
      f.summary, f.detail, f.eventDate, f.state, f.visibility, f.sharedWith, sharedAt, now, id, workspaceId, version,
    );
}

/** Deletion keeps a tombstone (so the extension can sync it away) and bumps the version. */
export function tombstoneAnnotation(db: D1Database, workspaceId: string, id: string, now: string): D1PreparedStatement {
  return db
    .prepare('UPDATE annotations SET deleted_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND workspace_id = ? AND deleted_at IS NULL')
    .bind(now, now, id, workspaceId);
}

/** Timeline activity counts as an update of the annotation (sync and "stalled" use it). */
export function touchAnnotation(db: D1Database, workspaceId: string, id: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE annotations SET updated_at = ? WHERE id = ? AND workspace_id = ?').bind(now, id, workspaceId);
}

export interface NewUpdate {
  id: string; workspaceId: string; annotationId: string; authorId: string; kind: AnnotationUpdate['kind'];
  note: string | null; state: AnnotationUpdate['state']; providerStatus: AnnotationUpdate['providerStatus']; eta: string | null; createdAt: string;
}

/** Inserts a timeline entry unless its (client-made) id exists: retries are harmless. */
export function insertUpdate(db: D1Database, u: NewUpdate): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO annotation_updates (id, workspace_id, annotation_id, author_id, kind, note, state, provider_status, eta, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    )
    .bind(u.id, u.workspaceId, u.annotationId, u.authorId, u.kind, u.note, u.state, u.providerStatus, u.eta, u.createdAt);
}

interface UpdateRow {
  id: string; annotation_id: string; kind: AnnotationUpdate['kind']; note: string | null; state: AnnotationUpdate['state'];
  provider_status: AnnotationUpdate['providerStatus']; eta: string | null; created_at: string;
  author_id: string; author_name: string; author_role: string; author_company: string | null; workspace_id: string;
}

const toUpdate = (r: UpdateRow): AnnotationUpdate => ({
  id: r.id, annotationId: r.annotation_id, kind: r.kind, note: r.note, state: r.state, providerStatus: r.provider_status,
  eta: r.eta, author: { id: r.author_id, name: r.author_name, role: r.author_role, providerCompany: r.author_company }, createdAt: r.created_at,
});

const SELECT_UPDATES = `SELECT u.*, m.name AS author_name, m.role AS author_role, m.provider_company AS author_company
  FROM annotation_updates u JOIN members m ON m.id = u.author_id`;

/** An annotation's timeline, oldest first, as `viewer` may read it (see `timelineVisibleTo`). */
export async function listUpdates(db: D1Database, workspaceId: string, annotationId: string, viewer: Member): Promise<AnnotationUpdate[]> {
  const vis = timelineVisibleTo(viewer);
  const { results } = await db
    .prepare(`${SELECT_UPDATES} WHERE u.workspace_id = ? AND u.annotation_id = ? AND ${vis.sql} ORDER BY u.created_at, u.id`)
    .bind(workspaceId, annotationId, ...vis.params)
    .all<UpdateRow>();
  return results.map(toUpdate);
}

/** The timelines of several annotations at once (the provider web view), oldest first. */
export async function listUpdatesOf(db: D1Database, workspaceId: string, annotationIds: string[], viewer: Member): Promise<Map<string, AnnotationUpdate[]>> {
  const out = new Map<string, AnnotationUpdate[]>();
  if (!annotationIds.length) return out;
  const vis = timelineVisibleTo(viewer);
  const { results } = await db
    .prepare(`${SELECT_UPDATES} WHERE u.workspace_id = ? AND u.annotation_id IN (SELECT value FROM json_each(?)) AND ${vis.sql} ORDER BY u.created_at, u.id`)
    .bind(workspaceId, JSON.stringify(annotationIds), ...vis.params)
    .all<UpdateRow>();
  for (const r of results) {
    const list = out.get(r.annotation_id) ?? [];
    list.push(toUpdate(r));
    out.set(r.annotation_id, list);
  }
  return out;
}

export async function getUpdate(db: D1Database, id: string): Promise<(AnnotationUpdate & { workspaceId: string }) | null> {
  const row = await db.prepare(`${SELECT_UPDATES} WHERE u.id = ?`).bind(id).first<UpdateRow>();
  return row ? { ...toUpdate(row), workspaceId: row.workspace_id } : null;
}

export async function allUpdates(db: D1Database, workspaceId: string): Promise<AnnotationUpdate[]> {
  const { results } = await db.prepare(`${SELECT_UPDATES} WHERE u.workspace_id = ? ORDER BY u.created_at, u.id`).bind(workspaceId).all<UpdateRow>();
  return results.map(toUpdate);
}
