import { basic, callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// Freshservice API v2 (https://api.freshservice.com/v2/#view_a_ticket): one ticket per request;
// status and priority are numbers (2 Open, 3 Pending, 4 Resolved, 5 Closed; 1 Low … 4 Urgent).
// `is_escalated` / `fr_escalated` say the resolution / first-response SLA was missed.
// Auth: the API key as basic auth user, "X" as password.

const STATUS: Record<number, string> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
const PRIORITY: Record<number, string> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };

interface FsTicket { id: number; subject?: string; status?: number; priority?: number; created_at?: string; updated_at?: string; due_by?: string; fr_due_by?: string; is_escalated?: boolean; fr_escalated?: boolean }

const headers = (conn: OpenConnection) => ({ authorization: basic(conn.secret, 'X') });

function toTicket(conn: OpenConnection, t: FsTicket): ToolTicket {
  const breach = [t.fr_escalated ? t.fr_due_by : undefined, t.is_escalated ? t.due_by : undefined].map((d) => isoOrUndefined(d)).filter(Boolean).sort()[0];
  return {
    ticketId: String(t.id),
    url: `${conn.address}/a/tickets/${t.id}`,
    title: textOrUndefined(t.subject),
    status: t.status !== undefined ? (STATUS[t.status] ?? `Status ${t.status}`) : undefined,
    priority: t.priority !== undefined ? PRIORITY[t.priority] : undefined,
    createdAt: isoOrUndefined(t.created_at),
    updatedAt: isoOrUndefined(t.updated_at),
    slaBreachedAt: breach,
  };
}

export const freshservice: KindModule = {
  kind: 'freshservice',
  name: 'Freshservice',
  auths: ['token'],
  tenantOf: (address) => /^([a-z0-9-]+)\.freshservice\.com$/.exec(address.hostname.toLowerCase())?.[1] ?? null,
  tenantHint: 'Give the Freshservice subdomain as the tenant (acme for acme.freshservice.com).',
  concurrency: 4,
  async tickets(conn, ids) {
    const found = await mapLimit(ids.filter((id) => /^\d+$/.test(id)), this.concurrency, async (id) => {
      const res = await callJson<{ ticket: FsTicket }>(conn.call, `${conn.address}/api/v2/tickets/${id}`, { headers: headers(conn), what: `ticket #${id}`, notFoundIsNull: true });
      return res?.data.ticket ? toTicket(conn, res.data.ticket) : null;
    });
    return found.filter((t): t is ToolTicket => !!t);
  },
  async sample(conn) {
    const res = await callJson<{ tickets: FsTicket[] }>(conn.call, `${conn.address}/api/v2/tickets?per_page=1&order_type=desc`, { headers: headers(conn), what: 'the newest ticket' });
    const t = res?.data.tickets?.[0];
    return t ? toTicket(conn, t) : null;
  },
};
