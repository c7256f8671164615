import { Hono } from 'hono';
import { IdParam, InviteCreateSchema, InviteCreatedSchema, InviteListSchema, type InviteCreated } from '../../shared/schemas';
import { audit } from '../db/audit';
import { insertInvite, listInvites, revokeInvite } from '../db/invites';
import type { AppEnv } from '../env';
import { notFound } from '../errors';
import { newInviteCode, normaliseInviteCode, sha256Hex } from '../lib/secrets';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { validate } from '../validate';

const INVITE_TTL_DAYS = 14;

/** Makes a single-use invite; only its hash is stored, so the code is shown once. */
export async function createInvite(
  db: D1Database,
  input: { workspaceId: string; role: InviteCreated['role']; name: string; email?: string; providerCompany?: string; createdBy: string | null },
  now = new Date(),
): Promise<{ created: InviteCreated; statement: D1PreparedStatement; id: string }> {
  const code = newInviteCode();
  const id = crypto.randomUUID();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000).toISOString();
  const statement = insertInvite(db, {
    id, workspaceId: input.workspaceId, codeHash: await sha256Hex(normaliseInviteCode(code)),
    role: input.role, name: input.name, email: input.email ?? null, providerCompany: input.providerCompany ?? null,
    createdBy: input.createdBy, createdAt: now.toISOString(), expiresAt,
  });
  return { id, created: { code, role: input.role, name: input.name, expiresAt }, statement };
}

const ADMIN = ['admin'] as const;
const create = endpoint({
  method: 'post', path: '/api/v1/invites', operationId: 'createInvite', access: ADMIN,
  summary: `Invite someone (admin, staff, executive or provider). The single-use code is shown once and expires after ${INVITE_TTL_DAYS} days.`,
  body: InviteCreateSchema, responses: { 201: { description: 'The invite code', schema: InviteCreatedSchema } },
});
const list = endpoint({
  method: 'get', path: '/api/v1/invites', operationId: 'invites', access: ADMIN, summary: 'Invites of the workspace with their status (pending, used, expired, revoked).',
  responses: { 200: { description: 'Invites', schema: InviteListSchema } },
});
const revoke = endpoint({
  method: 'delete', path: '/api/v1/invites/{id}', operationId: 'revokeInvite', access: ADMIN, summary: 'Withdraw an invite that was not used yet.',
  responses: { 204: { description: 'Withdrawn' } },
});

export const invites = new Hono<AppEnv>()
  .post('/', guard(create), validate('json', create.body), async (c) => {
    const caller = c.var.caller;
    const body = c.req.valid('json');
    const now = new Date();
    const { created, statement, id } = await createInvite(c.env.DB, {
      workspaceId: caller.workspace.id, role: body.role, name: body.name, email: body.email,
      providerCompany: body.role === 'provider' ? body.providerCompany : undefined, createdBy: caller.member.id,
    }, now);
    await c.env.DB.batch([
      statement,
      audit(c.env.DB, caller.workspace.id, caller, 'invite.create', { type: 'invite', id }, { role: body.role, name: body.name }, now.toISOString()),
    ]);
    return c.json(created, 201);
  })
  .get('/', guard(list), async (c) => c.json({ items: await listInvites(c.env.DB, c.var.caller.workspace.id, new Date().toISOString()) }))
  .delete('/:id', guard(revoke), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const id = c.req.valid('param').id;
    const now = new Date().toISOString();
    const [result] = await c.env.DB.batch([revokeInvite(c.env.DB, caller.workspace.id, id, now)]);
    if (result!.meta.changes === 0) throw notFound('An unused invite with this id');
    await audit(c.env.DB, caller.workspace.id, caller, 'invite.revoke', { type: 'invite', id }, {}, now).run();
    return c.body(null, 204);
  });
