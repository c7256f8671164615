import { storage } from '#imports';
import { ApiRequestError, createClient, NetworkError, type StewardClient } from '../../../shared/api/client';
import { errorText, MessageError } from '../contract/errors';
import type { ConnectionList, ConnectionState, SignedIn } from '../contract/messages';
import { connectionIdOf, connectionItem, otherConnectionsItem, type Connection } from '../contract/storage';
import { inTurn } from './in-turn';
import { checkConnectionAllowed } from './managed-policy';
import { adoptUnassigned } from './outbox';
import { switchWorkspace } from './ticket-cache';

export function stateOf(conn: Connection | null): ConnectionState {
  if (!conn) return { status: 'disconnected' };
  const { workerUrl, member, workspace } = conn;
  return { status: conn.revokedAt ? 'revoked' : 'connected', id: connectionIdOf(conn), workerUrl, member, workspace };
}

export async function connectionState(): Promise<ConnectionState> {
  return stateOf(await connectionItem.getValue());
}

/** Every workspace this browser is signed in to, the active one first. */
export async function allConnections(): Promise<Connection[]> {
  const [active, others] = await Promise.all([connectionItem.getValue(), otherConnectionsItem.getValue()]);
  return active ? [active, ...others] : others;
}

export async function connectionById(id: string): Promise<Connection | null> {
  return (await allConnections()).find((c) => connectionIdOf(c) === id) ?? null;
}

/** What pages may know of every signed-in workspace (no tokens), the active one first. */
export async function connectionList(): Promise<ConnectionList> {
  const [active, others] = await Promise.all([connectionItem.getValue(), otherConnectionsItem.getValue()]);
  return { activeId: active ? connectionIdOf(active) : null, items: [...(active ? [active] : []), ...others].map((c) => stateOf(c) as SignedIn) };
}

// Connections are read and written together (the active one and the others): one change at a
// time, so a revocation noticed mid-switch is not lost to the switch's write.
const serial = inTurn();
function change<T>(fn: (active: Connection | null, others: Connection[]) => Promise<{ active: Connection | null; others: Connection[]; result: T }>): Promise<T> {
  return serial(async () => {
    const [active, others] = await Promise.all([connectionItem.getValue(), otherConnectionsItem.getValue()]);
    const next = await fn(active, others);
    if (JSON.stringify([next.active, next.others]) === JSON.stringify([active, others])) return next.result;
    const switched = (active ? connectionIdOf(active) : null) !== (next.active ? connectionIdOf(next.active) : null);
    const writes = [{ item: connectionItem, value: next.active }, { item: otherConnectionsItem, value: next.others }];
    // The tags cached per ticket are the active workspace's (the badge reads them as they are).
    if (switched) await switchWorkspace(writes);
    else await storage.setItems(writes);
    return next.result;
  });
}

