import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import {
  IdParam, KpiCreateSchema, KpiReadingCreateSchema, KpiReadingSchema, KpiSchema, KpiUpdateSchema, StakeholderCreateSchema,
  StakeholderSchema, StakeholderUpdateSchema, TaxonomySchema, TermCreateSchema, TermSchema, TermUpdateSchema,
  type Kpi, type Stakeholder, type Taxonomy, type Term,
} from '../../shared/schemas';
import { audit } from '../db/audit';
import {
  insertKpi, insertReading, insertStakeholder, insertTerm, listReadings, loadTaxonomy, updateKpi, updateStakeholder, updateTerm, type TermKind,
} from '../db/taxonomy';
import type { AppEnv, Caller } from '../env';
import { ApiError, notFound } from '../errors';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { validate } from '../validate';

const READERS = ['admin', 'staff', 'executive'] as const;
const ADMIN = ['admin'] as const;
const BASE = '/api/v1/taxonomy';

const readAll = endpoint({
  method: 'get', path: BASE, operationId: 'taxonomy', access: READERS,
  summary: 'The workspace\'s lines of business, stakeholders, impact kinds and KPIs (retired ones included, marked).',
  responses: { 200: { description: 'The taxonomy', schema: TaxonomySchema } },
});

/** Names are unique per list among entries still in use, ignoring case. */
function assertUniqueName(existing: { id: string; name: string; retiredAt: string | null }[], name: string, selfId: string | null, what: string) {
  const clash = existing.find((e) => e.id !== selfId && !e.retiredAt && e.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  if (clash) throw new ApiError(409, 'conflict', `There is already ${what} called "${clash.name}".`, { name: 'is already used' });
}

const retiredAt = (flag: boolean | undefined, current: string | null, now: string) =>
  flag === undefined ? current : flag ? (current ?? now) : null;

type Ctx = Context<AppEnv>;

async function taxonomyOf(c: Ctx): Promise<Taxonomy> {
  return loadTaxonomy(c.env.DB, c.var.caller.workspace.id);
}

/** Lines of business and impact kinds share one shape and one set of routes. */
function termRoutes(kind: TermKind, slug: string, what: string, pick: (t: Taxonomy) => Term[]) {
  const create = endpoint({
    method: 'post', path: `${BASE}/${slug}`, operationId: kind === 'line_of_business' ? 'addLineOfBusiness' : 'addImpactKind', access: ADMIN, summary: `Add ${what}.`,
    body: TermCreateSchema, responses: { 201: { description: 'Added', schema: TermSchema }, 409: { description: 'The name is already used in this list' } },
  });
  const update = endpoint({
    method: 'patch', path: `${BASE}/${slug}/{id}`, operationId: kind === 'line_of_business' ? 'updateLineOfBusiness' : 'updateImpactKind', access: ADMIN,
    summary: `Rename or retire ${what}. Annotations keep pointing at it; a retired entry is no longer offered.`,
    body: TermUpdateSchema, responses: { 200: { description: 'Updated', schema: TermSchema }, 409: { description: 'The name is already used in this list' } },
  });
  return new Hono<AppEnv>()
    .post('/', guard(create), validate('json', create.body), async (c) => {
      const caller: Caller = c.var.caller;
      const list = pick(await taxonomyOf(c));
      const { name } = c.req.valid('json');
      assertUniqueName(list, name, null, what);
      const now = new Date().toISOString();
      const term: Term = { id: crypto.randomUUID(), name, retiredAt: null };
      await c.env.DB.batch([
        insertTerm(c.env.DB, caller.workspace.id, kind, { ...term, position: list.length }, now),
        audit(c.env.DB, caller.workspace.id, caller, 'taxonomy.add', { type: kind, id: term.id }, { name }, now),
      ]);
      return c.json(term, 201);
    })
    .patch('/:id', guard(update), validate('param', IdParam), validate('json', update.body), async (c) => {
      const caller: Caller = c.var.caller;
      const list = pick(await taxonomyOf(c));
      const current = list.find((t) => t.id === c.req.valid('param').id);
      if (!current) throw notFound(`This ${what.replace(/^an? /, '')}`);
      const body = c.req.valid('json');
      const now = new Date().toISOString();
      const next: Term = { ...current, name: body.name ?? current.name, retiredAt: retiredAt(body.retired, current.retiredAt, now) };
      if (!next.retiredAt) assertUniqueName(list, next.name, current.id, what);
      await c.env.DB.batch([
        updateTerm(c.env.DB, caller.workspace.id, kind, next),
        audit(c.env.DB, caller.workspace.id, caller, 'taxonomy.change', { type: kind, id: current.id }, { from: current, to: next }, now),
      ]);
      return c.json(next);
    });
}

const createStakeholder = endpoint({
  method: 'post', path: `${BASE}/stakeholders`, operationId: 'addStakeholder', access: ADMIN, summary: 'Add a stakeholder (name, title, line of business).',
  body: StakeholderCreateSchema,
  responses: { 201: { description: 'Added', schema: StakeholderSchema }, 409: { description: 'The name is already used' }, 422: { description: 'The line of business is not one of this workspace' } },
});
const updateStakeholderEp = endpoint({
  method: 'patch', path: `${BASE}/stakeholders/{id}`, operationId: 'updateStakeholder', access: ADMIN, summary: 'Change or retire a stakeholder.',
  body: StakeholderUpdateSchema,
  responses: { 200: { description: 'Updated', schema: StakeholderSchema }, 409: { description: 'The name is already used' }, 422: { description: 'The line of business is not one of this workspace' } },
});
const createKpi = endpoint({
  method: 'post', path: `${BASE}/kpis`, operationId: 'addKpi', access: ADMIN, summary: 'Add a KPI (unit, target, whether higher or lower is better).',
  body: KpiCreateSchema, responses: { 201: { description: 'Added', schema: KpiSchema }, 409: { description: 'The name is already used' } },
});
const updateKpiEp = endpoint({
  method: 'patch', path: `${BASE}/kpis/{id}`, operationId: 'updateKpi', access: ADMIN, summary: 'Change or retire a KPI.',
  body: KpiUpdateSchema, responses: { 200: { description: 'Updated', schema: KpiSchema }, 409: { description: 'The name is already used' } },
});
const addReading = endpoint({
  method: 'post', path: `${BASE}/kpis/{id}/readings`, operationId: 'addKpiReading', access: ADMIN, summary: 'Record a KPI reading for a date.',
  body: KpiReadingCreateSchema, responses: { 201: { description: 'Recorded', schema: KpiReadingSchema } },
});
const readings = endpoint({
  method: 'get', path: `${BASE}/kpis/{id}/readings`, operationId: 'kpiReadings', access: READERS, summary: 'A KPI\'s readings, newest first.',
  responses: { 200: { description: 'Readings', schema: v.object({ items: v.array(KpiReadingSchema) }) } },
});

function lineOfBusinessExists(t: Taxonomy, id: string | null | undefined) {
  if (id && !t.linesOfBusiness.some((l) => l.id === id && !l.retiredAt)) {
    throw new ApiError(422, 'unprocessable', 'That line of business is not in this workspace (or was retired).', { lineOfBusinessId: 'is not a line of business of this workspace' });
  }
}

export const taxonomy = new Hono<AppEnv>()
  .get('/', guard(readAll), async (c) => c.json(await taxonomyOf(c)))
  .route('/lines-of-business', termRoutes('line_of_business', 'lines-of-business', 'a line of business', (t) => t.linesOfBusiness))
  .route('/impact-kinds', termRoutes('impact_kind', 'impact-kinds', 'an impact kind', (t) => t.impactKinds))
  .post('/stakeholders', guard(createStakeholder), validate('json', createStakeholder.body), async (c) => {
    const caller = c.var.caller;
    const t = await taxonomyOf(c);
    const body = c.req.valid('json');
    lineOfBusinessExists(t, body.lineOfBusinessId);
    assertUniqueName(t.stakeholders, body.name, null, 'a stakeholder');
    const now = new Date().toISOString();
    const s: Stakeholder = { id: crypto.randomUUID(), name: body.name, title: body.title || null, lineOfBusinessId: body.lineOfBusinessId ?? null, retiredAt: null };
    await c.env.DB.batch([
      insertStakeholder(c.env.DB, caller.workspace.id, s, now),
      audit(c.env.DB, caller.workspace.id, caller, 'taxonomy.add', { type: 'stakeholder', id: s.id }, { name: s.name }, now),
    ]);
    return c.json(s, 201);
  })
  .patch('/stakeholders/:id', guard(updateStakeholderEp), validate('param', IdParam), validate('json', updateStakeholderEp.body), async (c) => {
    const caller = c.var.caller;
    const t = await taxonomyOf(c);
    const current = t.stakeholders.find((s) => s.id === c.req.valid('param').id);
    if (!current) throw notFound('This stakeholder');
    const body = c.req.valid('json');
    if (body.lineOfBusinessId !== current.lineOfBusinessId) lineOfBusinessExists(t, body.lineOfBusinessId);
    const now = new Date().toISOString();
    const next: Stakeholder = {
      ...current,
      name: body.name ?? current.name,
      title: body.title === undefined ? current.title : body.title || null,
      lineOfBusinessId: body.lineOfBusinessId === undefined ? current.lineOfBusinessId : body.lineOfBusinessId,
      retiredAt: retiredAt(body.retired, current.retiredAt, now),
    };
    if (!next.retiredAt) assertUniqueName(t.stakeholders, next.name, current.id, 'a stakeholder');
    await c.env.DB.batch([
      updateStakeholder(c.env.DB, caller.workspace.id, next),
      audit(c.env.DB, caller.workspace.id, caller, 'taxonomy.change', { type: 'stakeholder', id: current.id }, { from: current, to: next }, now),
    ]);
    return c.json(next);
  })
  .post('/kpis', guard(createKpi), validate('json', createKpi.body), async (c) => {
    const caller = c.var.caller;
    const t = await taxonomyOf(c);
    const body = c.req.valid('json');
    assertUniqueName(t.kpis, body.name, null, 'a KPI');
    const now = new Date().toISOString();
    const k: Kpi = { id: crypto.randomUUID(), name: body.name, unit: body.unit, target: body.target ?? null, direction: body.direction, retiredAt: null, latest: null };
    await c.env.DB.batch([
      insertKpi(c.env.DB, caller.workspace.id, k, now),
      audit(c.env.DB, caller.workspace.id, caller, 'taxonomy.add', { type: 'kpi', id: k.id }, { name: k.name }, now),
    ]);
    return c.json(k, 201);
  })
  .patch('/kpis/:id', guard(updateKpiEp), validate('param', IdParam), validate('json', updateKpiEp.body), async (c) => {
    const caller = c.var.caller;
    const t = await taxonomyOf(c);
    const current = t.kpis.find((k) => k.id === c.req.valid('param').id);
    if (!current) throw notFound('This KPI');
    const body = c.req.valid('json');
    const now = new Date().toISOString();
    const next: Kpi = {
      ...current, name: body.name ?? current.name, unit: body.unit ?? current.unit,
      target: body.target === undefined ? current.target : body.target, direction: body.direction ?? current.direction,
      retiredAt: retiredAt(body.retired, current.retiredAt, now),
    };
    if (!next.retiredAt) assertUniqueName(t.kpis, next.name, current.id, 'a KPI');
    const { latest: _a, ...from } = current;
    const { latest: _b, ...to } = next;
    await c.env.DB.batch([
      updateKpi(c.env.DB, caller.workspace.id, next),
      audit(c.env.DB, caller.workspace.id, caller, 'taxonomy.change', { type: 'kpi', id: current.id }, { from, to }, now),
    ]);
    return c.json(next);
  })
  .post('/kpis/:id/readings', guard(addReading), validate('param', IdParam), validate('json', addReading.body), async (c) => {
    const caller = c.var.caller;
    const t = await taxonomyOf(c);
    const kpi = t.kpis.find((k) => k.id === c.req.valid('param').id);
    if (!kpi) throw notFound('This KPI');
    const body = c.req.valid('json');
    const now = new Date().toISOString();
    const reading = { id: crypto.randomUUID(), kpiId: kpi.id, value: body.value, recordedOn: body.recordedOn, note: body.note || null, createdAt: now };
    await c.env.DB.batch([
      insertReading(c.env.DB, caller.workspace.id, reading, caller.member.id),
      audit(c.env.DB, caller.workspace.id, caller, 'kpi.reading', { type: 'kpi', id: kpi.id }, { value: body.value, recordedOn: body.recordedOn }, now),
    ]);
    return c.json(reading, 201);
  })
  .get('/kpis/:id/readings', guard(readings), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const t = await taxonomyOf(c);
    const kpi = t.kpis.find((k) => k.id === c.req.valid('param').id);
    if (!kpi) throw notFound('This KPI');
    return c.json({ items: await listReadings(c.env.DB, caller.workspace.id, kpi.id) });
  });
