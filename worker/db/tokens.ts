import type { MemberRow, WorkspaceRow } from './workspaces';

export interface TokenLookup {
  tokenId: string;
  tokenHash: string;
  lastUsedAt: string | null;
  member: MemberRow;
  workspace: WorkspaceRow;
}

/** The live token with this hash, with its member and workspace; null if revoked or removed. */
export async function findLiveToken(db: D1Database, tokenHash: string): Promise<TokenLookup | null> {
  const row = await db
    .prepare(
      `SELECT t.id AS token_id, t.token_hash, t.last_used_at,
              m.id, m.workspace_id, m.name, m.email, m.role, m.provider_company, m.created_at,
              w.name AS w_name, w.time_zone AS w_time_zone, w.created_at AS w_created_at
       FROM api_tokens t
       JOIN members m ON m.id = t.member_id AND m.removed_at IS NULL
       JOIN workspaces w ON w.id = m.workspace_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
    )
    .bind(tokenHash)
    .first<MemberRow & { token_id: string; token_hash: string; last_used_at: string | null; w_name: string; w_time_zone: string; w_created_at: string }>();
  if (!row) return null;
  return {
    tokenId: row.token_id,
    tokenHash: row.token_hash,
    lastUsedAt: row.last_used_at,
    member: row,
    workspace: { id: row.workspace_id, name: row.w_name, time_zone: row.w_time_zone, created_at: row.w_created_at },
  };
}

export function touchToken(db: D1Database, tokenId: string, now: string): Promise<unknown> {
  return db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').bind(now, tokenId).run();
}
