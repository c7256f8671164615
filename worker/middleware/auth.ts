import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { touchMember } from '../db/members';
import { findLiveToken, touchToken } from '../db/tokens';
import { toMember, toWorkspace } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError, forbidden } from '../errors';
import { sha256Hex, timingSafeEqual } from '../lib/secrets';
import type { Endpoint } from '../openapi';

const TOUCH_EVERY_MS = 5 * 60_000;

function bearer(c: Context<AppEnv>): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

/** Runs a write after the response when the runtime allows it, else before. */
export async function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): Promise<void> {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    await work; // no execution context (direct app.request in tests)
  }
}

/** Establishes `c.var.caller` from `Authorization: Bearer <token>`, or throws 401. */
async function authenticate(c: Context<AppEnv>): Promise<void> {
  const token = bearer(c);
  if (!token) {
    throw new ApiError(401, 'unauthorized', 'Sign in first: connect the Steward extension with an invite code from your administrator.');
  }
  const hash = await sha256Hex(token);
  const found = await findLiveToken(c.env.DB, hash);
  // The lookup is by hash; the explicit comparison keeps the check constant-time even if
  // the index ever matched loosely.
  if (!found || !timingSafeEqual(found.tokenHash, hash)) {
    throw new ApiError(401, 'unauthorized', 'This sign-in is no longer valid (signed out, removed or role changed). Reconnect with a new invite code from your administrator.');
  }
  c.set('caller', { member: toMember(found.member), workspace: toWorkspace(found.workspace), tokenId: found.tokenId });
  const now = new Date();
  if (!found.lastUsedAt || now.getTime() - Date.parse(found.lastUsedAt) > TOUCH_EVERY_MS) {
    const at = now.toISOString();
    await afterResponse(c, c.env.DB.batch([touchToken(c.env.DB, found.tokenId, at), touchMember(c.env.DB, found.member.id, at)]));
  }
}

/** The operator token (a Worker secret) guards workspace creation unless sign-up is open. */
function checkOperator(c: Context<AppEnv>): void {
  if (c.env.STEWARD_OPEN_SIGNUP === 'true') return;
  const operator = c.env.STEWARD_OPERATOR_TOKEN;
  if (!operator) {
    throw new ApiError(403, 'forbidden', 'Creating workspaces is disabled: set the STEWARD_OPERATOR_TOKEN secret on this deployment.');
  }
  const given = bearer(c) ?? '';
  if (!given || !timingSafeEqual(given, operator)) {
    throw new ApiError(401, 'unauthorized', 'Creating a workspace needs the operator token (Authorization: Bearer <STEWARD_OPERATOR_TOKEN>).');
  }
}

const ROLE_WORDS = { admin: 'an admin', staff: 'IT staff', executive: 'an executive', provider: 'the provider' } as const;

/** Enforces an endpoint's declared access before anything else runs. */
export function guard(e: Endpoint) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (e.access === 'operator') checkOperator(c);
    else if (e.access !== 'public') {
      await authenticate(c);
      const role = c.var.caller.member.role;
      if (!e.access.includes(role)) {
        throw forbidden(`This needs ${e.access.map((r) => ROLE_WORDS[r]).join(' or ')}; you are signed in as ${ROLE_WORDS[role]}.`);
      }
    }
    await next();
  });
}
