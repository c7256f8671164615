import { Hono } from 'hono';
import * as v from 'valibot';
import {
  AnnotationCreateSchema, AnnotationDetailSchema, AnnotationListQuerySchema, AnnotationListSchema, AnnotationPatchSchema,
  AnnotationSchema, AnnotationUpdateCreateSchema, AnnotationUpdateSchema, ConflictSchema, EVENT_DATE_ONLY_NEXT, IdParam,
  type Annotation,
} from '../../shared/schemas';
import {
  getAnnotationRow, insertAnnotation, insertUpdate, listAnnotationsAs, listUpdates, getUpdate,
  toAnnotation, tombstoneAnnotation, touchAnnotation, updateAnnotation, type AnnotationFields,
} from '../db/annotations';
import { audit } from '../db/audit';
import { feedbackOfAnnotation } from '../db/feedback';
import { decodeCursor } from '../db/pagination';
import { providerCompanies } from '../db/provider';
import { loadTaxonomy } from '../db/taxonomy';
import type { AppEnv, Caller } from '../env';
import { ApiError, forbidden, notFound } from '../errors';
import { checkTermRefs, labeler } from '../lib/term-refs';
import { findLiveToken } from '../db/tokens';
import { admit, guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { resolveSharedWith } from '../provider/sharing';
import { validate } from '../validate';

const ID_TAKEN = 'This annotation id is already used for different content. Make a new id (crypto.randomUUID()) for a new annotation.';
const STAFF = ['admin', 'staff'] as const;

const create = endpoint({
  method: 'post', path: '/api/v1/annotations', operationId: 'createAnnotation', access: STAFF,
  summary: 'Tag a ticket (or a page) with business context. Idempotent by the client-made id. An item shared with a provider names the provider company in `sharedWith` (required when the workspace has several).',
  body: AnnotationCreateSchema,
  responses: {
    201: { description: 'Created', schema: AnnotationSchema }, 200: { description: 'Already stored (a retry)', schema: AnnotationSchema },
    409: { description: 'The id is already used for different content' },
    422: { description: 'A choice is not in this workspace\'s lists, or `sharedWith` names no provider company of it' },
  },
});
const list = endpoint({
  method: 'get', path: '/api/v1/annotations', operationId: 'listAnnotations', access: ['admin', 'staff', 'provider'],
  summary: 'Annotations you may see, newest change first, with filters and cursor pagination.',
  query: AnnotationListQuerySchema,
  responses: { 200: { description: 'A page of annotations', schema: AnnotationListSchema } },
});
const read = endpoint({
  method: 'get', path: '/api/v1/annotations/{id}', operationId: 'getAnnotation', access: ['admin', 'staff', 'provider'],
  summary: 'One annotation with its timeline.',
  responses: { 200: { description: 'The annotation and its updates', schema: AnnotationDetailSchema } },
});
const patch = endpoint({
  method: 'patch', path: '/api/v1/annotations/{id}', operationId: 'patchAnnotation', access: STAFF,
  summary: 'Change an annotation. Send the version you read; a stale one gets 409 with the current annotation.',
  body: AnnotationPatchSchema,
  responses: { 200: { description: 'Updated', schema: AnnotationSchema }, 409: { description: 'Changed by someone else meanwhile', schema: ConflictSchema },
    422: { description: 'A choice is not in this workspace\'s lists, or `sharedWith` names no provider company of it' },
  },
});
const remove = endpoint({
  method: 'delete', path: '/api/v1/annotations/{id}', operationId: 'deleteAnnotation', access: STAFF,
  summary: 'Delete an annotation (its author or an admin). A tombstone remains for syncing.',
  responses: { 204: { description: 'Deleted' } },
});
const addUpdate = endpoint({
  method: 'post', path: '/api/v1/annotations/{id}/updates', operationId: 'addUpdate', access: ['admin', 'staff', 'provider'],
  summary: 'Add to the timeline: a note from staff, or the provider\'s status (acknowledged, in progress, waiting on client, done) with an optional ETA.',
  body: AnnotationUpdateCreateSchema,
  responses: {
    201: { description: 'Added', schema: AnnotationUpdateSchema }, 200: { description: 'Already added (a retry)', schema: AnnotationUpdateSchema },
    409: { description: 'The update id is already used' },
  },
});
const listTimeline = endpoint({
  method: 'get', path: '/api/v1/annotations/{id}/updates', operationId: 'timeline', access: ['admin', 'staff', 'provider'],
  summary: 'The timeline of an annotation, oldest first.',
  responses: { 200: { description: 'Updates', schema: v.object({ items: v.array(AnnotationUpdateSchema) }) } },
});

async function readable(c: { env: AppEnv['Bindings'] }, caller: Caller, id: string) {
  const row = await getAnnotationRow(c.env.DB, caller.workspace.id, caller.member, id);
  if (!row) throw notFound('This annotation');
  return row;
}

const fieldsOf = (a: Annotation): AnnotationFields => ({
  horizon: a.horizon, lineOfBusiness: a.lineOfBusiness, stakeholders: a.stakeholders, impact: a.impact, priority: a.priority,
  kpis: a.kpis, summary: a.summary, detail: a.detail, eventDate: a.eventDate, state: a.state, visibility: a.visibility,
  sharedWith: a.sharedWith ?? null,
});

/** The names of the workspace's provider companies (only read when something is shared). */
async function companyNames(c: { env: AppEnv['Bindings'] }, workspaceId: string): Promise<string[]> {
  return (await providerCompanies(c.env.DB, workspaceId, new Date().toISOString())).map((p) => p.name);
}

export const annotations = new Hono<AppEnv>()
  .post('/', guard(create, { inRoute: true }), validate('json', create.body), async (c) => {
    const input = c.req.valid('json');
    const hash = c.var.tokenHash;
    const now = new Date().toISOString();
    // One round trip for a team or private tag: the token lookup, the insert (a no-op when the
    // id exists, the token may not write, or a choice is not in the workspace's lists), its
    // audit entry only when it happened, the row as stored, and the taxonomy. Whether this
    // was a first create or a retry is decided by the stored row, so identical creates racing
    // each other all succeed. An item shared with a provider first needs the caller's
    // provider companies to know which one it is shared with.
    let result: Awaited<ReturnType<typeof insertAnnotation>>;
    let sharedWith: string | null = null;
    if (input.visibility === 'provider') {
      await admit(c, create, hash, await findLiveToken(c.env.DB, hash));
      const { member, workspace } = c.var.caller;
      try {
        sharedWith = resolveSharedWith('provider', input.sharedWith, null, await companyNames(c, workspace.id));
      } catch (err) {
        // A retry of an item already shared answers with what is stored, even if the
        // workspace has gained a provider since (naming none is then ambiguous for a new item).
        const row = await getAnnotationRow(c.env.DB, workspace.id, member, input.id, { includeDeleted: true });
        const label = labeler(await loadTaxonomy(c.env.DB, workspace.id), workspace.jargonWords);
        const stored = row && row.author_id === member.id ? toAnnotation(row, label) : null;
        if (stored && sameContent(stored, input)) return c.json(stored, 200);
        throw err;
      }
      result = await insertAnnotation(c.env.DB, { member, workspaceId: workspace.id }, { ...input, sharedWith }, now, { visibility: input.visibility, sharedWith });
    } else {
      result = await insertAnnotation(c.env.DB, { tokenHash: hash }, { ...input, sharedWith }, now, { visibility: input.visibility, sharedWith });
      // Nothing was written unless the token is live and its role may write: the insert says so itself.
      await admit(c, create, hash, result.token);
    }
    const caller = c.var.caller;
    const { inserted, row, taxonomy } = result;
    const label = labeler(taxonomy, caller.workspace.jargonWords);
    if (inserted && row) return c.json(toAnnotation(row, label), 201);
    // A retry of a create that already landed returns what is stored.
    const stored = row && row.author_id === caller.member.id ? toAnnotation(row, label) : null;
    if (stored && sameContent(stored, input)) return c.json(stored, 200);
    // Not stored: a choice outside the workspace's lists (422 naming it), or an id clash.
    checkTermRefs(taxonomy, input);
    throw new ApiError(409, 'conflict', ID_TAKEN, { id: 'is already used' });
  })
  // The extension's most frequent call (a ticket's tags): signing in and reading are one round trip.
  .get('/', guard(list, { inRoute: true }), validate('query', list.query), async (c) => {
    const q = c.req.valid('query');
    const cursor = decodeCursor(q.cursor);
    const hash = c.var.tokenHash;
    const read = await listAnnotationsAs(c.env.DB, hash, q, cursor === 'invalid' ? null : cursor);
    await admit(c, list, hash, read.token);
    if (cursor === 'invalid') throw new ApiError(400, 'validation_failed', 'The cursor is not one this API gave out; start again without it.', { cursor: 'is not valid' });
    const jargon = c.var.caller.workspace.jargonWords;
    return c.json(read.page((t) => labeler(t, jargon)));
  })
  .get('/:id', guard(read), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const row = await readable(c, caller, c.req.valid('param').id);
    const label = labeler(await loadTaxonomy(c.env.DB, caller.workspace.id), caller.workspace.jargonWords);
    const [updates, feedback] = await Promise.all([
      listUpdates(c.env.DB, caller.workspace.id, row.id, caller.member),
      // Executives answer staff, not the provider: providers do not see their feedback.
      caller.member.role === 'provider' ? Promise.resolve([]) : feedbackOfAnnotation(c.env.DB, caller.workspace.id, row.id),
    ]);
    return c.json({
      annotation: toAnnotation(row, label),
      updates,
      feedback: feedback.map((f) => ({ reportId: f.report_id, period: f.period_start, answer: f.answer, comment: f.comment, by: f.who, at: f.updated_at })),
    });
  })
  .patch('/:id', guard(patch), validate('param', IdParam), validate('json', patch.body), async (c) => {
    const caller = c.var.caller;
    const { version, ...changes } = c.req.valid('json');
    const taxonomy = await loadTaxonomy(c.env.DB, caller.workspace.id);
    const label = labeler(taxonomy, caller.workspace.jargonWords);
    const currentRow = await readable(c, caller, c.req.valid('param').id);
    const current = toAnnotation(currentRow, label);
    if (version !== current.version) {
      throw new ApiError(409, 'conflict', `Someone changed this annotation since you opened it (you have version ${version}, it is now at ${current.version}). Review the current version and apply your change again.`,
        { version: `is ${version}; the current version is ${current.version}` }, { current });
    }
    if (changes.visibility === 'private' && current.author.id !== caller.member.id) {
      throw forbidden('Only the author can make an annotation private (a private annotation is the author\'s draft).');
    }
    const visibility = changes.visibility ?? current.visibility;
    const touchesSharing = visibility === 'provider' && (current.visibility !== 'provider' || changes.sharedWith !== undefined);
    const sharedWith = resolveSharedWith(visibility, changes.sharedWith, current.sharedWith ?? null, touchesSharing ? await companyNames(c, caller.workspace.id) : []);
    const next: AnnotationFields = { ...fieldsOf(current), ...changes, sharedWith };
    if (next.horizon === 'now' && next.eventDate) {
      throw new ApiError(400, 'validation_failed', `eventDate ${EVENT_DATE_ONLY_NEXT}.`, { eventDate: EVENT_DATE_ONLY_NEXT });
    }
    checkTermRefs(taxonomy, changes, current);
    const before = fieldsOf(current);
    const changed = (Object.keys(next) as (keyof AnnotationFields)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return c.json(current);
    const now = new Date().toISOString();
    // Shared with a provider since when: now, if it was not shared with this company before.
    const sharedAt = visibility !== 'provider' ? null
      : current.visibility === 'provider' && sharedWith === before.sharedWith ? currentRow.shared_at : now;
    const statements = [updateAnnotation(c.env.DB, caller.workspace.id, current.id, version, next, sharedAt, now)];
    if (changes.state && changes.state !== current.state) {
      statements.push(insertUpdate(c.env.DB, {
        id: crypto.randomUUID(), workspaceId: caller.workspace.id, annotationId: current.id, authorId: caller.member.id,
        kind: 'state', note: null, state: changes.state, providerStatus: null, eta: null, createdAt: now,
      }));
    }
    statements.push(audit(c.env.DB, caller.workspace.id, caller, 'annotation.update', { type: 'annotation', id: current.id }, { fields: changed }, now));
    const [write] = await c.env.DB.batch(statements);
    if (write!.meta.changes === 0) {
      // Lost a race between our read and our write: say so with what is there now.
      const latest = toAnnotation(await readable(c, caller, current.id), label);
      throw new ApiError(409, 'conflict', 'Someone changed this annotation at the same moment. Review the current version and apply your change again.',
        { version: `the current version is ${latest.version}` }, { current: latest });
    }
    return c.json(toAnnotation(await readable(c, caller, current.id), label));
  })
  .delete('/:id', guard(remove), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const row = await readable(c, caller, c.req.valid('param').id);
    if (row.author_id !== caller.member.id && caller.member.role !== 'admin') {
      throw forbidden('Only the author or an admin can delete this annotation. You can resolve or drop it instead.');
    }
    const now = new Date().toISOString();
    await c.env.DB.batch([
      tombstoneAnnotation(c.env.DB, caller.workspace.id, row.id, now),
      audit(c.env.DB, caller.workspace.id, caller, 'annotation.delete', { type: 'annotation', id: row.id }, { summary: row.summary }, now),
    ]);
    return c.body(null, 204);
  })
  .post('/:id/updates', guard(addUpdate), validate('param', IdParam), validate('json', addUpdate.body), async (c) => {
    const caller = c.var.caller;
    const body = c.req.valid('json');
    const row = await readable(c, caller, c.req.valid('param').id);
    const isProvider = caller.member.role === 'provider';
    if (body.providerStatus && !isProvider) throw forbidden('Only the provider sets a provider status. Add a note, or change the state of the annotation.');
    if (!isProvider && row.visibility === 'private' && row.author_id !== caller.member.id) throw notFound('This annotation');
    const id = body.id ?? crypto.randomUUID();
    const existing = body.id ? await getUpdate(c.env.DB, id) : null;
    if (existing) {
      if (existing.workspaceId !== caller.workspace.id || existing.annotationId !== row.id || existing.author.id !== caller.member.id) {
        throw new ApiError(409, 'conflict', 'This update id is already used. Make a new id for a new update.', { id: 'is already used' });
      }
      const { workspaceId: _w, ...update } = existing;
      return c.json(update, 200);
    }
    const now = new Date().toISOString();
    await c.env.DB.batch([
      insertUpdate(c.env.DB, {
        id, workspaceId: caller.workspace.id, annotationId: row.id, authorId: caller.member.id,
        kind: body.providerStatus ? 'provider_status' : 'note', note: body.note || null, state: null,
        providerStatus: body.providerStatus ?? null, eta: body.eta ?? null, createdAt: now,
      }),
      touchAnnotation(c.env.DB, caller.workspace.id, row.id, now),
      audit(c.env.DB, caller.workspace.id, caller, body.providerStatus ? 'annotation.provider_status' : 'annotation.note', { type: 'annotation', id: row.id },
        body.providerStatus ? { status: body.providerStatus, eta: body.eta ?? null } : {}, now),
    ]);
    const { workspaceId: _w, ...update } = (await getUpdate(c.env.DB, id))!;
    return c.json(update, 201);
  })
  .get('/:id/updates', guard(listTimeline), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const row = await readable(c, caller, c.req.valid('param').id);
    return c.json({ items: await listUpdates(c.env.DB, caller.workspace.id, row.id, caller.member) });
  });

