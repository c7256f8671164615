import type { Context } from 'hono';
import { Hono } from 'hono';
import type * as v from 'valibot';
import {
  OidcFinishSchema, OidcSettingsAnswerSchema, OidcSettingsInputSchema, OidcStartedSchema, OidcStartSchema, RedeemResponseSchema,
  type InviteCreated, type Member, type ReissueSignIn, type Role, type Workspace,
} from '../../shared/schemas';
import { audit } from '../db/audit';
import { getMember } from '../db/members';
import { hit } from '../db/rate-limits';
import {
  claimFlow, findFlow, getOidcSettings, hasIdentity, insertFlow, insertMemberInvite, memberOfSubject, pruneFlows, redeemMemberInvite, removeOidcSettings,
  revokeMemberInvites, saveOidcSettings, signInStatements, toOidcSettings, unlinkedMemberByEmail, type MemberInviteRow,
} from '../db/sign-in';
import { revokeMemberTokens } from '../db/tokens';
import { getWorkspace, toMember } from '../db/workspaces';
import type { AppEnv } from '../env';
import { ApiError, notFound } from '../errors';
import {
  authorizationUrl, checkDomain, discover, exchangeCode, FLOW_TTL_MS, openSecret, pkceChallenge, randomToken, refused, sealSecret, verifyIdToken,
} from '../lib/oidc';
import { newInviteCode, newToken, normaliseInviteCode, sha256Hex } from '../lib/secrets';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { validate } from '../validate';

/**
 * Sign-in with the company's identity provider (OpenID Connect, authorization code + PKCE),
 * its settings, and codes re-issued to a member. The person's browser opens the identity
 * provider's page the Worker builds (`start`) and hands back the code it returns (`finish`);
 * the PKCE verifier, the nonce and the token exchange stay here. The answer is the same as
 * redeeming an invite code: a token for one member of the workspace.
 */

const ADMIN = ['admin'] as const;
/** The roles that "require the company sign-in for staff" covers: the company's own IT people. */
const STAFF_ROLES: readonly Role[] = ['admin', 'staff'];
const INVITE_TTL_DAYS = 14;

/** Starting a sign-in writes a row: a few a minute per address is plenty for people, and too few to fill the table. */
const START_LIMIT = { starts: 60, windowMs: 10 * 60_000 };

const settingsGet = endpoint({
  method: 'get', path: '/api/v1/sign-in/oidc', operationId: 'oidcSettings', access: ADMIN,
  summary: 'The company sign-in (OpenID Connect) of the workspace, or null while people join with invite codes only.',
  responses: { 200: { description: 'The settings', schema: OidcSettingsAnswerSchema } },
});
const settingsSave = endpoint({
  method: 'post', path: '/api/v1/sign-in/oidc', operationId: 'saveOidcSettings', access: ADMIN,
  summary: 'Set up or change the company sign-in. The issuer\'s discovery document is read first: nothing is saved unless it is complete (https, with jwks_uri).',
  body: OidcSettingsInputSchema,
  responses: {
    200: { description: 'Saved', schema: OidcSettingsAnswerSchema },
    409: { description: 'Requiring the company sign-in before signing in with it yourself would lock you out' },
    422: { description: 'The issuer cannot be used: unreachable, not https, or its discovery document is incomplete' },
  },
});
const settingsRemove = endpoint({
  method: 'delete', path: '/api/v1/sign-in/oidc', operationId: 'removeOidcSettings', access: ADMIN,
  summary: 'Turn the company sign-in off: people join with invite codes again. Current sign-ins keep working.',
  responses: { 204: { description: 'Turned off' } },
});
const start = endpoint({
  method: 'post', path: '/api/v1/auth/oidc/start', operationId: 'startOidcSignIn', access: 'public',
  summary: 'Start a sign-in with the company account: answers the identity provider\'s address to open (valid ten minutes).',
  body: OidcStartSchema,
  responses: {
    201: { description: 'Where to send the person', schema: OidcStartedSchema },
    422: { description: 'The workspace has no company sign-in' },
    429: { description: 'Too many sign-ins started from this address; wait and try again' },
  },
});
const finish = endpoint({
  method: 'post', path: '/api/v1/auth/oidc/finish', operationId: 'finishOidcSignIn', access: 'public',
  summary: 'Finish a sign-in with the code the identity provider sent back: answers a bearer token, as redeeming an invite code does.',
  body: OidcFinishSchema,
  responses: {
    201: { description: 'Signed in', schema: RedeemResponseSchema },
    401: { description: 'The sign-in is refused: unknown, used or expired, a token that does not check out, or an account from a domain the workspace does not accept' },
    502: { description: 'The identity provider could not be reached' },
  },
});

