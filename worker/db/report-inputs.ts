import type {
  CheckItem, FactSource, FeedbackNote, ProviderStatus, ReportItem, StatusCategory, Taxonomy, TicketChange, ToolId,
} from '../../shared/schemas';
import { CHECKS_LIMIT } from '../../shared/schemas';
import { parseReportActionItems, reportActionItemsColumn, type ReportActionItemsJson } from './action-items';
import { staleConnectionsColumn, staleConnectionsOf } from './connections';
import { reportInitiativesColumn, type InitiativeJson } from './initiatives';
import { taxonomyOf } from './taxonomy';

/**
 * What a report is built from, read with one statement (one round trip): the previous report
 * of the same cadence, the taxonomy, the report-visible annotations of each section, KPI
 * readings and provider companies. Each section comes back as one JSON array made in SQL, in
 * the shape the builder uses (lists and answers already parsed), ordered and capped there:
 * a workspace with 100 000 annotations costs no more rows on the wire than one with a thousand.
 */

/** What the ticket tool showed about a ticket (its `tickets` row), with its latest reopening. */
export interface TicketRow {
  tool: ToolId;
  ticket_id: string;
  url: string;
  title: string | null;
  status: string | null;
  category: StatusCategory | null;
  status_since: string | null;
  status_since_kind: 'happened' | 'seen' | null;
  assignee: string | null;
  last_seen_at: string;
  source: FactSource;
  reopened_at: string | null;
}

/** An annotation as the report builder reads it: report-visible, names resolved later. */
export interface ReportRow {
  id: string;
  /** Its ticket's address, else the page's. */
  url: string | null;
  /** The tool and id of the ticket it points at (null: a page that is no ticket). */
  tool: ToolId | null;
  ticket_id: string | null;
  horizon: 'now' | 'next';
  line_of_business: string;
  stakeholders: string[];
  impact: string;
  priority: 'critical' | 'high' | 'medium' | 'low';
  kpis: string[];
  summary: string;
  event_date: string | null;
  state: 'open' | 'resolved' | 'dropped';
  created_at: string;
  updated_at: string;
  /** The latest answer of the provider it is shared with, with that company. */
  provider: NonNullable<ReportItem['provider']> | null;
  /** The latest executive answer on it, from any report. */
  feedback: FeedbackNote | null;
  /** Its ticket's facts, when the tool's facts about it are known. */
  ticket: TicketRow | null;
}

/** An item the previous report listed, with what happened to it since. */
export interface PreviousRow extends ReportRow {
  visibility: 'team' | 'provider' | 'private';
  deleted_at: string | null;
  /** When the state last changed (resolved on …). */
  state_changed_at: string | null;
  /** Timeline entries since the previous report was made (progress). */
  updates_since: number;
  /** Status changes and reopenings of its ticket seen since the previous report (the latest few, oldest first). */
  ticket_changes: Array<[TicketChange['kind'], string | null, string, TicketChange['atKind']]> | null;
}

/** A tag and its ticket that disagree (see `CheckItem`). */
export interface CheckRow {
  kind: CheckItem['kind'];
  id: string;
  summary: string;
  state: 'open' | 'resolved' | 'dropped';
  resolved_at: string | null;
  ticket: TicketRow;
}

/**
 * An item shared with a provider: what provider accountability counts, and what it lists of an
 * open item (its summary, the provider's latest answer, when it was made: open items are
 * listed in that order, see providerFacts). When it was shared with that company (else when it
 * was made) comes for what is measured from it: an open item's days, an answered item's time
 * to acknowledge. The rows come in no particular order (sorting thousands of them in SQL cost
 * more than the rest of their read).
 */
export type SharedRow = SharedFacts & (
  | { open: true; id: string; summary: string; provider: { status: ProviderStatus; eta: string | null } | null; shared_at: string; created_at: string }
  | { open: false; id: null; summary: null; provider: null; shared_at: string | null; created_at: null }
);

