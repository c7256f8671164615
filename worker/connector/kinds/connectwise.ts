import { basic, callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// ConnectWise PSA REST (https://developer.connectwise.com/Products/ConnectWise_PSA/REST):
// GET {site}/v4_6_release/apis/3.0/service/tickets/{id}. Auth: basic "{company}+{public key}"
// / private key (username holds "{company}+{public key}"), plus the `clientId` header (`extra`).

interface CwTicket { id: number; summary?: string; status?: { name?: string }; priority?: { name?: string }; owner?: { name?: string } | null; closedDate?: string; _info?: { dateEntered?: string; lastUpdated?: string } }

const headers = (conn: OpenConnection) => ({ authorization: basic(conn.username ?? '', conn.secret), clientid: conn.extra ?? '' });

function toTicket(conn: OpenConnection, t: CwTicket): ToolTicket {
  return {
    ticketId: String(t.id),
    url: `${conn.address}/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=${t.id}`,
    title: textOrUndefined(t.summary),
    status: textOrUndefined(t.status?.name, 100),
    priority: textOrUndefined(t.priority?.name, 50),
    assignee: textOrUndefined(t.owner?.name, 200),
    createdAt: isoOrUndefined(t._info?.dateEntered),
    updatedAt: isoOrUndefined(t._info?.lastUpdated),
    resolvedAt: isoOrUndefined(t.closedDate),
  };
}

export const connectwise: KindModule = {
  kind: 'connectwise',
  name: 'ConnectWise',
  auths: ['basic'],
  usernameLabel: 'Company id + public key (acme+AbC123)',
  tenantOf: (address) => address.host.toLowerCase(),
  concurrency: 4,
  async tickets(conn, ids) {
    const found = await mapLimit(ids.filter((id) => /^\d+$/.test(id)), this.concurrency, async (id) => {
      const res = await callJson<CwTicket>(conn.call, `${conn.address}/v4_6_release/apis/3.0/service/tickets/${id}`, { headers: headers(conn), what: `ticket #${id}`, notFoundIsNull: true });
      return res ? toTicket(conn, res.data) : null;
    });
    return found.filter((t): t is ToolTicket => !!t);
  },
  async sample(conn) {
    const res = await callJson<CwTicket[]>(conn.call, `${conn.address}/v4_6_release/apis/3.0/service/tickets?orderBy=${encodeURIComponent('_info/lastUpdated desc')}&pageSize=1`, { headers: headers(conn), what: 'the newest ticket' });
    const t = res?.data[0];
    return t ? toTicket(conn, t) : null;
  },
};
