import type { ConnectionKind } from '../../shared/schemas';
import { statusCategory } from '../../shared/tickets/status';
import { connectionById, recordFailure, recordSuccess, taggedTickets, updateConnection, type ConnectionRow } from '../db/connections';
import { planReading, planToolDates, type FactReading, type TicketRow } from '../db/tickets';
import type { Env } from '../env';
import { currentKeyId, keyIdOf, seal, unseal } from '../lib/crypto';
import { ToolError, type ToolCall } from './http';
import { KINDS } from './kinds';
import type { OpenConnection, ToolTicket } from './types';

/** How often a healthy connection is read (the cron runs hourly). */
const EVERY_MS = 3600_000;
/** A failing one backs off: 1 h, 2 h, 4 h … at most a day. */
const backoff = (failures: number) => Math.min(24, 2 ** Math.max(0, failures)) * 3600_000;

export interface CallOptions {
  fetch?: typeof fetch;
  onWait?: (ms: number) => void;
}

/** The credentials as sealed: one JSON value, so a rotation re-seals them at once. */
export interface SealedCredentials {
  secret: string;
  extra?: string;
}

/** Opens a connection's credentials for one pull; they live only in this object. */
async function openConnection(env: Env, row: ConnectionRow, opts: CallOptions = {}): Promise<OpenConnection> {
  const creds = JSON.parse(await unseal(row.credentials_sealed, env.STEWARD_CONNECTOR_KEY, `${row.workspace_id}/${row.id}`)) as SealedCredentials;
  const call: ToolCall = { toolName: KINDS[row.kind].name, allowPrivate: env.STEWARD_CONNECTOR_ALLOW_PRIVATE, fetch: opts.fetch, onWait: opts.onWait };
  return {
    id: row.id, workspaceId: row.workspace_id, kind: row.kind, address: row.address.replace(/\/+$/, ''), tenant: row.tenant,
    auth: row.auth, username: row.username, secret: creds.secret, extra: creds.extra ?? null, call,
  };
}

/** A failure in words for the admin; anything not from the tool is said without its details (they may hold secrets). */
function failureText(err: unknown, kind: ConnectionKind): string {
  if (err instanceof ToolError) return err.message;
  if (err instanceof Error && /STEWARD_CONNECTOR_KEY|stored credentials/.test(err.message)) return err.message;
  return `Reading ${KINDS[kind].name} failed unexpectedly; Steward tries again later.`;
}

/** "Found ticket #12 'Printer jam' — open" */
function describe(t: ToolTicket, kind: ConnectionKind): string {
  const mapped = t.status ? statusCategory(kind, t.status) : null;
  const status = t.status ? ` — ${t.status}${mapped && mapped.category !== t.status.toLowerCase() ? ` (${mapped.category})` : ''}` : '';
  return `Found ticket #${t.ticketId}${t.title ? ` '${t.title}'` : ''}${status}`;
}

/** *Test connection*: one real call, its result in words. Changes no facts. */
export async function testConnection(env: Env, row: ConnectionRow, opts: CallOptions = {}): Promise<{ ok: boolean; message: string }> {
  const mod = KINDS[row.kind];
  try {
    const conn = await openConnection(env, row, opts);
    const t = await mod.sample(conn);
    return t
      ? { ok: true, message: `${describe(t, row.kind)}. ${mod.name} answers and the credentials work.` }
      : { ok: true, message: `${mod.name} answers and the credentials work; it has no tickets these credentials may read yet.` };
  } catch (err) {
    return { ok: false, message: failureText(err, row.kind) };
  }
}

export interface PullResult {
  ok: boolean;
  message: string;
  /** Tagged tickets the tool was asked about. */
  tickets: number;
  /** Tickets whose facts changed. */
  changed: number;
  /** On a transient failure: seconds after which trying again makes sense. */
  retryAfter?: number;
  transient?: boolean;
}

/** A tool's answer about one ticket, as a reading of the facts model (the same path as pages). */
function readingOf(kind: ConnectionKind, key: string, tenant: string, t: ToolTicket, source: 'api' | 'webhook', now: string): FactReading {
  return {
    key, tool: kind, tenant, ticketId: t.ticketId, url: t.url, title: t.title, status: t.status, createdAt: t.createdAt,
    updatedAt: t.updatedAt, assignee: t.assignee, priority: t.priority,
    // The tool's own time of the last change; the reading time only when the tool gives none.
    at: t.updatedAt ?? now, atKind: t.updatedAt ? 'happened' : 'seen', source, seenBy: null,
  };
}

/** Current rows of some tickets (facts are read and written per workspace). */
async function currentRows(db: D1Database, workspaceId: string, keys: string[]): Promise<Map<string, TicketRow>> {
  const out = new Map<string, TicketRow>();
  for (let i = 0; i < keys.length; i += 500) {
    const { results } = await db
      .prepare('SELECT t.* FROM json_each(?) k JOIN tickets t ON t.workspace_id = ? AND t.ticket_key = k.value')
      .bind(JSON.stringify(keys.slice(i, i + 500)), workspaceId)
      .all<TicketRow>();
    for (const r of results) out.set(r.ticket_key, r);
  }
  return out;
}

