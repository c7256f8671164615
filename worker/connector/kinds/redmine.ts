import { callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// Redmine's REST API: https://www.redmine.org/projects/redmine/wiki/Rest_Issues
// `issue_id=1,2,3` with `status_id=*` lists the tagged issues, closed ones included, 100 a page
// (offset/limit with total_count). Redmine shows anonymous users public projects, so the key is
// checked on /users/current.json, which answers 401 without a valid one.

const PER_QUERY = 100;

interface RmIssue {
  id: number;
  subject?: string;
  status?: { name?: string; is_closed?: boolean };
  priority?: { name?: string };
  assigned_to?: { name?: string };
  created_on?: string;
  updated_on?: string;
  closed_on?: string | null;
}

const headers = (conn: OpenConnection) => ({ 'x-redmine-api-key': conn.secret });

function toTicket(conn: OpenConnection, i: RmIssue): ToolTicket {
  return {
    ticketId: String(i.id),
    url: `${conn.address}/issues/${i.id}`,
    title: textOrUndefined(i.subject),
    status: textOrUndefined(i.status?.name, 100),
    createdAt: isoOrUndefined(i.created_on),
    updatedAt: isoOrUndefined(i.updated_on),
    resolvedAt: isoOrUndefined(i.closed_on),
    assignee: textOrUndefined(i.assigned_to?.name, 200),
    priority: textOrUndefined(i.priority?.name, 50),
  };
}

async function list(conn: OpenConnection, query: string, what: string, maxPages = 100): Promise<RmIssue[]> {
  const out: RmIssue[] = [];
  for (let page = 0; page < maxPages; page++) {
    const res = await callJson<{ issues: RmIssue[]; total_count?: number }>(conn.call, `${conn.address}/issues.json?${query}&limit=${PER_QUERY}&offset=${page * PER_QUERY}`, { headers: headers(conn), what });
    const issues = res?.data.issues;
    if (!Array.isArray(issues)) return out;
    out.push(...issues);
    if (issues.length < PER_QUERY || out.length >= (res!.data.total_count ?? 0)) return out;
  }
  return out;
}

export const redmine: KindModule = {
  kind: 'redmine',
  name: 'Redmine',
  auths: ['token'],
  tenantOf: (address) => address.host.toLowerCase(),
  concurrency: 4,
  async tickets(conn, ids) {
    const numeric = ids.filter((id) => /^\d+$/.test(id));
    const chunks: string[][] = [];
    for (let i = 0; i < numeric.length; i += PER_QUERY) chunks.push(numeric.slice(i, i + PER_QUERY));
    const found = await mapLimit(chunks, this.concurrency, (chunk) => list(conn, `issue_id=${chunk.join(',')}&status_id=*`, `issues ${chunk[0]}…`));
    return found.flat().map((i) => toTicket(conn, i));
  },
  async sample(conn) {
    await callJson(conn.call, `${conn.address}/users/current.json`, { headers: headers(conn), what: 'the signed-in user' });
    const [first] = await list(conn, 'status_id=*&sort=id:desc', 'the newest issue', 1);
    return first ? toTicket(conn, first) : null;
  },
};
