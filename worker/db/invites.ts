import type { Invite, Member, Role } from '../../shared/schemas';

export interface InviteRow {
  id: string; workspace_id: string; code_hash: string; role: Role; name: string;
  email: string | null; provider_company: string | null; created_by: string | null;
  created_at: string; expires_at: string; used_at: string | null; revoked_at: string | null;
  /** Set on a code re-issued to an existing member (migration 0007). */
  member_id: string | null;
}

export interface NewInvite {
  id: string; workspaceId: string; codeHash: string; role: Role; name: string;
  email: string | null; providerCompany: string | null; createdBy: string | null;
  createdAt: string; expiresAt: string;
}

export function insertInvite(db: D1Database, i: NewInvite): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO invites (id, workspace_id, code_hash, role, name, email, provider_company, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(i.id, i.workspaceId, i.codeHash, i.role, i.name, i.email, i.providerCompany, i.createdBy, i.createdAt, i.expiresAt);
}

export function findInviteByHash(db: D1Database, codeHash: string): Promise<InviteRow | null> {
  return db.prepare('SELECT * FROM invites WHERE code_hash = ?').bind(codeHash).first<InviteRow>();
}

/**
 * Turns an unused invite into a member with a token, atomically. A D1 batch is one
 * transaction and batches run one at a time, so when two people redeem one code at once
 * the second batch finds the invite used and writes nothing. Returns true for the winner.
 */
export async function redeemInvite(
  db: D1Database,
  invite: InviteRow,
  member: Member,
  token: { id: string; hash: string },
  now: string,
): Promise<boolean> {
  const [created] = await db.batch([
    db
      .prepare(
        `INSERT INTO members (id, workspace_id, name, email, role, provider_company, created_at, last_active_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (
           SELECT 1 FROM invites WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?)`,
      )
      .bind(member.id, member.workspaceId, member.name, member.email, member.role, member.providerCompany, now, now, invite.id, now),
    db
      .prepare(`UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? AND EXISTS (SELECT 1 FROM members WHERE id = ?)`)
      .bind(now, member.id, invite.id, member.id),
    db
      .prepare(`INSERT INTO api_tokens (id, member_id, token_hash, created_at) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM members WHERE id = ?)`)
      .bind(token.id, member.id, token.hash, now, member.id),
  ]);
  return created?.meta.changes === 1;
}

function statusOf(r: InviteRow, now: string): Invite['status'] {
  if (r.revoked_at) return 'revoked';
  if (r.used_at) return 'used';
  return r.expires_at <= now ? 'expired' : 'pending';
}

/** Invites of a workspace, newest first (codes are never shown again: only hashes exist). */
export async function listInvites(db: D1Database, workspaceId: string, now: string): Promise<Invite[]> {
  const { results } = await db
    .prepare('SELECT * FROM invites WHERE workspace_id = ? ORDER BY created_at DESC, id LIMIT 500')
    .bind(workspaceId)
    .all<InviteRow>();
  return results.map((r) => ({
    id: r.id, role: r.role, name: r.name, email: r.email, providerCompany: r.provider_company,
    createdAt: r.created_at, expiresAt: r.expires_at, status: statusOf(r, now),
  }));
}

/** Withdraws an unused invite; returns a statement whose `changes` is 0 if there was none. */
export function revokeInvite(db: D1Database, workspaceId: string, id: string, now: string): D1PreparedStatement {
  return db
    .prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND used_at IS NULL AND revoked_at IS NULL')
    .bind(now, id, workspaceId);
}
