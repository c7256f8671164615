import * as v from 'valibot';
import { HttpUrl, OptionalText } from './common';
import { IsoDateTime, type ToolId } from './ticket';

/**
 * Connections (issue 13): a workspace's access to a ticket tool's own API, and for tools that
 * push, the webhook it calls. Credentials travel in once and never come back: the answers
 * carry only "…last 4".
 */

/** The tools Steward can read through their API (each is also a ticket tool id). */
export const CONNECTION_KINDS = [
  'rt', 'redmine', 'zendesk', 'jira', 'github', 'freshservice', 'servicenow', 'connectwise', 'autotask', 'halopsa', 'zammad',
] as const satisfies readonly ToolId[];
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** Tools that call Steward back (webhooks); the others are only pulled. */
export const PUSH_KINDS = ['github', 'zendesk', 'jira', 'autotask', 'zammad', 'connectwise'] as const satisfies readonly ConnectionKind[];

/**
 * How Steward signs in to the tool: `token` (one secret: API key, token), `basic` (a user name
 * or email and a password or API token), `oauth` (client id and secret, client-credentials grant).
 */
const CONNECTION_AUTHS = ['token', 'basic', 'oauth'] as const;
export type ConnectionAuth = (typeof CONNECTION_AUTHS)[number];

const Secret = (what: string) =>
  v.pipe(v.string('must be text'), v.trim(), v.minLength(4, `must be the whole ${what} (at least 4 characters)`), v.maxLength(4000, 'must be at most 4000 characters'));

const CredentialsSchema = v.strictObject({
  auth: v.picklist(CONNECTION_AUTHS, `must be one of: ${CONNECTION_AUTHS.join(', ')}`),
  /** The user name, email or client id that goes with the secret (not secret itself; shown back). */
  username: OptionalText(255),
  /** The API token, password, API key or client secret. Stored encrypted; never shown again. */
  secret: Secret('secret'),
  /**
   * A second value some tools need: ConnectWise's clientId, Autotask's API integration code,
   * ConnectWise's private key goes in `secret` with the public key as `username`. Stored encrypted.
   */
  extra: v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(500, 'must be at most 500 characters'))),
});

export const ConnectionCreateSchema = v.strictObject({
  kind: v.picklist(CONNECTION_KINDS, `must be one of: ${CONNECTION_KINDS.join(', ')}`),
  /** The tool's address: https://acme.zendesk.com, https://rt.example.com/rt, https://github.com/acme. */
  address: HttpUrl(500),
  name: OptionalText(100),
  /**
   * The tenant as Steward's ticket keys name it, when the address does not say it: GitHub's
   * owner (all its repositories) or owner/repo; a tool reached through a Cloudflare Tunnel
   * hostname: the host staff open in their browser.
   */
  tenant: OptionalText(255),
  credentials: CredentialsSchema,
  /** For tools that sign webhooks with a secret they make (Zendesk): paste it here. Others get one from Steward. */
  webhookSecret: v.optional(Secret('webhook secret')),
});
export type ConnectionCreate = v.InferOutput<typeof ConnectionCreateSchema>;

export const ConnectionPatchSchema = v.strictObject({
  address: v.optional(HttpUrl(500)),
  name: OptionalText(100),
  tenant: OptionalText(255),
  credentials: v.optional(CredentialsSchema),
  webhookSecret: v.optional(Secret('webhook secret')),
  /** A new webhook secret made by Steward (shown once), for push tools. */
  newWebhookSecret: v.optional(v.literal(true)),
  enabled: v.optional(v.boolean('must be true or false')),
});
export type ConnectionPatch = v.InferOutput<typeof ConnectionPatchSchema>;

const ConnectionSchema = v.object({
  id: v.string(),
  kind: v.picklist(CONNECTION_KINDS),
  name: v.string(),
  address: v.string(),
  /** The tickets this connection reads: those whose key has this tool and tenant. */
  tenant: v.string(),
  auth: v.picklist(CONNECTION_AUTHS),
  username: v.nullable(v.string()),
  /** "…f3a9": the end of the stored secret, so an admin can tell which one it is. */
  secretHint: v.nullable(v.string()),
  /** For push tools: the address to paste into the tool, and the end of its secret. */
  webhook: v.nullable(v.object({ url: v.string(), secretHint: v.nullable(v.string()) })),
  enabled: v.boolean(),
  lastSuccessAt: v.nullable(IsoDateTime),
  lastError: v.nullable(v.object({ at: IsoDateTime, message: v.string() })),
  nextTryAt: v.nullable(IsoDateTime),
  /** Tagged tickets read on the last successful pull. */
  lastTickets: v.nullable(v.number()),
  /** What the last successful pull found, in words: "Read 12 of 12 tagged tickets from Zendesk; 3 changed." */
  lastResult: v.nullable(v.string()),
  /** Webhook calls refused for a bad or missing signature. */
  badSignatures: v.number(),
  createdAt: IsoDateTime,
});
export type Connection = v.InferOutput<typeof ConnectionSchema>;

export const ConnectionListSchema = v.object({ items: v.array(ConnectionSchema) });

/** A connection just made or changed; `webhookSecret` only when Steward made a new one (shown once). */
export const ConnectionSavedSchema = v.object({ connection: ConnectionSchema, webhookSecret: v.nullable(v.string()) });
export type ConnectionSaved = v.InferOutput<typeof ConnectionSavedSchema>;

/** What *Test connection* found, in words: "Found ticket #12 'Printer jam' — open", or what is wrong. */
export const ConnectionTestSchema = v.object({ ok: v.boolean(), message: v.string() });

/**
 * What *Check now* did. Normally it puts the connection on the connector queue (`queued`), like
 * the hourly run, so a connection with thousands of tagged tickets is never read inside a
 * request: its last success or last error changes when the read is done. A deployment without
 * the queue reads at once (`queued: false`, `ok` and the message say how it went).
 */
export const ConnectionCheckSchema = v.object({
  queued: v.boolean(),
  ok: v.boolean(),
  message: v.string(),
  connection: ConnectionSchema,
});
export type ConnectionCheck = v.InferOutput<typeof ConnectionCheckSchema>;
