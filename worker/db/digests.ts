import type { Member } from '../../shared/schemas';
import { SELECT, visibleTo, type AnnotationRow } from './annotations';
import { INBOX_LIMIT } from './provider';
import { claimSend, failSend } from './send-claims';
import { toMember, type MemberRow } from './workspaces';

// The daily provider digest: who may get one (`provider_digest_unsubscribes`), one
// `provider_digests` row per member and local day claimed before sending, and what it lists.

/** Provider members a digest may go to: with an email, not unsubscribed. */
export async function digestRecipients(db: D1Database, workspaceId: string): Promise<Member[]> {
  const { results } = await db
    .prepare(
      `SELECT m.* FROM members m
       WHERE m.workspace_id = ? AND m.role = 'provider' AND m.removed_at IS NULL AND m.email IS NOT NULL AND m.provider_company IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM provider_digest_unsubscribes x WHERE x.member_id = m.id)
       ORDER BY m.id`,
    )
    .bind(workspaceId)
    .all<MemberRow>();
  return results.map(toMember);
}

export interface DigestRow {
  id: string; workspace_id: string; member_id: string; local_date: string;
  status: 'pending' | 'sending' | 'sent' | 'empty' | 'failed'; attempts: number; claim: string | null; claimed_at: string | null;
  cutoff: string | null; items: number | null; last_error: string | null; message_id: string | null; sent_at: string | null; created_at: string;
}

/** The member's row for a local day, made if missing; an existing one is left alone. */
export async function ensureDigest(db: D1Database, workspaceId: string, memberId: string, localDate: string, now: string): Promise<DigestRow> {
  await db
    .prepare(`INSERT INTO provider_digests (id, workspace_id, member_id, local_date, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, local_date) DO NOTHING`)
    .bind(crypto.randomUUID(), workspaceId, memberId, localDate, now)
    .run();
  return (await db.prepare('SELECT * FROM provider_digests WHERE member_id = ? AND local_date = ?').bind(memberId, localDate).first<DigestRow>())!;
}

/** Claims a digest row for one run (see send-claims.ts). */
export const claimDigest = (db: D1Database, id: string, claim: string, now: Date) => claimSend(db, 'provider_digests', id, claim, now);

/** The member's last digest that went out (or found nothing to say) before a local day. */
export function previousDigest(db: D1Database, memberId: string, before: string): Promise<DigestRow | null> {
  return db
    .prepare(`SELECT * FROM provider_digests WHERE member_id = ? AND local_date < ? AND status IN ('sent', 'empty') ORDER BY local_date DESC LIMIT 1`)
    .bind(memberId, before)
    .first<DigestRow>();
}

export function finishDigest(
  db: D1Database, id: string, claim: string, outcome: { status: 'sent' | 'empty'; cutoff: string; items: number; messageId?: string; at: string },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE provider_digests SET status = ?, cutoff = ?, items = ?, message_id = ?, sent_at = ?, last_error = NULL
       WHERE id = ? AND claim = ?`,
    )
    .bind(outcome.status, outcome.cutoff, outcome.items, outcome.messageId ?? null, outcome.status === 'sent' ? outcome.at : null, id, claim);
}

export const failDigest = (db: D1Database, id: string, claim: string, error: string) => failSend(db, 'provider_digests', id, claim, error);

/** Open items shared with the member's company, for the digest (capped; counts are exact). */
export async function digestRows(db: D1Database, workspaceId: string, member: Member): Promise<AnnotationRow[]> {
  const vis = visibleTo(member);
  const { results } = await db
    .prepare(
      `${SELECT} WHERE a.workspace_id = ? AND a.deleted_at IS NULL AND a.state = 'open' AND ${vis.sql}
       ORDER BY COALESCE(a.shared_at, a.created_at), a.id LIMIT ${INBOX_LIMIT}`,
    )
    .bind(workspaceId, ...vis.params)
    .all<AnnotationRow>();
  return results;
}

export function unsubscribeDigest(db: D1Database, workspaceId: string, memberId: string, now: string): D1PreparedStatement {
  return db
    .prepare('INSERT INTO provider_digest_unsubscribes (member_id, workspace_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
    .bind(memberId, workspaceId, now);
}

export function resubscribeDigest(db: D1Database, memberId: string): D1PreparedStatement {
  return db.prepare('DELETE FROM provider_digest_unsubscribes WHERE member_id = ?').bind(memberId);
}
