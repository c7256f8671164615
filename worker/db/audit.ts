import type { AuditEntry } from '../../shared/schemas';
import type { Caller } from '../env';
import { pageOf, type Cursor } from './pagination';

/** An audit entry, as a statement to run in the same batch as the change it records. */
export function audit(
  db: D1Database,
  workspaceId: string,
  actor: Caller | { operator: true },
  action: string,
  target: { type: string; id?: string | null },
  detail: Record<string, unknown> = {},
  at = new Date().toISOString(),
): D1PreparedStatement {
  const [actorId, actorName] = 'operator' in actor ? [null, 'Operator'] : [actor.member.id, actor.member.name];
  return db
    .prepare(
      `INSERT INTO audit_log (id, workspace_id, actor_id, actor_name, action, target_type, target_id, detail, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(crypto.randomUUID(), workspaceId, actorId, actorName, action, target.type, target.id ?? null, JSON.stringify(detail), at);
}

interface AuditRow {
  id: string; actor_id: string | null; actor_name: string; action: string; target_type: string;
  target_id: string | null; detail: string; at: string;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id, actor: { id: r.actor_id, name: r.actor_name }, action: r.action, targetType: r.target_type,
  targetId: r.target_id, detail: JSON.parse(r.detail) as Record<string, unknown>, at: r.at,
});

export async function listAudit(db: D1Database, workspaceId: string, limit: number, cursor: Cursor | null) {
  const after = cursor ? 'AND (at < ? OR (at = ? AND id < ?))' : '';
  const { results } = await db
    .prepare(`SELECT * FROM audit_log WHERE workspace_id = ? ${after} ORDER BY at DESC, id DESC LIMIT ?`)
    .bind(workspaceId, ...(cursor ? [cursor.at, cursor.at, cursor.id] : []), limit + 1)
    .all<AuditRow>();
  return pageOf(results, limit, (r) => ({ at: r.at, id: r.id }), toEntry);
}

export async function allAudit(db: D1Database, workspaceId: string): Promise<AuditEntry[]> {
  const { results } = await db.prepare('SELECT * FROM audit_log WHERE workspace_id = ? ORDER BY at, id').bind(workspaceId).all<AuditRow>();
  return results.map(toEntry);
}