export const signIn = new Hono<AppEnv>()
  .get('/sign-in/oidc', guard(settingsGet), async (c) => {
    const row = await getOidcSettings(c.env.DB, c.var.caller.workspace.id);
    return c.json({ settings: row ? toOidcSettings(row) : null });
  })
  .post('/sign-in/oidc', guard(settingsSave), validate('json', settingsSave.body), async (c) => {
    const caller = c.var.caller;
    const body = c.req.valid('json');
    const current = await getOidcSettings(c.env.DB, caller.workspace.id);
    const discovered = await discover(body.issuer);
    const secret = body.clientSecret === undefined
      ? (current?.client_secret ?? null)
      : body.clientSecret === null ? null : await sealSecret(body.clientSecret, c.env.STEWARD_LINK_SECRET);
    if (body.requiredForStaff && !(await hasIdentity(c.env.DB, caller.workspace.id, caller.member.id, body.issuer))) {
      throw new ApiError(409, 'conflict',
        'Sign in with your company account yourself first (save these settings without "required", then Connection → Sign in with your company account), so that requiring it cannot lock you out. Then turn it on.',
        { requiredForStaff: 'needs you to have signed in with the company account first' });
    }
    const now = new Date().toISOString();
    const row = {
      workspace_id: caller.workspace.id, issuer: body.issuer, client_id: body.clientId, client_secret: secret,
      allowed_domains: JSON.stringify([...new Set(body.allowedDomains)]), new_member_role: body.newMemberRole,
      required_for_staff: body.requiredForStaff ? 1 : 0, authorization_endpoint: discovered.authorizationEndpoint,
      token_endpoint: discovered.tokenEndpoint, jwks_uri: discovered.jwksUri, updated_at: now, updated_by: caller.member.id,
    };
    await c.env.DB.batch([
      saveOidcSettings(c.env.DB, row),
      audit(c.env.DB, caller.workspace.id, caller, current ? 'sign_in.change' : 'sign_in.set_up', { type: 'workspace', id: caller.workspace.id }, {
        issuer: body.issuer, clientId: body.clientId, allowedDomains: body.allowedDomains, newMemberRole: body.newMemberRole, requiredForStaff: body.requiredForStaff,
      }, now),
    ]);
    return c.json({ settings: toOidcSettings(row) });
  })
  .delete('/sign-in/oidc', guard(settingsRemove), async (c) => {
    const caller = c.var.caller;
    const now = new Date().toISOString();
    await c.env.DB.batch([
      removeOidcSettings(c.env.DB, caller.workspace.id),
      audit(c.env.DB, caller.workspace.id, caller, 'sign_in.remove', { type: 'workspace', id: caller.workspace.id }, {}, now),
    ]);
    return c.body(null, 204);
  })
  .post('/auth/oidc/start', guard(start), validate('json', start.body), async (c) => {
    const count = await hit(c.env.DB, `oidc-start:${c.req.header('cf-connecting-ip') ?? 'local'}`, START_LIMIT.windowMs);
    if (count > START_LIMIT.starts) throw new ApiError(429, 'rate_limited', 'Too many sign-ins were started from your network. Wait ten minutes and try again.');
    const { workspaceId, redirectUri } = c.req.valid('json');
    const settings = await getOidcSettings(c.env.DB, workspaceId);
    if (!settings) {
      throw new ApiError(422, 'unprocessable', 'This workspace does not sign people in with a company account (or there is no such workspace). Connect with the invite code your administrator gave you.',
        { workspaceId: 'has no company sign-in' });
    }
    const [state, nonce, verifier] = [randomToken(), randomToken(), randomToken()];
    const now = new Date();
    const expiresAt = new Date(now.getTime() + FLOW_TTL_MS).toISOString();
    await c.env.DB.batch([
      pruneFlows(c.env.DB, now.toISOString()),
      insertFlow(c.env.DB, {
        state_hash: await sha256Hex(state), workspace_id: workspaceId, nonce, code_verifier: verifier, redirect_uri: redirectUri,
        created_at: now.toISOString(), expires_at: expiresAt,
      }),
    ]);
    const url = authorizationUrl(settings.authorization_endpoint, { clientId: settings.client_id, redirectUri, state, nonce, challenge: await pkceChallenge(verifier) });
    const body: v.InferOutput<typeof OidcStartedSchema> = { authorizationUrl: url, state, expiresAt };
    return c.json(body, 201);
  })
  .post('/auth/oidc/finish', guard(finish), validate('json', finish.body), async (c) => {
    const { state, code } = c.req.valid('json');
    const now = new Date().toISOString();
    const stateHash = await sha256Hex(state);
    const flow = await claimFlow(c.env.DB, stateHash, now);
    if (!flow) {
      const known = await findFlow(c.env.DB, stateHash);
      throw refused(!known
        ? 'Steward did not start this sign-in, or it was tidied away. Start the sign-in again from Steward.'
        : known.used_at
          ? 'This sign-in was already finished once; each one works once. Start the sign-in again from Steward.'
          : 'This sign-in took longer than ten minutes. Start it again from Steward.');
    }
    const [settings, workspace] = await Promise.all([getOidcSettings(c.env.DB, flow.workspace_id), getWorkspace(c.env.DB, flow.workspace_id)]);
    if (!settings || !workspace) throw refused('The company sign-in was turned off for this workspace while you were signing in. Connect with an invite code from your administrator.');

    const clientSecret = settings.client_secret ? await openSecret(settings.client_secret, c.env.STEWARD_LINK_SECRET) : null;
    const idToken = await exchangeCode({
      tokenEndpoint: settings.token_endpoint, clientId: settings.client_id, clientSecret, code, codeVerifier: flow.code_verifier, redirectUri: flow.redirect_uri,
    });
    const identity = await verifyIdToken(idToken, { issuer: settings.issuer, clientId: settings.client_id, jwksUri: settings.jwks_uri, nonce: flow.nonce });
    const email = checkDomain(identity, JSON.parse(settings.allowed_domains) as string[]);

    const result = await signInMember(c, { workspace, issuer: settings.issuer, subject: identity.subject, email, name: identity.name, role: settings.new_member_role, now });
    return c.json(result, 201);
  });

