import { claimSend, failSend } from './send-claims';
import type { FeedbackAnswer, FeedbackNote, ProviderStatus, ReportModel, Recipient } from '../../shared/schemas';

/** An annotation as the report builder reads it: report-visible, names resolved later. */
export interface ReportRow {
  id: string;
  ticket_ref: string | null;
  page_url: string | null;
  horizon: 'now' | 'next';
  line_of_business: string;
  stakeholders: string;
  impact: string;
  priority: 'critical' | 'high' | 'medium' | 'low';
  kpis: string;
  summary: string;
  event_date: string | null;
  state: 'open' | 'resolved' | 'dropped';
  visibility: 'team' | 'provider';
  /** The provider company the item is shared with (null: not shared, or no provider named yet). */
  shared_with: string | null;
  /** When it was shared with that company. */
  shared_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** JSON: the latest answer of the provider it is shared with, with that company. */
  provider: string | null;
  /** When that provider first answered (time to acknowledge). */
  first_ack_at: string | null;
  /** When the state last changed (resolved on …). */
  state_changed_at: string | null;
  /** Timeline entries since a given instant (progress). */
  updates_since: number;
}

const PRIORITY_RANK = `CASE a.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

// Provider answers count for the company the item is shared with: an answer given while it
// was shared with another provider says nothing about this one.
const COLUMNS = `a.id, a.ticket_ref, a.page_url, a.horizon, a.line_of_business, a.stakeholders, a.impact, a.priority, a.kpis,
  a.summary, a.event_date, a.state, a.visibility, a.shared_with, a.shared_at, a.created_at, a.updated_at, a.deleted_at,
  (SELECT json_object('status', u.provider_status, 'eta', u.eta, 'at', u.created_at, 'company', m.provider_company)
     FROM annotation_updates u JOIN members m ON m.id = u.author_id
    WHERE u.annotation_id = a.id AND u.kind = 'provider_status' AND m.provider_company = a.shared_with
    ORDER BY u.created_at DESC, u.id DESC LIMIT 1) AS provider,
  (SELECT MIN(u.created_at) FROM annotation_updates u JOIN members m ON m.id = u.author_id
    WHERE u.annotation_id = a.id AND u.kind = 'provider_status' AND m.provider_company = a.shared_with) AS first_ack_at,
  (SELECT MAX(u.created_at) FROM annotation_updates u WHERE u.annotation_id = a.id AND u.kind = 'state') AS state_changed_at,
  (SELECT COUNT(*) FROM annotation_updates u WHERE u.annotation_id = a.id AND u.created_at >= ?1) AS updates_since`;

/** How many items of each section a report lists at most (the email shows fewer). */
export const SECTION_LIMIT = 500;

export interface ReportInputs {
  challenges: ReportRow[];
  challengeCount: number;
  criticalCount: number;
  planning: ReportRow[];
  plannedCount: number;
  previousItems: ReportRow[];
  shared: ReportRow[];
  kpiReadings: Array<{ kpi_id: string; value: number; recorded_on: string; rn: number }>;
  kpiOpenItems: Array<{ kpi_id: string; n: number }>;
  impactOrder: string[];
  providerCompanies: string[];
}

/**
 * Everything one report needs, read with a handful of indexed queries: the sections are
 * ordered and capped in SQL, so a workspace with 100 000 annotations costs no more memory
 * than one with a thousand. `since` is the previous report's end (progress is measured from it).
 */
export async function loadReportInputs(db: D1Database, workspaceId: string, previousIds: string[], since: string): Promise<ReportInputs> {
  const visible = `a.workspace_id = ?2 AND a.visibility IN ('team', 'provider')`;
  const [challenges, counts, planning, planned, previous, shared, readings, kpiOpen, impacts, providers] = await db.batch([
    db.prepare(
      `SELECT ${COLUMNS} FROM annotations a LEFT JOIN taxonomy_terms t ON t.id = a.impact
       WHERE ${visible} AND a.deleted_at IS NULL AND a.state = 'open' AND a.horizon = 'now'
       ORDER BY ${PRIORITY_RANK}, COALESCE(t.position, 99), a.created_at, a.id LIMIT ${SECTION_LIMIT}`,
    ).bind(since, workspaceId),
    db.prepare(
      `SELECT COUNT(*) AS n, SUM(a.priority = 'critical') AS critical FROM annotations a
       WHERE ${visible} AND a.deleted_at IS NULL AND a.state = 'open' AND a.horizon = 'now' AND ?1 IS NOT NULL`,
    ).bind(since, workspaceId),
    db.prepare(
      `SELECT ${COLUMNS} FROM annotations a
       WHERE ${visible} AND a.deleted_at IS NULL AND a.state = 'open' AND a.horizon = 'next'
       ORDER BY a.event_date IS NULL, a.event_date, ${PRIORITY_RANK}, a.id LIMIT ${SECTION_LIMIT}`,
    ).bind(since, workspaceId),
    db.prepare(
      `SELECT COUNT(*) AS n FROM annotations a
       WHERE ${visible} AND a.deleted_at IS NULL AND a.state = 'open' AND a.horizon = 'next' AND ?1 IS NOT NULL`,
    ).bind(since, workspaceId),
    db.prepare(
      `SELECT ${COLUMNS} FROM annotations a
       WHERE a.workspace_id = ?2 AND a.id IN (SELECT value FROM json_each(?3))`,
    ).bind(since, workspaceId, JSON.stringify(previousIds)),
    db.prepare(
      `SELECT ${COLUMNS} FROM annotations a
       WHERE a.workspace_id = ?2 AND a.visibility = 'provider' AND a.deleted_at IS NULL
         AND (a.state = 'open' OR a.updated_at >= ?1)
       ORDER BY a.created_at LIMIT 5000`,
    ).bind(since, workspaceId),
    db.prepare(
      `SELECT kpi_id, value, recorded_on, rn FROM (
         SELECT r.kpi_id, r.value, r.recorded_on,
                ROW_NUMBER() OVER (PARTITION BY r.kpi_id ORDER BY r.recorded_on DESC, r.created_at DESC) AS rn
         FROM kpi_readings r WHERE r.workspace_id = ?) WHERE rn <= 2`,
    ).bind(workspaceId),
    db.prepare(
      `SELECT k.value AS kpi_id, COUNT(*) AS n FROM annotations a, json_each(a.kpis) k
       WHERE a.workspace_id = ? AND a.visibility IN ('team', 'provider') AND a.deleted_at IS NULL AND a.state = 'open'
       GROUP BY k.value`,
    ).bind(workspaceId),
    db.prepare(`SELECT id FROM taxonomy_terms WHERE workspace_id = ? AND kind = 'impact_kind' ORDER BY position, name`).bind(workspaceId),
    db.prepare(
      `SELECT DISTINCT provider_company AS company FROM members
       WHERE workspace_id = ? AND role = 'provider' AND removed_at IS NULL AND provider_company IS NOT NULL ORDER BY company`,
    ).bind(workspaceId),
  ]);
  const count = (r: D1Result) => (r.results[0] as { n: number } | undefined)?.n ?? 0;
  return {
    challenges: challenges!.results as ReportRow[],
    challengeCount: count(counts!),
    criticalCount: (counts!.results[0] as { critical: number | null } | undefined)?.critical ?? 0,
    planning: planning!.results as ReportRow[],
    plannedCount: count(planned!),
    previousItems: previous!.results as ReportRow[],
    shared: shared!.results as ReportRow[],
    kpiReadings: readings!.results as ReportInputs['kpiReadings'],
    kpiOpenItems: kpiOpen!.results as ReportInputs['kpiOpenItems'],
    impactOrder: (impacts!.results as { id: string }[]).map((r) => r.id),
    providerCompanies: (providers!.results as { company: string }[]).map((r) => r.company),
  };
}

/** The latest executive answer per annotation, for the items a report shows. */
export async function latestFeedback(db: D1Database, workspaceId: string, ids: string[]): Promise<Map<string, FeedbackNote>> {
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT f.annotation_id, f.answer, f.comment, f.updated_at, COALESCE(d.name, d.email) AS who
       FROM feedback f JOIN deliveries d ON d.id = f.delivery_id
       WHERE f.workspace_id = ? AND f.annotation_id IN (SELECT value FROM json_each(?))
       ORDER BY f.updated_at`,
    )
    .bind(workspaceId, JSON.stringify(ids))
    .all<{ annotation_id: string; answer: FeedbackAnswer; comment: string | null; updated_at: string; who: string }>();
  const map = new Map<string, FeedbackNote>();
  for (const r of results) map.set(r.annotation_id, { answer: r.answer, comment: r.comment, by: r.who, at: r.updated_at });
  return map;
}

