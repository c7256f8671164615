import type {
  Decision, DecisionAnswer, EvidenceCounts, EvidenceItem, Initiative, InitiativeEvent, InitiativeKpi, InitiativeKpiInput, InitiativeState, Member,
  ProviderStatus,
} from '../../shared/schemas';
import { INITIATIVE_EVENT_KINDS } from '../../shared/schemas';
import type { Caller } from '../env';
import { visibleTo } from './annotations';

// Initiatives (migration 0008): the rows, their KPIs, evidence links, timeline and decisions.

/** Initiatives a provider sees: those its company delivers, once executives approved them. */
const PROVIDER_STATES = `('approved', 'in_progress', 'delivered', 'measured')`;

/** The conditions on `i` a member may read initiatives under (admins and staff: all; providers: their own). */
function initiativesVisibleTo(member: Member): { sql: string; params: unknown[] } {
  switch (member.role) {
    case 'admin':
    case 'staff':
      return { sql: '1', params: [] };
    case 'provider':
      return member.providerCompany ? { sql: `(i.provider_company = ? AND i.state IN ${PROVIDER_STATES})`, params: [member.providerCompany] } : { sql: '0', params: [] };
    default:
      return { sql: '0', params: [] };
  }
}

/** A KPI reading as `{value, recordedOn}` JSON, the newest that matches `where` (on `r`). */
const reading = (where: string) => `json((SELECT json_object('value', r.value, 'recordedOn', r.recorded_on) FROM kpi_readings r
    WHERE r.kpi_id = k.id AND ${where} ORDER BY r.recorded_on DESC, r.created_at DESC LIMIT 1))`;

/**
 * An initiative row `i` with everything computed beside it, as one JSON object made in SQL:
 * names of its lines of business and stakeholders, its evidence counts (tags the team can
 * see: deleted and private tags do not count), the delivering provider's latest answer, the
 * latest executive decision, and each KPI with its newest reading and its newest reading on
 * or after the KPI's target date. `asOf` is a SQL expression for the last date readings
 * count (a report's end; the API passes a far date).
 */
function initiativeJson(asOf: string): string {
  return `json_object(
  'id', i.id, 'title', i.title, 'gap', i.gap, 'specification', json(i.specification),
  'lines_of_business', json((SELECT json_group_array(json_object('id', t.id, 'name', t.name)) FROM json_each(i.lines_of_business) j
      JOIN taxonomy_terms t ON t.id = j.value AND t.workspace_id = i.workspace_id)),
  'stakeholders', json((SELECT json_group_array(json_object('id', s.id, 'name', s.name)) FROM json_each(i.stakeholders) j
      JOIN stakeholders s ON s.id = j.value AND s.workspace_id = i.workspace_id)),
  'budget_one_off', i.budget_one_off, 'budget_monthly', i.budget_monthly, 'currency', (SELECT currency FROM workspaces WHERE id = i.workspace_id),
  'target_quarter', i.target_quarter, 'owner_id', i.owner_id, 'owner_name', (SELECT name FROM members WHERE id = i.owner_id),
  'provider_company', i.provider_company, 'state', i.state, 'state_reason', i.state_reason, 'state_changed_at', i.state_changed_at,
  'delivered_at', i.delivered_at, 'created_by', i.created_by, 'created_by_name', i.created_by_name,
  'created_at', i.created_at, 'updated_at', i.updated_at, 'version', i.version,
  'evidence', json((SELECT json_object('tags', COUNT(*), 'open', COALESCE(SUM(a.state = 'open'), 0), 'tickets', COUNT(DISTINCT a.ticket_key),
        'linesOfBusiness', COUNT(DISTINCT a.line_of_business), 'since', MIN(a.created_at))
      FROM initiative_evidence e JOIN annotations a ON a.id = e.annotation_id
     WHERE e.initiative_id = i.id AND a.deleted_at IS NULL AND a.visibility IN ('team', 'provider'))),
  'provider_answer', json((SELECT json_object('status', ev.provider_status, 'eta', ev.eta, 'note', ev.note, 'by', ev.actor_name, 'company', ev.actor_company, 'at', ev.created_at)
      FROM initiative_events ev WHERE ev.initiative_id = i.id AND ev.kind = 'provider_answer' AND ev.actor_company = i.provider_company
     ORDER BY ev.created_at DESC, ev.rowid DESC LIMIT 1)),
  'decision', json((SELECT json_object('answer', d.answer, 'comment', d.comment, 'by', d.by_name, 'at', d.created_at)
      FROM initiative_decisions d WHERE d.initiative_id = i.id ORDER BY d.created_at DESC, d.rowid DESC LIMIT 1)),
  'kpis', json((SELECT json_group_array(json_object('kpiId', k.id, 'name', k.name, 'unit', k.unit, 'direction', k.direction,
        'baseline', ik.baseline, 'baselineOn', ik.baseline_on, 'target', ik.target, 'targetOn', ik.target_on,
        'latest', ${reading(`r.recorded_on <= ${asOf}`)},
        'after', ${reading(`r.recorded_on >= ik.target_on AND r.recorded_on <= ${asOf}`)}) ORDER BY ik.position)
      FROM initiative_kpis ik JOIN kpis k ON k.id = ik.kpi_id WHERE ik.initiative_id = i.id)))`;
}

