import { Hono } from 'hono';
import type * as v from 'valibot';
import { MeResponseSchema, RedeemRequestSchema, RedeemResponseSchema, type Member } from '../../shared/schemas';
import { audit } from '../db/audit';
import { findInviteByHash, redeemInvite } from '../db/invites';
import { hit, peek } from '../db/rate-limits';
import { revokeToken } from '../db/tokens';
import { getWorkspace } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { newToken, normaliseInviteCode, sha256Hex } from '../lib/secrets';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { checkCodeAllowed, redeemReissued } from './sign-in';
import { validate } from '../validate';

const INVALID_CODE = 'This invite code is not valid. Check it for typos, or ask your administrator for a new one.';
const USED = 'This invite code has already been used. Each code works once; ask your administrator for a new one.';

/** Guessing codes is hopeless (~99 bits), but each address gets few wrong tries anyway. */
export const REDEEM_LIMIT = { failures: 20, windowMs: 10 * 60_000 };

const addressOf = (header: string | undefined) => `redeem:${header ?? 'local'}`;

const redeem = endpoint({
  method: 'post', path: '/api/v1/auth/redeem', operationId: 'redeem', access: 'public',
  summary: 'Exchange a single-use invite code for a bearer token (what the extension does when you connect).',
  body: RedeemRequestSchema,
  responses: {
    201: { description: 'Signed in', schema: RedeemResponseSchema },
    401: { description: 'The invite code is not valid, was already used, was withdrawn or has expired' },
    429: { description: 'Too many wrong codes from this address; wait and try again' },
  },
});
const me = endpoint({
  method: 'get', path: '/api/v1/me', operationId: 'me', access: ['admin', 'staff', 'executive', 'provider'],
  summary: 'Who you are and in which workspace.',
  responses: { 200: { description: 'You', schema: MeResponseSchema } },
});
const signout = endpoint({
  method: 'post', path: '/api/v1/auth/signout', operationId: 'signOut', access: ['admin', 'staff', 'executive', 'provider'],
  summary: 'Sign out: this token stops working at once.',
  responses: { 204: { description: 'Signed out' } },
});

export const auth = new Hono<AppEnv>()
  .post('/auth/redeem', guard(redeem), async (c, next) => {
    const key = addressOf(c.req.header('cf-connecting-ip'));
    const { count, retryAfterS } = await peek(c.env.DB, key, REDEEM_LIMIT.windowMs);
    if (count >= REDEEM_LIMIT.failures) {
      c.header('Retry-After', String(retryAfterS));
      throw new ApiError(429, 'rate_limited', `Too many wrong invite codes from your network. Wait ${Math.ceil(retryAfterS / 60)} minutes and try again.`);
    }
    try {
      await next();
    } finally {
      // Only refusals count: a team redeeming its own codes never trips the limit.
      if (c.error instanceof ApiError && c.error.status === 401) await hit(c.env.DB, key, REDEEM_LIMIT.windowMs);
    }
  }, validate('json', redeem.body), async (c) => {
    const { code } = c.req.valid('json');
    const invite = await findInviteByHash(c.env.DB, await sha256Hex(normaliseInviteCode(code)));
    if (!invite) throw new ApiError(401, 'unauthorized', INVALID_CODE, { code: 'is not a valid invite code' });
    const now = new Date().toISOString();
    if (invite.revoked_at) throw new ApiError(401, 'unauthorized', 'This invite was withdrawn by your administrator. Ask them for a new one.', { code: 'was withdrawn' });
    if (invite.used_at) throw new ApiError(401, 'unauthorized', USED, { code: 'was already used' });
    if (invite.expires_at <= now) throw new ApiError(401, 'unauthorized', 'This invite code has expired. Ask your administrator for a new one.', { code: 'has expired' });

    const workspace = await getWorkspace(c.env.DB, invite.workspace_id);
    if (!workspace) throw new ApiError(401, 'unauthorized', INVALID_CODE, { code: 'is not a valid invite code' });
    // A code an admin re-issued to an existing member signs that member in (sign-in.ts).
    if (invite.member_id) return c.json(await redeemReissued(c.env.DB, invite, workspace, now), 201);
    await checkCodeAllowed(c.env.DB, workspace, invite.role);
    const member: Member = {
      id: crypto.randomUUID(), workspaceId: invite.workspace_id, name: invite.name, email: invite.email,
      role: invite.role, providerCompany: invite.provider_company, createdAt: now, lastActiveAt: now,
    };
    const token = newToken();
    const won = await redeemInvite(c.env.DB, invite, member, { id: crypto.randomUUID(), hash: await sha256Hex(token) }, now);
    if (!won) throw new ApiError(401, 'unauthorized', USED, { code: 'was already used' });
    await audit(c.env.DB, workspace.id, { member, workspace, tokenId: '' }, 'member.join', { type: 'member', id: member.id }, { role: member.role }, now).run();
    const body: v.InferOutput<typeof RedeemResponseSchema> = { token, member, workspace };
    return c.json(body, 201);
  })
  .get('/me', guard(me), (c) => {
    const { member, workspace } = c.var.caller;
    return c.json({ member, workspace });
  })
  .post('/auth/signout', guard(signout), async (c) => {
    await revokeToken(c.env.DB, c.var.caller.tokenId, new Date().toISOString()).run();
    return c.body(null, 204);
  });
