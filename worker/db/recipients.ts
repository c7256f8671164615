import type { Recipient } from '../../shared/schemas';

// Who receives the report: executives with an email (from `members`), extra addresses
// (`report_recipients`), less those who unsubscribed (`report_unsubscribes`).

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
