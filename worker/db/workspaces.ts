import type { Member, Role, Workspace, WorkspacePatch } from '../../shared/schemas';

export interface WorkspaceRow {
  id: string; name: string; time_zone: string; created_at: string;
  report_cadence: 'weekly' | 'monthly'; report_weekday: number; report_month_day: number | null;
  report_hour: number; jargon_words: string;
}

export interface MemberRow {
  id: string; workspace_id: string; name: string; email: string | null; role: Role;
  provider_company: string | null; created_at: string; last_active_at: string | null;
}

export const toWorkspace = (r: WorkspaceRow): Workspace => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  schedule: { cadence: r.report_cadence, weekday: r.report_weekday, monthDay: r.report_month_day, hour: r.report_hour },
  jargonWords: JSON.parse(r.jargon_words) as string[],
  createdAt: r.created_at,
});

export const toMember = (r: MemberRow): Member => ({
  id: r.id, workspaceId: r.workspace_id, name: r.name, email: r.email, role: r.role,
  providerCompany: r.provider_company, createdAt: r.created_at, lastActiveAt: r.last_active_at,
});

export function insertWorkspace(db: D1Database, w: Workspace): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO workspaces (id, name, time_zone, created_at, report_cadence, report_weekday, report_month_day, report_hour, jargon_words)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(w.id, w.name, w.timeZone, w.createdAt, w.schedule.cadence, w.schedule.weekday, w.schedule.monthDay, w.schedule.hour, JSON.stringify(w.jargonWords));
}

export async function getWorkspace(db: D1Database, id: string): Promise<Workspace | null> {
  const row = await db.prepare('SELECT * FROM workspaces WHERE id = ?').bind(id).first<WorkspaceRow>();
  return row ? toWorkspace(row) : null;
}

/**
 * Visits every workspace, one page of rows at a time in id order, so a cron job's memory
 * does not grow with the number of workspaces. `visit` handles its own failures: one
 * workspace going wrong must not hold the others back.
 */
export async function forEachWorkspace(db: D1Database, visit: (w: Workspace) => Promise<void>, pageSize = 100): Promise<void> {
  let after = '';
  for (;;) {
    const { results } = await db.prepare('SELECT * FROM workspaces WHERE id > ? ORDER BY id LIMIT ?').bind(after, pageSize).all<WorkspaceRow>();
    for (const row of results) await visit(toWorkspace(row));
    if (results.length < pageSize) return;
    after = results[results.length - 1]!.id;
  }
}

/** The workspace with a patch applied (pure), for one UPDATE and an audit entry. */
export function patchedWorkspace(current: Workspace, patch: WorkspacePatch): Workspace {
  return {
    ...current,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
    ...(patch.jargonWords !== undefined ? { jargonWords: [...new Set(patch.jargonWords)] } : {}),
    schedule: { ...current.schedule, ...(patch.schedule ?? {}) },
  };
}

export function updateWorkspace(db: D1Database, w: Workspace): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE workspaces SET name = ?, time_zone = ?, report_cadence = ?, report_weekday = ?, report_month_day = ?,
         report_hour = ?, jargon_words = ? WHERE id = ?`,
    )
    .bind(w.name, w.timeZone, w.schedule.cadence, w.schedule.weekday, w.schedule.monthDay, w.schedule.hour, JSON.stringify(w.jargonWords), w.id);
}

/** Removes the workspace and, by cascade, everything in it. */
export function deleteWorkspace(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare('DELETE FROM workspaces WHERE id = ?').bind(id);
}

