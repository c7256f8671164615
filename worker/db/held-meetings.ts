import type { ActionItem, ActionItemState, AgendaItem, Meeting, MeetingDecision, ProviderStatus } from '../../shared/schemas';

// Held dialogue meetings (migration 0011): the `meetings` row, its decisions, its action items
// and each sending of its minutes. The action items' report column is in ./action-items.ts.

export interface MeetingRow {
  id: string; workspace_id: string; report_id: string | null; report_label: string | null; held_on: string; state: 'open' | 'closed';
  started_by_id: string | null; started_by: string; started_at: string; closed_at: string | null; agenda: string; other_count: number; version: number;
}

interface DecisionRow { ref: string; title: string; text: string; by_name: string; updated_at: string }

export interface ActionItemRow {
  id: string; workspace_id: string; meeting_id: string; ref: string | null; what: string;
  owner_kind: 'member' | 'provider' | 'person'; owner_member_id: string | null; owner_company: string | null; owner_email: string | null; owner_name: string | null;
  due_on: string; state: ActionItemState; done_at: string | null;
  provider_status: ProviderStatus | null; provider_eta: string | null; provider_note: string | null; provider_by: string | null; provider_at: string | null;
  provider_answer_id: string | null; created_by_id: string | null; created_at: string; updated_at: string; version: number;
  /** Joined: the meeting's date, and the owner member's name now. */
  meeting_on: string; member_name: string | null;
}

interface MinutesRow {
  meeting_id: string; version: number; kind: 'minutes' | 'correction'; note: string | null; subject: string; html: string; text: string;
  outcomes: string; sent: number; failed: number; by_name: string; sent_at: string;
}

/** An action item with the meeting's date and the owner member's current name. */
const ITEM_SELECT = `SELECT a.*, m.held_on AS meeting_on, mem.name AS member_name
  FROM action_items a JOIN meetings m ON m.id = a.meeting_id LEFT JOIN members mem ON mem.id = a.owner_member_id`;

/** "Dana Reyes", "Acme IT (provider)", "Pat Lee". */
export function ownerName(r: Pick<ActionItemRow, 'owner_kind' | 'owner_company' | 'owner_email' | 'owner_name' | 'member_name'>): string {
  if (r.owner_kind === 'provider') return `${r.owner_company} (provider)`;
  if (r.owner_kind === 'member') return r.member_name ?? r.owner_name ?? 'A former member';
  return r.owner_name || r.owner_email || 'Someone';
}

/** `today`: the workspace's local date, which `late` is measured against. */
export function toActionItem(r: ActionItemRow, today: string): ActionItem {
  return {
    id: r.id, meetingId: r.meeting_id, meetingOn: r.meeting_on, ref: r.ref, what: r.what,
    owner: { kind: r.owner_kind, memberId: r.owner_member_id, company: r.owner_company, email: r.owner_email, name: ownerName(r) },
    dueOn: r.due_on, state: r.state, doneAt: r.done_at, late: r.state === 'open' && r.due_on < today,
    providerAnswer: r.provider_status && r.provider_at
      ? { status: r.provider_status, eta: r.provider_eta, note: r.provider_note, by: r.provider_by ?? '', at: r.provider_at }
      : null,
    createdAt: r.created_at, updatedAt: r.updated_at, version: r.version,
  };
}

const toDecision = (r: DecisionRow): MeetingDecision => ({ ref: r.ref, title: r.title, text: r.text, by: r.by_name, updatedAt: r.updated_at });