/**
 * The subject maps to one member: the one it signed in as before; else a member an admin
 * invited with the same email (a code before the company sign-in existed, or again after a
 * removal); else a new member with the role the settings give. A removed member is not let
 * back in by their company account alone.
 */
async function signInMember(
  c: Context<AppEnv>,
  p: { workspace: Workspace; issuer: string; subject: string; email: string; name: string | null; role: Role; now: string },
): Promise<v.InferOutput<typeof RedeemResponseSchema>> {
  const db = c.env.DB;
  const linked = await memberOfSubject(db, p.workspace.id, p.issuer, p.subject);
  let member: Member;
  let created: Member | null = null;
  let how: 'again' | 'linked' | 'joined' = 'again';
  if (linked && !linked.member.removed_at) {
    member = toMember(linked.member);
  } else {
    const invited = await unlinkedMemberByEmail(db, p.workspace.id, p.issuer, p.email);
    if (invited) {
      member = toMember(invited);
      how = 'linked';
    } else if (linked) {
      throw refused(`An admin removed you from ${p.workspace.name}. Ask them to invite you again.`);
    } else {
      created = {
        id: crypto.randomUUID(), workspaceId: p.workspace.id, name: (p.name ?? p.email.slice(0, p.email.indexOf('@'))).slice(0, 120), email: p.email,
        role: p.role, providerCompany: null, createdAt: p.now, lastActiveAt: p.now,
      };
      member = created;
      how = 'joined';
    }
  }
  const token = newToken();
  const tokenId = crypto.randomUUID();
  const actor = { member, workspace: p.workspace, tokenId: '' };
  const write = signInStatements(db, {
    workspaceId: p.workspace.id, issuer: p.issuer, subject: p.subject, email: p.email, newMember: created, memberId: member.id,
    identityId: linked?.identity.id ?? crypto.randomUUID(), token: { id: tokenId, hash: await sha256Hex(token) }, now: p.now,
  });
  const results = await db.batch([
    ...write.statements,
    ...(how === 'joined' ? [audit(db, p.workspace.id, actor, 'member.join', { type: 'member', id: member.id }, { role: member.role, via: 'company sign-in' }, p.now)] : []),
    ...(how === 'linked' ? [audit(db, p.workspace.id, actor, 'member.link_account', { type: 'member', id: member.id }, { email: p.email }, p.now)] : []),
  ]);
  if (results[write.tokenAt]?.meta.changes !== 1) throw refused(`An admin removed you from ${p.workspace.name} a moment ago. Ask them to invite you again.`);
  return { token, member: { ...member, lastActiveAt: p.now }, workspace: p.workspace };
}

