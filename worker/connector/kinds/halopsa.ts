import { callJson, mapLimit, ToolError } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// HaloPSA API (https://halopsa.com/apidoc/): OAuth client credentials at {base}/auth/token
// (scope "read:tickets"), then GET {base}/api/Tickets/{id}. `slastate` "O" means the fix-by
// target was missed.

interface HaloTicket { id: number; summary?: string; status_name?: string; status_id?: number; priority_name?: string; agent_name?: string; dateoccurred?: string; lastactiondate?: string; responsedate?: string; fixbydate?: string; slastate?: string; dateclosed?: string }

const tokens = new Map<string, { token: string; until: number }>();

async function bearer(conn: OpenConnection): Promise<Record<string, string>> {
  const cached = tokens.get(conn.id);
  if (cached && cached.until > Date.now()) return { authorization: `Bearer ${cached.token}` };
  const res = await callJson<{ access_token?: string; expires_in?: number }>(conn.call, `${conn.address}/auth/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, what: 'an access token',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: conn.username ?? '', client_secret: conn.secret, scope: 'read:tickets' }).toString(),
  });
  const token = res?.data.access_token;
  if (!token) throw new ToolError('HaloPSA gave no access token for this client id and secret: check the API application.', 'auth');
  tokens.set(conn.id, { token, until: Date.now() + Math.max(60, (res!.data.expires_in ?? 3600) - 60) * 1000 });
  return { authorization: `Bearer ${token}` };
}

function toTicket(conn: OpenConnection, t: HaloTicket): ToolTicket {
  return {
    ticketId: String(t.id),
    url: `${conn.address}/ticket?id=${t.id}`,
    title: textOrUndefined(t.summary),
    status: textOrUndefined(t.status_name, 100),
    priority: textOrUndefined(t.priority_name, 50),
    assignee: textOrUndefined(t.agent_name, 200),
    createdAt: isoOrUndefined(t.dateoccurred),
    updatedAt: isoOrUndefined(t.lastactiondate),
    firstAnsweredAt: isoOrUndefined(t.responsedate),
    resolvedAt: isoOrUndefined(t.dateclosed),
    slaBreachedAt: t.slastate === 'O' ? isoOrUndefined(t.fixbydate) : undefined,
  };
}

export const halopsa: KindModule = {
  kind: 'halopsa',
  name: 'HaloPSA',
  auths: ['oauth'],
  usernameLabel: 'Client id',
  tenantOf: (address) => /^([a-z0-9-]+)\.halopsa\.com$/.exec(address.hostname.toLowerCase())?.[1] ?? null,
  tenantHint: 'Give the HaloPSA subdomain as the tenant (acme for acme.halopsa.com).',
  concurrency: 4,
  async tickets(conn, ids) {
    const auth = await bearer(conn);
    const found = await mapLimit(ids.filter((id) => /^\d+$/.test(id)), this.concurrency, async (id) => {
      const res = await callJson<HaloTicket>(conn.call, `${conn.address}/api/Tickets/${id}`, { headers: auth, what: `ticket ${id}`, notFoundIsNull: true });
      return res ? toTicket(conn, res.data) : null;
    });
    return found.filter((t): t is ToolTicket => !!t);
  },
  async sample(conn) {
    const res = await callJson<{ tickets?: HaloTicket[] }>(conn.call, `${conn.address}/api/Tickets?page_size=1&pageinate=true&order=lastactiondate&orderdesc=true`, { headers: await bearer(conn), what: 'the newest ticket' });
    const t = res?.data.tickets?.[0];
    return t ? toTicket(conn, t) : null;
  },
};