export interface StoredReport {
  id: string;
  workspace_id: string;
  cadence: 'weekly' | 'monthly';
  period_start: string;
  period_end: string;
  subject: string;
  snapshot: string;
  html: string;
  text: string;
  created_at: string;
}

/** The report before this period (continuity starts from it). */
export function previousReport(db: D1Database, workspaceId: string, cadence: string, periodStart: string): Promise<StoredReport | null> {
  return db
    .prepare('SELECT * FROM reports WHERE workspace_id = ? AND cadence = ? AND period_start < ? ORDER BY period_start DESC LIMIT 1')
    .bind(workspaceId, cadence, periodStart)
    .first<StoredReport>();
}

export function findReport(db: D1Database, workspaceId: string, cadence: string, periodStart: string): Promise<StoredReport | null> {
  return db.prepare('SELECT * FROM reports WHERE workspace_id = ? AND cadence = ? AND period_start = ?').bind(workspaceId, cadence, periodStart).first<StoredReport>();
}

export function getReport(db: D1Database, id: string): Promise<StoredReport | null> {
  return db.prepare('SELECT * FROM reports WHERE id = ?').bind(id).first<StoredReport>();
}

/**
 * Stores a report unless one exists for the workspace and period (the first writer wins:
 * overlapping cron runs end up with one report). Returns the stored one.
 */
