import type { Connection, ConnectionAuth, ConnectionKind } from '../../shared/schemas';
import { PUSH_KINDS } from '../../shared/schemas';

/**
 * Connections as stored. This module is the one owner of a connection's row: routes and the
 * connector ask it, and the sealed columns never leave it except to worker/connector/open.ts.
 */
export interface ConnectionRow {
  id: string;
  workspace_id: string;
  kind: ConnectionKind;
  name: string;
  address: string;
  tenant: string;
  auth: ConnectionAuth;
  username: string | null;
  credentials_sealed: string;
  secret_hint: string;
  webhook_sealed: string | null;
  webhook_hint: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  next_try_at: string | null;
  failures: number;
  last_tickets: number | null;
  /** What the last successful read found, in words (migration 0012). */
  last_result: string | null;
  bad_signatures: number;
}

export function toConnection(r: ConnectionRow, publicUrl: string): Connection {
  const push = (PUSH_KINDS as readonly string[]).includes(r.kind);
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    address: r.address,
    tenant: r.tenant,
    auth: r.auth,
    username: r.username,
    secretHint: r.secret_hint,
    webhook: push ? { url: `${publicUrl.replace(/\/+$/, '')}/hooks/${r.id}`, secretHint: r.webhook_hint } : null,
    enabled: r.enabled === 1,
    lastSuccessAt: r.last_success_at,
    lastError: r.last_error_at && r.last_error ? { at: r.last_error_at, message: r.last_error } : null,
    nextTryAt: r.next_try_at,
    lastTickets: r.last_tickets,
    lastResult: r.last_result,
    badSignatures: r.bad_signatures,
    createdAt: r.created_at,
  };
}

export async function listConnections(db: D1Database, workspaceId: string): Promise<ConnectionRow[]> {
  const { results } = await db.prepare('SELECT * FROM connections WHERE workspace_id = ? ORDER BY created_at, id').bind(workspaceId).all<ConnectionRow>();
  return results;
}

export function getConnection(db: D1Database, workspaceId: string, id: string): Promise<ConnectionRow | null> {
  return db.prepare('SELECT * FROM connections WHERE workspace_id = ? AND id = ?').bind(workspaceId, id).first<ConnectionRow>();
}

/** For the queue consumer and webhooks, which know only the id. */
export function connectionById(db: D1Database, id: string): Promise<ConnectionRow | null> {
  return db.prepare('SELECT * FROM connections WHERE id = ?').bind(id).first<ConnectionRow>();
}

export function insertConnection(db: D1Database, r: Omit<ConnectionRow, 'last_success_at' | 'last_error_at' | 'last_error' | 'failures' | 'last_tickets' | 'last_result' | 'bad_signatures'>): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO connections (id, workspace_id, kind, name, address, tenant, auth, username, credentials_sealed, secret_hint, webhook_sealed, webhook_hint, enabled, created_at, updated_at, next_try_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(r.id, r.workspace_id, r.kind, r.name, r.address, r.tenant, r.auth, r.username, r.credentials_sealed, r.secret_hint, r.webhook_sealed, r.webhook_hint, r.enabled, r.created_at, r.updated_at, r.next_try_at);
}

type Changeable = Partial<Pick<ConnectionRow, 'name' | 'address' | 'tenant' | 'auth' | 'username' | 'credentials_sealed' | 'secret_hint' | 'webhook_sealed' | 'webhook_hint' | 'enabled' | 'next_try_at'>>;

export function updateConnection(db: D1Database, workspaceId: string, id: string, change: Changeable, now: string): D1PreparedStatement {
  const cols = Object.keys(change) as (keyof Changeable)[];
  return db
    .prepare(`UPDATE connections SET ${[...cols.map((c) => `${c} = ?`), 'updated_at = ?'].join(', ')} WHERE workspace_id = ? AND id = ?`)
    .bind(...cols.map((c) => change[c] ?? null), now, workspaceId, id);
}

export function deleteConnection(db: D1Database, workspaceId: string, id: string): D1PreparedStatement {
  return db.prepare('DELETE FROM connections WHERE workspace_id = ? AND id = ?').bind(workspaceId, id);
}

/** A pull's outcome on the connection: the facts it had stay; only its state changes. */
export function recordSuccess(db: D1Database, id: string, at: string, tickets: number, result: string, nextTryAt: string): D1PreparedStatement {
  return db
    .prepare('UPDATE connections SET last_success_at = ?, last_tickets = ?, last_result = ?, failures = 0, last_error = NULL, last_error_at = NULL, next_try_at = ? WHERE id = ?')
    .bind(at, tickets, result.slice(0, 500), nextTryAt, id);
}