interface SharedFacts {
  /** The provider company the item is shared with (null: no provider named yet). */
  shared_with: string | null;
  /** When that provider first answered (time to acknowledge). */
  first_ack_at: string | null;
  /** Its ticket's facts, when the tool's facts about it are known. */
  ticket: SharedTicket | null;
}

/** What provider accountability counts of a shared item's ticket (see SHARED_TICKET). */
export interface SharedTicket {
  /** Which ticket (a ticket shared through two items counts once). */
  id: number;
  /** Days from opened to closed, when it was resolved or closed in the period. */
  closedDays: number | null;
  /** Not finished, and opened more than 30 days before the report's end. */
  openLong: boolean;
  /** Reopenings during the period. */
  reopened: number;
  /** The tool's own SLA, when its API reported on it (issue 13): breached at some point, or not. */
  sla?: 'breached' | 'met' | null;
}

export interface ReportInputs {
  challenges: ReportRow[];
  challengeCount: number;
  criticalCount: number;
  planning: ReportRow[];
  plannedCount: number;
  previousItems: PreviousRow[];
  shared: SharedRow[];
  kpiReadings: Array<{ kpi_id: string; value: number; recorded_on: string; rn: number }>;
  kpiOpenItems: Array<{ kpi_id: string; n: number }>;
  providerCompanies: string[];
  /** The first CHECKS_LIMIT contradictions, and how many there are. */
  checks: CheckRow[];
  checkCount: number;
  /** Initiatives proposed, under way, delivered, or measured this period (see reportInitiativesColumn). */
  initiatives: InitiativeJson[];
  /** Action items of dialogue meetings: open ones, and those done since the previous report. */
  actionItems: ReportActionItemsJson;
}

/** The moments ticket facts are measured against, as ISO instants. */
export interface FactsWindow {
  /** The period's first instant (in the workspace's zone). */
  periodFrom: string;
  /** The report's "as of": the period's end, or now for a period still running. */
  asOf: string;
  /** Resolved or closed before this, with the tag open: a contradiction. */
  closedBefore: string;
  /** Opened before this and not finished: open longer than 30 days. */
  openBefore: string;
}

/** How many items of each section a report lists at most (the email shows fewer). */
const SECTION_LIMIT = 500;
/** How many shared items provider accountability looks at, oldest first. */
const SHARED_LIMIT = 5000;

