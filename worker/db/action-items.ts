// Action items as a report reads them (one column of report-inputs' single statement).

/** One action item for the report: [id, what, owner kind, company, owner's name, meeting date, due date, state, done at]. */
type ReportActionItemTuple = [
  string, string, 'member' | 'provider' | 'person', string | null, string, string, string, 'open' | 'done', string | null,
];

export interface ReportActionItemsJson {
  items: ReportActionItemTuple[];
  /** The date of the latest closed meeting, if any. */
  lastMeetingOn: string | null;
}

/** How many action items a report carries at most (open ones, due first). */
const REPORT_LIMIT = 200;

/**
 * The column report-inputs adds to its statement (it uses that statement's `prev` and `since`
 * CTEs — the previous report, and when it was made — and its parameters): action items still
 * open, and those done since the previous report was made (or, for a first report, since the
 * period began), so each done item is reported once.
 * `workspace` and `periodFrom` are SQL parameters (?1, ?4).
 */
export function reportActionItemsColumn(workspace: string, periodFrom: string): string {
  const since = `IIF(EXISTS (SELECT 1 FROM prev), (SELECT at FROM since), ${periodFrom})`;
  return `json_object(
    'items', json((SELECT json_group_array(json_array(x.id, x.what, x.owner_kind, x.owner_company, x.owner, x.held_on, x.due_on, x.state, x.done_at)
        ORDER BY x.state = 'done', x.due_on, x.created_at, x.id)
      FROM (SELECT a.id, a.what, a.owner_kind, a.owner_company,
              CASE a.owner_kind WHEN 'provider' THEN a.owner_company || ' (provider)'
                WHEN 'member' THEN COALESCE((SELECT name FROM members WHERE id = a.owner_member_id), a.owner_name, 'A former member')
                ELSE COALESCE(NULLIF(a.owner_name, ''), a.owner_email) END AS owner,
              m.held_on, a.due_on, a.state, a.done_at, a.created_at
            FROM action_items a JOIN meetings m ON m.id = a.meeting_id
           WHERE a.workspace_id = ${workspace} AND (a.state = 'open' OR (a.state = 'done' AND a.done_at >= ${since}))
           ORDER BY a.state = 'done', a.due_on, a.created_at, a.id LIMIT ${REPORT_LIMIT}) x)),
    'lastMeetingOn', (SELECT MAX(held_on) FROM meetings WHERE workspace_id = ${workspace} AND state = 'closed'))`;
}

export const parseReportActionItems = (json: string | null): ReportActionItemsJson =>
  json ? (JSON.parse(json) as ReportActionItemsJson) : { items: [], lastMeetingOn: null };
