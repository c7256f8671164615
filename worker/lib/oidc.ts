import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isLoopbackHost, isSecureOrLocal } from '../../shared/schemas';
import { ApiError } from '../errors';

/**
 * OpenID Connect, the Worker's side: reading an issuer's discovery document (when an admin
 * saves the company sign-in), exchanging an authorization code (with the PKCE verifier the
 * Worker kept), and checking the ID token with `jose` (signature from the issuer's published
 * keys, issuer, audience, expiry, nonce). Every refusal says what went wrong in words a person
 * can act on.
 */

/** What Steward keeps of a discovery document. */
export interface Discovered {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
}

/** How long Steward waits for the identity provider before saying it does not answer. */
const PROVIDER_TIMEOUT_MS = 10_000;

/** Ten minutes: a person types a password and perhaps a second factor; then the sign-in is stale. */
export const FLOW_TTL_MS = 10 * 60_000;

/** Clocks differ a little between the identity provider and Cloudflare. */
const CLOCK_TOLERANCE_S = 60;

/** The issuer cannot be used: the whole story in the message, a short phrase beside the field. */
const setupError = (message: string, field: string) => new ApiError(422, 'unprocessable', message, { issuer: field });

/** Google and Microsoft are what most companies use; their issuer is the one thing people get wrong. */
const ISSUER_EXAMPLES = 'For Microsoft Entra ID it is https://login.microsoftonline.com/<your tenant id>/v2.0; for Google Workspace, https://accounts.google.com.';

const asText = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * Reads and checks the issuer's discovery document (`/.well-known/openid-configuration`).
 * Nothing is saved unless this succeeds, so a half-configured sign-in cannot exist.
 */
