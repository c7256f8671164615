import type { FeedbackNote, ProviderStatus, ReportItem, Taxonomy, TicketRef } from '../../shared/schemas';
import { taxonomyOf } from './taxonomy';

/**
 * What a report is built from, read with one statement (one round trip): the previous report
 * of the same cadence, the taxonomy, the report-visible annotations of each section, KPI
 * readings and provider companies. Each section comes back as one JSON array made in SQL, in
 * the shape the builder uses (lists and answers already parsed), ordered and capped there:
 * a workspace with 100 000 annotations costs no more rows on the wire than one with a thousand.
 */

/** An annotation as the report builder reads it: report-visible, names resolved later. */
export interface ReportRow {
  id: string;
  ticket_ref: TicketRef | null;
  page_url: string | null;
  horizon: 'now' | 'next';
  line_of_business: string;
  stakeholders: string[];
  impact: string;
  priority: 'critical' | 'high' | 'medium' | 'low';
  kpis: string[];
  summary: string;
  event_date: string | null;
  state: 'open' | 'resolved' | 'dropped';
  visibility: 'team' | 'provider' | 'private';
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** The latest answer of the provider it is shared with, with that company. */
  provider: NonNullable<ReportItem['provider']> | null;
  /** The latest executive answer on it, from any report. */
  feedback: FeedbackNote | null;
}

/** An item the previous report listed, with what happened to it since. */
export interface PreviousRow extends ReportRow {
  /** When the state last changed (resolved on …). */
  state_changed_at: string | null;
  /** Timeline entries since the previous report was made (progress). */
  updates_since: number;
}

