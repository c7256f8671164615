import { ApiRequestError, NetworkError } from '../../../shared/api/client';
import { errorText } from '../contract/errors';
import type { InboxGroup, InboxView, Notice, SignedIn } from '../contract/messages';
import { isAnswer } from '../contract/outbox-entry';
import { connectionIdOf, connectionItem, outboxItem, providerInboxItem } from '../contract/storage';
import { allConnections, connectionList, liveClient, markRevoked, stateOf } from './connection';

/** Fetches one workspace's inbox into the cache; answers a notice when that failed. */
export async function refreshInbox(connectionId: string, fetchImpl?: typeof fetch): Promise<Notice | undefined> {
  const live = await liveClient(fetchImpl, connectionId);
  if (!live) return undefined;
  try {
    const inbox = await live.client.providerInbox();
    await providerInboxItem.setValue({ ...(await providerInboxItem.getValue()), [connectionId]: { value: inbox, fetchedAt: new Date().toISOString() } });
    return undefined;
  } catch (err) {
    if (err instanceof NetworkError) return { kind: 'offline', message: 'Offline: showing what was last seen. Your answers are kept and sent when Steward is reachable.' };
    if (err instanceof ApiRequestError && err.status === 401) {
      await markRevoked(connectionId);
      return { kind: 'revoked', message: 'Your sign-in is no longer valid. Reconnect in Settings.' };
    }
    return { kind: 'error', message: errorText(err) };
  }
}

/**
 * What the provider's side panel shows: per workspace where this browser is signed in as a
 * provider (the active one, or all of them), the items shared with their company, and the
 * answers still on their way.
 */
export async function inboxView(scope: 'active' | 'all', refresh: boolean, fetchImpl?: typeof fetch): Promise<InboxView> {
  const active = await connectionItem.getValue();
  const activeId = active ? connectionIdOf(active) : null;
  const chosen = (await allConnections()).filter((c) => c.member.role === 'provider' && (scope === 'all' || connectionIdOf(c) === activeId));
  const notices = new Map<string, Notice | undefined>();
  if (refresh) await Promise.all(chosen.map(async (c) => notices.set(connectionIdOf(c), await refreshInbox(connectionIdOf(c), fetchImpl))));
  const [cache, outbox] = await Promise.all([providerInboxItem.getValue(), outboxItem.getValue()]);
  // Re-read: a refresh may have found a sign-in revoked.
  const now = new Map((await allConnections()).map((c) => [connectionIdOf(c), c]));
  const groups: InboxGroup[] = chosen.map((c) => {
    const id = connectionIdOf(c);
    const cached = cache[id];
    return { connection: stateOf(now.get(id) ?? c) as SignedIn, inbox: cached?.value ?? null, fetchedAt: cached?.fetchedAt ?? null, notice: notices.get(id) };
  });
  const ids = new Set(groups.map((g) => g.connection.id));
  return { groups, pending: outbox.filter((e) => isAnswer(e) && ids.has(e.connectionId)), connections: await connectionList() };
}
