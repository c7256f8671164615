import * as v from 'valibot';
import { HttpUrl, Text } from './common';
import { IsoDateTime } from './ticket';

/**
 * Sign-in with a company's identity provider (OpenID Connect): what an admin sets per
 * workspace, and the two steps the extension takes (start, finish). Invite codes stay the
 * other way in, for providers and for workspaces without a company sign-in.
 */

/** The roles a person gets on their first company sign-in: never admin (an admin makes admins), never provider (providers are another company). */
export const OIDC_NEW_MEMBER_ROLES = ['staff', 'executive'] as const;

/**
 * A host on this computer. The only place an identity provider may be plain http: a provider
 * started for local development or tests. Everywhere else a sign-in travels over https only.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '127.0.0.1' || h === '[::1]';
}

/** https, or http on this computer (see `isLoopbackHost`). */
export function isSecureOrLocal(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

const HTTPS_ONLY = 'must start with https:// (plain http:// is accepted only for a server on this computer)';

/** An email domain such as example.com, lower-cased. */
const EmailDomain = v.pipe(
  v.string('must be text'),
  v.trim(),
  v.toLowerCase(),
  v.transform((d) => d.replace(/^@/, '')),
  v.regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be an email domain such as example.com'),
);

/** What an admin sends to set up (or change) the company sign-in. */
export const OidcSettingsInputSchema = v.strictObject({
  /** The identity provider's issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 or https://accounts.google.com. */
  issuer: v.pipe(HttpUrl(500), v.check(isSecureOrLocal, HTTPS_ONLY)),
  /** The client (application) id registered for Steward at the identity provider. */
  clientId: Text(255),
  /**
   * The client secret, for providers that require one (Google): absent keeps the one stored,
   * null removes it. Stored sealed; never sent back.
   */
  clientSecret: v.optional(v.nullable(v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'must not be empty (send null to remove it)'), v.maxLength(500, 'must be at most 500 characters')))),
  /** Only accounts whose email is at one of these domains may sign in. */
  allowedDomains: v.pipe(
    v.array(EmailDomain, 'must be a list of email domains'),
    v.minLength(1, 'must list at least one email domain, e.g. example.com'),
    v.maxLength(50, 'must list at most 50 domains'),
  ),
  newMemberRole: v.picklist(OIDC_NEW_MEMBER_ROLES, `must be one of: ${OIDC_NEW_MEMBER_ROLES.join(', ')}`),
  /** Admins and staff must sign in with the company account: their invite codes stop working. */
  requiredForStaff: v.boolean('must be true or false'),
});
export type OidcSettingsInput = v.InferOutput<typeof OidcSettingsInputSchema>;

/** The company sign-in as the Worker keeps it (the client secret is only said to exist). */
const OidcSettingsSchema = v.object({
  issuer: v.string(),
  clientId: v.string(),
  hasClientSecret: v.boolean(),
  allowedDomains: v.array(v.string()),
  newMemberRole: v.picklist(OIDC_NEW_MEMBER_ROLES),
  requiredForStaff: v.boolean(),
  /** What people's browsers (or the company policy) name to sign in to this workspace. */
  workspaceId: v.string(),
  updatedAt: IsoDateTime,
});
export type OidcSettings = v.InferOutput<typeof OidcSettingsSchema>;

/** `settings` is null while the workspace signs people in with invite codes only. */
export const OidcSettingsAnswerSchema = v.object({ settings: v.nullable(OidcSettingsSchema) });
export type OidcSettingsAnswer = v.InferOutput<typeof OidcSettingsAnswerSchema>;

/** Step one: the extension says which workspace, and where the identity provider sends the person back. */
export const OidcStartSchema = v.strictObject({
  workspaceId: v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'is required'), v.maxLength(64, 'is not a workspace id')),
  /** The browser's own address for the end of the sign-in (identity.getRedirectURL()). */
  redirectUri: v.pipe(HttpUrl(500), v.check(isSecureOrLocal, HTTPS_ONLY)),
});

/** Where to send the person: the identity provider's page, with everything the Worker needs to finish. */
export const OidcStartedSchema = v.object({
  authorizationUrl: v.string(),
  /** Comes back on the redirect; names this sign-in when finishing it. */
  state: v.string(),
  expiresAt: IsoDateTime,
});
export type OidcStarted = v.InferOutput<typeof OidcStartedSchema>;

/** Step two: what the identity provider sent back. The answer is the same as redeeming an invite code. */
export const OidcFinishSchema = v.strictObject({
  state: v.pipe(v.string('must be text'), v.minLength(1, 'is required'), v.maxLength(200, 'is not a sign-in state')),
  code: v.pipe(v.string('must be text'), v.minLength(1, 'is required'), v.maxLength(4096, 'is too long for an authorization code')),
});

/** A new code for an existing member (a new or lost laptop). */
export const ReissueSignInSchema = v.strictObject({
  /** End the member's current sign-ins now (a lost laptop). Default: yes. */
  endOtherSignIns: v.optional(v.boolean('must be true or false'), true),
});
export type ReissueSignIn = v.InferInput<typeof ReissueSignInSchema>;
