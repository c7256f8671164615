import { callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// Autotask REST (https://www.autotask.net/help/DeveloperHelp/Content/APIs/REST/REST_API_Home.htm):
// GET {zone}/ATServicesRest/V1.0/Tickets/{id} → { item }. Headers UserName, Secret and
// ApiIntegrationCode (`extra`).

/**
 * Status and priority are picklist numbers, in the API's answers and in webhooks alike. These are
 * the Ticket Status defaults a new account starts with (TicketsEntity.htm; shared/tickets/status.ts
 * gives each its category). Ids past 15 are an account's own and differ between accounts (16 is
 * "On Hold" in one, "Work Complete" in another), so they read as "Status 16", reported as a word
 * Steward does not know, rather than guessed.
 */
const STATUS: Record<number, string> = { 1: 'New', 5: 'Complete', 7: 'Waiting Customer', 8: 'In Progress', 9: 'Waiting Materials', 10: 'Dispatched', 11: 'Escalate', 12: 'Waiting Vendor', 13: 'Waiting Approval', 15: 'Change Order' };
const PRIORITY: Record<number, string> = { 1: 'High', 2: 'Medium', 3: 'Low', 4: 'Critical' };

/** A picklist value in words: a number (or a number as text, as webhooks may send it) by the defaults; a word as it is. */
function picklist(names: Record<number, string>, unknown: string, value: unknown, max: number): string | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : null;
  if (n !== null) return names[n] ?? `${unknown} ${n}`;
  return textOrUndefined(value, max);
}
export const autotaskStatus = (value: unknown) => picklist(STATUS, 'Status', value, 100);
export const autotaskPriority = (value: unknown) => picklist(PRIORITY, 'Priority', value, 50);

interface AtTicket { id: number; ticketNumber?: string; title?: string; status?: number; priority?: number; createDate?: string; lastActivityDate?: string; completedDate?: string | null; firstResponseDateTime?: string | null; serviceLevelAgreementHasBeenMet?: boolean | null; resolvedDueDateTime?: string | null }

const headers = (conn: OpenConnection) => ({ username: conn.username ?? '', secret: conn.secret, apiintegrationcode: conn.extra ?? '' });

function toTicket(conn: OpenConnection, t: AtTicket): ToolTicket {
  return {
    ticketId: String(t.id),
    url: `${conn.address}/Mvc/ServiceDesk/TicketDetail.mvc?ticketId=${t.id}`,
    title: textOrUndefined(t.title),
    status: autotaskStatus(t.status),
    priority: autotaskPriority(t.priority),
    createdAt: isoOrUndefined(t.createDate),
    updatedAt: isoOrUndefined(t.lastActivityDate),
    resolvedAt: isoOrUndefined(t.completedDate ?? undefined),
    firstAnsweredAt: isoOrUndefined(t.firstResponseDateTime ?? undefined),
    slaBreachedAt: t.serviceLevelAgreementHasBeenMet === false ? isoOrUndefined(t.resolvedDueDateTime ?? t.completedDate ?? t.lastActivityDate) : undefined,
  };
}

export const autotask: KindModule = {
  kind: 'autotask',
  name: 'Autotask',
  auths: ['basic'],
  usernameLabel: 'API user name',
  tenantOf: (address) => address.host.toLowerCase(),
  concurrency: 3,
  async tickets(conn, ids) {
    const found = await mapLimit(ids.filter((id) => /^\d+$/.test(id)), this.concurrency, async (id) => {
      const res = await callJson<{ item: AtTicket | null }>(conn.call, `${conn.address}/ATServicesRest/V1.0/Tickets/${id}`, { headers: headers(conn), what: `ticket ${id}`, notFoundIsNull: true });
      return res?.data.item ? toTicket(conn, res.data.item) : null;
    });
    return found.filter((t): t is ToolTicket => !!t);
  },
  async sample(conn) {
    const q = encodeURIComponent(JSON.stringify({ MaxRecords: 1, filter: [{ op: 'gt', field: 'id', value: 0 }] }));
    const res = await callJson<{ items: AtTicket[] }>(conn.call, `${conn.address}/ATServicesRest/V1.0/Tickets/query?search=${q}`, { headers: headers(conn), what: 'a ticket' });
    const t = res?.data.items?.[0];
    return t ? toTicket(conn, t) : null;
  },
};