/** Applies tool answers to the facts model; returns how many tickets changed. */
export async function applyTickets(
  db: D1Database, workspaceId: string, kind: ConnectionKind, found: Array<{ key: string; tenant: string; ticket: ToolTicket }>, source: 'api' | 'webhook', now: string,
): Promise<number> {
  if (!found.length) return 0;
  const rows = await currentRows(db, workspaceId, found.map((f) => f.key));
  const statements: D1PreparedStatement[] = [];
  let changed = 0;
  for (const f of found) {
    const plan = planReading(db, workspaceId, rows.get(f.key) ?? null, readingOf(kind, f.key, f.tenant, f.ticket, source, now), now);
    rows.set(f.key, plan.next);
    statements.push(...plan.statements);
    const dates = planToolDates(db, workspaceId, f.key, f.ticket);
    if (dates) statements.push(dates);
    if (plan.changed) changed++;
  }
  // D1 takes a batch as one transaction; keep each well under its statement limits.
  for (let i = 0; i < statements.length; i += 200) await db.batch(statements.slice(i, i + 200));
  return changed;
}

/**
 * Reads a connection's tagged tickets from the tool and merges them into the facts. A
 * failure keeps every fact already known, and is noted on the connection with its next try.
 */
export async function pullConnection(env: Env, row: ConnectionRow, now = new Date(), opts: CallOptions = {}): Promise<PullResult> {
  const at = now.toISOString();
  const mod = KINDS[row.kind];
  const tagged = await taggedTickets(env.DB, row.workspace_id, row.kind, row.tenant);
  try {
    const conn = await openConnection(env, row, opts);
    await resealIfRotated(env, row, conn);
    // GitHub's tenant is a repository, and one connection may cover all of an owner's.
    const askId = (t: { tenant: string; ticketId: string }) => (row.kind === 'github' ? `${t.tenant}#${t.ticketId}` : t.ticketId);
    const byId = new Map(tagged.map((t) => [askId(t).toLowerCase(), t]));
    const answers = tagged.length ? await mod.tickets(conn, tagged.map(askId)) : [];
    const found = answers.flatMap((ticket) => {
      const t = byId.get(ticket.ticketId.toLowerCase());
      return t ? [{ key: t.key, tenant: t.tenant, ticket: { ...ticket, ticketId: t.ticketId } }] : [];
    });
    const changed = await applyTickets(env.DB, row.workspace_id, row.kind, found, 'api', at);
    const missing = tagged.length - found.length;
    const message = `Read ${found.length} of ${tagged.length} tagged ticket${tagged.length === 1 ? '' : 's'} from ${mod.name}; ${changed} changed.${missing ? ` ${missing} ${missing === 1 ? 'was' : 'were'} not found (deleted or moved, or these credentials may not see ${missing === 1 ? 'it' : 'them'}).` : ''}`;
    await recordSuccess(env.DB, row.id, at, tagged.length, message, new Date(now.getTime() + EVERY_MS).toISOString()).run();
    return { ok: true, tickets: tagged.length, changed, message };
  } catch (err) {
    const message = failureText(err, row.kind);
    const tool = err instanceof ToolError ? err : null;
    const wait = tool?.retryAfter ? tool.retryAfter * 1000 : backoff(row.failures);
    await recordFailure(env.DB, row.id, at, message, new Date(now.getTime() + Math.max(wait, 60_000)).toISOString()).run();
    if (!tool) console.error(JSON.stringify({ event: 'connector.pull_failed', connection: row.id, kind: row.kind, error: err instanceof Error ? err.name : 'unknown' }));
    return { ok: false, message, tickets: tagged.length, changed: 0, retryAfter: tool?.retryAfter, transient: tool?.transient ?? !tool };
  }
}

/** After a key rotation: credentials still under an older key are sealed again with the newest. */
async function resealIfRotated(env: Env, row: ConnectionRow, conn: OpenConnection): Promise<void> {
  const current = currentKeyId(env.STEWARD_CONNECTOR_KEY);
  if (!current || keyIdOf(row.credentials_sealed) === current) return;
  const change: Parameters<typeof updateConnection>[3] = {
    credentials_sealed: await seal(JSON.stringify({ secret: conn.secret, ...(conn.extra ? { extra: conn.extra } : {}) } satisfies SealedCredentials), env.STEWARD_CONNECTOR_KEY, `${row.workspace_id}/${row.id}`),
  };
  if (row.webhook_sealed) {
    const hook = await unseal(row.webhook_sealed, env.STEWARD_CONNECTOR_KEY, `${row.workspace_id}/${row.id}/hook`);
    change.webhook_sealed = await seal(hook, env.STEWARD_CONNECTOR_KEY, `${row.workspace_id}/${row.id}/hook`);
  }
  await updateConnection(env.DB, row.workspace_id, row.id, change, new Date().toISOString()).run();
}

/** Pull by id (the queue consumer). Null when the connection is gone or turned off. */
export async function pullById(env: Env, id: string, now = new Date(), opts: CallOptions = {}): Promise<PullResult | null> {
  const row = await connectionById(env.DB, id);
  if (row?.enabled !== 1) return null;
  return pullConnection(env, row, now, opts);
}