export async function discover(issuer: string, fetchImpl: typeof fetch = fetch): Promise<Discovered> {
  if (!isSecureOrLocal(issuer)) {
    throw setupError(`The issuer ${issuer} is not an https:// address. Sign-ins travel only over https (plain http is accepted only for a server on this computer). ${ISSUER_EXAMPLES}`, 'must start with https://');
  }
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
  } catch {
    throw setupError(`Steward could not reach ${url}. Check the issuer address. ${ISSUER_EXAMPLES}`, 'does not answer');
  }
  if (!res.ok) throw setupError(`${url} answered HTTP ${res.status}, not an OpenID Connect discovery document. Check the issuer address. ${ISSUER_EXAMPLES}`, 'has no OpenID Connect discovery document');
  let doc: Record<string, unknown>;
  try {
    doc = (await res.json()) as Record<string, unknown>;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not an object');
  } catch {
    throw setupError(`${url} did not answer with a discovery document (JSON). Check the issuer address. ${ISSUER_EXAMPLES}`, 'has no OpenID Connect discovery document');
  }
  // The spec requires the document to name exactly the issuer it was fetched for; tokens are
  // checked against that name, so a near miss (a missing /v2.0) would refuse every sign-in later.
  if (doc.issuer !== issuer) {
    throw setupError(`The identity provider at ${url} calls itself ${asText(doc.issuer) ?? '(nothing)'}, not ${issuer}. Use exactly ${asText(doc.issuer) ?? 'its issuer'} as the issuer.`, `must be exactly ${asText(doc.issuer) ?? 'the address the provider names'}`);
  }
  const jwksUri = asText(doc.jwks_uri);
  if (!jwksUri) {
    throw setupError(`The identity provider's discovery document (${url}) has no jwks_uri, the address of its signing keys, so Steward could not check any sign-in from it. Nothing was saved. Check that the issuer is an OpenID Connect provider.`, 'publishes no signing keys (jwks_uri)');
  }
  const authorizationEndpoint = asText(doc.authorization_endpoint);
  const tokenEndpoint = asText(doc.token_endpoint);
  if (!authorizationEndpoint || !tokenEndpoint) {
    throw setupError(`The identity provider's discovery document (${url}) names no ${authorizationEndpoint ? 'token_endpoint' : 'authorization_endpoint'}, which a sign-in needs. Nothing was saved.`, `names no ${authorizationEndpoint ? 'token_endpoint' : 'authorization_endpoint'}`);
  }
  const local = isLoopbackHost(new URL(issuer).hostname);
  for (const [name, address] of [['authorization_endpoint', authorizationEndpoint], ['token_endpoint', tokenEndpoint], ['jwks_uri', jwksUri]] as const) {
    let ok = false;
    try {
      const u = new URL(address);
      ok = u.protocol === 'https:' || (local && u.protocol === 'http:' && isLoopbackHost(u.hostname));
    } catch {}
    if (!ok) throw setupError(`The identity provider's ${name} (${address}) is not an https:// address. Nothing was saved.`, `has a ${name} that is not https://`);
  }
  return { authorizationEndpoint, tokenEndpoint, jwksUri };
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** 256 random bits, base64url: states, nonces and PKCE verifiers. */
export function randomToken(): string {
  return b64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The PKCE S256 challenge of a verifier (RFC 7636 §4.2). */
export async function pkceChallenge(verifier: string): Promise<string> {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function authorizationUrl(endpoint: string, p: { clientId: string; redirectUri: string; state: string; nonce: string; challenge: string }): string {
  const url = new URL(endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', p.state);
  url.searchParams.set('nonce', p.nonce);
  url.searchParams.set('code_challenge', p.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  // No `prompt`: providers differ in which values they support, and refuse the others.
  return url.toString();
}

/** A sign-in Steward refuses: a 401 whose message the person reads in the extension. */
export const refused = (message: string) => new ApiError(401, 'unauthorized', message);

const TRY_AGAIN = 'Sign in again; if it keeps happening, tell your Steward administrator.';

/** Exchanges the authorization code at the token endpoint; answers the ID token. */
export async function exchangeCode(
  p: { tokenEndpoint: string; clientId: string; clientSecret: string | null; code: string; codeVerifier: string; redirectUri: string },
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code', code: p.code, redirect_uri: p.redirectUri, code_verifier: p.codeVerifier, client_id: p.clientId,
  });
  if (p.clientSecret) form.set('client_secret', p.clientSecret);
  let res: Response;
  try {
    res = await fetchImpl(p.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(502, 'bad_gateway', `Steward could not reach your company's identity provider to finish the sign-in. Try again in a moment.`);
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) {
    const said = asText(body?.error_description) ?? asText(body?.error) ?? `HTTP ${res.status}`;
    throw refused(`Your company's identity provider refused to finish the sign-in (${said}). ${TRY_AGAIN}`);
  }
  const idToken = asText(body?.id_token);
  if (!idToken) throw refused(`Your company's identity provider finished the sign-in without an ID token, so Steward cannot tell who you are. Check that the "openid" scope is allowed for Steward's client. ${TRY_AGAIN}`);
  return idToken;
}

/** One key set per address, kept for the isolate's life: keys are fetched again when a token names one not seen yet. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetOf(jwksUri: string) {
  let set = keySets.get(jwksUri);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: PROVIDER_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    keySets.set(jwksUri, set);
  }
  return set;
}

export interface IdTokenCheck {
  issuer: string;
  clientId: string;
  jwksUri: string;
  /** The nonce Steward put in the authorization request. */
  nonce: string;
  /** The moment to check expiry against (tests of time); default now. */
  currentDate?: Date;
}

/** The claims Steward uses, once the token is proven. */
export interface Identity {
  subject: string;
  email: string | null;
  emailVerified: boolean | null;
  name: string | null;
}

/** Turns jose's findings into what happened, for the person signing in. */
function refusalOf(err: unknown, check: IdTokenCheck): ApiError {
  if (err instanceof errors.JWTExpired) return refused(`This sign-in from your company account has expired. ${TRY_AGAIN}`);
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'aud':
        return refused(`This sign-in was made for another application, not for Steward (client id ${check.clientId}). Ask your Steward administrator to check the client id in the sign-in settings.`);
      case 'iss':
        return refused(`This sign-in comes from another identity provider than your company's (${check.issuer}). ${TRY_AGAIN}`);
      case 'nbf':
      case 'iat':
        return refused(`This sign-in is dated in the future. Check that your computer's clock is right, then sign in again.`);
      default:
        return refused(`This sign-in is missing what Steward needs (${err.claim}). ${TRY_AGAIN}`);
    }
  }
  if (err instanceof errors.JWKSNoMatchingKey) {
    return refused(`This sign-in is signed with a key your company's identity provider does not publish, so Steward cannot trust it. ${TRY_AGAIN}`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return refused(`This sign-in's signature does not match your company's identity provider, so Steward cannot trust it. ${TRY_AGAIN}`);
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err instanceof TypeError) {
    return new ApiError(502, 'bad_gateway', `Steward could not read your company's identity provider's signing keys (${check.jwksUri}). Try again in a moment.`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) {
    return refused(`This sign-in is signed in a way Steward does not accept. ${TRY_AGAIN}`);
  }
  return refused(`What came back from your company's identity provider is not a valid sign-in. ${TRY_AGAIN}`);
}

/**
 * Proves an ID token: signed by a key the issuer publishes, issued by the issuer for Steward's
 * client id, not expired, and carrying the nonce of the sign-in Steward started.
 */
export async function verifyIdToken(idToken: string, check: IdTokenCheck): Promise<Identity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySetOf(check.jwksUri), {
      issuer: check.issuer,
      audience: check.clientId,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'exp', 'iat'],
      // Asymmetric signatures only: the keys come from the issuer's published set.
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      ...(check.currentDate ? { currentDate: check.currentDate } : {}),
    }));
  } catch (err) {
    throw refusalOf(err, check);
  }
  // With several audiences the token must say it was issued to Steward (OpenID Connect Core 3.1.3.7).
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== check.clientId) {
    throw refused(`This sign-in was made for another application, not for Steward (client id ${check.clientId}). Ask your Steward administrator to check the client id in the sign-in settings.`);
  }
  if (payload.nonce !== check.nonce) {
    throw refused('This sign-in does not belong to the one Steward started (its nonce differs), so it may have been replayed. Start the sign-in again from Steward.');
  }
  const email = asText(payload.email) ?? (typeof payload.preferred_username === 'string' && payload.preferred_username.includes('@') ? payload.preferred_username.trim() : null);
  return {
    subject: String(payload.sub),
    email: email?.toLowerCase() ?? null,
    emailVerified: typeof payload.email_verified === 'boolean' ? payload.email_verified : null,
    name: asText(payload.name) ?? ([asText(payload.given_name), asText(payload.family_name)].filter(Boolean).join(' ') || null),
  };
}

