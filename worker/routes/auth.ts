import { Hono } from 'hono';
import { RedeemRequestSchema, type Member, type MeResponse, type RedeemResponse } from '../../shared/schemas';
import { findInviteByHash, redeemInvite } from '../db/invites';
import { getWorkspace } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { requireMember } from '../middleware/auth';
import { newToken, normaliseInviteCode, sha256Hex } from '../lib/secrets';
import { validate } from '../validate';

const INVALID_CODE = 'This invite code is not valid. Check it for typos, or ask your administrator for a new one.';

export const auth = new Hono<AppEnv>()
  .post('/auth/redeem', validate('json', RedeemRequestSchema), async (c) => {
    const { code } = c.req.valid('json');
    const invite = await findInviteByHash(c.env.DB, await sha256Hex(normaliseInviteCode(code)));
    if (!invite) throw new ApiError(401, 'unauthorized', INVALID_CODE, { code: 'is not a valid invite code' });
    const now = new Date().toISOString();
    if (invite.revoked_at) throw new ApiError(401, 'unauthorized', 'This invite was withdrawn by your administrator. Ask them for a new one.', { code: 'was withdrawn' });
    if (invite.used_at) throw new ApiError(401, 'unauthorized', 'This invite code has already been used. Each code works once; ask your administrator for a new one.', { code: 'was already used' });
    if (invite.expires_at <= now) throw new ApiError(401, 'unauthorized', 'This invite code has expired. Ask your administrator for a new one.', { code: 'has expired' });

    const workspace = await getWorkspace(c.env.DB, invite.workspace_id);
    if (!workspace) throw new ApiError(401, 'unauthorized', INVALID_CODE, { code: 'is not a valid invite code' });
    const member: Member = {
      id: crypto.randomUUID(), workspaceId: invite.workspace_id, name: invite.name, email: invite.email,
      role: invite.role, providerCompany: invite.provider_company, createdAt: now,
    };
    const token = newToken();
    const won = await redeemInvite(c.env.DB, invite, member, { id: crypto.randomUUID(), hash: await sha256Hex(token) }, now);
    if (!won) {
      throw new ApiError(401, 'unauthorized', 'This invite code has already been used. Each code works once; ask your administrator for a new one.', { code: 'was already used' });
    }
    const body: RedeemResponse = { token, member, workspace };
    return c.json(body, 201);
  })
  .get('/me', requireMember, (c) => {
    const { member, workspace } = c.var.caller;
    const body: MeResponse = { member, workspace };
    return c.json(body);
  });