export function recordFailure(db: D1Database, id: string, at: string, message: string, nextTryAt: string): D1PreparedStatement {
  return db
    .prepare('UPDATE connections SET last_error = ?, last_error_at = ?, failures = failures + 1, next_try_at = ? WHERE id = ?')
    .bind(message.slice(0, 500), at, nextTryAt, id);
}

export function countBadSignature(db: D1Database, id: string, at: string, message: string): D1PreparedStatement {
  return db
    .prepare('UPDATE connections SET bad_signatures = bad_signatures + 1, last_error = ?, last_error_at = ? WHERE id = ?')
    .bind(message.slice(0, 500), at, id);
}

/** Enabled connections whose next try has come, oldest first (the cron puts one message each on the queue). */
export async function dueConnections(db: D1Database, now: string, limit = 5000): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT id FROM connections WHERE enabled = 1 AND (next_try_at IS NULL OR next_try_at <= ?) ORDER BY next_try_at LIMIT ?')
    .bind(now, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** The key prefix of the tickets a connection reads. GitHub: an owner alone covers all its repositories. */
export function keyPrefix(kind: ConnectionKind, tenant: string): string {
  return kind === 'github' && !tenant.includes('/') ? `github:${tenant}/` : `${kind}:${tenant}:`;
}

/** The tagged tickets a connection reads: keys of live annotations under its prefix, with the tenant and id each key holds. */
export async function taggedTickets(db: D1Database, workspaceId: string, kind: ConnectionKind, tenant: string): Promise<Array<{ key: string; tenant: string; ticketId: string }>> {
  const prefix = keyPrefix(kind, tenant);
  const { results } = await db
    .prepare(
      `SELECT DISTINCT ticket_key FROM annotations
        WHERE workspace_id = ? AND deleted_at IS NULL AND ticket_key >= ? AND ticket_key < ? ORDER BY ticket_key`,
    )
    .bind(workspaceId, prefix, `${prefix}\uffff`)
    .all<{ ticket_key: string }>();
  return results.map((r) => {
    const key = r.ticket_key;
    const last = key.lastIndexOf(':');
    return { key, tenant: key.slice(kind.length + 1, last), ticketId: key.slice(last + 1) };
  });
}

/** Whether any live tag of the workspace points at this ticket (webhooks for others are dropped). */
export async function isTagged(db: D1Database, workspaceId: string, key: string): Promise<boolean> {
  return !!(await db.prepare('SELECT 1 AS x FROM annotations WHERE workspace_id = ? AND ticket_key = ? AND deleted_at IS NULL LIMIT 1').bind(workspaceId, key).first());
}

/** Notes a webhook delivery; false when this id was seen before (a replay). */
export async function firstDelivery(db: D1Database, connectionId: string, deliveryId: string, at: string): Promise<boolean> {
  const r = await db.prepare('INSERT INTO connection_deliveries (connection_id, delivery_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').bind(connectionId, deliveryId.slice(0, 200), at).run();
  return r.meta.changes === 1;
}

/** Webhook tools retry a delivery for hours, not weeks: a month of delivery ids is plenty. */
export const DELIVERIES_KEEP_MS = 30 * 24 * 3600_000;

export function pruneDeliveries(db: D1Database, before: string): D1PreparedStatement {
  return db.prepare('DELETE FROM connection_deliveries WHERE received_at < ?').bind(before);
}

/**
 * Connected tools whose reading fails and whose facts are older than a day (or never read),
 * for the report: "facts from Zendesk are 3 days old". A column of the report's one statement
 * (see report-inputs.ts), as a JSON array of [kind, last success]; `ws` and `asOf` are its
 * parameters.
 */
export const staleConnectionsColumn = (ws: string, asOf: string) => `(SELECT json_group_array(json_array(kind, last_success_at)) FROM (
    SELECT kind, MAX(last_success_at) AS last_success_at FROM connections
     WHERE workspace_id = ${ws} AND enabled = 1 AND last_error_at IS NOT NULL AND (last_success_at IS NULL OR last_success_at < last_error_at)
       AND (last_success_at IS NULL OR last_success_at < datetime(${asOf}, '-1 day'))
     GROUP BY kind ORDER BY kind))`;

/** What `staleConnectionsColumn` read, as the report states it. */
export function staleConnectionsOf(json: string, asOf: string): Array<{ tool: ConnectionKind; lastSuccessAt: string | null; days: number | null }> {
  return (JSON.parse(json) as Array<[ConnectionKind, string | null]>).map(([tool, lastSuccessAt]) => ({
    tool, lastSuccessAt,
    days: lastSuccessAt ? Math.floor((Date.parse(asOf) - Date.parse(lastSuccessAt)) / 86_400_000) : null,
  }));
}
