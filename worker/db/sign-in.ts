import type { Member, OidcSettings, Role } from '../../shared/schemas';
import type { InviteRow } from './invites';
import type { MemberRow } from './workspaces';

/** A workspace's company sign-in, as stored (the secret still sealed). */
export interface OidcSettingsRow {
  workspace_id: string; issuer: string; client_id: string; client_secret: string | null; allowed_domains: string;
  new_member_role: 'staff' | 'executive'; required_for_staff: number; authorization_endpoint: string; token_endpoint: string;
  jwks_uri: string; updated_at: string; updated_by: string | null;
}

export const toOidcSettings = (r: OidcSettingsRow): OidcSettings => ({
  issuer: r.issuer, clientId: r.client_id, hasClientSecret: r.client_secret !== null, allowedDomains: JSON.parse(r.allowed_domains) as string[],
  newMemberRole: r.new_member_role, requiredForStaff: r.required_for_staff === 1, workspaceId: r.workspace_id, updatedAt: r.updated_at,
});

export function getOidcSettings(db: D1Database, workspaceId: string): Promise<OidcSettingsRow | null> {
  return db.prepare('SELECT * FROM oidc_settings WHERE workspace_id = ?').bind(workspaceId).first<OidcSettingsRow>();
}

export function saveOidcSettings(db: D1Database, r: OidcSettingsRow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO oidc_settings (workspace_id, issuer, client_id, client_secret, allowed_domains, new_member_role, required_for_staff,
         authorization_endpoint, token_endpoint, jwks_uri, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id, client_secret = excluded.client_secret,
         allowed_domains = excluded.allowed_domains, new_member_role = excluded.new_member_role, required_for_staff = excluded.required_for_staff,
         authorization_endpoint = excluded.authorization_endpoint, token_endpoint = excluded.token_endpoint, jwks_uri = excluded.jwks_uri,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .bind(r.workspace_id, r.issuer, r.client_id, r.client_secret, r.allowed_domains, r.new_member_role, r.required_for_staff,
      r.authorization_endpoint, r.token_endpoint, r.jwks_uri, r.updated_at, r.updated_by);
}

/** Back to invite codes only. Links between members and their company accounts stay, for a later set-up with the same provider. */
export function removeOidcSettings(db: D1Database, workspaceId: string): D1PreparedStatement {
  return db.prepare('DELETE FROM oidc_settings WHERE workspace_id = ?').bind(workspaceId);
}

/** Whether a member has signed in with the workspace's company sign-in (the admin who makes it required must have). */
export async function hasIdentity(db: D1Database, workspaceId: string, memberId: string, issuer: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS x FROM member_identities WHERE workspace_id = ? AND member_id = ? AND issuer = ?')
    .bind(workspaceId, memberId, issuer)
    .first();
  return row !== null;
}

// --- Sign-ins in progress --------------------------------------------------------------

export interface FlowRow {
  state_hash: string; workspace_id: string; nonce: string; code_verifier: string; redirect_uri: string;
  created_at: string; expires_at: string; used_at: string | null;
}

export function insertFlow(db: D1Database, f: Omit<FlowRow, 'used_at'>): D1PreparedStatement {
  return db
    .prepare('INSERT INTO oidc_flows (state_hash, workspace_id, nonce, code_verifier, redirect_uri, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(f.state_hash, f.workspace_id, f.nonce, f.code_verifier, f.redirect_uri, f.created_at, f.expires_at);
}

/** Sign-ins nobody finished are useless after their ten minutes; each new start sweeps the old ones. */
export function pruneFlows(db: D1Database, now: string): D1PreparedStatement {
  return db.prepare('DELETE FROM oidc_flows WHERE expires_at < ?').bind(now);
}

/**
 * Takes a sign-in in progress for finishing, once: the conditional UPDATE lets only one of two
 * finishes of the same state through. Null when it is unknown, used or expired.
 */
export async function claimFlow(db: D1Database, stateHash: string, now: string): Promise<FlowRow | null> {
  return db
    .prepare('UPDATE oidc_flows SET used_at = ? WHERE state_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING *')
    .bind(now, stateHash, now)
    .first<FlowRow>();
}

/** Why a state cannot be finished, for the message: unknown, used, or expired. */
export function findFlow(db: D1Database, stateHash: string): Promise<FlowRow | null> {
  return db.prepare('SELECT * FROM oidc_flows WHERE state_hash = ?').bind(stateHash).first<FlowRow>();
}

// --- Company accounts and members --------------------------------------------------------

export interface IdentityRow {
  id: string; workspace_id: string; member_id: string; issuer: string; subject: string; email: string | null;
  created_at: string; last_sign_in_at: string;
}

/** The member a company account belongs to in a workspace (removed members too: the caller decides). */
export async function memberOfSubject(db: D1Database, workspaceId: string, issuer: string, subject: string): Promise<{ identity: IdentityRow; member: MemberRow & { removed_at: string | null } } | null> {
  const row = await db
    .prepare(
      `SELECT json_object('id', i.id, 'workspace_id', i.workspace_id, 'member_id', i.member_id, 'issuer', i.issuer, 'subject', i.subject,
                'email', i.email, 'created_at', i.created_at, 'last_sign_in_at', i.last_sign_in_at) AS identity,
              json_object('id', m.id, 'workspace_id', m.workspace_id, 'name', m.name, 'email', m.email, 'role', m.role,
                'provider_company', m.provider_company, 'created_at', m.created_at, 'last_active_at', m.last_active_at, 'removed_at', m.removed_at) AS member
       FROM member_identities i JOIN members m ON m.id = i.member_id
       WHERE i.workspace_id = ? AND i.issuer = ? AND i.subject = ?`,
    )
    .bind(workspaceId, issuer, subject)
    .first<{ identity: string; member: string }>();
  return row ? { identity: JSON.parse(row.identity) as IdentityRow, member: JSON.parse(row.member) as MemberRow & { removed_at: string | null } } : null;
}

/**
 * A member of the workspace with this email (ignoring case) who has no company account from
 * this issuer yet: someone invited by code before the company sign-in was set up, or invited
 * again after being removed. Only when exactly one matches.
 */
export async function unlinkedMemberByEmail(db: D1Database, workspaceId: string, issuer: string, email: string): Promise<MemberRow | null> {
  const { results } = await db
    .prepare(
      `SELECT m.* FROM members m
       WHERE m.workspace_id = ? AND m.removed_at IS NULL AND m.email IS NOT NULL AND lower(m.email) = ?
         AND NOT EXISTS (SELECT 1 FROM member_identities i WHERE i.member_id = m.id AND i.issuer = ?)
       LIMIT 2`,
    )
    .bind(workspaceId, email.toLowerCase(), issuer)
    .all<MemberRow>();
  return results.length === 1 ? results[0]! : null;
}

export interface SignInWrite {
  workspaceId: string;
  issuer: string;
  subject: string;
  email: string;
  /** A member to create first (a person's first company sign-in), or null to sign in `memberId`. */
  newMember: Member | null;
  memberId: string;
  /** The identity row to point at `memberId`: an existing one (moved or touched) or a new one. */
  identityId: string;
  token: { id: string; hash: string };
  now: string;
}

/**
 * One batch (one transaction): the member if new, the company account linked to them (a new
 * link, or an existing one moved to the member an admin invited again), and a token, issued
 * only if the member is still there. `tokenAt` is the index of the token's statement.
 */
export function signInStatements(db: D1Database, w: SignInWrite): { statements: D1PreparedStatement[]; tokenAt: number } {
  const m = w.newMember;
  const statements = [
    ...(m
      ? [db
          .prepare('INSERT INTO members (id, workspace_id, name, email, role, provider_company, created_at, last_active_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .bind(m.id, m.workspaceId, m.name, m.email, m.role, m.providerCompany, w.now, w.now)]
      : []),
    db
      .prepare(
        `INSERT INTO member_identities (id, workspace_id, member_id, issuer, subject, email, created_at, last_sign_in_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (workspace_id, issuer, subject) DO UPDATE SET member_id = excluded.member_id, email = excluded.email, last_sign_in_at = excluded.last_sign_in_at`,
      )
      .bind(w.identityId, w.workspaceId, w.memberId, w.issuer, w.subject, w.email, w.now, w.now),
    db
      .prepare(`INSERT INTO api_tokens (id, member_id, token_hash, created_at) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM members WHERE id = ? AND removed_at IS NULL)`)
      .bind(w.token.id, w.memberId, w.token.hash, w.now, w.memberId),
    db.prepare('UPDATE members SET last_active_at = ? WHERE id = ?').bind(w.now, w.memberId),
  ];
  // The token's statement: its `changes` say whether the member was still there.
  return { statements, tokenAt: m ? 2 : 1 };
}

// --- Sign-ins re-issued to a member ------------------------------------------------------

/** An invite made for an existing member: its row carries the member. */
export type MemberInviteRow = InviteRow;

/** Earlier re-issued codes for the member stop working when a new one is made. */
export function revokeMemberInvites(db: D1Database, workspaceId: string, memberId: string, now: string): D1PreparedStatement {
  return db
    .prepare('UPDATE invites SET revoked_at = ? WHERE workspace_id = ? AND member_id = ? AND used_at IS NULL AND revoked_at IS NULL')
    .bind(now, workspaceId, memberId);
}

export function insertMemberInvite(
  db: D1Database,
  i: { id: string; workspaceId: string; memberId: string; codeHash: string; role: Role; name: string; email: string | null; providerCompany: string | null; createdBy: string; createdAt: string; expiresAt: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO invites (id, workspace_id, code_hash, role, name, email, provider_company, created_by, created_at, expires_at, member_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(i.id, i.workspaceId, i.codeHash, i.role, i.name, i.email, i.providerCompany, i.createdBy, i.createdAt, i.expiresAt, i.memberId);
}

/**
 * Redeems a re-issued code: a token for the member it was made for, in one batch that writes
 * nothing unless the code is still unused and the member still there. Returns true for the winner.
 */
export async function redeemMemberInvite(db: D1Database, invite: MemberInviteRow, token: { id: string; hash: string }, now: string): Promise<boolean> {
  // Batches run one at a time: the token goes in only while the code is unused, and the same
  // batch uses the code up, so of two redeems at once the second writes nothing.
  const usable = `SELECT 1 FROM invites i JOIN members m ON m.id = i.member_id AND m.removed_at IS NULL
    WHERE i.id = ? AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?`;
  const [issued] = await db.batch([
    db
      .prepare(`INSERT INTO api_tokens (id, member_id, token_hash, created_at) SELECT ?, ?, ?, ? WHERE EXISTS (${usable})`)
      .bind(token.id, invite.member_id, token.hash, now, invite.id, now),
    db.prepare('UPDATE invites SET used_at = ?, used_by = member_id WHERE id = ? AND used_at IS NULL AND EXISTS (SELECT 1 FROM api_tokens WHERE id = ?)').bind(now, invite.id, token.id),
    db.prepare('UPDATE members SET last_active_at = ? WHERE id = ? AND EXISTS (SELECT 1 FROM api_tokens WHERE id = ?)').bind(now, invite.member_id, token.id),
  ]);
  return issued?.meta.changes === 1;
}