type Reading = { value: number; recordedOn: string };

/** An initiative as `initiativeJson` makes it, parsed. */
export interface InitiativeJson {
  id: string; title: string; gap: string; specification: string[];
  lines_of_business: { id: string; name: string }[]; stakeholders: { id: string; name: string }[];
  budget_one_off: number | null; budget_monthly: number | null; currency: string;
  target_quarter: string | null; owner_id: string | null; owner_name: string | null; provider_company: string | null;
  state: InitiativeState; state_reason: string | null; state_changed_at: string; delivered_at: string | null;
  created_by: string; created_by_name: string; created_at: string; updated_at: string; version: number;
  evidence: EvidenceCounts;
  provider_answer: Initiative['providerAnswer'];
  decision: Decision | null;
  kpis: KpiJson[];
}

type KpiJson = Omit<InitiativeKpi, 'outcome'> & { after: Reading | null };

/** Whether a KPI reached its target: a reading on or after the target date says so, else we wait for one. */
export function kpiOutcome(k: { direction: InitiativeKpi['direction']; target: number }, after: Reading | null): InitiativeKpi['outcome'] {
  if (!after) return 'waiting';
  const met = k.direction === 'higher_is_better' ? after.value >= k.target : after.value <= k.target;
  return met ? 'met' : 'not_met';
}

