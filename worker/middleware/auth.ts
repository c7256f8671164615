import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { touchMember } from '../db/members';
import { findLiveToken, touchToken, type TokenLookup } from '../db/tokens';
import { toMember, toWorkspace } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError, forbidden } from '../errors';
import { sha256Hex, timingSafeEqual } from '../lib/secrets';
import type { Endpoint } from '../openapi';

const TOUCH_EVERY_MS = 5 * 60_000;
const ROLE_WORDS = { admin: 'an admin', staff: 'IT staff', executive: 'an executive', provider: 'the provider' } as const;

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

const NOT_SIGNED_IN = 'Sign in first: connect the Steward extension with an invite code from your administrator.';
const NO_LONGER_VALID = 'This sign-in is no longer valid (signed out, removed or role changed). Reconnect with a new invite code from your administrator.';

/** The SHA-256 of the bearer token (how tokens are stored), or 401 when there is none. */
async function bearerHash(c: Context<AppEnv>): Promise<string> {
  const token = bearer(c);
  if (!token) throw new ApiError(401, 'unauthorized', NOT_SIGNED_IN);
  return sha256Hex(token);
}

/**
 * Lets the holder of a looked-up token in, or throws: 401 when the token is not live, 403
 * when its role may not call the endpoint. Sets `c.var.caller`, and notes the token's use.
 */
export async function admit(c: Context<AppEnv>, e: Endpoint, hash: string, found: TokenLookup | null): Promise<void> {
  // The lookup is by hash; the explicit comparison keeps the check constant-time even if
  // the index ever matched loosely.
  if (!found || !timingSafeEqual(found.tokenHash, hash)) throw new ApiError(401, 'unauthorized', NO_LONGER_VALID);
  const member = toMember(found.member);
  if (e.access !== 'public' && e.access !== 'operator' && !e.access.includes(member.role)) {
    throw forbidden(`This needs ${e.access.map((r) => ROLE_WORDS[r]).join(' or ')}; you are signed in as ${ROLE_WORDS[member.role]}.`);
  }
  c.set('caller', { member, workspace: toWorkspace(found.workspace), tokenId: found.tokenId });
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


/**
 * Enforces an endpoint's declared access before anything else runs. With `inRoute`, a read
 * looks the token up in its own batch (one round trip) and calls `admit` before it uses
 * anything it read; the guard then checks only that a token was sent, and fails the request
 * if the route answered without admitting anyone.
 */
export function guard(e: Endpoint, opts: { inRoute?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (e.access === 'operator') checkOperator(c);
    else if (e.access !== 'public') {
      const hash = await bearerHash(c);
      if (opts.inRoute) c.set('tokenHash', hash);
      else await admit(c, e, hash, await findLiveToken(c.env.DB, hash));
    }
    await next();
    if (opts.inRoute && e.access !== 'public' && e.access !== 'operator' && !c.get('caller') && c.res.status < 400) {
      throw new Error(`${e.method.toUpperCase()} ${e.path} answered without admitting its caller`);
    }
  });
}
