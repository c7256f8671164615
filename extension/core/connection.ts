import { ApiRequestError, createClient, NetworkError, type StewardClient } from '../../shared/api/client';
import type { ConnectionState } from './messages';
import { MessageError } from './messages';
import { connectionItem, type Connection } from './storage';

export const DEFAULT_WORKER_URL = 'http://127.0.0.1:8787';

export function stateOf(conn: Connection | null): ConnectionState {
  if (!conn) return { status: 'disconnected' };
  const { workerUrl, member, workspace } = conn;
  return { status: conn.revokedAt ? 'revoked' : 'connected', workerUrl, member, workspace };
}

export async function connectionState(): Promise<ConnectionState> {
  return stateOf(await connectionItem.getValue());
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

/** Signs in with an invite code: checks the address answers as Steward, then redeems. */
export async function connect(workerUrl: string, code: string, fetchImpl?: typeof fetch): Promise<ConnectionState> {
  const base = normaliseWorkerUrl(workerUrl);
  const anonymous = createClient({ baseUrl: base, fetch: fetchImpl });
  try {
    await anonymous.health();
  } catch (err) {
    if (err instanceof NetworkError) {
      throw new MessageError('network', `Nothing answers at ${base}. Check the address and your connection.`, { workerUrl: 'does not answer' });
    }
    throw new MessageError('not_steward', `${base} does not answer like a Steward server. Check the address.`, { workerUrl: 'is not a Steward server' });
  }
  try {
    const { token, member, workspace } = await anonymous.redeem(code);
    await connectionItem.setValue({ workerUrl: base, token, member, workspace });
    return stateOf(await connectionItem.getValue());
  } catch (err) {
    throw toMessageError(err);
  }
}

/** Signs out: the Worker revokes the token (best effort when offline), then we forget it. */
export async function disconnect(fetchImpl?: typeof fetch): Promise<ConnectionState> {
  const conn = await connectionItem.getValue();
  if (conn && !conn.revokedAt) {
    await createClient({ baseUrl: conn.workerUrl, token: conn.token, fetch: fetchImpl }).signOut().catch(() => undefined);
  }
  await connectionItem.setValue(null);
  return { status: 'disconnected' };
}

/** An API client for the live connection, or null when not connected (or revoked). */
export async function liveClient(fetchImpl?: typeof fetch): Promise<{ client: StewardClient; conn: Connection } | null> {
  const conn = await connectionItem.getValue();
  if (!conn || conn.revokedAt) return null;
  return { conn, client: createClient({ baseUrl: conn.workerUrl, token: conn.token, fetch: fetchImpl }) };
}

/** The Worker refused our token: keep who we were (to show it) but stop using the token. */
export async function markRevoked(): Promise<void> {
  const conn = await connectionItem.getValue();
  if (conn && !conn.revokedAt) await connectionItem.setValue({ ...conn, revokedAt: new Date().toISOString() });
}

export function toMessageError(err: unknown): MessageError {
  if (err instanceof MessageError) return err;
  if (err instanceof ApiRequestError) return new MessageError(err.code, err.message, err.fields);
  if (err instanceof NetworkError) return new MessageError('network', err.message);
  return new MessageError('internal', err instanceof Error ? err.message : String(err));
}