/**
 * Refuses an invite code for a role that must use the company sign-in in this workspace: the
 * code's role for a new member, the member's own role for a re-issued code.
 */
export async function checkCodeAllowed(db: D1Database, workspace: Workspace, role: Role): Promise<void> {
  if (!STAFF_ROLES.includes(role)) return;
  const settings = await getOidcSettings(db, workspace.id);
  if (settings?.required_for_staff) {
    throw new ApiError(401, 'unauthorized', `${workspace.name} signs its IT staff in with the company account: choose "Sign in with your company account" instead of an invite code.`,
      { code: 'is not accepted for staff in this workspace' });
  }
}

/** Redeems a code an admin re-issued to an existing member: a token for that member, no new member. */
export async function redeemReissued(db: D1Database, invite: MemberInviteRow, workspace: Workspace, now: string): Promise<v.InferOutput<typeof RedeemResponseSchema>> {
  const member = await getMember(db, workspace.id, invite.member_id!);
  if (!member) throw new ApiError(401, 'unauthorized', `This code was for someone who is no longer in ${workspace.name}. Ask your administrator.`, { code: 'is for a removed member' });
  await checkCodeAllowed(db, workspace, member.role);
  const token = newToken();
  const won = await redeemMemberInvite(db, invite, { id: crypto.randomUUID(), hash: await sha256Hex(token) }, now);
  if (!won) throw new ApiError(401, 'unauthorized', 'This invite code has already been used. Each code works once; ask your administrator for a new one.', { code: 'was already used' });
  return { token, member: { ...member, lastActiveAt: now }, workspace };
}

/**
 * A new single-use code for an existing member (a new or lost laptop): earlier re-issued codes
 * stop working, and by default so do the member's current sign-ins. Redeeming it signs the
 * same member in; no second member is made.
 */
export async function reissueSignIn(c: Context<AppEnv>, memberId: string, opts: ReissueSignIn): Promise<InviteCreated> {
  const caller = c.var.caller;
  const db = c.env.DB;
  const member = await getMember(db, caller.workspace.id, memberId);
  if (!member) throw notFound('This member');
  if (STAFF_ROLES.includes(member.role) && (await getOidcSettings(db, caller.workspace.id))?.required_for_staff) {
    throw new ApiError(409, 'conflict',
      `${member.name} signs in with the company account (this workspace requires it for staff), so a code would not work. They choose "Sign in with your company account" on the new browser.`);
  }
  const code = newInviteCode();
  const now = new Date();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000).toISOString();
  const id = crypto.randomUUID();
  const endOthers = opts.endOtherSignIns ?? true;
  await db.batch([
    revokeMemberInvites(db, caller.workspace.id, member.id, at),
    ...(endOthers ? [revokeMemberTokens(db, member.id, at)] : []),
    insertMemberInvite(db, {
      id, workspaceId: caller.workspace.id, memberId: member.id, codeHash: await sha256Hex(normaliseInviteCode(code)), role: member.role, name: member.name,
      email: member.email, providerCompany: member.providerCompany, createdBy: caller.member.id, createdAt: at, expiresAt,
    }),
    audit(db, caller.workspace.id, caller, 'member.sign_in_reissue', { type: 'member', id: member.id }, { endOtherSignIns: endOthers }, at),
  ]);
  return { code, role: member.role, name: member.name, expiresAt };
}
