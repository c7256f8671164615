import type { InvitationOutcome, MeetingSettings } from '../../shared/schemas';

// The `meeting_settings` row of a workspace and the `meeting_invitations` sent for it.

interface SettingsRow {
  workspace_id: string; enabled: number; start_time: string; duration_minutes: number; member_ids: string;
  emails: string; location: string | null; uid: string; sequence: number; version: number; updated_at: string | null;
}

const toSettings = (r: SettingsRow): MeetingSettings => ({
  enabled: r.enabled === 1, startTime: r.start_time, durationMinutes: r.duration_minutes,
  memberIds: JSON.parse(r.member_ids) as string[], emails: JSON.parse(r.emails) as string[], location: r.location,
  uid: r.uid, sequence: r.sequence, version: r.version, updatedAt: r.updated_at,
});

/** What a workspace that never set its meeting starts from (version 0: nothing stored yet). */
export function defaultSettings(workspaceId: string, reportHour: number): MeetingSettings {
  return {
    enabled: false, startTime: `${String(Math.min(reportHour + 2, 23)).padStart(2, '0')}:00`, durationMinutes: 30,
    memberIds: [], emails: [], location: null,
    // Calendars match updates and cancellations to the event by this; it never changes.
    uid: `meeting-${workspaceId}@steward`, sequence: 0, version: 0, updatedAt: null,
  };
}

export async function getMeetingSettings(db: D1Database, workspaceId: string): Promise<MeetingSettings | null> {
  const row = await db.prepare('SELECT * FROM meeting_settings WHERE workspace_id = ?').bind(workspaceId).first<SettingsRow>();
  return row ? toSettings(row) : null;
}

/**
 * Stores the settings if nobody saved since `expected` was read (version 0: no row yet).
 * Runs alone, so its `meta.changes` says whether it won.
 */
export async function saveMeetingSettings(db: D1Database, workspaceId: string, s: MeetingSettings, expected: number, now: string): Promise<boolean> {
  const values = [s.enabled ? 1 : 0, s.startTime, s.durationMinutes, JSON.stringify(s.memberIds), JSON.stringify(s.emails), s.location, s.sequence, now];
  const res = expected === 0
    ? await db.prepare(
      `INSERT INTO meeting_settings (enabled, start_time, duration_minutes, member_ids, emails, location, sequence, updated_at, workspace_id, uid, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (workspace_id) DO NOTHING`,
    ).bind(...values, workspaceId, s.uid).run()
    : await db.prepare(
      `UPDATE meeting_settings SET enabled = ?, start_time = ?, duration_minutes = ?, member_ids = ?, emails = ?, location = ?,
         sequence = ?, updated_at = ?, version = version + 1
       WHERE workspace_id = ? AND version = ?`,
    ).bind(...values, workspaceId, expected).run();
  return res.meta.changes === 1;
}

/** Each address's latest invitation (the highest SEQUENCE sent to it), newest first. */
export async function latestInvitations(db: D1Database, workspaceId: string): Promise<InvitationOutcome[]> {
  const { results } = await db.prepare(
    `SELECT email, method, status, error FROM meeting_invitations i
     WHERE workspace_id = ? AND sequence = (SELECT MAX(sequence) FROM meeting_invitations WHERE workspace_id = i.workspace_id AND email = i.email)
     ORDER BY email`,
  ).bind(workspaceId).all<InvitationOutcome>();
  return results;
}

/** Whether any invitation was ever sent: the first one goes out at SEQUENCE 0, each change after it one higher. */
export async function anyInvitationSent(db: D1Database, workspaceId: string): Promise<boolean> {
  const row = await db.prepare(`SELECT 1 AS one FROM meeting_invitations WHERE workspace_id = ? AND status = 'sent' LIMIT 1`).bind(workspaceId).first();
  return row !== null;
}

export function recordInvitation(db: D1Database, workspaceId: string, sequence: number, o: InvitationOutcome & { messageId: string | null }, now: string): D1PreparedStatement {
  return db.prepare(
    `INSERT INTO meeting_invitations (workspace_id, email, sequence, method, status, error, message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id, email, sequence) DO UPDATE SET method = excluded.method, status = excluded.status, error = excluded.error,
       message_id = excluded.message_id, created_at = excluded.created_at`,
  ).bind(workspaceId, o.email, sequence, o.method, o.status, o.error, o.messageId, now);
}

/** Everything stored about the workspace's meeting, for its export. */
export async function meetingExport(db: D1Database, workspaceId: string) {
  const [settings, invitations] = await db.batch([
    db.prepare('SELECT * FROM meeting_settings WHERE workspace_id = ?').bind(workspaceId),
    db.prepare('SELECT email, sequence, method, status, error, created_at FROM meeting_invitations WHERE workspace_id = ? ORDER BY created_at, email').bind(workspaceId),
  ]);
  const row = (settings!.results as SettingsRow[])[0];
  return { settings: row ? toSettings(row) : null, invitations: invitations!.results };
}
