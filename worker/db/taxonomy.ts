import type { Kpi, KpiReading, Stakeholder, Taxonomy, Term } from '../../shared/schemas';
import { CALLER } from './tokens';

export type TermKind = 'line_of_business' | 'impact_kind';

interface TermRow { id: string; kind: TermKind; name: string; retired_at: string | null }
interface StakeholderRow { id: string; name: string; title: string | null; line_of_business_id: string | null; retired_at: string | null }
interface KpiRow { id: string; name: string; unit: string; target: number | null; direction: Kpi['direction']; retired_at: string | null; latest: string | null }
interface ReadingRow { id: string; kpi_id: string; value: number; recorded_on: string; note: string | null; created_at: string }

const toTerm = (r: TermRow): Term => ({ id: r.id, name: r.name, retiredAt: r.retired_at });
const toReading = (r: ReadingRow): KpiReading => ({ id: r.id, kpiId: r.kpi_id, value: r.value, recordedOn: r.recorded_on, note: r.note, createdAt: r.created_at });

/**
 * The three reads that make a workspace's taxonomy, to run in a `db.batch` of their own or
 * alongside a route's own query (one round trip for both); `taxonomyOf` reads the results.
 */
export function taxonomyReads(db: D1Database, workspaceId: string): [D1PreparedStatement, D1PreparedStatement, D1PreparedStatement] {
  return taxonomyReadsWhere(db, '?', workspaceId);
}

/** `taxonomyReads` for the workspace of the member a token belongs to (see `CALLER` in tokens.ts). */
export function callerTaxonomyReads(db: D1Database, tokenHash: string): [D1PreparedStatement, D1PreparedStatement, D1PreparedStatement] {
  return taxonomyReadsWhere(db, `(SELECT workspace_id FROM ${CALLER})`, tokenHash);
}

function taxonomyReadsWhere(db: D1Database, workspace: string, param: string): [D1PreparedStatement, D1PreparedStatement, D1PreparedStatement] {
  return [
    db.prepare(`SELECT id, kind, name, retired_at FROM taxonomy_terms WHERE workspace_id = ${workspace} ORDER BY position, name COLLATE NOCASE`).bind(param),
    db.prepare(`SELECT id, name, title, line_of_business_id, retired_at FROM stakeholders WHERE workspace_id = ${workspace} ORDER BY name COLLATE NOCASE`).bind(param),
    db.prepare(
      `SELECT k.id, k.name, k.unit, k.target, k.direction, k.retired_at,
              (SELECT json_object('id', r.id, 'kpi_id', r.kpi_id, 'value', r.value, 'recorded_on', r.recorded_on, 'note', r.note, 'created_at', r.created_at)
               FROM kpi_readings r WHERE r.kpi_id = k.id ORDER BY r.recorded_on DESC, r.created_at DESC LIMIT 1) AS latest
       FROM kpis k WHERE k.workspace_id = ${workspace} ORDER BY k.name COLLATE NOCASE`,
    ).bind(param),
  ];
}

/** The taxonomy from the results of `taxonomyReads`, in order. */
export function taxonomyOf(results: D1Result[]): Taxonomy {
  const [terms, stakeholders, kpis] = results;
  const termRows = (terms!.results as TermRow[]);
  return {
    linesOfBusiness: termRows.filter((t) => t.kind === 'line_of_business').map(toTerm),
    impactKinds: termRows.filter((t) => t.kind === 'impact_kind').map(toTerm),
    stakeholders: (stakeholders!.results as StakeholderRow[]).map((r): Stakeholder => ({
      id: r.id, name: r.name, title: r.title, lineOfBusinessId: r.line_of_business_id, retiredAt: r.retired_at,
    })),
    kpis: (kpis!.results as KpiRow[]).map((r): Kpi => ({
      id: r.id, name: r.name, unit: r.unit, target: r.target, direction: r.direction, retiredAt: r.retired_at,
      latest: r.latest ? toReading(JSON.parse(r.latest) as ReadingRow) : null,
    })),
  };
}

/** The whole taxonomy of a workspace (it is small: tens of entries), retired entries included. */
export async function loadTaxonomy(db: D1Database, workspaceId: string): Promise<Taxonomy> {
  return taxonomyOf(await db.batch(taxonomyReads(db, workspaceId)));
}

/**
 * A SQL condition (on `?` parameters, in order: see `termRefParams`) that holds when every
 * taxonomy id an annotation names exists in the workspace `caller.workspace_id`, with the
 * right kind, and is not retired: the same rule as `checkTermRefs` for a new annotation, so
 * an insert can carry it.
 */
