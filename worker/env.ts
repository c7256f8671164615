import type { Member, Workspace } from '../shared/schemas';

/** Bindings and configuration of the Worker (wrangler.toml, secrets, .dev.vars). */
export interface Env {
  DB: D1Database;
  /** Secret that lets an operator create workspaces (`wrangler secret put`). */
  STEWARD_OPERATOR_TOKEN?: string;
  /** "true" lets anyone create a workspace without the operator token. */
  STEWARD_OPEN_SIGNUP?: string;
  /** Comma-separated extra browser origins allowed by CORS. */
  STEWARD_ALLOWED_ORIGINS?: string;
}

/** Who is calling, established by the auth middleware. */
export interface Caller {
  member: Member;
  workspace: Workspace;
  tokenId: string;
}

export type AppEnv = { Bindings: Env; Variables: { caller: Caller } };
