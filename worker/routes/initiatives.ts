import { Hono } from 'hono';
import {
  EvidenceChangeSchema, IdParam, INITIATIVE_STATE_WORDS, InitiativeAnswerCreateSchema, initiativeDeleteProblem, InitiativeCreateSchema, InitiativeDetailSchema, InitiativeListQuerySchema,
  InitiativeEventSchema, InitiativeListSchema, InitiativePatchSchema, InitiativeSchema, InitiativeSettingsAnswerSchema, InitiativeSettingsSchema, stateChangeProblem,
  type Initiative, type InitiativeKpiInput, type Member,
} from '../../shared/schemas';
import { audit } from '../db/audit';
import {
  deleteInitiative, getAnswerEvent, getInitiative, initiativeParts, insertEvent, insertInitiative, linkEvidence, listInitiatives, readChecks, replaceKpis, setCurrency,
  touchInitiative, unlinkEvidence, updateInitiative, type Checks, type Guard, type InitiativeFields,
} from '../db/initiatives';
import type { AppEnv, Caller } from '../env';
import { ApiError, notFound } from '../errors';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { validate } from '../validate';

const STAFF = ['admin', 'staff'] as const;
const READERS = ['admin', 'staff', 'provider'] as const;
const BASE = '/api/v1/initiatives';
const REFUSED = { description: 'A KPI, line of business, stakeholder, owner, provider or tag is not one of this workspace (or a tag is private), or a state change skips a step without a reason: `fields` says which' };

const listEp = endpoint({
  method: 'get', path: BASE, operationId: 'initiatives', access: READERS,
  summary: 'Initiatives you may see (a provider: those its company delivers, once approved), newest change first; filter by state or by a ticket whose tags are evidence. With the workspace\'s currency.',
  query: InitiativeListQuerySchema,
  responses: { 200: { description: 'Initiatives', schema: InitiativeListSchema } },
});
const createEp = endpoint({
  method: 'post', path: BASE, operationId: 'createInitiative', access: STAFF,
  summary: 'Propose an initiative: a title and the gap in plain words; specification, KPIs (baseline, target, date), budget, quarter, owner, provider and evidence tags can come now or later. Idempotent by the optional client-made id.',
  body: InitiativeCreateSchema,
  responses: { 201: { description: 'Proposed', schema: InitiativeSchema }, 409: { description: 'The id is already used' }, 422: REFUSED },
});
const settingsEp = endpoint({
  method: 'patch', path: `${BASE}/settings`, operationId: 'updateInitiativeSettings', access: ['admin'],
  summary: 'The workspace\'s currency for initiative budgets (ISO 4217 code, e.g. EUR).',
  body: InitiativeSettingsSchema,
  responses: { 200: { description: 'Saved', schema: InitiativeSettingsAnswerSchema } },
});
const readEp = endpoint({
  method: 'get', path: `${BASE}/{id}`, operationId: 'initiative', access: READERS,
  summary: 'One initiative with the evidence tags you may see and its timeline (every change, by whom and when).',
  responses: { 200: { description: 'The initiative', schema: InitiativeDetailSchema } },
});
const patchEp = endpoint({
  method: 'patch', path: `${BASE}/{id}`, operationId: 'updateInitiative', access: STAFF,
  summary: 'Change an initiative or move its state (proposed → approved → in progress → delivered → measured, or deferred / rejected with a reason). Send the version you read; a stale one gets 409.',
  body: InitiativePatchSchema,
  responses: { 200: { description: 'Changed', schema: InitiativeSchema }, 409: { description: 'Changed by someone else meanwhile: read it again' }, 422: REFUSED },
});
const deleteEp = endpoint({
  method: 'delete', path: `${BASE}/{id}`, operationId: 'deleteInitiative', access: ['admin'],
  summary: 'Delete a proposed or rejected initiative that was never approved, with its evidence links, KPIs and timeline (the tags stay). One that was approved or put off has history executives saw: reject it or close it instead.',
  responses: { 204: { description: 'Deleted' }, 409: { description: 'It was approved or put off, so it stays (reject or close it instead), or it changed meanwhile' } },
});
const evidenceEp = endpoint({
  method: 'post', path: `${BASE}/{id}/evidence`, operationId: 'changeEvidence', access: STAFF,
  summary: 'Link tags to the initiative as evidence, or unlink them. Private tags cannot be linked: they never leave their author.',
  body: EvidenceChangeSchema,
  responses: { 200: { description: 'The initiative with its new counts', schema: InitiativeSchema }, 422: REFUSED },
});
const answerEp = endpoint({
  method: 'post', path: `${BASE}/{id}/answers`, operationId: 'answerInitiative', access: ['provider'],
  summary: 'The delivering provider answers: status (acknowledged, in progress, waiting on client, done), expected date and plan. Idempotent by the optional client-made id.',
  body: InitiativeAnswerCreateSchema,
  responses: { 201: { description: 'Recorded', schema: InitiativeEventSchema }, 200: { description: 'Already recorded (a retry)', schema: InitiativeEventSchema }, 409: { description: 'The answer id is already used' } },
});

