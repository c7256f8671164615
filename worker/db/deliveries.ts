import { claimSend, failSend } from './send-claims';
import type { Recipient } from '../../shared/schemas';

// The `deliveries` table: one row per report and recipient, claimed before sending so each
// recipient gets a report exactly once; its id is what a recipient's personal links sign.

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

/** The reports one address was sent in a workspace, newest first (its archive page). */
export async function deliveriesToAddress(db: D1Database, workspaceId: string, email: string, limit = 60) {
  const { results } = await db
    .prepare(
      `SELECT d.id, r.period_start, r.subject FROM deliveries d JOIN reports r ON r.id = d.report_id
       WHERE d.workspace_id = ? AND d.email = ? ORDER BY r.period_start DESC LIMIT ?`,
    )
    .bind(workspaceId, email, limit)
    .all<{ id: string; period_start: string; subject: string }>();
  return results;
}