export async function storeReport(db: D1Database, r: Omit<StoredReport, 'snapshot'> & { model: ReportModel }): Promise<StoredReport> {
  await db
    .prepare(
      `INSERT INTO reports (id, workspace_id, cadence, period_start, period_end, subject, snapshot, html, text, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, cadence, period_start) DO NOTHING`,
    )
    .bind(r.id, r.workspace_id, r.cadence, r.period_start, r.period_end, r.subject, JSON.stringify(r.model), r.html, r.text, r.created_at)
    .run();
  return (await findReport(db, r.workspace_id, r.cadence, r.period_start))!;
}

export async function listReports(db: D1Database, workspaceId: string, limit = 100): Promise<StoredReport[]> {
  const { results } = await db
    .prepare('SELECT id, workspace_id, cadence, period_start, period_end, subject, created_at, \'\' AS snapshot, \'\' AS html, \'\' AS text FROM reports WHERE workspace_id = ? ORDER BY period_start DESC LIMIT ?')
    .bind(workspaceId, limit)
    .all<StoredReport>();
  return results;
}

export interface DeliveryRow {
  id: string; report_id: string; workspace_id: string; email: string; name: string | null; member_id: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed'; attempts: number; claimed_at: string | null; claim: string | null;
  last_error: string | null; message_id: string | null; sent_at: string | null; created_at: string;
}