/** One meeting with its decisions, action items and sendings, in one round trip; null when not the workspace's. */
export async function getMeeting(db: D1Database, workspaceId: string, id: string, today: string): Promise<Meeting | null> {
  const [meeting, decisions, items, minutes] = await db.batch([
    db.prepare('SELECT * FROM meetings WHERE id = ? AND workspace_id = ?').bind(id, workspaceId),
    db.prepare('SELECT ref, title, text, by_name, updated_at FROM meeting_decisions WHERE meeting_id = ? AND workspace_id = ? ORDER BY updated_at, ref').bind(id, workspaceId),
    db.prepare(`${ITEM_SELECT} WHERE a.meeting_id = ? AND a.workspace_id = ? ORDER BY a.created_at, a.id`).bind(id, workspaceId),
    db.prepare(`SELECT meeting_id, version, kind, note, sent, failed, by_name, sent_at, '' AS subject, '' AS html, '' AS text, '[]' AS outcomes
      FROM meeting_minutes WHERE meeting_id = ? AND workspace_id = ? ORDER BY version`).bind(id, workspaceId),
  ]);
  const row = (meeting!.results as MeetingRow[])[0];
  if (!row) return null;
  return {
    id: row.id, reportId: row.report_id, reportLabel: row.report_label, heldOn: row.held_on, state: row.state,
    startedBy: row.started_by, startedAt: row.started_at, closedAt: row.closed_at,
    // The page's keys for items raised in the meeting stay in the database.
    agenda: (JSON.parse(row.agenda) as Array<AgendaItem & { key?: string | null }>).map(({ key: _key, ...a }) => a),
    decisions: (decisions!.results as DecisionRow[]).map(toDecision),
    actionItems: (items!.results as ActionItemRow[]).map((r) => toActionItem(r, today)),
    minutes: (minutes!.results as MinutesRow[]).map((m) => ({ version: m.version, kind: m.kind, note: m.note, sentAt: m.sent_at, by: m.by_name, sent: m.sent, failed: m.failed })),
    version: row.version,
  };
}

export function openMeetingId(db: D1Database, workspaceId: string): Promise<{ id: string } | null> {
  return db.prepare(`SELECT id FROM meetings WHERE workspace_id = ? AND state = 'open'`).bind(workspaceId).first<{ id: string }>();
}

