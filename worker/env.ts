import type { Member, Workspace } from '../shared/schemas';
import type { ConnectorMessage } from './connector/message';

/** Bindings and configuration of the Worker (wrangler.toml, secrets, .dev.vars). */
export interface Env {
  DB: D1Database;
  /** Secret that lets an operator create workspaces (`wrangler secret put`). */
  STEWARD_OPERATOR_TOKEN?: string;
  /** "true" lets anyone create a workspace without the operator token. */
  STEWARD_OPEN_SIGNUP?: string;
  /** Comma-separated extra browser origins allowed by CORS. */
  STEWARD_ALLOWED_ORIGINS?: string;
  /** The Worker's public address, for links in emails (e.g. https://steward.example.com). */
  STEWARD_PUBLIC_URL?: string;
  /** Signs executives' report links and unsubscribe links (a secret, ≥ 16 characters). */
  STEWARD_LINK_SECRET?: string;
  /** `smtp`, `cloudflare` (the EMAIL binding) or `none`. */
  STEWARD_EMAIL_TRANSPORT?: string;
  STEWARD_EMAIL_FROM?: string;
  STEWARD_EMAIL_FROM_NAME?: string;
  STEWARD_SMTP_HOST?: string;
  STEWARD_SMTP_PORT?: string;
  STEWARD_SMTP_SECURE?: string;
  STEWARD_SMTP_USER?: string;
  STEWARD_SMTP_PASS?: string;
  /** Cloudflare's send_email binding, when the transport is `cloudflare`. */
  EMAIL?: SendEmail;
  /** Seals connector credentials (worker/lib/crypto.ts): `k2:<secret>,k1:<secret>`, newest first. */
  STEWARD_CONNECTOR_KEY?: string;
  /** Private ranges the connector may call: `*` under local development, else IPv4 ranges or host names. */
  STEWARD_CONNECTOR_ALLOW_PRIVATE?: string;
  /** The queue the hourly cron fans connector pulls out on (wrangler.toml). */
  CONNECTOR_QUEUE?: Queue<ConnectorMessage>;
}

/** Who is calling, established by the auth middleware. */
export interface Caller {
  member: Member;
  workspace: Workspace;
  tokenId: string;
}

/**
 * `caller`: who is signed in (set by `guard`/`admit`). `tokenHash`: the bearer token's hash,
 * set by `guard(e, { inRoute: true })` for a route that looks the token up in its own batch.
 */
export type AppEnv = { Bindings: Env; Variables: { caller: Caller; tokenHash: string } };
