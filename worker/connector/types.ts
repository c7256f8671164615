import type { ConnectionAuth, ConnectionKind } from '../../shared/schemas';
import type { ToolCall } from './http';

/** What a tool's API says about one ticket, in Steward's words. Absent fields were not given. */
export interface ToolTicket {
  ticketId: string;
  url: string;
  title?: string;
  status?: string;
  createdAt?: string;
  updatedAt?: string;
  assignee?: string;
  priority?: string;
  firstAnsweredAt?: string;
  resolvedAt?: string;
  /** When the tool says its own SLA was breached (first breach). */
  slaBreachedAt?: string;
}

/** A connection with its credentials opened, ready to call the tool. Lives only for one pull. */
export interface OpenConnection {
  id: string;
  workspaceId: string;
  kind: ConnectionKind;
  /** The address without a trailing slash. */
  address: string;
  tenant: string;
  auth: ConnectionAuth;
  username: string | null;
  secret: string;
  extra: string | null;
  call: ToolCall;
}

export interface KindModule {
  kind: ConnectionKind;
  /** The tool's name in messages. */
  name: string;
  auths: readonly ConnectionAuth[];
  /** What a connection's username means here, for the admin's form ("Email", "API user"). */
  usernameLabel?: string;
  /** The tenant of the tickets an address serves (as the extension keys them), or null with `tenantHint` saying what to give. */
  tenantOf(address: URL): string | null;
  tenantHint?: string;
  /** Tickets at once per connection (kept low: tools rate-limit per account). */
  concurrency: number;
  /** The tagged tickets by id: found ones in any order; missing ones left out. */
  tickets(conn: OpenConnection, ids: string[]): Promise<ToolTicket[]>;
  /** Some ticket the credentials may read (the newest), for *Test connection*; null when there is none yet. */
  sample(conn: OpenConnection): Promise<ToolTicket | null>;
}

/** A date the tool gave, as ISO 8601 UTC; unset dates (RT's 1970, empty) are absent. */
export function isoOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t) || t < Date.UTC(2000, 0, 1)) return undefined;
  return new Date(t).toISOString();
}

/** A short text field, or undefined. */
export function textOrUndefined(value: unknown, max = 500): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a tool's text reaches email headers and pages; control characters go
  const t = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return t ? t.slice(0, max) : undefined;
}
