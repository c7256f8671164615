import type { MemberRow, WorkspaceRow } from './workspaces';

export interface TokenLookup {
  tokenId: string;
  tokenHash: string;
  lastUsedAt: string | null;
  member: MemberRow;
  workspace: WorkspaceRow;
}

const LIVE_TOKEN_SQL = `SELECT t.id AS token_id, t.token_hash, t.last_used_at,
              json_object('id', m.id, 'workspace_id', m.workspace_id, 'name', m.name, 'email', m.email, 'role', m.role,
                          'provider_company', m.provider_company, 'created_at', m.created_at, 'last_active_at', m.last_active_at) AS member,
              json_object('id', w.id, 'name', w.name, 'time_zone', w.time_zone, 'created_at', w.created_at,
                          'report_cadence', w.report_cadence, 'report_weekday', w.report_weekday,
                          'report_month_day', w.report_month_day, 'report_hour', w.report_hour, 'jargon_words', w.jargon_words) AS workspace
       FROM api_tokens t
       JOIN members m ON m.id = t.member_id AND m.removed_at IS NULL
       JOIN workspaces w ON w.id = m.workspace_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL`;

type LiveTokenRow = { token_id: string; token_hash: string; last_used_at: string | null; member: string; workspace: string };

/** The live-token lookup as a statement, to run first in a batch with a read (see `CALLER`). */
export function liveTokenRead(db: D1Database, tokenHash: string): D1PreparedStatement {
  return db.prepare(LIVE_TOKEN_SQL).bind(tokenHash);
}

/** The result of `liveTokenRead`: the token with its member and workspace, or null. */
export function liveTokenOf(result: D1Result | undefined): TokenLookup | null {
  const row = result?.results[0] as LiveTokenRow | undefined;
  if (!row) return null;
  return {
    tokenId: row.token_id,
    tokenHash: row.token_hash,
    lastUsedAt: row.last_used_at,
    member: JSON.parse(row.member) as MemberRow,
    workspace: JSON.parse(row.workspace) as WorkspaceRow,
  };
}

/** The live token with this hash, with its member and workspace; null if revoked or removed. */
export async function findLiveToken(db: D1Database, tokenHash: string): Promise<TokenLookup | null> {
  return liveTokenOf(await liveTokenRead(db, tokenHash).all());
}

/**
 * The member a live token belongs to, as a SQL table `caller (id, role, provider_company,
 * workspace_id, name)` keyed by the token's hash (one `?`). A read batched with `liveTokenRead`
 * scopes itself with it, so authenticating and reading take one round trip; the batch's
 * results count only once the lookup says the token is live and the role may read.
 */
export const CALLER = `(SELECT m.id, m.role, m.provider_company, m.workspace_id, m.name FROM api_tokens t
  JOIN members m ON m.id = t.member_id AND m.removed_at IS NULL
  WHERE t.token_hash = ? AND t.revoked_at IS NULL)`;

export function touchToken(db: D1Database, tokenId: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').bind(now, tokenId);
}

export function revokeToken(db: D1Database, tokenId: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').bind(now, tokenId);
}

/** Signs a member out everywhere (removal, role change). */
export function revokeMemberTokens(db: D1Database, memberId: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL').bind(now, memberId);
}
