import type { Member, Role, Workspace } from '../../shared/schemas';

interface WorkspaceRow { id: string; name: string; time_zone: string; created_at: string }
interface MemberRow {
  id: string; workspace_id: string; name: string; email: string | null; role: Role;
  provider_company: string | null; created_at: string;
}

export const toWorkspace = (r: WorkspaceRow): Workspace => ({
  id: r.id, name: r.name, timeZone: r.time_zone, createdAt: r.created_at,
});

export const toMember = (r: MemberRow): Member => ({
  id: r.id, workspaceId: r.workspace_id, name: r.name, email: r.email, role: r.role,
  providerCompany: r.provider_company, createdAt: r.created_at,
});

export function insertWorkspace(db: D1Database, w: Workspace): D1PreparedStatement {
  return db
    .prepare('INSERT INTO workspaces (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)')
    .bind(w.id, w.name, w.timeZone, w.createdAt);
}

export async function getWorkspace(db: D1Database, id: string): Promise<Workspace | null> {
  const row = await db.prepare('SELECT * FROM workspaces WHERE id = ?').bind(id).first<WorkspaceRow>();
  return row ? toWorkspace(row) : null;
}

export function insertMember(db: D1Database, m: Member): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO members (id, workspace_id, name, email, role, provider_company, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(m.id, m.workspaceId, m.name, m.email, m.role, m.providerCompany, m.createdAt);
}

export type { MemberRow, WorkspaceRow };
