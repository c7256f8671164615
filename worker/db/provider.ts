import type { Member, ProviderCompany, ProviderLinkStatus } from '../../shared/schemas';
import { SELECT, visibleTo, type AnnotationRow } from './annotations';
import { toMember, toWorkspace, type MemberRow, type WorkspaceRow } from './workspaces';

/**
 * The provider companies of a workspace: those of its provider members, and of provider
 * invites still waiting to be used (so staff can share with a provider the admin has just
 * invited). Names are as the admin typed them; `members`/`invited` say how far along each is.
 */
export async function providerCompanies(db: D1Database, workspaceId: string, now: string): Promise<ProviderCompany[]> {
  const { results } = await db
    .prepare(
      `SELECT name, SUM(member) AS members, SUM(invite) AS invited FROM (
         SELECT provider_company AS name, 1 AS member, 0 AS invite FROM members
          WHERE workspace_id = ?1 AND role = 'provider' AND removed_at IS NULL AND provider_company IS NOT NULL
         UNION ALL
         SELECT provider_company, 0, 1 FROM invites
          WHERE workspace_id = ?1 AND role = 'provider' AND provider_company IS NOT NULL
            AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?2)
       GROUP BY name ORDER BY name COLLATE NOCASE`,
    )
    .bind(workspaceId, now)
    .all<ProviderCompany>();
  return results;
}

// ---------------------------------------------------------------------------------------
// Provider links: one live link per member; the signed token names the row.

export function insertProviderLink(db: D1Database, l: { id: string; workspaceId: string; memberId: string; createdBy: string | null; createdAt: string }): D1PreparedStatement {
  // OR IGNORE: the partial unique index keeps one live link per member, so two digest runs
  // that both find none end up sharing the one that was written first.
  return db
    .prepare('INSERT OR IGNORE INTO provider_links (id, workspace_id, member_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(l.id, l.workspaceId, l.memberId, l.createdBy, l.createdAt);
}

/** Ends every live link of a member (rotation, revocation, removal, role change). */
export function revokeProviderLinks(db: D1Database, workspaceId: string, memberId: string, now: string): D1PreparedStatement {
  return db
    .prepare('UPDATE provider_links SET revoked_at = ? WHERE workspace_id = ? AND member_id = ? AND revoked_at IS NULL')
    .bind(now, workspaceId, memberId);
}

export interface ProviderLinkRow {
  id: string; workspace_id: string; member_id: string; created_at: string; last_used_at: string | null; revoked_at: string | null;
}

export function liveProviderLink(db: D1Database, workspaceId: string, memberId: string): Promise<ProviderLinkRow | null> {
  return db
    .prepare('SELECT * FROM provider_links WHERE workspace_id = ? AND member_id = ? AND revoked_at IS NULL')
    .bind(workspaceId, memberId)
    .first<ProviderLinkRow>();
}

export async function providerLinkStatus(db: D1Database, workspaceId: string, memberId: string): Promise<ProviderLinkStatus> {
  const row = await liveProviderLink(db, workspaceId, memberId);
  return { active: !!row, createdAt: row?.created_at ?? null, lastUsedAt: row?.last_used_at ?? null };
}

/**
 * What a link stands for: the live link, its member — still in the workspace, still a
 * provider — and the workspace. Null when the link was revoked or its member left.
 */
export async function resolveProviderLink(db: D1Database, linkId: string) {
  const row = await db
    .prepare(
      `SELECT l.id AS link_id,
              json_object('id', m.id, 'workspace_id', m.workspace_id, 'name', m.name, 'email', m.email, 'role', m.role,
                          'provider_company', m.provider_company, 'created_at', m.created_at, 'last_active_at', m.last_active_at) AS member,
              json_object('id', w.id, 'name', w.name, 'time_zone', w.time_zone, 'created_at', w.created_at,
                          'report_cadence', w.report_cadence, 'report_weekday', w.report_weekday,
                          'report_month_day', w.report_month_day, 'report_hour', w.report_hour, 'jargon_words', w.jargon_words) AS workspace
       FROM provider_links l
       JOIN members m ON m.id = l.member_id AND m.workspace_id = l.workspace_id AND m.removed_at IS NULL
                     AND m.role = 'provider' AND m.provider_company IS NOT NULL
       JOIN workspaces w ON w.id = l.workspace_id
       WHERE l.id = ? AND l.revoked_at IS NULL`,
    )
    .bind(linkId)
    .first<{ link_id: string; member: string; workspace: string }>();
  if (!row) return null;
  return { linkId: row.link_id, member: toMember(JSON.parse(row.member) as MemberRow), workspace: toWorkspace(JSON.parse(row.workspace) as WorkspaceRow) };
}

export function touchProviderLink(db: D1Database, linkId: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE provider_links SET last_used_at = ? WHERE id = ?').bind(now, linkId);
}

// ---------------------------------------------------------------------------------------
// What a provider member sees: the inbox.

/** The cap on one inbox; a provider with more open items than this has bigger problems. */
export const INBOX_LIMIT = 1000;

/**
 * Every item shared with the member's company (visibility enforced by `visibleTo`):
 * open items the company has not answered first, oldest share first; then the rest by
 * newest activity.
 */
export async function providerInboxRows(db: D1Database, workspaceId: string, member: Member): Promise<AnnotationRow[]> {
  const vis = visibleTo(member);
  const waiting = `(a.state = 'open' AND provider_status IS NULL)`;
  const { results } = await db
    .prepare(
      `${SELECT} WHERE a.workspace_id = ? AND a.deleted_at IS NULL AND ${vis.sql}
       ORDER BY ${waiting} DESC, CASE WHEN ${waiting} THEN COALESCE(a.shared_at, a.created_at) END, a.updated_at DESC, a.id
       LIMIT ${INBOX_LIMIT}`,
    )
    .bind(workspaceId, ...vis.params)
    .all<AnnotationRow>();
  return results;
}

/** A member of a workspace by id, even one who left (unsubscribe links keep working). */
export async function anyMember(db: D1Database, memberId: string): Promise<(Member & { removed: boolean; workspaceName: string }) | null> {
  const row = await db
    .prepare('SELECT m.*, w.name AS workspace_name FROM members m JOIN workspaces w ON w.id = m.workspace_id WHERE m.id = ?')
    .bind(memberId)
    .first<MemberRow & { removed_at: string | null; workspace_name: string }>();
  return row ? { ...toMember(row), removed: !!row.removed_at, workspaceName: row.workspace_name } : null;
}
