import type { Member } from '../../shared/schemas';
import { toMember, type MemberRow } from './workspaces';

export async function listMembers(db: D1Database, workspaceId: string): Promise<Member[]> {
  const { results } = await db
    .prepare('SELECT * FROM members WHERE workspace_id = ? AND removed_at IS NULL ORDER BY name COLLATE NOCASE, id')
    .bind(workspaceId)
    .all<MemberRow>();
  return results.map(toMember);
}

export async function getMember(db: D1Database, workspaceId: string, id: string): Promise<Member | null> {
  const row = await db
    .prepare('SELECT * FROM members WHERE id = ? AND workspace_id = ? AND removed_at IS NULL')
    .bind(id, workspaceId)
    .first<MemberRow>();
  return row ? toMember(row) : null;
}

export async function countAdmins(db: D1Database, workspaceId: string): Promise<number> {
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM members WHERE workspace_id = ? AND role = 'admin' AND removed_at IS NULL`)
    .bind(workspaceId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export function updateMember(db: D1Database, m: Member): D1PreparedStatement {
  return db
    .prepare('UPDATE members SET name = ?, role = ?, provider_company = ? WHERE id = ? AND workspace_id = ?')
    .bind(m.name, m.role, m.providerCompany, m.id, m.workspaceId);
}

export function removeMember(db: D1Database, workspaceId: string, id: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE members SET removed_at = ? WHERE id = ? AND workspace_id = ?').bind(now, id, workspaceId);
}

export function touchMember(db: D1Database, id: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE members SET last_active_at = ? WHERE id = ?').bind(now, id);
}