const refuse = (fields: Record<string, string>) => {
  const list = Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ');
  return new ApiError(422, 'unprocessable', `Not saved: ${list}.`, fields);
};

type Refs = {
  kpis?: InitiativeKpiInput[]; linesOfBusiness?: string[]; stakeholders?: string[]; ownerId?: string | null; providerCompany?: string | null; annotationIds?: string[];
};

/** Every id must be of the caller's workspace; a private tag is refused with its reason, however it is named. */
function checkRefs(r: Refs, checks: Checks, caller: Member, annotationField = 'annotationIds'): void {
  const fields: Record<string, string> = {};
  r.kpis?.forEach((k, i) => {
    if (!checks.kpis.has(k.kpiId)) fields[`kpis.${i}.kpiId`] = 'is not a KPI of this workspace: pick one from Taxonomy → KPIs, or add it there first';
  });
  r.linesOfBusiness?.forEach((id, i) => {
    if (!checks.linesOfBusiness.has(id)) fields[`linesOfBusiness.${i}`] = 'is not a line of business of this workspace';
  });
  r.stakeholders?.forEach((id, i) => {
    if (!checks.stakeholders.has(id)) fields[`stakeholders.${i}`] = 'is not a stakeholder of this workspace';
  });
  if (r.ownerId && !checks.owners.has(r.ownerId)) fields.ownerId = 'must be an admin or IT staff member of this workspace';
  if (r.providerCompany && !checks.providerCompanies.has(r.providerCompany)) {
    fields.providerCompany = 'is not a provider company of this workspace: invite someone from it under People first';
  }
  r.annotationIds?.forEach((id, i) => {
    const a = checks.annotations.get(id);
    // Someone else's draft is not even said to exist.
    if (a?.visibility === 'private' && a.authorId === caller.id) {
      fields[`${annotationField}.${i}`] = 'is a private tag: private tags never leave their author. Share it with the team first (Who may see it), then link it';
    } else if (!a || a.visibility === 'private') fields[`${annotationField}.${i}`] = 'is not a tag of this workspace that you can see (or it was deleted)';
  });
  if (Object.keys(fields).length) throw refuse(fields);
}

const money = (n: number | null | undefined) => (n === undefined ? undefined : n);

function fieldsOf(i: Initiative): InitiativeFields {
  return {
    title: i.title, gap: i.gap, linesOfBusiness: i.linesOfBusiness.map((x) => x.id), stakeholders: i.stakeholders.map((x) => x.id), specification: i.specification,
    budgetOneOff: i.budget?.oneOff ?? null, budgetMonthly: i.budget?.monthly ?? null, targetQuarter: i.targetQuarter, ownerId: i.owner?.id ?? null,
    providerCompany: i.providerCompany, state: i.state, stateReason: i.stateReason, deliveredAt: i.deliveredAt,
  };
}

