import { callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// Zammad REST (https://docs.zammad.org/en/latest/api/ticket/index.html): GET
// /api/v1/tickets/{id}?expand=true names state, priority and owner. `escalation_at` in the past
// on an open ticket, or a first response after `first_response_escalation_at`, is an SLA miss.
// Auth: `Authorization: Token token=…`.

interface ZmTicket { id: number; number?: string; title?: string; state?: string; priority?: string; owner?: string; created_at?: string; updated_at?: string; close_at?: string | null; first_response_at?: string | null; first_response_escalation_at?: string | null; escalation_at?: string | null }

const headers = (conn: OpenConnection) => ({ authorization: `Token token=${conn.secret}` });

export function zammadTicket(address: string, t: ZmTicket, now = Date.now()): ToolTicket {
  const firstLate = t.first_response_escalation_at && t.first_response_at && t.first_response_at > t.first_response_escalation_at ? t.first_response_escalation_at : undefined;
  const escalated = t.escalation_at && Date.parse(t.escalation_at) < now ? t.escalation_at : undefined;
  return {
    ticketId: String(t.id),
    url: `${address}/#ticket/zoom/${t.id}`,
    title: textOrUndefined(t.title),
    status: textOrUndefined(t.state, 100),
    priority: textOrUndefined(t.priority, 50),
    assignee: t.owner && t.owner !== '-' ? textOrUndefined(t.owner, 200) : undefined,
    createdAt: isoOrUndefined(t.created_at),
    updatedAt: isoOrUndefined(t.updated_at),
    resolvedAt: isoOrUndefined(t.close_at ?? undefined),
    firstAnsweredAt: isoOrUndefined(t.first_response_at ?? undefined),
    slaBreachedAt: [firstLate, escalated].map((d) => isoOrUndefined(d)).filter(Boolean).sort()[0],
  };
}

export const zammad: KindModule = {
  kind: 'zammad',
  name: 'Zammad',
  auths: ['token'],
  tenantOf: (address) => /^([a-z0-9-]+)\.zammad\.com$/.exec(address.hostname.toLowerCase())?.[1] ?? address.host.toLowerCase(),
  concurrency: 4,
  async tickets(conn, ids) {
    const found = await mapLimit(ids.filter((id) => /^\d+$/.test(id)), this.concurrency, async (id) => {
      const res = await callJson<ZmTicket>(conn.call, `${conn.address}/api/v1/tickets/${id}?expand=true`, { headers: headers(conn), what: `ticket ${id}`, notFoundIsNull: true });
      return res ? zammadTicket(conn.address, res.data) : null;
    });
    return found.filter((t): t is ToolTicket => !!t);
  },
  async sample(conn) {
    const res = await callJson<ZmTicket[]>(conn.call, `${conn.address}/api/v1/tickets?expand=true&per_page=1&sort_by=updated_at&order_by=desc`, { headers: headers(conn), what: 'the newest ticket' });
    const t = res?.data[0];
    return t ? zammadTicket(conn.address, t) : null;
  },
};
