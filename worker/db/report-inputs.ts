/**
 * What a report is built from: the workspace's report-visible annotations (one row shape,
 * `ReportRow`, with the provider's answers and progress worked out in SQL), KPI readings,
 * impact order and provider companies, read in one batch.
 */

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
const SECTION_LIMIT = 500;

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
