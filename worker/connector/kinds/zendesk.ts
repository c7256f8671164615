import { basic, callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// Zendesk Support API (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/):
// show_many takes up to 100 ids and side-loads the assignees (?include=users); SLA breaches
// and the first reply come from ticket metric events
// (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/), one
// request per ticket. Auth: `{email}/token:{api token}` as basic auth.

interface ZdTicket { id: number; subject?: string; status?: string; priority?: string | null; created_at?: string; updated_at?: string; assignee_id?: number | null }
interface ZdUser { id: number; name?: string }
interface ZdMetricEvent { metric?: string; type?: string; time?: string }

const headers = (conn: OpenConnection) => ({ authorization: basic(`${conn.username ?? ''}/token`, conn.secret) });

function toTicket(conn: OpenConnection, t: ZdTicket, users: Map<number, string>): ToolTicket {
  return {
    ticketId: String(t.id),
    url: `${conn.address}/agent/tickets/${t.id}`,
    title: textOrUndefined(t.subject),
    status: textOrUndefined(t.status, 100),
    createdAt: isoOrUndefined(t.created_at),
    updatedAt: isoOrUndefined(t.updated_at),
    assignee: t.assignee_id ? textOrUndefined(users.get(t.assignee_id), 200) : undefined,
    priority: textOrUndefined(t.priority ?? undefined, 50),
  };
}

/** First breach of any SLA target, and the first reply, from the ticket's metric events (paged by cursor). */
async function metricDates(conn: OpenConnection, id: string): Promise<Pick<ToolTicket, 'slaBreachedAt' | 'firstAnsweredAt'>> {
  let url: string | null = `${conn.address}/api/v2/tickets/${id}/metric_events.json`;
  const events: ZdMetricEvent[] = [];
  for (let page = 0; url && page < 10; page++) {
    const res: { data: { ticket_metric_events?: ZdMetricEvent[]; next_page?: string | null } } | null =
      await callJson(conn.call, url, { headers: headers(conn), what: `ticket #${id}'s metric events`, notFoundIsNull: true });
    events.push(...(res?.data.ticket_metric_events ?? []));
    url = res?.data.next_page ?? null;
  }
  const first = (pred: (e: ZdMetricEvent) => boolean) => events.filter(pred).map((e) => isoOrUndefined(e.time)).filter(Boolean).sort()[0];
  return {
    slaBreachedAt: first((e) => e.type === 'breach'),
    firstAnsweredAt: first((e) => e.metric === 'reply_time' && e.type === 'fulfill'),
  };
}

export const zendesk: KindModule = {
  kind: 'zendesk',
  name: 'Zendesk',
  auths: ['basic'],
  usernameLabel: 'Agent email',
  tenantOf: (address) => /^([a-z0-9-]+)\.zendesk\.com$/.exec(address.hostname.toLowerCase())?.[1] ?? null,
  tenantHint: 'Give the Zendesk subdomain as the tenant (acme for acme.zendesk.com).',
  concurrency: 4,
  async tickets(conn, ids) {
    const chunks: string[][] = [];
    const numeric = ids.filter((id) => /^\d+$/.test(id));
    for (let i = 0; i < numeric.length; i += 100) chunks.push(numeric.slice(i, i + 100));
    const pages = await mapLimit(chunks, 2, async (chunk) => {
      const res = await callJson<{ tickets: ZdTicket[]; users?: ZdUser[] }>(conn.call, `${conn.address}/api/v2/tickets/show_many.json?ids=${chunk.join(',')}&include=users`, { headers: headers(conn), what: 'the tagged tickets' });
      const users = new Map((res?.data.users ?? []).map((u) => [u.id, u.name ?? '']));
      return (res?.data.tickets ?? []).map((t) => toTicket(conn, t, users));
    });
    const found = pages.flat();
    const dates = await mapLimit(found, this.concurrency, (t) => metricDates(conn, t.ticketId));
    return found.map((t, i) => ({ ...t, ...dates[i] }));
  },
  async sample(conn) {
    const res = await callJson<{ tickets: ZdTicket[] }>(conn.call, `${conn.address}/api/v2/tickets.json?page[size]=1&sort=-updated_at`, { headers: headers(conn), what: 'the newest ticket' });
    const t = res?.data.tickets?.[0];
    return t ? toTicket(conn, t, new Map()) : null;
  },
};