/** The API shape, for `viewer` (providers are not shown the client's budget). */
function toInitiative(r: InitiativeJson, viewer: Member): Initiative {
  return {
    id: r.id,
    title: r.title,
    gap: r.gap,
    linesOfBusiness: r.lines_of_business,
    stakeholders: r.stakeholders,
    specification: r.specification,
    kpis: r.kpis.map(({ after, ...k }) => ({ ...k, outcome: kpiOutcome(k, after) })),
    budget: viewer.role === 'provider' ? null : { oneOff: r.budget_one_off, monthly: r.budget_monthly, currency: r.currency },
    targetQuarter: r.target_quarter,
    owner: r.owner_id && r.owner_name ? { id: r.owner_id, name: r.owner_name } : null,
    providerCompany: r.provider_company,
    state: r.state,
    stateReason: r.state_reason,
    evidence: r.evidence,
    providerAnswer: r.provider_answer,
    decision: r.decision,
    deliveredAt: r.delivered_at,
    createdBy: { id: r.created_by, name: r.created_by_name },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const FAR = `'9999-12-31'`;

/** The initiatives a member may see, newest activity first; filtered by state or by a ticket their tags are on. */
export async function listInitiatives(
  db: D1Database, workspaceId: string, viewer: Member, q: { state?: InitiativeState; ticket?: string },
): Promise<{ items: Initiative[]; currency: string }> {
  const vis = initiativesVisibleTo(viewer);
  const where = ['i.workspace_id = ?', vis.sql];
  const params: unknown[] = [workspaceId, ...vis.params];
  if (q.state) {
    where.push('i.state = ?');
    params.push(q.state);
  }
  if (q.ticket) {
    // Only through tags the viewer may see: a ticket's private draft says nothing to others.
    const a = visibleTo(viewer);
    where.push(`EXISTS (SELECT 1 FROM initiative_evidence e JOIN annotations a ON a.id = e.annotation_id
      WHERE e.initiative_id = i.id AND a.ticket_key = ? AND a.deleted_at IS NULL AND ${a.sql})`);
    params.push(q.ticket, ...a.params);
  }
  const [list, ws] = await db.batch([
    db.prepare(`SELECT ${initiativeJson(FAR)} AS j FROM initiatives i WHERE ${where.join(' AND ')} ORDER BY i.updated_at DESC, i.id LIMIT 500`).bind(...params),
    db.prepare('SELECT currency FROM workspaces WHERE id = ?').bind(workspaceId),
  ]);
  return {
    items: (list!.results as { j: string }[]).map((r) => toInitiative(JSON.parse(r.j) as InitiativeJson, viewer)),
    currency: (ws!.results[0] as { currency: string } | undefined)?.currency ?? 'USD',
  };
}

/** One initiative as the member may see it, or null. */
export async function getInitiative(db: D1Database, workspaceId: string, viewer: Member, id: string): Promise<Initiative | null> {
  const vis = initiativesVisibleTo(viewer);
  const row = await db.prepare(`SELECT ${initiativeJson(FAR)} AS j FROM initiatives i WHERE i.id = ? AND i.workspace_id = ? AND ${vis.sql}`)
    .bind(id, workspaceId, ...vis.params).first<{ j: string }>();
  return row ? toInitiative(JSON.parse(row.j) as InitiativeJson, viewer) : null;
}

/**
 * The initiatives the member's company still has to deliver (approved or in progress), for its
 * daily digest: each with the moment it came to the provider — the first move onto the road
 * from approved on, since it last left it (a timeline without one: when its state last changed).
 */
export async function providerOpenInitiatives(
  db: D1Database, workspaceId: string, viewer: Member,
): Promise<Array<{ initiative: Initiative; approvedAt: string }>> {
  const vis = initiativesVisibleTo(viewer);
  const { results } = await db.prepare(
    `SELECT ${initiativeJson(FAR)} AS j, COALESCE((SELECT MIN(ev.created_at) FROM initiative_events ev
         WHERE ev.initiative_id = i.id AND ev.state IN ${PROVIDER_STATES}
           AND ev.created_at >= COALESCE((SELECT MAX(o.created_at) FROM initiative_events o
             WHERE o.initiative_id = i.id AND o.state IS NOT NULL AND o.state NOT IN ${PROVIDER_STATES}), '')), i.state_changed_at) AS approved_at
     FROM initiatives i WHERE i.workspace_id = ? AND ${vis.sql} AND i.state IN ('approved', 'in_progress') ORDER BY i.state_changed_at, i.id LIMIT 500`,
  ).bind(workspaceId, ...vis.params).all<{ j: string; approved_at: string }>();
  return results.map((r) => ({ initiative: toInitiative(JSON.parse(r.j) as InitiativeJson, viewer), approvedAt: r.approved_at }));
}

interface EventRow {
  id: string; kind: InitiativeEvent['kind']; text: string; state: InitiativeState | null; note: string | null;
  provider_status: ProviderStatus | null; eta: string | null; actor_name: string; actor_role: string; actor_company: string | null; created_at: string;
}

/**
 * The detail's other parts: the linked tags the viewer may see (a provider: only those shared
 * with its company) and the timeline (a provider does not see other providers' answers).
 */
export async function initiativeParts(db: D1Database, workspaceId: string, viewer: Member, id: string): Promise<{ evidence: EvidenceItem[]; timeline: InitiativeEvent[] }> {
  const a = visibleTo(viewer);
  const others = viewer.role === 'provider' ? `AND (ev.actor_role <> 'provider' OR ev.actor_company = ?)` : '';
  const [ev, tl] = await db.batch([
    db.prepare(`SELECT a.id, a.summary, a.state, a.ticket_key, json_extract(a.ticket_ref, '$.url') AS url, a.page_url, a.created_at,
        COALESCE((SELECT name FROM taxonomy_terms WHERE id = a.line_of_business), '(removed)') AS lob
      FROM initiative_evidence e JOIN annotations a ON a.id = e.annotation_id
      WHERE e.initiative_id = ? AND e.workspace_id = ? AND a.deleted_at IS NULL AND ${a.sql} ORDER BY a.created_at, a.id`)
      .bind(id, workspaceId, ...a.params),
    db.prepare(`SELECT * FROM initiative_events ev WHERE ev.initiative_id = ? AND ev.workspace_id = ? ${others} ORDER BY ev.created_at, ev.rowid`)
      .bind(id, workspaceId, ...(viewer.role === 'provider' ? [viewer.providerCompany ?? ''] : [])),
  ]);
  type EvRow = { id: string; summary: string; state: string; ticket_key: string | null; url: string | null; page_url: string | null; created_at: string; lob: string };
  return {
    evidence: (ev!.results as EvRow[]).map((r) => ({
      annotationId: r.id, summary: r.summary, lineOfBusiness: r.lob, state: r.state, ticketKey: r.ticket_key, url: r.url ?? r.page_url, createdAt: r.created_at,
    })),
    timeline: (tl!.results as EventRow[]).map(toEvent),
  };
}

const toEvent = (r: EventRow): InitiativeEvent => ({
  id: r.id, kind: r.kind, text: r.text, state: r.state, note: r.note,
  by: { name: r.actor_company ? `${r.actor_name} (${r.actor_company})` : r.actor_name, role: r.actor_role }, at: r.created_at,
});

// ---------------------------------------------------------------------------------------
// What a create or change must check first, read in one round trip.

export interface Checks {
  kpis: Set<string>;
  linesOfBusiness: Set<string>;
  stakeholders: Set<string>;
  /** Members who may own an initiative (admins and staff), by id. */
  owners: Set<string>;
  providerCompanies: Set<string>;
  /** The asked-for tags: visibility and author, when they exist in the workspace and are not deleted. */
  annotations: Map<string, { visibility: string; authorId: string }>;
}

export async function readChecks(db: D1Database, workspaceId: string, annotationIds: string[], now: string): Promise<Checks> {
  const [kpis, terms, people, owners, companies, annotations] = await db.batch([
    db.prepare('SELECT id FROM kpis WHERE workspace_id = ?').bind(workspaceId),
    db.prepare(`SELECT id FROM taxonomy_terms WHERE workspace_id = ? AND kind = 'line_of_business'`).bind(workspaceId),
    db.prepare('SELECT id FROM stakeholders WHERE workspace_id = ?').bind(workspaceId),
    db.prepare(`SELECT id FROM members WHERE workspace_id = ? AND role IN ('admin', 'staff') AND removed_at IS NULL`).bind(workspaceId),
    db.prepare(`SELECT provider_company AS id FROM members WHERE workspace_id = ?1 AND role = 'provider' AND removed_at IS NULL AND provider_company IS NOT NULL
      UNION SELECT provider_company FROM invites WHERE workspace_id = ?1 AND role = 'provider' AND provider_company IS NOT NULL
        AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?2`).bind(workspaceId, now),
    db.prepare(`SELECT a.id, a.visibility, a.author_id FROM annotations a, json_each(?) j
      WHERE a.id = j.value AND a.workspace_id = ? AND a.deleted_at IS NULL`).bind(JSON.stringify(annotationIds), workspaceId),
  ]);
  const ids = (r: D1Result | undefined) => new Set((r!.results as { id: string }[]).map((x) => x.id));
  return {
    kpis: ids(kpis), linesOfBusiness: ids(terms), stakeholders: ids(people), owners: ids(owners), providerCompanies: ids(companies),
    annotations: new Map((annotations!.results as { id: string; visibility: string; author_id: string }[]).map((a) => [a.id, { visibility: a.visibility, authorId: a.author_id }])),
  };
}

// ---------------------------------------------------------------------------------------
// Writes: statements for one batch (one transaction) with the audit entry beside them.

export interface InitiativeFields {
  title: string; gap: string; linesOfBusiness: string[]; stakeholders: string[]; specification: string[];
  budgetOneOff: number | null; budgetMonthly: number | null; targetQuarter: string | null; ownerId: string | null; providerCompany: string | null;
  state: InitiativeState; stateReason: string | null; deliveredAt: string | null;
}

/** Inserts a new initiative unless its id exists (a retry); the rest of the batch hangs on `created` below. */
export function insertInitiative(db: D1Database, workspaceId: string, id: string, f: InitiativeFields, by: Member, now: string): D1PreparedStatement {
  return db.prepare(
    `INSERT INTO initiatives (id, workspace_id, title, gap, lines_of_business, stakeholders, specification, budget_one_off, budget_monthly,
       target_quarter, owner_id, provider_company, state, state_reason, state_changed_at, delivered_at, created_by, created_by_name, created_at, updated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO NOTHING`,
  ).bind(id, workspaceId, f.title, f.gap, JSON.stringify(f.linesOfBusiness), JSON.stringify(f.stakeholders), JSON.stringify(f.specification),
    f.budgetOneOff, f.budgetMonthly, f.targetQuarter, f.ownerId, f.providerCompany, f.state, f.stateReason, now, f.deliveredAt, by.id, by.name, now, now);
}

/**
 * Writes a change only if the row is still at `version` (optimistic concurrency). Statements
 * after it in the batch check `atVersion(id, version + 1, now)` so a lost race writes nothing.
 */
export function updateInitiative(db: D1Database, workspaceId: string, id: string, version: number, f: InitiativeFields, stateChanged: boolean, now: string): D1PreparedStatement {
  return db.prepare(
    `UPDATE initiatives SET title = ?, gap = ?, lines_of_business = ?, stakeholders = ?, specification = ?, budget_one_off = ?, budget_monthly = ?,
       target_quarter = ?, owner_id = ?, provider_company = ?, state = ?, state_reason = ?, delivered_at = ?,
       state_changed_at = IIF(?, ?, state_changed_at), updated_at = ?, version = version + 1
     WHERE id = ? AND workspace_id = ? AND version = ?`,
  ).bind(f.title, f.gap, JSON.stringify(f.linesOfBusiness), JSON.stringify(f.stakeholders), JSON.stringify(f.specification), f.budgetOneOff, f.budgetMonthly,
    f.targetQuarter, f.ownerId, f.providerCompany, f.state, f.stateReason, f.deliveredAt, stateChanged ? 1 : 0, now, now, id, workspaceId, version);
}

/** SQL condition: the initiative is at `version`, written at `now` (the write this batch made). */
const AT_VERSION = `EXISTS (SELECT 1 FROM initiatives WHERE id = ? AND version = ? AND updated_at = ?)`;
export type Guard = { id: string; version: number; at: string };

/** Replaces the initiative's KPIs (when the guard's write happened). */
export function replaceKpis(db: D1Database, workspaceId: string, g: Guard, kpis: InitiativeKpiInput[]): D1PreparedStatement[] {
  return [
    db.prepare(`DELETE FROM initiative_kpis WHERE initiative_id = ? AND ${AT_VERSION}`).bind(g.id, g.id, g.version, g.at),
    ...kpis.map((k, position) => db.prepare(
      `INSERT INTO initiative_kpis (initiative_id, workspace_id, kpi_id, position, baseline, baseline_on, target, target_on)
       SELECT ?, ?, k.id, ?, ?, ?, ?, ? FROM kpis k WHERE k.id = ? AND k.workspace_id = ? AND ${AT_VERSION}`,
    ).bind(g.id, workspaceId, position, k.baseline, k.baselineOn, k.target, k.targetOn, k.kpiId, workspaceId, g.id, g.version, g.at)),
  ];
}

/**
 * Links tags: only tags the team can see (private tags never leave their author), of the same
 * workspace and not deleted; a tag already linked stays linked once.
 */
export function linkEvidence(db: D1Database, workspaceId: string, g: Guard, annotationIds: string[], by: string, now: string): D1PreparedStatement {
  return db.prepare(
    `INSERT INTO initiative_evidence (initiative_id, workspace_id, annotation_id, linked_by, linked_at)
     SELECT ?, ?, a.id, ?, ? FROM annotations a, json_each(?) j
      WHERE a.id = j.value AND a.workspace_id = ? AND a.visibility IN ('team', 'provider') AND a.deleted_at IS NULL AND ${AT_VERSION}
     ON CONFLICT (initiative_id, annotation_id) DO NOTHING`,
  ).bind(g.id, workspaceId, by, now, JSON.stringify(annotationIds), workspaceId, g.id, g.version, g.at);
}

export function unlinkEvidence(db: D1Database, workspaceId: string, g: Guard, annotationIds: string[]): D1PreparedStatement {
  return db.prepare(`DELETE FROM initiative_evidence WHERE initiative_id = ? AND workspace_id = ? AND annotation_id IN (SELECT value FROM json_each(?)) AND ${AT_VERSION}`)
    .bind(g.id, workspaceId, JSON.stringify(annotationIds), g.id, g.version, g.at);
}

/** Marks the initiative as changed (evidence, answers): a new version for whoever edits next. */
export function touchInitiative(db: D1Database, workspaceId: string, id: string, version: number, now: string): D1PreparedStatement {
  return db.prepare('UPDATE initiatives SET updated_at = ?, version = version + 1 WHERE id = ? AND workspace_id = ? AND version = ?').bind(now, id, workspaceId, version);
}

/** A timeline entry by a member, written when the guard's write happened. */
export function insertEvent(
  db: D1Database, workspaceId: string, g: Guard, by: Caller['member'],
  e: { id?: string; kind: InitiativeEvent['kind']; text: string; state?: InitiativeState | null; note?: string | null; providerStatus?: ProviderStatus; eta?: string | null },
): D1PreparedStatement {
  if (!INITIATIVE_EVENT_KINDS.includes(e.kind)) throw new Error(`unknown event kind ${e.kind}`);
  return db.prepare(
    `INSERT INTO initiative_events (id, workspace_id, initiative_id, kind, text, state, note, provider_status, eta, actor_id, actor_name, actor_role, actor_company, created_at)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${AT_VERSION}`,
  ).bind(e.id ?? crypto.randomUUID(), workspaceId, g.id, e.kind, e.text, e.state ?? null, e.note ?? null, e.providerStatus ?? null, e.eta ?? null,
    by.id, by.name, by.role, by.role === 'provider' ? by.providerCompany : null, g.at, g.id, g.version, g.at);
}

/**
 * Deletes the initiative with its evidence links, KPIs, timeline and decisions, if it is still
 * at `version` (the caller checked it may go at that version). The tags themselves stay. The
 * last statement deletes the initiative: its `changes` say whether anything was deleted.
 */
export function deleteInitiative(db: D1Database, workspaceId: string, id: string, version: number): D1PreparedStatement[] {
  const still = 'EXISTS (SELECT 1 FROM initiatives WHERE id = ? AND workspace_id = ? AND version = ?)';
  return [
    ...['initiative_evidence', 'initiative_events', 'initiative_kpis', 'initiative_decisions'].map((table) =>
      db.prepare(`DELETE FROM ${table} WHERE initiative_id = ? AND workspace_id = ? AND ${still}`).bind(id, workspaceId, id, workspaceId, version)),
    db.prepare('DELETE FROM initiatives WHERE id = ? AND workspace_id = ? AND version = ?').bind(id, workspaceId, version),
  ];
}

/** A provider answer already stored under this client-made id (a retry), or null. */
export async function getAnswerEvent(db: D1Database, id: string): Promise<{ initiative_id: string; workspace_id: string } | null> {
  return db.prepare(`SELECT initiative_id, workspace_id FROM initiative_events WHERE id = ? AND kind = 'provider_answer'`).bind(id).first();
}

// ---------------------------------------------------------------------------------------
// Executives' decisions from a report's web view.

const DECISION_TEXT: Record<DecisionAnswer, string> = { approve: 'Approved', not_now: 'Put off (not now)', discuss: 'Asked to discuss' };

/**
 * Records a decision on a proposed initiative, once per initiative and report: the first
 * recipient's answer moves the state (approve → approved, not now → deferred; discuss keeps it
 * proposed) and lands on the timeline; a later answer changes nothing. One batch; the last
 * statement says what stands, and whether it was this one.
 */
export async function decide(
  db: D1Database,
  d: { workspaceId: string; initiativeId: string; reportId: string; deliveryId: string; answer: DecisionAnswer; comment: string | null; byName: string },
  now: string,
): Promise<{ recorded: boolean; standing: Decision | null; state: InitiativeState | null }> {
  const id = crypto.randomUUID();
  const mine = `EXISTS (SELECT 1 FROM initiative_decisions WHERE id = ?)`;
  const nextState = d.answer === 'approve' ? 'approved' : d.answer === 'not_now' ? 'deferred' : 'proposed';
  const reason = d.answer === 'not_now' ? `${d.byName} answered “Not now” in the report${d.comment ? `: ${d.comment}` : '.'}` : null;
  const results = await db.batch([
    db.prepare(
      `INSERT INTO initiative_decisions (id, workspace_id, initiative_id, report_id, delivery_id, answer, comment, by_name, created_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM initiatives WHERE id = ? AND workspace_id = ? AND state = 'proposed')
       ON CONFLICT (initiative_id, report_id) DO NOTHING`,
    ).bind(id, d.workspaceId, d.initiativeId, d.reportId, d.deliveryId, d.answer, d.comment, d.byName, now, d.initiativeId, d.workspaceId),
    db.prepare(
      `UPDATE initiatives SET state = ?, state_reason = COALESCE(?, state_reason), state_changed_at = IIF(state = ?, state_changed_at, ?),
         updated_at = ?, version = version + 1 WHERE id = ? AND ${mine}`,
    ).bind(nextState, reason, nextState, now, now, d.initiativeId, id),
    db.prepare(
      `INSERT INTO initiative_events (id, workspace_id, initiative_id, kind, text, state, note, actor_id, actor_name, actor_role, created_at)
       SELECT ?, ?, ?, 'decision', ?, ?, ?, NULL, ?, 'executive', ? WHERE ${mine}`,
    ).bind(crypto.randomUUID(), d.workspaceId, d.initiativeId, `${DECISION_TEXT[d.answer]} in the report`, nextState, d.comment, d.byName, now, id),
    db.prepare(
      `SELECT d.id = ? AS mine, d.answer, d.comment, d.by_name, d.created_at, i.state FROM initiatives i
         LEFT JOIN initiative_decisions d ON d.initiative_id = i.id
        WHERE i.id = ? AND i.workspace_id = ? ORDER BY d.report_id = ? DESC, d.created_at DESC, d.rowid DESC LIMIT 1`,
    ).bind(id, d.initiativeId, d.workspaceId, d.reportId),
  ]);
  const row = results[3]!.results[0] as { mine: number | null; answer: DecisionAnswer | null; comment: string | null; by_name: string; created_at: string; state: InitiativeState } | undefined;
  if (!row) return { recorded: false, standing: null, state: null };
  return {
    recorded: row.mine === 1,
    standing: row.answer ? { answer: row.answer, comment: row.comment, by: row.by_name, at: row.created_at } : null,
    state: row.state,
  };
}

/**
 * What stands now on these initiatives, for the web view of one report: their state, the
 * decision made from this report (the first answer wins), and the latest from any report.
 */
export async function decisionsOf(
  db: D1Database, workspaceId: string, reportId: string, ids: string[],
): Promise<Map<string, { state: InitiativeState; here: Decision | null; latest: Decision | null }>> {
  if (!ids.length) return new Map();
  const decision = (where: string) => `json((SELECT json_object('answer', d.answer, 'comment', d.comment, 'by', d.by_name, 'at', d.created_at)
        FROM initiative_decisions d WHERE d.initiative_id = i.id ${where} ORDER BY d.created_at DESC, d.rowid DESC LIMIT 1))`;
  const { results } = await db.prepare(
    `SELECT i.id, i.state, ${decision('AND d.report_id = ?')} AS here, ${decision('')} AS latest
     FROM initiatives i, json_each(?) j WHERE i.id = j.value AND i.workspace_id = ?`,
  ).bind(reportId, JSON.stringify(ids), workspaceId).all<{ id: string; state: InitiativeState; here: string | null; latest: string | null }>();
  const parsed = (t: string | null) => (t ? (JSON.parse(t) as Decision) : null);
  return new Map(results.map((r) => [r.id, { state: r.state, here: parsed(r.here), latest: parsed(r.latest) }]));
}

// ---------------------------------------------------------------------------------------
// Settings, export.

export function setCurrency(db: D1Database, workspaceId: string, currency: string): D1PreparedStatement {
  return db.prepare('UPDATE workspaces SET currency = ? WHERE id = ?').bind(currency, workspaceId);
}

/** Every initiative of a workspace with its evidence links, timeline and decisions (export). */
export async function allInitiatives(db: D1Database, workspaceId: string) {
  const [list, links, events, decisions] = await db.batch([
    db.prepare(`SELECT ${initiativeJson(FAR)} AS j FROM initiatives i WHERE i.workspace_id = ? ORDER BY i.created_at, i.id`).bind(workspaceId),
    db.prepare('SELECT initiative_id AS initiativeId, annotation_id AS annotationId, linked_at AS linkedAt FROM initiative_evidence WHERE workspace_id = ? ORDER BY linked_at, annotation_id').bind(workspaceId),
    db.prepare('SELECT * FROM initiative_events WHERE workspace_id = ? ORDER BY created_at, rowid').bind(workspaceId),
    db.prepare(`SELECT initiative_id AS initiativeId, report_id AS reportId, answer, comment, by_name AS byName, created_at AS at
      FROM initiative_decisions WHERE workspace_id = ? ORDER BY created_at, rowid`).bind(workspaceId),
  ]);
  const admin = { role: 'admin' } as Member;
  return {
    initiatives: (list!.results as { j: string }[]).map((r) => toInitiative(JSON.parse(r.j) as InitiativeJson, admin)),
    initiativeEvidence: links!.results as { initiativeId: string; annotationId: string; linkedAt: string }[],
    initiativeEvents: (events!.results as (EventRow & { initiative_id: string })[]).map((r) => ({ initiativeId: r.initiative_id, ...toEvent(r) })),
    initiativeDecisions: decisions!.results,
  };
}

/**
 * The initiatives a report speaks of, as one JSON array: a column of the report's one
 * statement (worker/db/report-inputs.ts), so the report stays one round trip. Each is
 * `initiativeJson` with readings up to the report's as-of date; states are today's, as for
 * tags (a decision is asked for now, whatever period the report covers). Arguments are SQL for the
 * workspace id, the period's first instant and the report's as-of instant.
 */
export function reportInitiativesColumn(workspace: string, periodFrom: string, asOf: string): string {
  return `(SELECT json_group_array(${initiativeJson(`substr(${asOf}, 1, 10)`)} ORDER BY i.state_changed_at, i.id)
     FROM (SELECT * FROM initiatives WHERE workspace_id = ${workspace}
             AND (state IN ('proposed', 'approved', 'in_progress', 'delivered') OR (state = 'measured' AND state_changed_at >= ${periodFrom}))
           ORDER BY state_changed_at, id LIMIT 200) i)`;
}
