import { env } from 'cloudflare:workers';
import { generateKeyPair, importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { OidcSettingsAnswer, RedeemResponse, WorkspaceCreated } from '../../shared/schemas';
import { ApiError } from '../../worker/errors';
import { checkDomain, verifyIdToken } from '../../worker/lib/oidc';
import { call, join, json, OPERATOR } from './helpers';
import { changeEmailAtProvider, logInAtProvider } from './oidc-login';

/**
 * Sign-in with the company's identity provider, against a real one: `oidc-provider` on a
 * local port (tests/oidc/provider.mjs, started by global-setup.ts), logged in through its own
 * page as a browser would. Its accounts: alice, carol and dave at acme.test, bob at elsewhere.test.
 */

const ISSUER = env.OIDC_ISSUER;
const REDIRECT = 'https://steward-tests.chromiumapp.org/';
const CLIENT = 'steward-test';

async function workspace(name: string, adminEmail?: string) {
  const created = await json<WorkspaceCreated>(call('/api/v1/workspaces', {
    token: OPERATOR, body: { name, timeZone: 'Europe/Paris', admin: { name: `${name} Admin`, ...(adminEmail ? { email: adminEmail } : {}) } },
  }));
  const admin = await json<RedeemResponse>(call('/api/v1/auth/redeem', { body: { code: created.invite.code } }));
  return { id: created.workspace.id, admin: admin.token, adminMember: admin.member };
}

const settings = (over: Record<string, unknown> = {}) => ({
  issuer: ISSUER, clientId: CLIENT, allowedDomains: ['acme.test'], newMemberRole: 'staff', requiredForStaff: false, ...over,
});

async function setUp(token: string, over: Record<string, unknown> = {}): Promise<OidcSettingsAnswer> {
  const res = await call('/api/v1/sign-in/oidc', { token, body: settings(over) });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<OidcSettingsAnswer>();
}

/** Start → the provider's log-in page as `login` → finish, as the extension does it. */
async function signInAs(workspaceId: string, login: string, tamper?: (url: URL) => void): Promise<Response> {
  const started = await call('/api/v1/auth/oidc/start', { body: { workspaceId, redirectUri: REDIRECT } });
  expect(started.status, await started.clone().text()).toBe(201);
  const { authorizationUrl, state } = await started.json<{ authorizationUrl: string; state: string }>();
  const url = new URL(authorizationUrl);
  tamper?.(url);
  const back = await logInAtProvider(url.href, login);
  expect(back.state).toBe(state);
  return call('/api/v1/auth/oidc/finish', { body: { state: back.state, code: back.code } });
}

async function signedIn(workspaceId: string, login: string): Promise<RedeemResponse> {
  const res = await signInAs(workspaceId, login);
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

const members = async (token: string) => (await json<{ items: Array<{ id: string; name: string; email: string | null; role: string }> }>(call('/api/v1/members', { token }))).items;
const messageOf = async (res: Response) => (await res.json<{ error: { message: string; fields?: Record<string, string> } }>()).error;

describe('an admin sets up the company sign-in', () => {
  it('reads the issuer\'s discovery document and keeps the settings (the client secret only as "there is one")', async () => {
    const ws = await workspace('Setup Co');
    expect(await json(call('/api/v1/sign-in/oidc', { token: ws.admin }))).toEqual({ settings: null });
    const saved = await setUp(ws.admin, { allowedDomains: ['ACME.test', '@acme.test'] });
    expect(saved.settings).toMatchObject({
      issuer: ISSUER, clientId: CLIENT, hasClientSecret: false, allowedDomains: ['acme.test'], newMemberRole: 'staff', requiredForStaff: false, workspaceId: ws.id,
    });
    expect(await json(call('/api/v1/sign-in/oidc', { token: ws.admin }))).toEqual(saved);
    const row = await env.DB.prepare('SELECT authorization_endpoint, token_endpoint, jwks_uri FROM oidc_settings WHERE workspace_id = ?').bind(ws.id).first();
    expect(row).toEqual({ authorization_endpoint: `${ISSUER}/auth`, token_endpoint: `${ISSUER}/token`, jwks_uri: `${ISSUER}/jwks` });
    const audit = await json(call('/api/v1/audit?limit=1', { token: ws.admin }));
    expect(audit.items[0]).toMatchObject({ action: 'sign_in.set_up', detail: { issuer: ISSUER, clientId: CLIENT } });

    // Staff may not read or change it.
    const staff = await join(ws.admin, 'staff', 'Sam Staff');
    expect((await call('/api/v1/sign-in/oidc', { token: staff.token })).status).toBe(403);

    const withSecret = await json(call('/api/v1/sign-in/oidc', { token: ws.admin, body: settings({ clientSecret: 'not-shown-again-0123' }) }));
    expect(withSecret.settings.hasClientSecret).toBe(true);
    expect(JSON.stringify(withSecret)).not.toContain('not-shown-again');
    const stored = await env.DB.prepare('SELECT client_secret FROM oidc_settings WHERE workspace_id = ?').bind(ws.id).first<{ client_secret: string }>();
    expect(stored!.client_secret).toMatch(/^v1\./);
    expect(stored!.client_secret).not.toContain('not-shown-again');
    // The export carries the settings, never the secret (sealed or not).
    const exported = await (await call('/api/v1/export', { token: ws.admin })).text();
    expect(JSON.parse(exported).companySignIn).toMatchObject({ clientId: withSecret.settings.clientId, issuer: withSecret.settings.issuer });
    expect(exported).not.toContain('not-shown-again');
    expect(exported).not.toContain(stored!.client_secret);
    // Absent keeps the secret; null removes it.
    expect((await json(call('/api/v1/sign-in/oidc', { token: ws.admin, body: settings() }))).settings.hasClientSecret).toBe(true);
    expect((await json(call('/api/v1/sign-in/oidc', { token: ws.admin, body: settings({ clientSecret: null }) }))).settings.hasClientSecret).toBe(false);

    expect((await call('/api/v1/sign-in/oidc', { token: ws.admin, method: 'DELETE' })).status).toBe(204);
    expect(await json(call('/api/v1/sign-in/oidc', { token: ws.admin }))).toEqual({ settings: null });
  });

  it('refuses a bad issuer with a message that says what to fix, and saves nothing', async () => {
    const ws = await workspace('Bad Issuer Co');
    const refusal = async (body: Record<string, unknown>, status: number) => {
      const res = await call('/api/v1/sign-in/oidc', { token: ws.admin, body: settings(body) });
      expect(res.status).toBe(status);
      return messageOf(res);
    };
    // Plain http outside this computer.
    const notHttps = await refusal({ issuer: 'http://login.example.com/tenant/v2.0' }, 400);
    expect(notHttps.fields?.issuer).toBe('must start with https:// (plain http:// is accepted only for a server on this computer)');
    // A discovery document that does not say where the signing keys are.
    const noKeys = await refusal({ issuer: `${ISSUER}/no-keys` }, 422);
    expect(noKeys.message).toContain('has no jwks_uri');
    expect(noKeys.message).toContain('Nothing was saved');
    expect(noKeys.fields).toEqual({ issuer: 'publishes no signing keys (jwks_uri)' });
    // The issuer is named differently by the provider itself (a trailing slash).
    const nearMiss = await refusal({ issuer: `${ISSUER}/` }, 422);
    expect(nearMiss.message).toBe(`The identity provider at ${ISSUER}/.well-known/openid-configuration calls itself ${ISSUER}, not ${ISSUER}/. Use exactly ${ISSUER} as the issuer.`);
    expect(nearMiss.fields).toEqual({ issuer: `must be exactly ${ISSUER}` });
    // Not a discovery document at all (the provider's own sign-in page is HTML, or 404 here).
    const notOidc = await refusal({ issuer: `${ISSUER}/interaction` }, 422);
    expect(notOidc.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/interaction\/\.well-known\/openid-configuration answered HTTP 404, not an OpenID Connect discovery document/);
    // A list of domains is needed, and each must be one.
    expect((await refusal({ allowedDomains: [] }, 400)).fields).toEqual({ allowedDomains: 'must list at least one email domain, e.g. example.com' });
    expect((await refusal({ allowedDomains: ['not a domain'] }, 400)).fields).toEqual({ 'allowedDomains.0': 'must be an email domain such as example.com' });
    expect((await refusal({ newMemberRole: 'admin' }, 400)).fields).toEqual({ newMemberRole: 'must be one of: staff, executive' });
    expect(await json(call('/api/v1/sign-in/oidc', { token: ws.admin }))).toEqual({ settings: null });
  });

  it('will not require the company sign-in for staff before the admin has signed in with it', async () => {
    const ws = await workspace('Lockout Co');
    const res = await call('/api/v1/sign-in/oidc', { token: ws.admin, body: settings({ requiredForStaff: true }) });
    expect(res.status).toBe(409);
    expect((await messageOf(res)).message).toMatch(/^Sign in with your company account yourself first/);
    expect(await json(call('/api/v1/sign-in/oidc', { token: ws.admin }))).toEqual({ settings: null });
  });
});

describe('a person signs in with the company account', () => {
  it('joins the workspace with the role the settings give, and later sign-ins are the same member', async () => {
    const ws = await workspace('Join Co');
    await setUp(ws.admin, { newMemberRole: 'executive' });
    const first = await signedIn(ws.id, 'alice');
    expect(first.token).toMatch(/^stw_/);
    expect(first.member).toMatchObject({ name: 'Alice Moreau', email: 'alice@acme.test', role: 'executive', workspaceId: ws.id });
    expect(first.workspace.id).toBe(ws.id);
    expect(await json(call('/api/v1/me', { token: first.token }))).toMatchObject({ member: { id: first.member.id } });
    const again = await signedIn(ws.id, 'alice');
    expect(again.member.id).toBe(first.member.id);
    expect(again.token).not.toBe(first.token);
    expect((await members(ws.admin)).filter((m) => m.name === 'Alice Moreau')).toHaveLength(1);
    const audit = await json(call('/api/v1/audit?limit=20', { token: ws.admin }));
    expect(audit.items.filter((e: { action: string }) => e.action === 'member.join').map((e: { detail: unknown }) => e.detail)).toContainEqual({ role: 'executive', via: 'company sign-in' });
  });

  it('keeps one member when the company changes the person\'s email address', async () => {
    const ws = await workspace('Rename Co');
    await setUp(ws.admin);
    const before = await signedIn(ws.id, 'carol');
    await changeEmailAtProvider('carol', 'carol.diaz-lee@acme.test');
    try {
      const after = await signedIn(ws.id, 'carol');
      expect(after.member.id).toBe(before.member.id);
      expect((await members(ws.admin)).filter((m) => m.name === 'Carol Diaz')).toHaveLength(1);
      const identity = await env.DB.prepare('SELECT email FROM member_identities WHERE member_id = ?').bind(before.member.id).first();
      expect(identity).toEqual({ email: 'carol.diaz-lee@acme.test' });
    } finally {
      await changeEmailAtProvider('carol', 'carol@acme.test');
    }
  });

  it('lands an invited person on the member their invite made, not a second one', async () => {
    const ws = await workspace('Invited Co');
    const invite = await json(call('/api/v1/invites', { token: ws.admin, body: { role: 'admin', name: 'Dave O.', email: 'Dave@Acme.test' } }));
    const joined = await json<RedeemResponse>(call('/api/v1/auth/redeem', { body: { code: invite.code } }));
    await setUp(ws.admin);
    const viaCompany = await signedIn(ws.id, 'dave');
    expect(viaCompany.member).toMatchObject({ id: joined.member.id, role: 'admin', name: 'Dave O.' });
    expect((await members(ws.admin)).map((m) => m.name).sort()).toEqual(['Dave O.', 'Invited Co Admin']);
  });

  it('refuses an account from a domain the workspace does not accept', async () => {
    const ws = await workspace('Domain Co');
    await setUp(ws.admin);
    const res = await signInAs(ws.id, 'bob');
    expect(res.status).toBe(401);
    expect((await messageOf(res)).message).toBe('Your account bob@elsewhere.test is not from a domain this workspace accepts (acme.test). Sign in with your work account, or ask your Steward administrator.');
    expect((await members(ws.admin)).map((m) => m.name)).toEqual(['Domain Co Admin']);
  });

  it('refuses a sign-in whose nonce was changed on the way, one that is finished twice, and one Steward never started', async () => {
    const ws = await workspace('Replay Co');
    await setUp(ws.admin);
    const tampered = await signInAs(ws.id, 'alice', (url) => url.searchParams.set('nonce', 'a-nonce-steward-did-not-make'));
    expect(tampered.status).toBe(401);
    expect((await messageOf(tampered)).message).toBe('This sign-in does not belong to the one Steward started (its nonce differs), so it may have been replayed. Start the sign-in again from Steward.');

    const started = await json(call('/api/v1/auth/oidc/start', { body: { workspaceId: ws.id, redirectUri: REDIRECT } }));
    const back = await logInAtProvider(started.authorizationUrl, 'alice');
    expect((await call('/api/v1/auth/oidc/finish', { body: { state: back.state, code: back.code } })).status).toBe(201);
    const twice = await call('/api/v1/auth/oidc/finish', { body: { state: back.state, code: back.code } });
    expect(twice.status).toBe(401);
    expect((await messageOf(twice)).message).toMatch(/^This sign-in was already finished once/);

    const forged = await call('/api/v1/auth/oidc/finish', { body: { state: 'a-state-nobody-made', code: 'x' } });
    expect(forged.status).toBe(401);
    expect((await messageOf(forged)).message).toMatch(/^Steward did not start this sign-in/);
  });

  it('says so when the workspace has no company sign-in', async () => {
    const ws = await workspace('Codes Only Co');
    const res = await call('/api/v1/auth/oidc/start', { body: { workspaceId: ws.id, redirectUri: REDIRECT } });
    expect(res.status).toBe(422);
    expect((await messageOf(res)).message).toMatch(/^This workspace does not sign people in with a company account/);
  });

  it('sends the client secret to a provider that requires one, and says what the provider answered without it', async () => {
    const ws = await workspace('Secret Co');
    await setUp(ws.admin, { clientId: 'steward-confidential' });
    const without = await signInAs(ws.id, 'alice');
    expect(without.status).toBe(401);
    expect((await messageOf(without)).message).toMatch(/^Your company's identity provider refused to finish the sign-in \(.+\)/);
    await setUp(ws.admin, { clientId: 'steward-confidential', clientSecret: 'test-client-secret-0123456789' });
    expect((await signedIn(ws.id, 'alice')).member.name).toBe('Alice Moreau');
  });

  it('does not let a removed member back in by their company account, until an admin invites them again', async () => {
    const ws = await workspace('Removal Co');
    await setUp(ws.admin);
    const alice = await signedIn(ws.id, 'alice');
    expect((await call(`/api/v1/members/${alice.member.id}`, { token: ws.admin, method: 'DELETE' })).status).toBe(204);
    expect((await call('/api/v1/me', { token: alice.token })).status).toBe(401);
    const refused = await signInAs(ws.id, 'alice');
    expect(refused.status).toBe(401);
    expect((await messageOf(refused)).message).toBe('An admin removed you from Removal Co. Ask them to invite you again.');
    // Invited again (a code, with her address): her company account now signs in that new member.
    const invite = await json(call('/api/v1/invites', { token: ws.admin, body: { role: 'staff', name: 'Alice again', email: 'alice@acme.test' } }));
    const back = await json<RedeemResponse>(call('/api/v1/auth/redeem', { body: { code: invite.code } }));
    expect((await signedIn(ws.id, 'alice')).member.id).toBe(back.member.id);
  });

  it('when required for staff, refuses staff invite codes and re-issued codes, but not providers\'', async () => {
    const ws = await workspace('Required Co', 'alice@acme.test');
    await setUp(ws.admin);
    // The admin signs in with the company account first (linked by her email), then requires it.
    expect((await signedIn(ws.id, 'alice')).member.id).toBe(ws.adminMember.id);
    expect((await setUp(ws.admin, { requiredForStaff: true })).settings?.requiredForStaff).toBe(true);

    const staffInvite = await json(call('/api/v1/invites', { token: ws.admin, body: { role: 'staff', name: 'Code Person' } }));
    const refused = await call('/api/v1/auth/redeem', { body: { code: staffInvite.code } });
    expect(refused.status).toBe(401);
    expect((await messageOf(refused)).message).toBe('Required Co signs its IT staff in with the company account: choose "Sign in with your company account" instead of an invite code.');
    const provider = await join(ws.admin, 'provider', 'Pat Provider', 'Fixit Ltd');
    expect(provider.member.role).toBe('provider');

    const reissued = await call(`/api/v1/members/${ws.adminMember.id}/sign-in`, { token: ws.admin, body: {} });
    expect(reissued.status).toBe(409);
    expect((await messageOf(reissued)).message).toMatch(/signs in with the company account \(this workspace requires it for staff\)/);
  });
});

describe('an admin re-issues a sign-in to a member', () => {
  it('gives a new code that signs in the same member, ends the old sign-ins and earlier codes', async () => {
    const ws = await workspace('Laptop Co');
    const sam = await join(ws.admin, 'staff', 'Sam Reyes');
    const first = await call(`/api/v1/members/${sam.member.id}/sign-in`, { token: ws.admin, body: {} });
    expect(first.status).toBe(201);
    const firstCode = await first.json<{ code: string; role: string; name: string; expiresAt: string }>();
    expect(firstCode).toMatchObject({ role: 'staff', name: 'Sam Reyes', code: expect.stringMatching(/^STW-/) });
    // The lost laptop's sign-in ended at once.
    expect((await call('/api/v1/me', { token: sam.token })).status).toBe(401);
    // A second re-issue makes the first code useless.
    const second = await json(call(`/api/v1/members/${sam.member.id}/sign-in`, { token: ws.admin, body: { endOtherSignIns: false } }));
    const stale = await call('/api/v1/auth/redeem', { body: { code: firstCode.code } });
    expect(stale.status).toBe(401);
    expect((await messageOf(stale)).message).toBe('This invite was withdrawn by your administrator. Ask them for a new one.');

    const back = await json<RedeemResponse>(call('/api/v1/auth/redeem', { body: { code: second.code } }));
    expect(back.member).toMatchObject({ id: sam.member.id, name: 'Sam Reyes', role: 'staff' });
    expect((await json(call('/api/v1/me', { token: back.token }))).member.id).toBe(sam.member.id);
    expect((await members(ws.admin)).map((m) => m.name)).toEqual(['Laptop Co Admin', 'Sam Reyes']);
    // Once used, the code is spent.
    expect((await call('/api/v1/auth/redeem', { body: { code: second.code } })).status).toBe(401);
    const audit = await json(call('/api/v1/audit?limit=5', { token: ws.admin }));
    expect(audit.items.filter((e: { action: string }) => e.action === 'member.sign_in_reissue')).toHaveLength(2);
  });

  it('keeps current sign-ins when asked to, and a code for a member removed since does not work', async () => {
    const ws = await workspace('Second Browser Co');
    const sam = await join(ws.admin, 'staff', 'Sam Reyes');
    const code = await json(call(`/api/v1/members/${sam.member.id}/sign-in`, { token: ws.admin, body: { endOtherSignIns: false } }));
    expect((await call('/api/v1/me', { token: sam.token })).status).toBe(200);
    await call(`/api/v1/members/${sam.member.id}`, { token: ws.admin, method: 'DELETE' });
    const res = await call('/api/v1/auth/redeem', { body: { code: code.code } });
    expect(res.status).toBe(401);
    expect((await messageOf(res)).message).toBe('This code was for someone who is no longer in Second Browser Co. Ask your administrator.');
    expect((await call(`/api/v1/members/${sam.member.id}/sign-in`, { token: ws.admin, body: {} })).status).toBe(404);
  });
});

describe('the ID token checks', () => {
  const check = { issuer: ISSUER, clientId: CLIENT, jwksUri: `${ISSUER}/jwks`, nonce: 'nonce-from-start' };
  const providerKey = () => importJWK(JSON.parse(env.OIDC_SIGNING_KEY), 'RS256');
  const now = () => Math.floor(Date.now() / 1000);

  async function token(over: { aud?: string; iss?: string; nonce?: string; iat?: number; exp?: number; kid?: string; key?: CryptoKey | Uint8Array } = {}) {
    return new SignJWT({ nonce: over.nonce ?? check.nonce, email: 'alice@acme.test', email_verified: true, name: 'Alice Moreau' })
      .setProtectedHeader({ alg: 'RS256', kid: over.kid ?? 'steward-test-key' })
      .setIssuer(over.iss ?? ISSUER)
      .setAudience(over.aud ?? CLIENT)
      .setSubject('alice')
      .setIssuedAt(over.iat ?? now())
      .setExpirationTime(over.exp ?? now() + 300)
      .sign(over.key ?? (await providerKey()));
  }

  async function refusal(idToken: string): Promise<string> {
    const err = await verifyIdToken(idToken, check).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    return (err as ApiError).message;
  }

  it('accepts a token signed by the provider\'s published key, for Steward, with its nonce', async () => {
    expect(await verifyIdToken(await token(), check)).toEqual({ subject: 'alice', email: 'alice@acme.test', emailVerified: true, name: 'Alice Moreau' });
  });

  it('refuses a token for another application', async () => {
    expect(await refusal(await token({ aud: 'another-app' }))).toBe(
      'This sign-in was made for another application, not for Steward (client id steward-test). Ask your Steward administrator to check the client id in the sign-in settings.',
    );
  });

  it('refuses an expired token', async () => {
    expect(await refusal(await token({ iat: now() - 7200, exp: now() - 3600 }))).toBe(
      'This sign-in from your company account has expired. Sign in again; if it keeps happening, tell your Steward administrator.',
    );
  });

  it('refuses a token with another nonce', async () => {
    expect(await refusal(await token({ nonce: 'someone-elses' }))).toMatch(/its nonce differs/);
  });

  it('refuses a token from another issuer', async () => {
    expect(await refusal(await token({ iss: 'https://idp.elsewhere.test' }))).toMatch(/^This sign-in comes from another identity provider than your company's/);
  });

  it('refuses a token signed by a key the provider does not publish, under an unknown or a known key id', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    expect(await refusal(await token({ key: privateKey, kid: 'not-published' }))).toBe(
      'This sign-in is signed with a key your company\'s identity provider does not publish, so Steward cannot trust it. Sign in again; if it keeps happening, tell your Steward administrator.',
    );
    expect(await refusal(await token({ key: privateKey }))).toMatch(/^This sign-in's signature does not match your company's identity provider/);
  });

  it('refuses an email domain the workspace does not accept, and an unverified address', () => {
    const identity = { subject: 'bob', email: 'bob@elsewhere.test', emailVerified: true, name: null };
    expect(() => checkDomain(identity, ['acme.test'])).toThrow('Your account bob@elsewhere.test is not from a domain this workspace accepts (acme.test).');
    expect(() => checkDomain({ ...identity, email: 'bob@acme.test', emailVerified: false }, ['acme.test'])).toThrow(/is not verified by your identity provider/);
    expect(checkDomain({ ...identity, email: 'bob@acme.test' }, ['acme.test'])).toBe('bob@acme.test');
  });
});