/** A new open meeting; does nothing when the workspace already has one (the unique index). */
export function insertMeeting(db: D1Database, m: Omit<MeetingRow, 'state' | 'closed_at' | 'other_count' | 'version'>): D1PreparedStatement {
  return db.prepare(
    `INSERT INTO meetings (id, workspace_id, report_id, report_label, held_on, started_by_id, started_by, started_at, agenda)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).bind(m.id, m.workspace_id, m.report_id, m.report_label, m.held_on, m.started_by_id, m.started_by, m.started_at, m.agenda);
}

/** Held meetings, newest first, with their counts. */
export async function listMeetings(db: D1Database, workspaceId: string, limit = 100) {
  const { results } = await db.prepare(
    `SELECT m.id, m.held_on, m.state, m.report_label, m.closed_at,
       (SELECT COUNT(*) FROM meeting_decisions d WHERE d.meeting_id = m.id) AS decisions,
       (SELECT COUNT(*) FROM action_items a WHERE a.meeting_id = m.id) AS action_items,
       (SELECT COUNT(*) FROM action_items a WHERE a.meeting_id = m.id AND a.state = 'open') AS open_action_items
     FROM meetings m WHERE m.workspace_id = ? ORDER BY m.held_on DESC, m.started_at DESC LIMIT ?`,
  ).bind(workspaceId, limit).all<{
    id: string; held_on: string; state: 'open' | 'closed'; report_label: string | null; closed_at: string | null;
    decisions: number; action_items: number; open_action_items: number;
  }>();
  return results.map((r) => ({
    id: r.id, heldOn: r.held_on, state: r.state, reportLabel: r.report_label, decisions: r.decisions,
    actionItems: r.action_items, openActionItems: r.open_action_items, closedAt: r.closed_at,
  }));
}

/** The latest report that went out to at least one recipient: the meeting walks its agenda. */
export function latestSentReport(db: D1Database, workspaceId: string): Promise<{ id: string; snapshot: string } | null> {
  return db.prepare(
    `SELECT r.id, r.snapshot FROM reports r WHERE r.workspace_id = ?
       AND EXISTS (SELECT 1 FROM deliveries d WHERE d.report_id = r.id AND d.status = 'sent')
     ORDER BY r.period_start DESC, r.created_at DESC LIMIT 1`,
  ).bind(workspaceId).first<{ id: string; snapshot: string }>();
}

/** Counts a change to an open meeting (its version), and nothing once it is closed. */
export function touchOpenMeeting(db: D1Database, workspaceId: string, id: string): D1PreparedStatement {
  return db.prepare(`UPDATE meetings SET version = version + 1 WHERE id = ? AND workspace_id = ? AND state = 'open'`).bind(id, workspaceId);
}

/**
 * Adds an `other-<n>` item to an open meeting's agenda; n counts up and is never reused. `key`
 * (the page's id for the item) is kept beside it, so the same item sent again is not added twice.
 */
export function addOtherItem(db: D1Database, workspaceId: string, id: string, title: string, why: string, key: string | null): D1PreparedStatement {
  return db.prepare(
    `UPDATE meetings SET other_count = other_count + 1, version = version + 1,
       agenda = json_insert(agenda, '$[#]', json_object('kind', 'other', 'ref', 'other-' || (other_count + 1), 'title', ?1, 'why', ?2, 'key', ?5))
     WHERE id = ?3 AND workspace_id = ?4 AND state = 'open'
       AND (?5 IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(meetings.agenda) AS e WHERE json_extract(e.value, '$.key') = ?5))`,
  ).bind(title, why, id, workspaceId, key);
}

/** Records (or replaces) the decision on one agenda item, only while the meeting is `state` (open, or closed for a correction). */
export function saveDecision(
  db: D1Database, workspaceId: string, meetingId: string, d: { ref: string; title: string; text: string; byId: string; byName: string; at: string }, state: 'open' | 'closed' = 'open',
): D1PreparedStatement {
  return db.prepare(
    `INSERT INTO meeting_decisions (meeting_id, workspace_id, ref, title, text, by_id, by_name, updated_at)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM meetings WHERE id = ?1 AND workspace_id = ?2 AND state = ?9)
     ON CONFLICT (meeting_id, ref) DO UPDATE SET text = excluded.text, by_id = excluded.by_id, by_name = excluded.by_name, updated_at = excluded.updated_at`,
  ).bind(meetingId, workspaceId, d.ref, d.title, d.text, d.byId, d.byName, d.at, state);
}

export function removeDecision(db: D1Database, workspaceId: string, meetingId: string, ref: string, state: 'open' | 'closed' = 'open'): D1PreparedStatement {
  return db.prepare(
    `DELETE FROM meeting_decisions WHERE meeting_id = ?1 AND workspace_id = ?2 AND ref = ?3
       AND EXISTS (SELECT 1 FROM meetings WHERE id = ?1 AND workspace_id = ?2 AND state = ?4)`,
  ).bind(meetingId, workspaceId, ref, state);
}

/** The fields of a new action item (see `insertActionItem`). */
export interface ActionItemFields {
  ref: string | null; what: string; ownerKind: 'member' | 'provider' | 'person'; ownerMemberId: string | null; ownerCompany: string | null;
  ownerEmail: string | null; ownerName: string | null; dueOn: string;
}

/** A new action item of an open meeting; an id already used does nothing (a retry of the same save). */
export function insertActionItem(db: D1Database, workspaceId: string, meetingId: string, id: string, f: ActionItemFields, by: string, at: string): D1PreparedStatement {
  return db.prepare(
    `INSERT INTO action_items (id, workspace_id, meeting_id, ref, what, owner_kind, owner_member_id, owner_company, owner_email, owner_name, due_on, created_by_id, created_at, updated_at)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13
      WHERE EXISTS (SELECT 1 FROM meetings WHERE id = ?3 AND workspace_id = ?2 AND state = 'open')
     ON CONFLICT (id) DO NOTHING`,
  ).bind(id, workspaceId, meetingId, f.ref, f.what, f.ownerKind, f.ownerMemberId, f.ownerCompany, f.ownerEmail, f.ownerName, f.dueOn, by, at);
}

export async function getActionItemRow(db: D1Database, workspaceId: string, id: string): Promise<(ActionItemRow & { meeting_state: 'open' | 'closed' }) | null> {
  return db.prepare(`SELECT a.*, m.held_on AS meeting_on, m.state AS meeting_state, mem.name AS member_name
    FROM action_items a JOIN meetings m ON m.id = a.meeting_id LEFT JOIN members mem ON mem.id = a.owner_member_id
    WHERE a.id = ? AND a.workspace_id = ?`).bind(id, workspaceId).first<ActionItemRow & { meeting_state: 'open' | 'closed' }>();
}

/** Stores an action item's fields and state if nobody changed it since `expected` was read. */
export function updateActionItem(
  db: D1Database, workspaceId: string, id: string, expected: number,
  f: Omit<ActionItemFields, 'ref'> & { state: ActionItemState; doneAt: string | null }, at: string,
): D1PreparedStatement {
  return db.prepare(
    `UPDATE action_items SET what = ?, owner_kind = ?, owner_member_id = ?, owner_company = ?, owner_email = ?, owner_name = ?, due_on = ?,
       state = ?, done_at = ?, updated_at = ?, version = version + 1
     WHERE id = ? AND workspace_id = ? AND version = ?`,
  ).bind(f.what, f.ownerKind, f.ownerMemberId, f.ownerCompany, f.ownerEmail, f.ownerName, f.dueOn, f.state, f.doneAt, at, id, workspaceId, expected);
}

/** The owning provider's answer; `done` marks the item done (once). */
export function answerActionItem(
  db: D1Database, workspaceId: string, id: string, expected: number,
  a: { answerId: string; status: ProviderStatus; eta: string | null; note: string | null; by: string; at: string },
): D1PreparedStatement {
  return db.prepare(
    `UPDATE action_items SET provider_status = ?1, provider_eta = ?2, provider_note = ?3, provider_by = ?4, provider_at = ?5, provider_answer_id = ?6,
       state = IIF(?1 = 'done' AND state = 'open', 'done', state), done_at = IIF(?1 = 'done' AND state = 'open', ?5, done_at),
       updated_at = ?5, version = version + 1
     WHERE id = ?7 AND workspace_id = ?8 AND version = ?9`,
  ).bind(a.status, a.eta, a.note, a.by, a.at, a.answerId, id, workspaceId, expected);
}

/**
 * Open action items of the workspace's other meetings, as agenda entries take them (a new
 * meeting's agenda carries them), due first.
 */
export async function openActionItems(db: D1Database, workspaceId: string, exceptMeeting: string | null, today: string, limit = 100): Promise<ActionItem[]> {
  const { results } = await db.prepare(
    `${ITEM_SELECT} WHERE a.workspace_id = ? AND a.state = 'open' AND a.meeting_id IS NOT ? ORDER BY a.due_on, a.created_at, a.id LIMIT ?`,
  ).bind(workspaceId, exceptMeeting, limit).all<ActionItemRow>();
  return results.map((r) => toActionItem(r, today));
}

/** Action items a provider company owns: open first (due first), then the rest by newest change. */
export async function providerActionItemRows(db: D1Database, workspaceId: string, company: string, limit = 500): Promise<ActionItemRow[]> {
  const { results } = await db.prepare(
    `${ITEM_SELECT} WHERE a.workspace_id = ? AND a.owner_kind = 'provider' AND a.owner_company = ? COLLATE NOCASE AND a.state <> 'dropped'
     ORDER BY a.state <> 'open', IIF(a.state = 'open', a.due_on, NULL), a.updated_at DESC, a.id LIMIT ?`,
  ).bind(workspaceId, company, limit).all<ActionItemRow>();
  return results;
}

// ---------------------------------------------------------------------------------------
// Closing and corrections: the minutes are stored in the same batch as the change they send.

/** Closes an open meeting (nothing if it is not open): put after `insertMinutes` in one batch. */
export function closeMeeting(db: D1Database, workspaceId: string, id: string, at: string): D1PreparedStatement {
  return db.prepare(`UPDATE meetings SET state = 'closed', closed_at = ?, version = version + 1 WHERE id = ? AND workspace_id = ? AND state = 'open'`)
    .bind(at, id, workspaceId);
}

/** Counts a correction to a closed meeting. */
export function touchClosedMeeting(db: D1Database, workspaceId: string, id: string): D1PreparedStatement {
  return db.prepare(`UPDATE meetings SET version = version + 1 WHERE id = ? AND workspace_id = ? AND state = 'closed'`).bind(id, workspaceId);
}

/**
 * One sending of the minutes, stored only while the meeting is in `state` (open: the closing;
 * closed: a correction). A version already stored makes the batch fail (two corrections at once).
 */
export function insertMinutes(
  db: D1Database, workspaceId: string, meetingId: string, state: 'open' | 'closed',
  m: { version: number; kind: 'minutes' | 'correction'; note: string | null; subject: string; html: string; text: string; byId: string; byName: string; at: string },
): D1PreparedStatement {
  return db.prepare(
    `INSERT INTO meeting_minutes (meeting_id, workspace_id, version, kind, note, subject, html, text, by_id, by_name, sent_at)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 WHERE EXISTS (SELECT 1 FROM meetings WHERE id = ?1 AND workspace_id = ?2 AND state = ?12)`,
  ).bind(meetingId, workspaceId, m.version, m.kind, m.note, m.subject, m.html, m.text, m.byId, m.byName, m.at, state);
}

export function recordMinutesOutcomes(
  db: D1Database, meetingId: string, version: number, outcomes: Array<{ email: string; status: string; error: string | null }>,
): D1PreparedStatement {
  const sent = outcomes.filter((o) => o.status === 'sent').length;
  return db.prepare('UPDATE meeting_minutes SET outcomes = ?, sent = ?, failed = ? WHERE meeting_id = ? AND version = ?')
    .bind(JSON.stringify(outcomes), sent, outcomes.length - sent, meetingId, version);
}

// ---------------------------------------------------------------------------------------
// Export.

/** Every held meeting of the workspace with its decisions, action items and minutes (HTML and text as sent). */
export async function heldMeetingsExport(db: D1Database, workspaceId: string, today: string) {
  const [meetings, decisions, items, minutes] = await db.batch([
    db.prepare('SELECT * FROM meetings WHERE workspace_id = ? ORDER BY held_on, started_at').bind(workspaceId),
    db.prepare('SELECT * FROM meeting_decisions WHERE workspace_id = ? ORDER BY meeting_id, updated_at, ref').bind(workspaceId),
    db.prepare(`${ITEM_SELECT} WHERE a.workspace_id = ? ORDER BY a.created_at, a.id`).bind(workspaceId),
    db.prepare('SELECT * FROM meeting_minutes WHERE workspace_id = ? ORDER BY sent_at, meeting_id, version').bind(workspaceId),
  ]);
  return {
    meetings: (meetings!.results as MeetingRow[]).map((m) => ({
      id: m.id, reportId: m.report_id, reportLabel: m.report_label, heldOn: m.held_on, state: m.state, startedBy: m.started_by,
      startedAt: m.started_at, closedAt: m.closed_at, agenda: JSON.parse(m.agenda) as AgendaItem[], version: m.version,
    })),
    decisions: (decisions!.results as Array<DecisionRow & { meeting_id: string }>).map((d) => ({ meetingId: d.meeting_id, ...toDecision(d) })),
    actionItems: (items!.results as ActionItemRow[]).map((r) => toActionItem(r, today)),
    minutes: (minutes!.results as MinutesRow[]).map((m) => ({
      meetingId: m.meeting_id, version: m.version, kind: m.kind, note: m.note, subject: m.subject, sentAt: m.sent_at, by: m.by_name,
      sent: m.sent, failed: m.failed, outcomes: JSON.parse(m.outcomes) as unknown[], html: m.html, text: m.text,
    })),
  };
}