/** One delivery row per recipient; an existing one is left alone (exactly once per recipient). */
export function ensureDelivery(db: D1Database, reportId: string, workspaceId: string, r: Recipient & { memberId?: string | null }, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO deliveries (id, report_id, workspace_id, email, name, member_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (report_id, email) DO NOTHING`,
    )
    .bind(crypto.randomUUID(), reportId, workspaceId, r.email, r.name, r.memberId ?? null, now);
}

export async function deliveriesOf(db: D1Database, reportIds: string[]): Promise<DeliveryRow[]> {
  if (!reportIds.length) return [];
  const { results } = await db
    .prepare('SELECT * FROM deliveries WHERE report_id IN (SELECT value FROM json_each(?)) ORDER BY email')
    .bind(JSON.stringify(reportIds))
    .all<DeliveryRow>();
  return results;
}

export function getDelivery(db: D1Database, id: string): Promise<DeliveryRow | null> {
  return db.prepare('SELECT * FROM deliveries WHERE id = ?').bind(id).first<DeliveryRow>();
}

/** Claims one delivery for sending (see send-claims.ts). */
export const claimDelivery = (db: D1Database, id: string, claim: string, now: Date) => claimSend(db, 'deliveries', id, claim, now);

export function markSent(db: D1Database, id: string, claim: string, messageId: string, now: string): D1PreparedStatement {
  return db
    .prepare(`UPDATE deliveries SET status = 'sent', sent_at = ?, message_id = ?, last_error = NULL WHERE id = ? AND claim = ?`)
    .bind(now, messageId, id, claim);
}

export const markFailed = (db: D1Database, id: string, claim: string, error: string) => failSend(db, 'deliveries', id, claim, error);

/** Executives with an email, plus extra addresses; those who unsubscribed are marked. */
export async function recipientsOf(db: D1Database, workspaceId: string): Promise<Array<Recipient & { memberId: string | null }>> {
  const [execs, extras, unsub] = await db.batch([
    db.prepare(`SELECT id, name, lower(email) AS email FROM members WHERE workspace_id = ? AND role = 'executive' AND removed_at IS NULL AND email IS NOT NULL ORDER BY name`).bind(workspaceId),
    db.prepare('SELECT id, name, email FROM report_recipients WHERE workspace_id = ? ORDER BY email').bind(workspaceId),
    db.prepare('SELECT email FROM report_unsubscribes WHERE workspace_id = ?').bind(workspaceId),
  ]);
  const off = new Set((unsub!.results as { email: string }[]).map((r) => r.email));
  const seen = new Set<string>();
  const out: Array<Recipient & { memberId: string | null }> = [];
  for (const r of execs!.results as { id: string; name: string; email: string }[]) {
    if (seen.has(r.email)) continue;
    seen.add(r.email);
    out.push({ id: null, memberId: r.id, email: r.email, name: r.name, source: 'executive', unsubscribed: off.has(r.email) });
  }
  for (const r of extras!.results as { id: string; name: string | null; email: string }[]) {
    if (seen.has(r.email)) continue;
    seen.add(r.email);
    out.push({ id: r.id, memberId: null, email: r.email, name: r.name, source: 'extra', unsubscribed: off.has(r.email) });
  }
  return out;
}

export function addRecipient(db: D1Database, workspaceId: string, email: string, name: string | null, now: string): D1PreparedStatement {
  return db
    .prepare('INSERT INTO report_recipients (id, workspace_id, email, name, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_id, email) DO UPDATE SET name = excluded.name')
    .bind(crypto.randomUUID(), workspaceId, email, name, now);
}

export function removeRecipient(db: D1Database, workspaceId: string, id: string): D1PreparedStatement {
  return db.prepare('DELETE FROM report_recipients WHERE id = ? AND workspace_id = ?').bind(id, workspaceId);
}

export function unsubscribe(db: D1Database, workspaceId: string, email: string, now: string): D1PreparedStatement {
  return db.prepare('INSERT INTO report_unsubscribes (workspace_id, email, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').bind(workspaceId, email, now);
}

export function resubscribe(db: D1Database, workspaceId: string, email: string): D1PreparedStatement {
  return db.prepare('DELETE FROM report_unsubscribes WHERE workspace_id = ? AND email = ?').bind(workspaceId, email);
}

/** Records (or replaces) one recipient's answer to one item of a report. */
export function upsertFeedback(
  db: D1Database,
  f: { workspaceId: string; reportId: string; deliveryId: string; annotationId: string; answer: FeedbackAnswer; comment: string | null },
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO feedback (id, workspace_id, report_id, delivery_id, annotation_id, answer, comment, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (delivery_id, annotation_id) DO UPDATE SET answer = excluded.answer, comment = excluded.comment, updated_at = excluded.updated_at`,
    )
    .bind(crypto.randomUUID(), f.workspaceId, f.reportId, f.deliveryId, f.annotationId, f.answer, f.comment, now, now);
}

/** The answers one recipient gave on one report, by item. */
export async function feedbackOfDelivery(db: D1Database, deliveryId: string): Promise<Map<string, { answer: FeedbackAnswer; comment: string | null }>> {
  const { results } = await db.prepare('SELECT annotation_id, answer, comment FROM feedback WHERE delivery_id = ?').bind(deliveryId).all<{ annotation_id: string; answer: FeedbackAnswer; comment: string | null }>();
  return new Map(results.map((r) => [r.annotation_id, { answer: r.answer, comment: r.comment }]));
}

/** Every executive answer on an annotation, newest first (shown to staff on the ticket). */
export async function feedbackOfAnnotation(db: D1Database, workspaceId: string, annotationId: string) {
  const { results } = await db
    .prepare(
      `SELECT f.report_id, r.period_start, r.cadence, f.answer, f.comment, COALESCE(d.name, d.email) AS who, f.updated_at
       FROM feedback f JOIN deliveries d ON d.id = f.delivery_id JOIN reports r ON r.id = f.report_id
       WHERE f.workspace_id = ? AND f.annotation_id = ? ORDER BY f.updated_at DESC LIMIT 50`,
    )
    .bind(workspaceId, annotationId)
    .all<{ report_id: string; period_start: string; cadence: string; answer: FeedbackAnswer; comment: string | null; who: string; updated_at: string }>();
  return results;
}

export type { ProviderStatus };