/** True when a stored annotation holds exactly what a create request asked for. */
function sameContent(stored: Annotation, input: v.InferOutput<typeof AnnotationCreateSchema>): boolean {
  const asked = {
    ticketRef: input.ticketRef ? `${input.ticketRef.tool}:${input.ticketRef.tenant}:${input.ticketRef.ticketId}` : null,
    pageUrl: input.pageUrl ?? null, horizon: input.horizon, lineOfBusiness: input.lineOfBusiness, stakeholders: input.stakeholders,
    impact: input.impact, priority: input.priority, kpis: input.kpis, summary: input.summary, detail: input.detail ?? null,
    eventDate: input.eventDate ?? null, visibility: input.visibility,
    // A retry that names no provider means "the default", which is whatever was stored.
    sharedWith: (input.sharedWith ?? stored.sharedWith ?? '').toLowerCase(),
  };
  const have = {
    ticketRef: stored.ticketKey, pageUrl: stored.pageUrl, horizon: stored.horizon, lineOfBusiness: stored.lineOfBusiness,
    stakeholders: stored.stakeholders, impact: stored.impact, priority: stored.priority, kpis: stored.kpis,
    summary: stored.summary, detail: stored.detail, eventDate: stored.eventDate, visibility: stored.visibility,
    sharedWith: (stored.sharedWith ?? '').toLowerCase(),
  };
  return JSON.stringify(asked) === JSON.stringify(have);
}