const PRIORITY_RANK = (p: string) => `CASE ${p} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

// Parameters: ?1 workspace, ?2 cadence, ?3 the period's start.
const PREVIOUS_REPORT = `SELECT id, snapshot FROM reports WHERE workspace_id = ?1 AND cadence = ?2 AND period_start < ?3
  ORDER BY period_start DESC LIMIT 1`;

// Provider answers count for the company the item is shared with: an answer given while it
// was shared with another provider says nothing about this one. json() keeps a subquery's
// JSON as JSON inside the item (a subquery's result is plain text otherwise).
// Items travel as arrays (see ItemTuple), their answers too: a thousand items' keys were a
// third of what the statement returned.
const providerAnswer = (fields: string) => `(SELECT json_array(${fields})
     FROM annotation_updates u JOIN members m ON m.id = u.author_id
    WHERE u.annotation_id = a.id AND u.kind = 'provider_status' AND m.provider_company = a.shared_with
    ORDER BY u.created_at DESC, u.id DESC LIMIT 1)`;
const PROVIDER = `json(${providerAnswer('u.provider_status, u.eta, u.created_at, m.provider_company')})`;
const FIRST_ACK = `(SELECT MIN(u.created_at) FROM annotation_updates u JOIN members m ON m.id = u.author_id
    WHERE u.annotation_id = a.id AND u.kind = 'provider_status' AND m.provider_company = a.shared_with)`;
// The latest answer wins; of answers given the same instant, the one stored last.
const FEEDBACK = `json((SELECT json_array(f.answer, f.comment, COALESCE(d.name, d.email), f.updated_at)
     FROM feedback f JOIN deliveries d ON d.id = f.delivery_id
    WHERE f.workspace_id = a.workspace_id AND f.annotation_id = a.id ORDER BY f.updated_at DESC, f.rowid DESC LIMIT 1))`;

// The ticket an annotation points at, as the tool showed it (an array in TicketRow's order:
// there can be a thousand): one primary-key read, and the events only for a ticket that was
// ever reopened.
const ticket = (tool: string, ticketId: string, url: string) => `json((SELECT json_array(${tool}, ${ticketId}, ${url}, t.title, t.status, t.category,
    t.status_since, t.status_since_kind, t.assignee, t.last_seen_at, t.source, IIF(t.reopened_count > 0, (SELECT MAX(e.at) FROM ticket_events e
       WHERE e.workspace_id = t.workspace_id AND e.ticket_key = t.ticket_key AND e.kind = 'reopened'), NULL))
   FROM tickets t WHERE t.workspace_id = a.workspace_id AND t.ticket_key = a.ticket_key))`;
const TICKET = ticket('t.tool', 't.ticket_id', 't.url');

const REF_URL = `COALESCE(json_extract(a.ticket_ref, '$.url'), a.page_url)`;
const REF_TOOL = `json_extract(a.ticket_ref, '$.tool')`;
const REF_ID = `json_extract(a.ticket_ref, '$.ticketId')`;
/**
 * An item's values in ItemTuple's order: of its ticket reference, only what the report shows;
 * its ticket's tool, id and address, and its last change, only when they differ from the
 * item's own (they seldom do: a thousand items' copies were a tenth of what they weigh).
 */
const ITEM_VALUES = `a.id, ${REF_URL}, ${REF_TOOL}, ${REF_ID}, a.horizon, a.line_of_business, json(a.stakeholders), a.impact, a.priority,
  json(a.kpis), a.summary, a.event_date, a.state, a.created_at, NULLIF(a.updated_at, a.created_at), ${PROVIDER}, ${FEEDBACK},
  ${ticket(`NULLIF(t.tool, ${REF_TOOL})`, `NULLIF(t.ticket_id, ${REF_ID})`, `NULLIF(t.url, ${REF_URL})`)}`;

/**
 * A previous item's ticket changes learnt since the previous report (whenever they happened:
 * a page may show a change days after it), the latest four, oldest first.
 */
const TICKET_CHANGES = `json((SELECT json_group_array(json_array(kind, to_value, at, at_kind) ORDER BY at) FROM (
    SELECT e.kind, e.to_value, e.at, e.at_kind FROM ticket_events e
     WHERE e.workspace_id = a.workspace_id AND e.ticket_key = a.ticket_key AND e.kind IN ('status_changed', 'reopened')
       AND (e.at >= (SELECT at FROM since) OR e.created_at >= (SELECT at FROM since))
     ORDER BY e.at DESC LIMIT 4)))`;

const FINISHED = `('resolved', 'closed')`;

/**
 * Tags and tickets that disagree (see CheckItem): open tags whose ticket ended, from
 * `report_checks` (kept up to date as tickets and tags change) and their ticket's `ended`
 * (migration 0013 says when a ticket is gone: a page that no longer shows the ticket reads as
 * "status not found", which is reading health's business, not a fact about the ticket); resolved tags only
 * for tickets that were reopened and are not finished again (the tickets are read first: there
 * are fewer of those than resolved tags). Ordered: reopened first, then gone, then the longest
 * closed.
 */
const CHECKS = `checks AS MATERIALIZED (
    SELECT IIF(k.ended = 'gone', 'gone', 'closed_while_open') AS kind, c.annotation_id AS id, IIF(k.ended = 'gone', 1, 2) AS ord,
           COALESCE(k.status_since, k.last_seen_at) AS at, NULL AS resolved_at
      FROM report_checks c JOIN tickets k ON k.workspace_id = c.workspace_id AND k.ticket_key = c.ticket_key
     WHERE c.workspace_id = ?1 AND (k.ended = 'gone' OR (k.ended = 'finished' AND COALESCE(k.status_since, k.last_seen_at) <= ?6))
    UNION ALL
    SELECT 'reopened_after_resolved', r.id, 0, r.resolved_at, r.resolved_at FROM (
      SELECT a.id, a.ticket_key, COALESCE((SELECT MAX(u.created_at) FROM annotation_updates u
               WHERE u.annotation_id = a.id AND u.kind = 'state' AND u.state = 'resolved'), a.updated_at) AS resolved_at
        FROM tickets t CROSS JOIN annotations a ON a.workspace_id = ?1 AND a.ticket_key = t.ticket_key
       WHERE t.workspace_id = ?1 AND t.reopened_count > 0 AND t.category IS NOT NULL AND t.category NOT IN ${FINISHED}
         AND a.state = 'resolved' AND a.deleted_at IS NULL AND a.visibility IN ('team', 'provider')) r
     WHERE EXISTS (SELECT 1 FROM ticket_events e
       WHERE e.workspace_id = ?1 AND e.ticket_key = r.ticket_key AND e.kind = 'reopened' AND e.at > r.resolved_at))`;

/**
 * A shared item's ticket, for the provider's ticket facts, as four numbers (there can be
 * thousands): its row (a ticket shared twice with one company counts once); the days from
 * opened to closed when it was resolved or closed in the period; 1 when it is not finished and
 * opened more than 30 days before the report's end; its reopenings in the period. "Opened" is
 * the tool's created date when the page showed it, else when Steward first saw the ticket.
 */
const SHARED_TICKET = `k.rowid,
    IIF(k.category IN ${FINISHED} AND k.status_since >= ?4 AND k.status_since < ?5,
        round(julianday(k.status_since) - julianday(COALESCE(k.tool_created_at, k.first_seen_at)), 2), NULL),
    k.category NOT IN ${FINISHED} AND COALESCE(k.tool_created_at, k.first_seen_at) <= ?7,
    IIF(k.reopened_count > 0, (SELECT COUNT(*) FROM ticket_events e
      WHERE e.workspace_id = k.workspace_id AND e.ticket_key = k.ticket_key AND e.kind = 'reopened' AND e.at >= ?4 AND e.at < ?5), 0),
    IIF(k.sla_breached_at IS NOT NULL, 2, IIF(k.source IN ('api', 'webhook'), 1, 0))`;
const ITEM = `json_array(${ITEM_VALUES})`;

/**
 * The items the previous report listed (its sections' ids, in its order), whatever became of
 * them. The previous report itself stays in the database: the builder needs only these ids,
 * when it was made and its period's name (a report's snapshot can weigh a megabyte).
 */
const PREVIOUS_IDS = `listed(section, g, i, id) AS (
    SELECT 0, g.key, i.key, json_extract(i.value, '$.id') FROM prev, json_each(prev.snapshot, '$.challenges') g, json_each(g.value, '$.items') i
    UNION ALL SELECT 1, p.key, 0, json_extract(p.value, '$.id') FROM prev, json_each(prev.snapshot, '$.planning') p),
  ids(id) AS (SELECT DISTINCT id FROM listed)`;
const PREVIOUS = `(SELECT json_array(prev.id, json_extract(prev.snapshot, '$.generatedAt'), json_extract(prev.snapshot, '$.period.label'),
    json((SELECT json_group_array(id ORDER BY section, g, i) FROM listed))) FROM prev)`;

/**
 * The whole read, one statement (each statement of a batch has a cost of its own). The open,
 * report-visible annotations are read once (`open`), from an index that holds every column
 * that pass reads (migration 0013): the section counts, the KPI open-item counts and both
 * capped sections come from that one pass, and the sections pick their ids (ordered, capped)
 * before their items are assembled, so only the items shown are. Shared items come as compact
 * arrays (there can be thousands), read oldest first from an index that holds what they need,
 * with what is shown only for open items (the summary, the provider's answer). The taxonomy
 * reads are those of `taxonomyReads`, in the same order.
 */
const REPORT_INPUTS = `WITH prev AS (${PREVIOUS_REPORT}),
  since(at) AS (SELECT COALESCE((SELECT json_extract(snapshot, '$.generatedAt') FROM prev), '1970-01-01T00:00:00.000Z')),
  ${PREVIOUS_IDS},
  open AS MATERIALIZED (
    SELECT a.id, a.horizon, a.priority, a.kpis, a.created_at, a.event_date, ${PRIORITY_RANK('a.priority')} AS rank, COALESCE(t.position, 99) AS impact_position
    FROM annotations a LEFT JOIN taxonomy_terms t ON t.id = a.impact
    WHERE a.workspace_id = ?1 AND a.visibility IN ('team', 'provider') AND a.deleted_at IS NULL AND a.state = 'open'),
  counts AS MATERIALIZED (SELECT COUNT(*) FILTER (WHERE horizon = 'now') AS challenges, COUNT(*) FILTER (WHERE horizon = 'now' AND priority = 'critical') AS critical,
    COUNT(*) FILTER (WHERE horizon = 'next') AS planned FROM open),
  ${CHECKS}
  SELECT
    ${PREVIOUS} AS previous,
    (SELECT challenges FROM counts) AS challenge_count,
    (SELECT critical FROM counts) AS critical_count,
    (SELECT planned FROM counts) AS planned_count,
    (SELECT json_group_array(json_array(kpi_id, n)) FROM (SELECT k.value AS kpi_id, COUNT(*) AS n FROM open o, json_each(o.kpis) k WHERE o.kpis <> '[]' GROUP BY k.value)) AS kpi_open,
    (SELECT json_group_array(${ITEM} ORDER BY s.rank, s.impact_position, s.created_at, s.id)
       FROM (SELECT id, rank, impact_position, created_at FROM open WHERE horizon = 'now'
             ORDER BY rank, impact_position, created_at, id LIMIT ${SECTION_LIMIT}) s JOIN annotations a ON a.id = s.id) AS challenges,
    (SELECT json_group_array(${ITEM} ORDER BY s.event_date IS NULL, s.event_date, s.rank, s.id)
       FROM (SELECT id, rank, event_date FROM open WHERE horizon = 'next'
             ORDER BY event_date IS NULL, event_date, rank, id LIMIT ${SECTION_LIMIT}) s JOIN annotations a ON a.id = s.id) AS planning,
    (SELECT json_group_array(json_array(${ITEM_VALUES}, a.visibility, a.deleted_at,
        (SELECT MAX(u.created_at) FROM annotation_updates u WHERE u.annotation_id = a.id AND u.kind = 'state'),
        (SELECT COUNT(*) FROM annotation_updates u WHERE u.annotation_id = a.id AND u.created_at >= (SELECT at FROM since)),
        ${TICKET_CHANGES}))
       FROM ids CROSS JOIN annotations a ON a.id = ids.id WHERE a.workspace_id = ?1) AS previous_items,
    (SELECT json_array(
        json_group_array(json_array(a.id, a.summary, a.shared_at, ${SHARED_TICKET},
          IIF(a.shared_with IS NULL AND a.first_ack_at IS NULL AND a.answer IS NULL AND a.created_at = a.shared_at, NULL,
              json_array(a.shared_with, a.first_ack_at, json(a.answer), NULLIF(a.created_at, a.shared_at))))) FILTER (WHERE a.state = 'open'),
        json_group_array(json_array(${SHARED_TICKET},
          IIF(a.shared_with IS NULL AND a.first_ack_at IS NULL, NULL,
              json_array(a.shared_with, a.first_ack_at, IIF(a.first_ack_at IS NULL, NULL, a.shared_at))))) FILTER (WHERE a.state <> 'open'))
       FROM (SELECT a.id, a.state, a.shared_with, COALESCE(a.shared_at, a.created_at) AS shared_at, a.created_at,
               IIF(a.state = 'open', a.summary, NULL) AS summary, a.ticket_key, ${FIRST_ACK} AS first_ack_at,
               IIF(a.state = 'open', ${providerAnswer('u.provider_status, u.eta')}, NULL) AS answer FROM annotations a
             WHERE a.workspace_id = ?1 AND a.visibility = 'provider' AND a.deleted_at IS NULL
               AND (a.state = 'open' OR a.updated_at >= (SELECT at FROM since))
             ORDER BY a.created_at, a.id LIMIT ${SHARED_LIMIT}) a
             LEFT JOIN tickets k ON k.workspace_id = ?1 AND k.ticket_key = a.ticket_key) AS shared,
    (SELECT json_group_array(json_array(kpi_id, value, recorded_on, rn)) FROM (
       SELECT r.kpi_id, r.value, r.recorded_on,
              ROW_NUMBER() OVER (PARTITION BY r.kpi_id ORDER BY r.recorded_on DESC, r.created_at DESC) AS rn
       FROM kpi_readings r WHERE r.workspace_id = ?1) WHERE rn <= 2) AS kpi_readings,
    (SELECT json_group_array(company ORDER BY company) FROM (SELECT DISTINCT provider_company AS company FROM members
       WHERE workspace_id = ?1 AND role = 'provider' AND removed_at IS NULL AND provider_company IS NOT NULL)) AS provider_companies,
    (SELECT json_group_array(json_array(c.kind, a.id, a.summary, a.state, c.resolved_at, ${TICKET}) ORDER BY c.ord, c.at, c.id)
       FROM (SELECT id, kind, ord, at, resolved_at FROM checks ORDER BY ord, at, id LIMIT ${CHECKS_LIMIT}) c JOIN annotations a ON a.id = c.id) AS checks,
    (SELECT COUNT(*) FROM checks) AS check_count,
    ${reportInitiativesColumn('?1', '?4', '?5')} AS initiatives,
    ${reportActionItemsColumn('?1', '?4')} AS action_items,
    ${staleConnectionsColumn('?1', '?5')} AS stale_sources,
    (SELECT json_group_array(json_object('id', id, 'kind', kind, 'name', name, 'retired_at', retired_at) ORDER BY position, name COLLATE NOCASE)
       FROM taxonomy_terms WHERE workspace_id = ?1) AS terms,
    (SELECT json_group_array(json_object('id', id, 'name', name, 'title', title, 'line_of_business_id', line_of_business_id, 'retired_at', retired_at)
       ORDER BY name COLLATE NOCASE) FROM stakeholders WHERE workspace_id = ?1) AS stakeholders,
    (SELECT json_group_array(json_object('id', k.id, 'name', k.name, 'unit', k.unit, 'target', k.target, 'direction', k.direction, 'retired_at', k.retired_at,
        'latest', (SELECT json_object('id', r.id, 'kpi_id', r.kpi_id, 'value', r.value, 'recorded_on', r.recorded_on, 'note', r.note, 'created_at', r.created_at)
                   FROM kpi_readings r WHERE r.kpi_id = k.id ORDER BY r.recorded_on DESC, r.created_at DESC LIMIT 1)) ORDER BY k.name COLLATE NOCASE)
       FROM kpis k WHERE k.workspace_id = ?1) AS kpis`;

/** TICKET's array; an item's leaves out the tool, id and address it shares with the item (see ITEM_VALUES). */
type TicketTuple = [
  ToolId | null, string | null, string | null, string | null, string | null, StatusCategory | null, string | null, 'happened' | 'seen' | null,
  string | null, string, FactSource, string | null,
];
const ticketRow = (t: TicketTuple, item?: { tool: ToolId | null; ticket_id: string | null; url: string | null }): TicketRow => ({
  tool: (t[0] ?? item?.tool)!, ticket_id: (t[1] ?? item?.ticket_id)!, url: (t[2] ?? item?.url)!, title: t[3], status: t[4], category: t[5],
  status_since: t[6], status_since_kind: t[7], assignee: t[8], last_seen_at: t[9], source: t[10], reopened_at: t[11],
});

/** ITEM's array: ReportRow's fields in its order, the answers as arrays (see PROVIDER, FEEDBACK). */
type ItemTuple = [
  string, string | null, ToolId | null, string | null, ReportRow['horizon'], string, string[], string, ReportRow['priority'], string[],
  string, string | null, ReportRow['state'], string, string | null,
  [ProviderStatus, string | null, string, string | null] | null, [FeedbackNote['answer'], string | null, string, string] | null, TicketTuple | null,
];
function reportRow(t: ItemTuple): ReportRow {
  const p = t[15];
  const f = t[16];
  const k = t[17];
  const row: ReportRow = {
    id: t[0], url: t[1], tool: t[2], ticket_id: t[3], horizon: t[4], line_of_business: t[5], stakeholders: t[6], impact: t[7], priority: t[8],
    kpis: t[9], summary: t[10], event_date: t[11], state: t[12], created_at: t[13], updated_at: t[14] ?? t[13],
    provider: p && { status: p[0], eta: p[1], at: p[2], company: p[3] },
    feedback: f && { answer: f[0], comment: f[1], by: f[2], at: f[3] },
    ticket: null,
  };
  if (k) row.ticket = ticketRow(k, row);
  return row;
}

type PreviousTuple = [
  ...ItemTuple, PreviousRow['visibility'], string | null, string | null, number, PreviousRow['ticket_changes'],
];
const previousRow = (t: PreviousTuple): PreviousRow => ({
  ...reportRow(t as unknown as ItemTuple), visibility: t[18], deleted_at: t[19], state_changed_at: t[20], updates_since: t[21], ticket_changes: t[22],
});

type CheckTuple = [CheckRow['kind'], string, string, CheckRow['state'], string | null, TicketTuple];

/**
 * A shared item's ticket (all null when no facts are known): see SHARED_TICKET. Last, its SLA as
 * the tool's API told it (connector): 2 breached, 1 not breached, 0 unknown (page readings only).
 */
type SharedTicketTuple = [number | null, number | null, number | null, number | null, number | null];
/**
 * Shared items as `shared` returns them: the open ones, then the others, each with what is
 * seldom there (a company named, an answer…) in a last element that is null when none is.
 */
type SharedTuples = [
  // id, summary, shared at, its ticket…, [company, first answer, latest answer, made at (if not when shared)]
  Array<[string, string, string, ...SharedTicketTuple, [string | null, string | null, [ProviderStatus, string | null] | null, string | null] | null]>,
  // its ticket…, [company, first answer, shared at (if answered)]
  Array<[...SharedTicketTuple, [string | null, string | null, string | null] | null]>,
];

function sharedRows([open, others]: SharedTuples): SharedRow[] {
  const ticket = (id: number | null, closedDays: number | null, openLong: number | null, reopened: number | null, sla: number | null): SharedTicket | null =>
    id === null ? null : { id, closedDays, openLong: !!openLong, reopened: reopened ?? 0, sla: sla === 2 ? 'breached' : sla === 1 ? 'met' : null };
  const rows: SharedRow[] = open.map(([id, summary, shared_at, k, closedDays, openLong, reopened, sla, x]) => ({
    open: true, id, summary, provider: x?.[2] ? { status: x[2][0], eta: x[2][1] } : null, created_at: x?.[3] ?? shared_at,
    shared_with: x?.[0] ?? null, shared_at, first_ack_at: x?.[1] ?? null, ticket: ticket(k, closedDays, openLong, reopened, sla),
  }));
  for (const [k, closedDays, openLong, reopened, sla, x] of others) {
    rows.push({
      open: false, id: null, summary: null, provider: null, created_at: null,
      shared_with: x?.[0] ?? null, shared_at: x?.[2] ?? null, first_ack_at: x?.[1] ?? null, ticket: ticket(k, closedDays, openLong, reopened, sla),
    });
  }
  return rows;
}

interface ReportInputsRow {
  /** See PREVIOUS. */
  previous: string | null;
  challenge_count: number;
  critical_count: number;
  planned_count: number;
  /** The rest: JSON arrays. */
  kpi_open: string;
  challenges: string;
  planning: string;
  previous_items: string;
  shared: string;
  kpi_readings: string;
  provider_companies: string;
  checks: string;
  check_count: number;
  initiatives: string;
  action_items: string | null;
  stale_sources: string;
  terms: string;
  stakeholders: string;
  kpis: string;
}

/** The report before this period (continuity starts from it): what the builder needs of it. */
export interface PreviousReport {
  reportId: string;
  generatedAt: string;
  label: string;
  /** The items it listed, in its order. */
  itemIds: string[];
}

export interface LoadedReport {
  previous: PreviousReport | null;
  taxonomy: Taxonomy;
  inputs: ReportInputs;
  /** Connected tools that keep failing (see staleConnectionsColumn). */
  staleSources: ReturnType<typeof staleConnectionsOf>;
}

const previousReport = ([reportId, generatedAt, label, itemIds]: [string, string, string, string[]]): PreviousReport => ({ reportId, generatedAt, label, itemIds });

/** Everything one report of `cadence` for the period starting `periodStart` needs, in one round trip. */
export async function loadReportInputs(db: D1Database, workspaceId: string, cadence: string, periodStart: string, facts: FactsWindow): Promise<LoadedReport> {
  const r = (await db.prepare(REPORT_INPUTS)
    .bind(workspaceId, cadence, periodStart, facts.periodFrom, facts.asOf, facts.closedBefore, facts.openBefore)
    .first<ReportInputsRow>())!;
  // taxonomyOf reads results in the shape of taxonomyReads' (the KPI's latest reading still as JSON text).
  const results = (json: string) => ({ results: JSON.parse(json) as unknown[] }) as D1Result;
  return {
    previous: r.previous ? previousReport(JSON.parse(r.previous) as [string, string, string, string[]]) : null,
    taxonomy: taxonomyOf([results(r.terms), results(r.stakeholders), results(r.kpis)]),
    inputs: {
      challenges: (JSON.parse(r.challenges) as ItemTuple[]).map(reportRow),
      challengeCount: r.challenge_count,
      criticalCount: r.critical_count,
      planning: (JSON.parse(r.planning) as ItemTuple[]).map(reportRow),
      plannedCount: r.planned_count,
      previousItems: (JSON.parse(r.previous_items) as PreviousTuple[]).map(previousRow),
      shared: sharedRows(JSON.parse(r.shared) as SharedTuples),
      kpiReadings: (JSON.parse(r.kpi_readings) as Array<[string, number, string, number]>).map(([kpi_id, value, recorded_on, rn]) => ({ kpi_id, value, recorded_on, rn })),
      kpiOpenItems: (JSON.parse(r.kpi_open) as Array<[string, number]>).map(([kpi_id, n]) => ({ kpi_id, n })),
      providerCompanies: JSON.parse(r.provider_companies) as string[],
      checks: (JSON.parse(r.checks) as CheckTuple[]).map(([kind, id, summary, state, resolved_at, ticket]) => ({ kind, id, summary, state, resolved_at, ticket: ticketRow(ticket) })),
      checkCount: r.check_count,
      initiatives: JSON.parse(r.initiatives) as InitiativeJson[],
      actionItems: parseReportActionItems(r.action_items),
    },
    staleSources: staleConnectionsOf(r.stale_sources, facts.asOf),
  };
}
