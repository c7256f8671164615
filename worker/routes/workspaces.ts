import { Hono } from 'hono';
import { WorkspaceCreateSchema, type Member, type Workspace, type WorkspaceCreated } from '../../shared/schemas';
import { insertInvite } from '../db/invites';
import { insertWorkspace } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { newInviteCode, normaliseInviteCode, sha256Hex, timingSafeEqual } from '../lib/secrets';
import { validate } from '../validate';

export const INVITE_TTL_DAYS = 14;

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
  const code = newInviteCode();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000).toISOString();
  await c.env.DB.batch([
    insertWorkspace(c.env.DB, workspace),
    insertInvite(c.env.DB, {
      id: crypto.randomUUID(), workspaceId: workspace.id, codeHash: await sha256Hex(normaliseInviteCode(code)),
      role: 'admin', name: body.admin.name, email: body.admin.email ?? null, providerCompany: null,
      createdBy: null, createdAt: workspace.createdAt, expiresAt,
    }),
  ]);
  const created: WorkspaceCreated = { workspace, invite: { code, role: 'admin', expiresAt } };
  return c.json(created, 201);
});

export type { Member };
