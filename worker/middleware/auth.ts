import { createMiddleware } from 'hono/factory';
import type { Role } from '../../shared/schemas';
import { findLiveToken, touchToken } from '../db/tokens';
import { toMember, toWorkspace } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError, forbidden } from '../errors';
import { sha256Hex, timingSafeEqual } from '../lib/secrets';

const TOUCH_EVERY_MS = 5 * 60_000;

/** Requires `Authorization: Bearer <token>` for a live token; sets `c.var.caller`. */
export const requireMember = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) {
    throw new ApiError(401, 'unauthorized', 'Sign in first: connect the Steward extension with an invite code from your administrator.');
  }
  const hash = await sha256Hex(token);
  const found = await findLiveToken(c.env.DB, hash);
  // The lookup is by hash; the explicit comparison keeps the check constant-time even if
  // the index ever matched loosely.
  if (!found || !timingSafeEqual(found.tokenHash, hash)) {
    throw new ApiError(401, 'unauthorized', 'This sign-in is no longer valid (signed out or revoked). Reconnect with a new invite code from your administrator.');
  }
  c.set('caller', { member: toMember(found.member), workspace: toWorkspace(found.workspace), tokenId: found.tokenId });
  const now = new Date();
  if (!found.lastUsedAt || now.getTime() - Date.parse(found.lastUsedAt) > TOUCH_EVERY_MS) {
    const write = touchToken(c.env.DB, found.tokenId, now.toISOString());
    try {
      c.executionCtx.waitUntil(write);
    } catch {
      await write; // no execution context (direct app.request in tests)
    }
  }
  await next();
});

/** Allows only the given roles past this point. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const role = c.var.caller.member.role;
    if (!roles.includes(role)) {
      throw forbidden(`Your role (${role}) cannot do this; it needs: ${roles.join(' or ')}.`);
    }
    await next();
  });
}
