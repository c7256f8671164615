import { Hono } from 'hono';
import { WorkspaceCreateSchema, type Workspace, type WorkspaceCreated } from '../../shared/schemas';
import { insertWorkspace } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { timingSafeEqual } from '../lib/secrets';
import { createInvite } from './invites';
import { validate } from '../validate';

/** Workspace creation: by the operator (secret token) or, if enabled, open sign-up. */
export const workspaces = new Hono<AppEnv>().post('/', validate('json', WorkspaceCreateSchema), async (c) => {
  const openSignup = c.env.STEWARD_OPEN_SIGNUP === 'true';
  if (!openSignup) {
    const operator = c.env.STEWARD_OPERATOR_TOKEN;
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!operator) {
      throw new ApiError(403, 'forbidden', 'Creating workspaces is disabled: set the STEWARD_OPERATOR_TOKEN secret on this deployment.');
    }
    if (!given || !timingSafeEqual(given, operator)) {
      throw new ApiError(401, 'unauthorized', 'Creating a workspace needs the operator token (Authorization: Bearer <STEWARD_OPERATOR_TOKEN>).');
    }
  }
  const body = c.req.valid('json');
  const now = new Date();
  const workspace: Workspace = { id: crypto.randomUUID(), name: body.name, timeZone: body.timeZone, createdAt: now.toISOString() };
  const { created: invite, statement } = await createInvite(c.env.DB, {
    workspaceId: workspace.id, role: 'admin', name: body.admin.name, email: body.admin.email, createdBy: null,
  }, now);
  await c.env.DB.batch([insertWorkspace(c.env.DB, workspace), statement]);
  const created: WorkspaceCreated = { workspace, invite };
  return c.json(created, 201);
});