const CHANGE_WORDS: Partial<Record<keyof InitiativeFields | 'kpis', string>> = {
  title: 'title', gap: 'gap', linesOfBusiness: 'lines of business', stakeholders: 'stakeholders', specification: 'specification', kpis: 'KPIs',
  budgetOneOff: 'budget', budgetMonthly: 'budget', targetQuarter: 'target quarter', ownerId: 'owner', providerCompany: 'provider',
};

async function visible(c: { env: AppEnv['Bindings'] }, caller: Caller, id: string): Promise<Initiative> {
  const found = await getInitiative(c.env.DB, caller.workspace.id, caller.member, id);
  if (!found) throw notFound('This initiative');
  return found;
}

const ETA_WORDS = { acknowledged: 'acknowledged', in_progress: 'in progress', waiting_on_client: 'waiting on us', done: 'done' } as const;

export const initiatives = new Hono<AppEnv>()
  .get('/', guard(listEp), validate('query', InitiativeListQuerySchema), async (c) => {
    const { workspace, member } = c.var.caller;
    return c.json(await listInitiatives(c.env.DB, workspace.id, member, c.req.valid('query')));
  })
  .post('/', guard(createEp), validate('json', InitiativeCreateSchema), async (c) => {
    const caller = c.var.caller;
    const body = c.req.valid('json');
    const now = new Date().toISOString();
    const checks = await readChecks(c.env.DB, caller.workspace.id, body.annotationIds, now);
    checkRefs(body, checks, caller.member);
    const id = body.id ?? crypto.randomUUID();
    const fields: InitiativeFields = {
      title: body.title, gap: body.gap, linesOfBusiness: [...new Set(body.linesOfBusiness)], stakeholders: [...new Set(body.stakeholders)], specification: body.specification,
      budgetOneOff: body.budget?.oneOff ?? null, budgetMonthly: body.budget?.monthly ?? null, targetQuarter: body.targetQuarter ?? null,
      ownerId: body.ownerId ?? null, providerCompany: body.providerCompany ?? null, state: 'proposed', stateReason: null, deliveredAt: null,
    };
    const g: Guard = { id, version: 1, at: now };
    const db = c.env.DB;
    const results = await db.batch([
      insertInitiative(db, caller.workspace.id, id, fields, caller.member, now),
      ...replaceKpis(db, caller.workspace.id, g, body.kpis),
      ...(body.annotationIds.length ? [linkEvidence(db, caller.workspace.id, g, body.annotationIds, caller.member.id, now)] : []),
      insertEvent(db, caller.workspace.id, g, caller.member, { kind: 'created', text: 'Proposed', state: 'proposed' }),
      ...(body.annotationIds.length ? [insertEvent(db, caller.workspace.id, g, caller.member, { kind: 'linked', text: `Linked ${body.annotationIds.length === 1 ? '1 tag' : `${body.annotationIds.length} tags`}` })] : []),
    ]);
    const created = results[0]!.meta.changes === 1;
    const stored = await getInitiative(db, caller.workspace.id, caller.member, id);
    if (!stored) throw new ApiError(409, 'conflict', 'This initiative id is already used. Make a new id (crypto.randomUUID()) for a new initiative.', { id: 'is already used' });
    if (created) await audit(db, caller.workspace.id, caller, 'initiative.create', { type: 'initiative', id }, { title: body.title }, now).run();
    return c.json(stored, created ? 201 : 200);
  })
  .patch('/settings', guard(settingsEp), validate('json', InitiativeSettingsSchema), async (c) => {
    const caller = c.var.caller;
    const { currency } = c.req.valid('json');
    await c.env.DB.batch([
      setCurrency(c.env.DB, caller.workspace.id, currency),
      audit(c.env.DB, caller.workspace.id, caller, 'initiative.settings', { type: 'workspace', id: caller.workspace.id }, { currency }),
    ]);
    return c.json({ currency });
  })
  .get('/:id', guard(readEp), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const initiative = await visible(c, caller, c.req.valid('param').id);
    const parts = await initiativeParts(c.env.DB, caller.workspace.id, caller.member, initiative.id);
    return c.json({ initiative, ...parts });
  })
  .patch('/:id', guard(patchEp), validate('param', IdParam), validate('json', InitiativePatchSchema), async (c) => {
    const caller = c.var.caller;
    const current = await visible(c, caller, c.req.valid('param').id);
    const body = c.req.valid('json');
    if (body.version !== current.version) {
      throw new ApiError(409, 'conflict', `Someone changed this initiative meanwhile (you read version ${body.version}, it is now ${current.version}). Read it again, then make your change.`, { version: 'is out of date' });
    }
    const now = new Date().toISOString();
    checkRefs(body, await readChecks(c.env.DB, caller.workspace.id, [], now), caller.member);
    const to = body.state ?? current.state;
    const problem = stateChangeProblem(current.state, to, body.reason);
    if (problem) throw refuse({ state: problem });
    const before = fieldsOf(current);
    const stateChanged = to !== current.state;
    const next: InitiativeFields = {
      ...before,
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.gap !== undefined ? { gap: body.gap } : {}),
      ...(body.linesOfBusiness ? { linesOfBusiness: [...new Set(body.linesOfBusiness)] } : {}),
      ...(body.stakeholders ? { stakeholders: [...new Set(body.stakeholders)] } : {}),
      ...(body.specification ? { specification: body.specification } : {}),
      ...(money(body.budget?.oneOff) !== undefined ? { budgetOneOff: body.budget!.oneOff! } : {}),
      ...(money(body.budget?.monthly) !== undefined ? { budgetMonthly: body.budget!.monthly! } : {}),
      ...(body.targetQuarter !== undefined ? { targetQuarter: body.targetQuarter } : {}),
      ...(body.ownerId !== undefined ? { ownerId: body.ownerId } : {}),
      ...(body.providerCompany !== undefined ? { providerCompany: body.providerCompany } : {}),
      state: to,
      stateReason: stateChanged ? (body.reason?.trim() || null) : before.stateReason,
      deliveredAt: to === 'delivered' && stateChanged ? now : before.deliveredAt,
    };
    const changed = (Object.keys(CHANGE_WORDS) as (keyof typeof CHANGE_WORDS)[])
      .filter((k) => (k === 'kpis' ? body.kpis !== undefined && JSON.stringify(body.kpis) !== JSON.stringify(current.kpis.map(({ kpiId, baseline, baselineOn, target, targetOn }) => ({ kpiId, baseline, baselineOn, target, targetOn })))
        : JSON.stringify(next[k]) !== JSON.stringify(before[k])))
      .map((k) => CHANGE_WORDS[k]!);
    const words = [...new Set(changed)];
    if (!words.length && !stateChanged) return c.json(current);
    const db = c.env.DB;
    const ws = caller.workspace.id;
    const g: Guard = { id: current.id, version: current.version + 1, at: now };
    const results = await db.batch([
      updateInitiative(db, ws, current.id, current.version, next, stateChanged, now),
      ...(body.kpis ? replaceKpis(db, ws, g, body.kpis) : []),
      ...(words.length ? [insertEvent(db, ws, g, caller.member, { kind: 'changed', text: `Changed the ${words.join(', ')}` })] : []),
      ...(stateChanged ? [insertEvent(db, ws, g, caller.member, { kind: 'state', text: `Moved to ${INITIATIVE_STATE_WORDS[to]}`, state: to, note: next.stateReason })] : []),
      audit(db, ws, caller, stateChanged ? 'initiative.state' : 'initiative.change', { type: 'initiative', id: current.id }, { changed: words, ...(stateChanged ? { from: current.state, to } : {}) }, now),
    ]);
    if (results[0]!.meta.changes !== 1) {
      throw new ApiError(409, 'conflict', 'Someone changed this initiative at the same moment. Read it again, then make your change.', { version: 'is out of date' });
    }
    return c.json((await getInitiative(db, ws, caller.member, current.id))!);
  })
  .delete('/:id', guard(deleteEp), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const current = await visible(c, caller, c.req.valid('param').id);
    const db = c.env.DB;
    const ws = caller.workspace.id;
    const { timeline } = await initiativeParts(db, ws, caller.member, current.id);
    const problem = initiativeDeleteProblem(current.state, timeline);
    if (problem) throw new ApiError(409, 'conflict', problem);
    const results = await db.batch(deleteInitiative(db, ws, current.id, current.version));
    if (results.at(-1)!.meta.changes !== 1) {
      throw new ApiError(409, 'conflict', 'Someone changed this initiative at the same moment. Read it again, then decide whether to delete it.', { version: 'is out of date' });
    }
    // After the delete, as for a create: the entry is written only for a delete that happened.
    await audit(db, ws, caller, 'initiative.delete', { type: 'initiative', id: current.id }, { title: current.title, state: current.state }).run();
    return c.body(null, 204);
  })
  .post('/:id/evidence', guard(evidenceEp), validate('param', IdParam), validate('json', EvidenceChangeSchema), async (c) => {
    const caller = c.var.caller;
    const current = await visible(c, caller, c.req.valid('param').id);
    const { link, unlink } = c.req.valid('json');
    const now = new Date().toISOString();
    const checks = await readChecks(c.env.DB, caller.workspace.id, link, now);
    checkRefs({ annotationIds: link }, checks, caller.member, 'link');
    const db = c.env.DB;
    const ws = caller.workspace.id;
    const g: Guard = { id: current.id, version: current.version + 1, at: now };
    const count = (n: number) => (n === 1 ? '1 tag' : `${n} tags`);
    const results = await db.batch([
      touchInitiative(db, ws, current.id, current.version, now),
      ...(link.length ? [linkEvidence(db, ws, g, link, caller.member.id, now), insertEvent(db, ws, g, caller.member, { kind: 'linked', text: `Linked ${count(link.length)}` })] : []),
      ...(unlink.length ? [unlinkEvidence(db, ws, g, unlink), insertEvent(db, ws, g, caller.member, { kind: 'unlinked', text: `Unlinked ${count(unlink.length)}` })] : []),
      audit(db, ws, caller, 'initiative.evidence', { type: 'initiative', id: current.id }, { link, unlink }, now),
    ]);
    if (results[0]!.meta.changes !== 1) {
      throw new ApiError(409, 'conflict', 'Someone changed this initiative at the same moment. Try again.');
    }
    return c.json((await getInitiative(db, ws, caller.member, current.id))!);
  })
  .post('/:id/answers', guard(answerEp), validate('param', IdParam), validate('json', InitiativeAnswerCreateSchema), async (c) => {
    const caller = c.var.caller;
    const current = await visible(c, caller, c.req.valid('param').id);
    const body = c.req.valid('json');
    const db = c.env.DB;
    const ws = caller.workspace.id;
    const answerId = body.id ?? crypto.randomUUID();
    const earlier = body.id ? await getAnswerEvent(db, body.id) : null;
    if (earlier) {
      if (earlier.initiative_id !== current.id || earlier.workspace_id !== ws) throw new ApiError(409, 'conflict', 'This answer id is already used. Make a new id for a new answer.', { id: 'is already used' });
      const { timeline } = await initiativeParts(db, ws, caller.member, current.id);
      return c.json(timeline.find((e) => e.id === answerId)!, 200);
    }
    const now = new Date().toISOString();
    const g: Guard = { id: current.id, version: current.version + 1, at: now };
    const text = `${caller.member.providerCompany}: ${ETA_WORDS[body.status]}${body.eta ? `, expected ${body.eta}` : ''}`;
    const results = await db.batch([
      touchInitiative(db, ws, current.id, current.version, now),
      insertEvent(db, ws, g, caller.member, { id: answerId, kind: 'provider_answer', text, note: body.note || null, providerStatus: body.status, eta: body.eta ?? null }),
      audit(db, ws, caller, 'initiative.answer', { type: 'initiative', id: current.id }, { status: body.status, eta: body.eta ?? null }, now),
    ]);
    if (results[0]!.meta.changes !== 1) throw new ApiError(409, 'conflict', 'Someone changed this initiative at the same moment. Send your answer again.');
    const { timeline } = await initiativeParts(db, ws, caller.member, current.id);
    return c.json(timeline.find((e) => e.id === answerId)!, 201);
  });
