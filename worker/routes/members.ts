import { Hono } from 'hono';
import {
  IdParam, InviteCreatedSchema, MemberListSchema, ReissueSignInSchema, MemberPatchSchema, MemberSchema, ProviderLinkCreatedSchema, ProviderLinkStatusSchema, type Member,
} from '../../shared/schemas';
import { audit } from '../db/audit';
import { countAdmins, getMember, listMembers, removeMember, updateMember } from '../db/members';
import { insertProviderLink, liveProviderLink, providerLinkStatus, revokeProviderLinks } from '../db/provider';
import { revokeMemberTokens } from '../db/tokens';
import type { AppEnv } from '../env';
import { ApiError, notFound } from '../errors';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { providerViewUrl } from '../provider/links';
import { reissueSignIn } from './sign-in';
import { validate } from '../validate';

const ADMIN = ['admin'] as const;
const list = endpoint({
  method: 'get', path: '/api/v1/members', operationId: 'members', access: ADMIN, summary: 'People in the workspace, with their role and when they were last active.',
  responses: { 200: { description: 'Members', schema: MemberListSchema } },
});
const patch = endpoint({
  method: 'patch', path: '/api/v1/members/{id}', operationId: 'updateMember', access: ADMIN,
  summary: 'Rename a member or change their role. A role change signs them out everywhere.',
  body: MemberPatchSchema, responses: { 200: { description: 'Updated', schema: MemberSchema }, 409: { description: 'It would leave the workspace without an admin' } },
});
const remove = endpoint({
  method: 'delete', path: '/api/v1/members/{id}', operationId: 'removeMember', access: ADMIN, summary: 'Remove a member; their sign-ins and provider link stop working at once. Their annotations stay.',
  responses: { 204: { description: 'Removed' }, 409: { description: 'It would leave the workspace without an admin' } },
});
const linkStatus = endpoint({
  method: 'get', path: '/api/v1/members/{id}/provider-link', operationId: 'providerLinkStatus', access: ADMIN,
  summary: 'Whether a provider member has a live web-view link, and when it was made and last used.',
  responses: { 200: { description: 'The link\'s status', schema: ProviderLinkStatusSchema } },
});
const linkCreate = endpoint({
  method: 'post', path: '/api/v1/members/{id}/provider-link', operationId: 'createProviderLink', access: ADMIN,
  summary: 'Make a provider member\'s personal web-view link (/p/…), replacing any earlier one. The address is shown once.',
  responses: {
    201: { description: 'The new link', schema: ProviderLinkCreatedSchema },
    409: { description: 'The link changed at the same moment; try again' },
    422: { description: 'The member is not a provider member' },
  },
});
const linkRevoke = endpoint({
  method: 'delete', path: '/api/v1/members/{id}/provider-link', operationId: 'revokeProviderLink', access: ADMIN,
  summary: 'Withdraw a provider member\'s web-view link; it stops working at once.',
  responses: { 204: { description: 'Withdrawn' } },
});

const reissue = endpoint({
  method: 'post', path: '/api/v1/members/{id}/sign-in', operationId: 'reissueSignIn', access: ADMIN,
  summary: 'Give a member a new single-use code (a new or lost laptop) that signs in the same member, never a second one. Earlier re-issued codes stop working; by default their current sign-ins end too.',
  body: ReissueSignInSchema,
  responses: {
    201: { description: 'The code, shown once', schema: InviteCreatedSchema },
    409: { description: 'The member signs in with the company account (required for staff), so a code would not work' },
  },
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
      // A provider link shows one company's items: a new role or company needs a new link.
      ...(roleChanged ? [revokeMemberTokens(c.env.DB, current.id, now), revokeProviderLinks(c.env.DB, caller.workspace.id, current.id, now)] : []),
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
      revokeProviderLinks(c.env.DB, caller.workspace.id, current.id, now),
      audit(c.env.DB, caller.workspace.id, caller, 'member.remove', { type: 'member', id: current.id }, { name: current.name, role: current.role }, now),
    ]);
    return c.body(null, 204);
  })
  .post('/:id/sign-in', guard(reissue), validate('param', IdParam), validate('json', reissue.body), async (c) =>
    c.json(await reissueSignIn(c, c.req.valid('param').id, c.req.valid('json')), 201))
  .get('/:id/provider-link', guard(linkStatus), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const member = await getMember(c.env.DB, caller.workspace.id, c.req.valid('param').id);
    if (!member) throw notFound('This member');
    return c.json(await providerLinkStatus(c.env.DB, caller.workspace.id, member.id));
  })
  .post('/:id/provider-link', guard(linkCreate), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const member = await getMember(c.env.DB, caller.workspace.id, c.req.valid('param').id);
    if (!member) throw notFound('This member');
    if (member.role !== 'provider') {
      throw new ApiError(422, 'unprocessable', `Only provider members get a provider link; ${member.name} is not a provider member.`);
    }
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    // Rotation: the old link dies in the same transaction the new one is born.
    await c.env.DB.batch([
      revokeProviderLinks(c.env.DB, caller.workspace.id, member.id, now),
      insertProviderLink(c.env.DB, { id, workspaceId: caller.workspace.id, memberId: member.id, createdBy: caller.member.id, createdAt: now }),
      audit(c.env.DB, caller.workspace.id, caller, 'member.provider_link', { type: 'member', id: member.id }, {}, now),
    ]);
    const live = await liveProviderLink(c.env.DB, caller.workspace.id, member.id);
    if (!live) throw new ApiError(409, 'conflict', 'The link changed at the same moment; try again.');
    return c.json({ url: await providerViewUrl(c.env, live.id, new URL(c.req.url).origin), createdAt: live.created_at }, 201);
  })
  .delete('/:id/provider-link', guard(linkRevoke), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const member = await getMember(c.env.DB, caller.workspace.id, c.req.valid('param').id);
    if (!member) throw notFound('This member');
    const now = new Date().toISOString();
    await c.env.DB.batch([
      revokeProviderLinks(c.env.DB, caller.workspace.id, member.id, now),
      audit(c.env.DB, caller.workspace.id, caller, 'member.provider_link_revoke', { type: 'member', id: member.id }, {}, now),
    ]);
    return c.body(null, 204);
  });
