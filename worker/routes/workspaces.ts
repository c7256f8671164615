import { Hono } from 'hono';
import {
  AuditListSchema, AuditQuerySchema, DEFAULT_IMPACT_KINDS, ExportQuerySchema, WorkspaceCreateSchema, WorkspaceCreatedSchema,
  WorkspaceDeleteSchema, WorkspacePatchSchema, WorkspaceSchema, type Workspace, type WorkspaceCreated,
} from '../../shared/schemas';
import { audit, listAudit } from '../db/audit';
import { decodeCursor } from '../db/pagination';
import { insertTerm } from '../db/taxonomy';
import { deleteWorkspace, insertWorkspace, patchedWorkspace, updateWorkspace } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { exportCsv, exportJson } from '../lib/export';
import { meetingFollowsWorkspace } from '../meeting/service';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { validate } from '../validate';
import { createInvite } from './invites';

const ADMIN = ['admin'] as const;

const create = endpoint({
  method: 'post', path: '/api/v1/workspaces', operationId: 'createWorkspace', access: 'operator',
  summary: 'Create a workspace (operator token, or open sign-up when the deployment enables it). Returns the first admin\'s invite code.',
  body: WorkspaceCreateSchema, responses: { 201: { description: 'Created', schema: WorkspaceCreatedSchema } },
  notInClient: { usedBy: 'operator', reason: 'Whoever runs the deployment creates workspaces with the operator token (curl, npm start); the extension only joins one with an invite code.' },
});
const read = endpoint({
  method: 'get', path: '/api/v1/workspace', operationId: 'workspace', access: ['admin', 'staff', 'executive', 'provider'],
  summary: 'Your workspace: name, time zone, report schedule.',
  responses: { 200: { description: 'The workspace', schema: WorkspaceSchema } },
});
const patch = endpoint({
  method: 'patch', path: '/api/v1/workspace', operationId: 'updateWorkspace', access: ADMIN,
  summary: 'Change the workspace\'s name, time zone, report schedule or jargon word list.',
  body: WorkspacePatchSchema, responses: { 200: { description: 'Updated', schema: WorkspaceSchema } },
});
const remove = endpoint({
  method: 'delete', path: '/api/v1/workspace', operationId: 'deleteWorkspace', access: ADMIN,
  summary: 'Delete the workspace and everything in it, for good. Confirm by sending its exact name.',
  body: WorkspaceDeleteSchema, responses: { 204: { description: 'Deleted' } },
});
const exportAll = endpoint({
  method: 'get', path: '/api/v1/export', operationId: 'exportWorkspace', access: ADMIN,
  summary: 'Export the whole workspace as JSON, or one table as CSV.',
  query: ExportQuerySchema,
  responses: { 200: { description: 'The export (JSON or CSV)', contentType: ['application/json', 'text/csv'] } },
});
const auditLog = endpoint({
  method: 'get', path: '/api/v1/audit', operationId: 'audit', access: ADMIN, summary: 'Who changed what, when; newest first.',
  query: AuditQuerySchema, responses: { 200: { description: 'A page of the audit log', schema: AuditListSchema } },
});

const DEFAULT_SCHEDULE: Workspace['schedule'] = { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 };

/** `POST /api/v1/workspaces` */
export const workspaces = new Hono<AppEnv>().post('/', guard(create), validate('json', create.body), async (c) => {
  const body = c.req.valid('json');
  const now = new Date();
  const at = now.toISOString();
  const workspace: Workspace = { id: crypto.randomUUID(), name: body.name, timeZone: body.timeZone, schedule: DEFAULT_SCHEDULE, jargonWords: [], createdAt: at };
  const { created: invite, statement } = await createInvite(c.env.DB, {
    workspaceId: workspace.id, role: 'admin', name: body.admin.name, email: body.admin.email, createdBy: null,
  }, now);
  await c.env.DB.batch([
    insertWorkspace(c.env.DB, workspace),
    statement,
    ...DEFAULT_IMPACT_KINDS.map((name, position) => insertTerm(c.env.DB, workspace.id, 'impact_kind', { id: crypto.randomUUID(), name, position }, at)),
    audit(c.env.DB, workspace.id, { operator: true }, 'workspace.create', { type: 'workspace', id: workspace.id }, { name: workspace.name }, at),
  ]);
  const created: WorkspaceCreated = { workspace, invite };
  return c.json(created, 201);
});

/** `/api/v1/workspace`, `/api/v1/export`, `/api/v1/audit`: the caller's own workspace. */
export const workspace = new Hono<AppEnv>()
  .get('/workspace', guard(read), (c) => c.json(c.var.caller.workspace))
  .patch('/workspace', guard(patch), validate('json', patch.body), async (c) => {
    const caller = c.var.caller;
    const next = patchedWorkspace(caller.workspace, c.req.valid('json'));
    const at = new Date().toISOString();
    await c.env.DB.batch([
      updateWorkspace(c.env.DB, next),
      audit(c.env.DB, next.id, caller, 'workspace.update', { type: 'workspace', id: next.id }, { fields: Object.keys(c.req.valid('json')) }, at),
    ]);
    await meetingFollowsWorkspace(c.env, caller.workspace, next, caller);
    return c.json(next);
  })
  .delete('/workspace', guard(remove), validate('json', remove.body), async (c) => {
    const caller = c.var.caller;
    if (c.req.valid('json').confirm !== caller.workspace.name) {
      throw new ApiError(400, 'validation_failed', `To delete the workspace, type its name exactly: "${caller.workspace.name}".`, { confirm: 'does not match the workspace name' });
    }
    await deleteWorkspace(c.env.DB, caller.workspace.id).run();
    console.log(JSON.stringify({ event: 'workspace.deleted', workspaceId: caller.workspace.id, by: caller.member.id }));
    return c.body(null, 204);
  })
  .get('/export', guard(exportAll), validate('query', exportAll.query), async (c) => {
    const caller = c.var.caller;
    const { format, table } = c.req.valid('query');
    const stamp = new Date().toISOString().slice(0, 10);
    const base = `steward-${caller.workspace.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace'}-${stamp}`;
    await audit(c.env.DB, caller.workspace.id, caller, 'workspace.export', { type: 'workspace', id: caller.workspace.id }, { format, table }).run();
    if (format === 'csv') {
      c.header('Content-Disposition', `attachment; filename="${base}-${table}.csv"`);
      return c.body(await exportCsv(c.env.DB, caller.workspace, table), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    }
    c.header('Content-Disposition', `attachment; filename="${base}.json"`);
    return c.json(await exportJson(c.env.DB, caller.workspace));
  })
  .get('/audit', guard(auditLog), validate('query', auditLog.query), async (c) => {
    const q = c.req.valid('query');
    const cursor = decodeCursor(q.cursor);
    if (cursor === 'invalid') throw new ApiError(400, 'validation_failed', 'The cursor is not one this API gave out; start again without it.', { cursor: 'is not valid' });
    return c.json(await listAudit(c.env.DB, c.var.caller.workspace.id, q.limit ?? 50, cursor));
  });