/** An item shared with a provider: what provider accountability counts. */
export interface SharedRow {
  id: string;
  /** Empty unless open. */
  summary: string;
  state: 'open' | 'resolved' | 'dropped';
  /** The provider company the item is shared with (null: no provider named yet). */
  shared_with: string | null;
  /** When it was shared with that company. */
  shared_at: string | null;
  created_at: string;
  /** When that provider first answered (time to acknowledge). */
  first_ack_at: string | null;
  /** Null unless open. */
  provider: { status: ProviderStatus; eta: string | null } | null;
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
const PROVIDER_ANSWER = `(SELECT json_object('status', u.provider_status, 'eta', u.eta, 'at', u.created_at, 'company', m.provider_company)
     FROM annotation_updates u JOIN members m ON m.id = u.author_id
    WHERE u.annotation_id = a.id AND u.kind = 'provider_status' AND m.provider_company = a.shared_with
    ORDER BY u.created_at DESC, u.id DESC LIMIT 1)`;
const PROVIDER = `json(${PROVIDER_ANSWER})`;
const FIRST_ACK = `(SELECT MIN(u.created_at) FROM annotation_updates u JOIN members m ON m.id = u.author_id
    WHERE u.annotation_id = a.id AND u.kind = 'provider_status' AND m.provider_company = a.shared_with)`;
// The latest answer wins; of answers given the same instant, the one stored last.
const FEEDBACK = `json((SELECT json_object('answer', f.answer, 'comment', f.comment, 'by', COALESCE(d.name, d.email), 'at', f.updated_at)
     FROM feedback f JOIN deliveries d ON d.id = f.delivery_id
    WHERE f.workspace_id = a.workspace_id AND f.annotation_id = a.id ORDER BY f.updated_at DESC, f.rowid DESC LIMIT 1))`;

const ITEM_FIELDS = `'id', a.id, 'ticket_ref', json(a.ticket_ref), 'page_url', a.page_url, 'horizon', a.horizon,
  'line_of_business', a.line_of_business, 'stakeholders', json(a.stakeholders), 'impact', a.impact, 'priority', a.priority,
  'kpis', json(a.kpis), 'summary', a.summary, 'event_date', a.event_date, 'state', a.state, 'visibility', a.visibility,
  'created_at', a.created_at, 'updated_at', a.updated_at, 'deleted_at', a.deleted_at, 'provider', ${PROVIDER}, 'feedback', ${FEEDBACK}`;
const ITEM = `json_object(${ITEM_FIELDS})`;

/** The items the previous report listed (its sections' ids), whatever became of them. */
const PREVIOUS_IDS = `ids(id) AS (
    SELECT json_extract(i.value, '$.id') FROM prev, json_each(prev.snapshot, '$.challenges') g, json_each(g.value, '$.items') i
    UNION SELECT json_extract(p.value, '$.id') FROM prev, json_each(prev.snapshot, '$.planning') p)`;

/**
 * The whole read, one statement (each statement of a batch has a cost of its own). The open,
 * report-visible annotations are read once (`open`): the section counts, the KPI open-item
 * counts and both capped sections come from that one pass, and the sections pick their ids
 * (ordered, capped) before their items are assembled, so only the items shown are. Shared
 * items come as compact arrays (there can be thousands), with what is shown only for open
 * items (the summary, the provider's answer) only for those. The taxonomy reads are those of
 * `taxonomyReads`, in the same order.
 */
const REPORT_INPUTS = `WITH prev AS (${PREVIOUS_REPORT}),
  since(at) AS (SELECT COALESCE((SELECT json_extract(snapshot, '$.generatedAt') FROM prev), '1970-01-01T00:00:00.000Z')),
  ${PREVIOUS_IDS},
  open AS MATERIALIZED (
    SELECT a.id, a.horizon, a.priority, a.kpis, a.created_at, a.event_date, ${PRIORITY_RANK('a.priority')} AS rank, COALESCE(t.position, 99) AS impact_position
    FROM annotations a LEFT JOIN taxonomy_terms t ON t.id = a.impact
    WHERE a.workspace_id = ?1 AND a.visibility IN ('team', 'provider') AND a.deleted_at IS NULL AND a.state = 'open')
  SELECT
    (SELECT id FROM prev) AS previous_id,
    (SELECT snapshot FROM prev) AS previous_snapshot,
    (SELECT COUNT(*) FROM open WHERE horizon = 'now') AS challenge_count,
    (SELECT COUNT(*) FROM open WHERE horizon = 'now' AND priority = 'critical') AS critical_count,
    (SELECT COUNT(*) FROM open WHERE horizon = 'next') AS planned_count,
    (SELECT json_group_array(json_array(kpi_id, n)) FROM (SELECT k.value AS kpi_id, COUNT(*) AS n FROM open o, json_each(o.kpis) k GROUP BY k.value)) AS kpi_open,
    (SELECT json_group_array(${ITEM} ORDER BY s.rank, s.impact_position, s.created_at, s.id)
       FROM (SELECT id, rank, impact_position, created_at FROM open WHERE horizon = 'now'
             ORDER BY rank, impact_position, created_at, id LIMIT ${SECTION_LIMIT}) s JOIN annotations a ON a.id = s.id) AS challenges,
    (SELECT json_group_array(${ITEM} ORDER BY s.event_date IS NULL, s.event_date, s.rank, s.id)
       FROM (SELECT id, rank, event_date FROM open WHERE horizon = 'next'
             ORDER BY event_date IS NULL, event_date, rank, id LIMIT ${SECTION_LIMIT}) s JOIN annotations a ON a.id = s.id) AS planning,
    (SELECT json_group_array(json_object(${ITEM_FIELDS},
        'state_changed_at', (SELECT MAX(u.created_at) FROM annotation_updates u WHERE u.annotation_id = a.id AND u.kind = 'state'),
        'updates_since', (SELECT COUNT(*) FROM annotation_updates u WHERE u.annotation_id = a.id AND u.created_at >= (SELECT at FROM since))))
       FROM annotations a WHERE a.workspace_id = ?1 AND a.id IN (SELECT id FROM ids)) AS previous_items,
    (SELECT json_group_array(json_array(a.id, a.state, a.shared_with, a.shared_at, a.created_at, ${FIRST_ACK},
        IIF(a.state = 'open', a.summary, ''), json(IIF(a.state = 'open', ${PROVIDER_ANSWER}, NULL))) ORDER BY s.created_at, s.id)
       FROM (SELECT a.id, a.created_at FROM annotations a
             WHERE a.workspace_id = ?1 AND a.visibility = 'provider' AND a.deleted_at IS NULL
               AND (a.state = 'open' OR a.updated_at >= (SELECT at FROM since))
             ORDER BY a.created_at, a.id LIMIT ${SHARED_LIMIT}) s JOIN annotations a ON a.id = s.id) AS shared,
    (SELECT json_group_array(json_array(kpi_id, value, recorded_on, rn)) FROM (
       SELECT r.kpi_id, r.value, r.recorded_on,
              ROW_NUMBER() OVER (PARTITION BY r.kpi_id ORDER BY r.recorded_on DESC, r.created_at DESC) AS rn
       FROM kpi_readings r WHERE r.workspace_id = ?1) WHERE rn <= 2) AS kpi_readings,
    (SELECT json_group_array(company ORDER BY company) FROM (SELECT DISTINCT provider_company AS company FROM members
       WHERE workspace_id = ?1 AND role = 'provider' AND removed_at IS NULL AND provider_company IS NOT NULL)) AS provider_companies,
    (SELECT json_group_array(json_object('id', id, 'kind', kind, 'name', name, 'retired_at', retired_at) ORDER BY position, name COLLATE NOCASE)
       FROM taxonomy_terms WHERE workspace_id = ?1) AS terms,
    (SELECT json_group_array(json_object('id', id, 'name', name, 'title', title, 'line_of_business_id', line_of_business_id, 'retired_at', retired_at)
       ORDER BY name COLLATE NOCASE) FROM stakeholders WHERE workspace_id = ?1) AS stakeholders,
    (SELECT json_group_array(json_object('id', k.id, 'name', k.name, 'unit', k.unit, 'target', k.target, 'direction', k.direction, 'retired_at', k.retired_at,
        'latest', (SELECT json_object('id', r.id, 'kpi_id', r.kpi_id, 'value', r.value, 'recorded_on', r.recorded_on, 'note', r.note, 'created_at', r.created_at)
                   FROM kpi_readings r WHERE r.kpi_id = k.id ORDER BY r.recorded_on DESC, r.created_at DESC LIMIT 1)) ORDER BY k.name COLLATE NOCASE)
       FROM kpis k WHERE k.workspace_id = ?1) AS kpis`;

type SharedTuple = [string, SharedRow['state'], string | null, string | null, string, string | null, string, SharedRow['provider']];

interface ReportInputsRow {
  previous_id: string | null;
  previous_snapshot: string | null;
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
  terms: string;
  stakeholders: string;
  kpis: string;
}

export interface LoadedReport {
  /** The report before this period, if any (continuity starts from it). */
  previous: { id: string; snapshot: string } | null;
  taxonomy: Taxonomy;
  inputs: ReportInputs;
}

/** Everything one report of `cadence` for the period starting `periodStart` needs, in one round trip. */
export async function loadReportInputs(db: D1Database, workspaceId: string, cadence: string, periodStart: string): Promise<LoadedReport> {
  const r = (await db.prepare(REPORT_INPUTS).bind(workspaceId, cadence, periodStart).first<ReportInputsRow>())!;
  // taxonomyOf reads results in the shape of taxonomyReads' (the KPI's latest reading still as JSON text).
  const results = (json: string) => ({ results: JSON.parse(json) as unknown[] }) as D1Result;
  return {
    previous: r.previous_id && r.previous_snapshot ? { id: r.previous_id, snapshot: r.previous_snapshot } : null,
    taxonomy: taxonomyOf([results(r.terms), results(r.stakeholders), results(r.kpis)]),
    inputs: {
      challenges: JSON.parse(r.challenges) as ReportRow[],
      challengeCount: r.challenge_count,
      criticalCount: r.critical_count,
      planning: JSON.parse(r.planning) as ReportRow[],
      plannedCount: r.planned_count,
      previousItems: JSON.parse(r.previous_items) as PreviousRow[],
      shared: (JSON.parse(r.shared) as SharedTuple[]).map(([id, state, shared_with, shared_at, created_at, first_ack_at, summary, provider]) => ({
        id, state, shared_with, shared_at, created_at, first_ack_at, summary, provider,
      })),
      kpiReadings: (JSON.parse(r.kpi_readings) as Array<[string, number, string, number]>).map(([kpi_id, value, recorded_on, rn]) => ({ kpi_id, value, recorded_on, rn })),
      kpiOpenItems: (JSON.parse(r.kpi_open) as Array<[string, number]>).map(([kpi_id, n]) => ({ kpi_id, n })),
      providerCompanies: JSON.parse(r.provider_companies) as string[],
    },
  };
}