/** Checks the address a person typed and returns it normalised (no trailing slash). */
export function normaliseWorkerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new MessageError('validation_failed', 'Enter the full Steward address, e.g. https://steward.example.com.', { workerUrl: 'must be a full address starting with https://' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new MessageError('validation_failed', 'The Steward address must start with https://.', { workerUrl: 'must start with https://' });
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Checks that the address answers as Steward (the connect step's first call). */
export async function checkWorker(base: string, fetchImpl?: typeof fetch): Promise<void> {
  try {
    await createClient({ baseUrl: base, fetch: fetchImpl }).health();
  } catch (err) {
    if (err instanceof NetworkError) {
      throw new MessageError('network', `Nothing answers at ${base}. Check the address and your connection.`, { workerUrl: 'does not answer' });
    }
    throw new MessageError('not_steward', `${base} does not answer like a Steward server. Check the address.`, { workerUrl: 'is not a Steward server' });
  }
}

/**
 * Signs in with an invite code: checks the address answers as Steward, then redeems. The new
 * sign-in becomes the active one; a workspace signed in to before is replaced (a new invite
 * after a revocation), and other workspaces stay signed in.
 */
export async function connect(workerUrl: string, code: string, fetchImpl?: typeof fetch): Promise<ConnectionState> {
  const base = normaliseWorkerUrl(workerUrl);
  await checkConnectionAllowed(base);
  await checkWorker(base, fetchImpl);
  let made: Connection;
  try {
    const { token, member, workspace } = await createClient({ baseUrl: base, fetch: fetchImpl }).redeem(code);
    made = { workerUrl: base, token, member, workspace };
  } catch (err) {
    throw toMessageError(err);
  }
  return adopt(made, fetchImpl);
}

/**
 * Keeps a new sign-in (an invite code redeemed, or the company sign-in finished) as the active
 * connection, replacing an earlier one to the same workspace. A workspace the company's policy
 * does not allow is signed out of again at once.
 */
export async function adopt(made: Connection, fetchImpl?: typeof fetch): Promise<ConnectionState> {
  try {
    await checkConnectionAllowed(made.workerUrl, made.workspace.id);
  } catch (err) {
    await createClient({ baseUrl: made.workerUrl, token: made.token, fetch: fetchImpl }).signOut().catch(() => undefined);
    throw err;
  }
  const id = connectionIdOf(made);
  await change(async (active, others) => ({
    active: made,
    others: [...(active ? [active] : []), ...others].filter((c) => connectionIdOf(c) !== id),
    result: undefined,
  }));
  await adoptUnassigned(id);
  return stateOf(made);
}

/** Makes another signed-in workspace the active one. */
export async function switchConnection(id: string): Promise<ConnectionState> {
  return change(async (active, others) => {
    const chosen = others.find((c) => connectionIdOf(c) === id);
    if (!chosen) {
      if (active && connectionIdOf(active) === id) return { active, others, result: stateOf(active) };
      throw new MessageError('not_found', 'This browser is not signed in to that workspace any more. Connect to it again with an invite code.');
    }
    return { active: chosen, others: [...(active ? [active] : []), ...others.filter((c) => c !== chosen)], result: stateOf(chosen) };
  });
}

/**
 * Signs out of one workspace (default: the active one): the Worker revokes the token (best
 * effort when offline), then it is forgotten. Another signed-in workspace, if any, becomes
 * the active one. Answers the active connection afterwards.
 */
export async function disconnect(fetchImpl?: typeof fetch, id?: string): Promise<ConnectionState> {
  const all = await allConnections();
  const target = id ? all.find((c) => connectionIdOf(c) === id) : all[0];
  if (target && !target.revokedAt) {
    await createClient({ baseUrl: target.workerUrl, token: target.token, fetch: fetchImpl }).signOut().catch(() => undefined);
  }
  if (!target) return connectionState();
  const gone = connectionIdOf(target);
  return change(async (active, others) => {
    const rest = [...(active ? [active] : []), ...others].filter((c) => connectionIdOf(c) !== gone);
    const stays = active && connectionIdOf(active) !== gone ? active : (rest[0] ?? null);
    return { active: stays, others: rest.filter((c) => c !== stays), result: stateOf(stays) };
  });
}

/** An API client for a connection (default: the active one), or null when there is none or it was revoked. */
export async function liveClient(fetchImpl?: typeof fetch, id?: string): Promise<{ client: StewardClient; conn: Connection; id: string } | null> {
  const conn = id ? await connectionById(id) : await connectionItem.getValue();
  if (!conn || conn.revokedAt) return null;
  return { conn, id: connectionIdOf(conn), client: createClient({ baseUrl: conn.workerUrl, token: conn.token, fetch: fetchImpl }) };
}

/** The Worker refused a token (default: the active one's): keep who we were (to show it) but stop using the token. */
export async function markRevoked(id?: string): Promise<void> {
  await change(async (active, others) => {
    const target = id ?? (active ? connectionIdOf(active) : null);
    const revoke = (c: Connection) => (connectionIdOf(c) === target && !c.revokedAt ? { ...c, revokedAt: new Date().toISOString() } : c);
    return { active: active && revoke(active), others: others.map(revoke), result: undefined };
  });
}

export function toMessageError(err: unknown): MessageError {
  if (err instanceof MessageError) return err;
  if (err instanceof ApiRequestError) return new MessageError(err.code, err.message, err.fields);
  if (err instanceof NetworkError) return new MessageError('network', err.message);
  return new MessageError('internal', errorText(err));
}