export const TERM_REFS_OK = `EXISTS (SELECT 1 FROM taxonomy_terms WHERE id = ? AND workspace_id = caller.workspace_id AND kind = 'line_of_business' AND retired_at IS NULL)
  AND EXISTS (SELECT 1 FROM taxonomy_terms WHERE id = ? AND workspace_id = caller.workspace_id AND kind = 'impact_kind' AND retired_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM stakeholders s WHERE s.id = j.value AND s.workspace_id = caller.workspace_id AND s.retired_at IS NULL))
  AND NOT EXISTS (SELECT 1 FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM kpis k WHERE k.id = j.value AND k.workspace_id = caller.workspace_id AND k.retired_at IS NULL))`;

export function termRefParams(r: { lineOfBusiness: string; impact: string; stakeholders: string[]; kpis: string[] }): unknown[] {
  return [r.lineOfBusiness, r.impact, JSON.stringify(r.stakeholders), JSON.stringify(r.kpis)];
}

/** id → name for every taxonomy entry, to label annotations. */
export function labelMap(t: Taxonomy): Map<string, { name: string; retired: boolean; kind: 'lob' | 'impact' | 'stakeholder' | 'kpi' }> {
  const map = new Map<string, { name: string; retired: boolean; kind: 'lob' | 'impact' | 'stakeholder' | 'kpi' }>();
  for (const x of t.linesOfBusiness) map.set(x.id, { name: x.name, retired: !!x.retiredAt, kind: 'lob' });
  for (const x of t.impactKinds) map.set(x.id, { name: x.name, retired: !!x.retiredAt, kind: 'impact' });
  for (const x of t.stakeholders) map.set(x.id, { name: x.name, retired: !!x.retiredAt, kind: 'stakeholder' });
  for (const x of t.kpis) map.set(x.id, { name: x.name, retired: !!x.retiredAt, kind: 'kpi' });
  return map;
}

export function insertTerm(db: D1Database, workspaceId: string, kind: TermKind, t: { id: string; name: string; position: number }, now: string): D1PreparedStatement {
  return db
    .prepare('INSERT INTO taxonomy_terms (id, workspace_id, kind, name, position, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(t.id, workspaceId, kind, t.name, t.position, now);
}

export function updateTerm(db: D1Database, workspaceId: string, kind: TermKind, t: Term): D1PreparedStatement {
  return db
    .prepare('UPDATE taxonomy_terms SET name = ?, retired_at = ? WHERE id = ? AND workspace_id = ? AND kind = ?')
    .bind(t.name, t.retiredAt, t.id, workspaceId, kind);
}

export function insertStakeholder(db: D1Database, workspaceId: string, s: Stakeholder, now: string): D1PreparedStatement {
  return db
    .prepare('INSERT INTO stakeholders (id, workspace_id, name, title, line_of_business_id, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(s.id, workspaceId, s.name, s.title, s.lineOfBusinessId, now, s.retiredAt);
}

export function updateStakeholder(db: D1Database, workspaceId: string, s: Stakeholder): D1PreparedStatement {
  return db
    .prepare('UPDATE stakeholders SET name = ?, title = ?, line_of_business_id = ?, retired_at = ? WHERE id = ? AND workspace_id = ?')
    .bind(s.name, s.title, s.lineOfBusinessId, s.retiredAt, s.id, workspaceId);
}

export function insertKpi(db: D1Database, workspaceId: string, k: Kpi, now: string): D1PreparedStatement {
  return db
    .prepare('INSERT INTO kpis (id, workspace_id, name, unit, target, direction, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .bind(k.id, workspaceId, k.name, k.unit, k.target, k.direction, now, k.retiredAt);
}

export function updateKpi(db: D1Database, workspaceId: string, k: Kpi): D1PreparedStatement {
  return db
    .prepare('UPDATE kpis SET name = ?, unit = ?, target = ?, direction = ?, retired_at = ? WHERE id = ? AND workspace_id = ?')
    .bind(k.name, k.unit, k.target, k.direction, k.retiredAt, k.id, workspaceId);
}

export function insertReading(db: D1Database, workspaceId: string, r: KpiReading, recordedBy: string): D1PreparedStatement {
  return db
    .prepare('INSERT INTO kpi_readings (id, workspace_id, kpi_id, value, recorded_on, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .bind(r.id, workspaceId, r.kpiId, r.value, r.recordedOn, r.note, recordedBy, r.createdAt);
}

export async function listReadings(db: D1Database, workspaceId: string, kpiId: string): Promise<KpiReading[]> {
  const { results } = await db
    .prepare('SELECT * FROM kpi_readings WHERE workspace_id = ? AND kpi_id = ? ORDER BY recorded_on DESC, created_at DESC LIMIT 500')
    .bind(workspaceId, kpiId)
    .all<ReadingRow>();
  return results.map(toReading);
}
