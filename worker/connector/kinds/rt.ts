import { basic, callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// Request Tracker's REST 2.0 (built into RT 5): https://docs.bestpractical.com/rt/5.0.3/RT/REST2.html
// A search takes TicketSQL and returns the fields asked for, 100 per page, so tagged tickets
// are read 100 ids to a query (one page each) rather than one request each: RT checks the
// credentials on every request, which costs it more than 50 more ids in one query (half as
// many requests made a pull of 400 tickets about twice as fast; tests/bench/connector-rt.bench.ts).

const FIELDS = 'Subject,Status,Created,LastUpdated,Resolved,Started,Owner,Priority';
const PER_QUERY = 100;

interface RtTicket {
  id: string | number;
  Subject?: string;
  Status?: string;
  Created?: string;
  LastUpdated?: string;
  Resolved?: string;
  Started?: string;
  Owner?: { id?: string; Name?: string } | string;
  Priority?: string;
}
interface RtPage { items: RtTicket[]; page: number; pages: number }

function headers(conn: OpenConnection): Record<string, string> {
  return { authorization: conn.auth === 'basic' ? basic(conn.username ?? '', conn.secret) : `token ${conn.secret}` };
}

function toTicket(conn: OpenConnection, t: RtTicket): ToolTicket {
  const owner = typeof t.Owner === 'string' ? t.Owner : (t.Owner?.Name ?? t.Owner?.id);
  return {
    ticketId: String(t.id),
    url: `${conn.address}/Ticket/Display.html?id=${t.id}`,
    title: textOrUndefined(t.Subject),
    status: textOrUndefined(t.Status, 100),
    createdAt: isoOrUndefined(t.Created),
    updatedAt: isoOrUndefined(t.LastUpdated),
    resolvedAt: isoOrUndefined(t.Resolved),
    // "Nobody" is RT's word for no owner.
    assignee: owner && owner !== 'Nobody' ? textOrUndefined(owner, 200) : undefined,
    priority: textOrUndefined(t.Priority, 50),
  };
}

async function search(conn: OpenConnection, query: string, extra: string, what: string, maxPages = 100): Promise<RtTicket[]> {
  const out: RtTicket[] = [];
  for (let page = 1; ; page++) {
    const url = `${conn.address}/REST/2.0/tickets?query=${encodeURIComponent(query)}&fields=${FIELDS}&fields[Owner]=Name&per_page=100&page=${page}${extra}`;
    const res = await callJson<RtPage>(conn.call, url, { headers: headers(conn), what });
    const items = res?.data.items;
    if (!Array.isArray(items)) return out;
    out.push(...items);
    if (!(page < (res!.data.pages ?? 1)) || page >= maxPages) return out;
  }
}

export const rt: KindModule = {
  kind: 'rt',
  name: 'Request Tracker',
  auths: ['token', 'basic'],
  usernameLabel: 'RT user name',
  tenantOf: (address) => address.host.toLowerCase(),
  concurrency: 4,
  async tickets(conn, ids) {
    const numeric = ids.filter((id) => /^\d+$/.test(id));
    const chunks: string[][] = [];
    for (let i = 0; i < numeric.length; i += PER_QUERY) chunks.push(numeric.slice(i, i + PER_QUERY));
    const found = await mapLimit(chunks, this.concurrency, (chunk) => search(conn, chunk.map((id) => `id = ${id}`).join(' OR '), '', `tickets ${chunk[0]}…`));
    return found.flat().map((t) => toTicket(conn, t));
  },
  async sample(conn) {
    const [t] = await search(conn, 'id > 0', '&orderby=id&order=DESC', 'the newest ticket', 1);
    return t ? toTicket(conn, t) : null;
  },
};
