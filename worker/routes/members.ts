import { Hono } from 'hono';
import { IdParam, MemberListSchema, MemberPatchSchema, MemberSchema, type Member } from '../../shared/schemas';
import { audit } from '../db/audit';
import { countAdmins, getMember, listMembers, removeMember, updateMember } from '../db/members';
import { revokeMemberTokens } from '../db/tokens';
import type { AppEnv } from '../env';
import { ApiError, notFound } from '../errors';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { validate } from '../validate';

const ADMIN = ['admin'] as const;
const list = endpoint({
  method: 'get', path: '/api/v1/members', access: ADMIN, summary: 'People in the workspace, with their role and when they were last active.',
  responses: { 200: { description: 'Members', schema: MemberListSchema } },
});
const patch = endpoint({
  method: 'patch', path: '/api/v1/members/{id}', access: ADMIN,
  summary: 'Rename a member or change their role. A role change signs them out everywhere.',
  body: MemberPatchSchema, responses: { 200: { description: 'Updated', schema: MemberSchema } },
});
const remove = endpoint({
  method: 'delete', path: '/api/v1/members/{id}', access: ADMIN, summary: 'Remove a member; their sign-ins stop working at once. Their annotations stay.',
  responses: { 204: { description: 'Removed' } },
});

const LAST_ADMIN = 'A workspace needs at least one admin. Make someone else admin first.';

export const members = new Hono<AppEnv>()
  .get('/', guard(list), async (c) => c.json({ items: await listMembers(c.env.DB, c.var.caller.workspace.id) }))
  .patch('/:id', guard(patch), validate('param', IdParam), validate('json', patch.body), async (c) => {
    const caller = c.var.caller;
    const current = await getMember(c.env.DB, caller.workspace.id, c.req.valid('param').id);
    if (!current) throw notFound('This member');
    const body = c.req.valid('json');
    const role = body.role ?? current.role;
    const providerCompany = role === 'provider' ? (body.providerCompany ?? current.providerCompany) : null;
    if (role === 'provider' && !providerCompany) {
      throw new ApiError(400, 'validation_failed', 'A provider member needs the provider\'s company name.', { providerCompany: 'is required for provider members' });
    }
    if (current.role === 'admin' && role !== 'admin' && (await countAdmins(c.env.DB, caller.workspace.id)) <= 1) {
      throw new ApiError(409, 'conflict', LAST_ADMIN, { role: 'would leave the workspace without an admin' });
    }
    const next: Member = { ...current, name: body.name ?? current.name, role, providerCompany };
    const now = new Date().toISOString();
    const roleChanged = next.role !== current.role || next.providerCompany !== current.providerCompany;
    await c.env.DB.batch([
      updateMember(c.env.DB, next),
      ...(roleChanged ? [revokeMemberTokens(c.env.DB, current.id, now)] : []),
      audit(c.env.DB, caller.workspace.id, caller, roleChanged ? 'member.role_change' : 'member.rename', { type: 'member', id: current.id },
        { from: { name: current.name, role: current.role }, to: { name: next.name, role: next.role } }, now),
    ]);
    return c.json(next);
  })
  .delete('/:id', guard(remove), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const current = await getMember(c.env.DB, caller.workspace.id, c.req.valid('param').id);
    if (!current) throw notFound('This member');
    if (current.role === 'admin' && (await countAdmins(c.env.DB, caller.workspace.id)) <= 1) throw new ApiError(409, 'conflict', LAST_ADMIN);
    const now = new Date().toISOString();
    await c.env.DB.batch([
      removeMember(c.env.DB, caller.workspace.id, current.id, now),
      revokeMemberTokens(c.env.DB, current.id, now),
      audit(c.env.DB, caller.workspace.id, caller, 'member.remove', { type: 'member', id: current.id }, { name: current.name, role: current.role }, now),
    ]);
    return c.body(null, 204);
  });
