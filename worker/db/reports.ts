import type { ReportModel } from '../../shared/schemas';

// The `reports` table: one stored report per workspace, cadence and period, with its
// model (snapshot) and the email as rendered once for every recipient.

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