/** The identity's email domain must be one the workspace accepts; an unverified address proves nothing. */
export function checkDomain(identity: Identity, allowedDomains: string[]): string {
  if (!identity.email) {
    throw refused(`Your company account did not tell Steward its email address, so Steward cannot check it belongs to your company. Ask your Steward administrator to allow the "email" scope for Steward's client.`);
  }
  if (identity.emailVerified === false) {
    throw refused(`Your company account's email address (${identity.email}) is not verified by your identity provider. Verify it there, then sign in again.`);
  }
  const domain = identity.email.slice(identity.email.lastIndexOf('@') + 1);
  if (!allowedDomains.includes(domain)) {
    throw refused(`Your account ${identity.email} is not from a domain this workspace accepts (${allowedDomains.join(', ')}). Sign in with your work account, or ask your Steward administrator.`);
  }
  return identity.email;
}

// The client secret is sealed at rest: AES-GCM with a key derived from STEWARD_LINK_SECRET, so
// a copy of the database alone does not give it away.

async function sealingKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('steward/oidc-client-secret'), info: new Uint8Array() },
    base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'],
  );
}

const NEEDS_SECRET = 'Keeping a client secret needs the STEWARD_LINK_SECRET setting on this Steward server (at least 16 characters): set it with `wrangler secret put STEWARD_LINK_SECRET`, or use a client without a secret (PKCE).';

export async function sealSecret(value: string, secret: string | undefined): Promise<string> {
  if (!secret || secret.length < 16) throw new ApiError(422, 'unprocessable', NEEDS_SECRET, { clientSecret: 'cannot be kept on this server yet' });
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await sealingKey(secret), new TextEncoder().encode(value)));
  return `v1.${b64url(iv)}.${b64url(sealed)}`;
}

const fromB64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

export async function openSecret(sealed: string, secret: string | undefined): Promise<string> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data || !secret) throw new ApiError(500, 'internal', 'The stored client secret cannot be read: STEWARD_LINK_SECRET changed or is missing. An admin saves the client secret again.');
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64url(iv) }, await sealingKey(secret), fromB64url(data));
    return new TextDecoder().decode(plain);
  } catch {
    throw new ApiError(500, 'internal', 'The stored client secret cannot be read: STEWARD_LINK_SECRET changed. An admin saves the client secret again.');
  }
}
