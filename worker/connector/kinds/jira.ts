import { basic, callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// Jira Cloud platform REST v3: POST /rest/api/3/search/jql pages by nextPageToken
// (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post).
// Jira Service Management SLAs: GET /rest/servicedeskapi/request/{key}/sla, paged by start/limit
// (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-sla-get).
// Auth: email + API token as basic auth.

interface JiraIssue {
  key: string;
  fields?: {
    summary?: string; status?: { name?: string }; created?: string; updated?: string; resolutiondate?: string | null;
    assignee?: { displayName?: string } | null; priority?: { name?: string } | null;
  };
}
interface SlaCycle { breached?: boolean; breachTime?: { iso8601?: string }; stopTime?: { iso8601?: string } }
interface SlaValue { name?: string; completedCycles?: SlaCycle[]; ongoingCycle?: SlaCycle | null }

const FIELDS = ['summary', 'status', 'created', 'updated', 'resolutiondate', 'assignee', 'priority'];
const headers = (conn: OpenConnection) => ({ authorization: basic(conn.username ?? '', conn.secret), 'content-type': 'application/json' });

function toTicket(conn: OpenConnection, i: JiraIssue): ToolTicket {
  const f = i.fields ?? {};
  return {
    ticketId: i.key,
    url: `${conn.address}/browse/${i.key}`,
    title: textOrUndefined(f.summary),
    status: textOrUndefined(f.status?.name, 100),
    createdAt: isoOrUndefined(f.created),
    updatedAt: isoOrUndefined(f.updated),
    resolvedAt: isoOrUndefined(f.resolutiondate ?? undefined),
    assignee: textOrUndefined(f.assignee?.displayName, 200),
    priority: textOrUndefined(f.priority?.name, 50),
  };
}

async function search(conn: OpenConnection, jql: string, maxResults: number, maxPages: number): Promise<JiraIssue[]> {
  const out: JiraIssue[] = [];
  let nextPageToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await callJson<{ issues?: JiraIssue[]; nextPageToken?: string; isLast?: boolean }>(conn.call, `${conn.address}/rest/api/3/search/jql`, {
      method: 'POST', headers: headers(conn), body: JSON.stringify({ jql, fields: FIELDS, maxResults, ...(nextPageToken ? { nextPageToken } : {}) }), what: 'the tagged issues',
    });
    out.push(...(res?.data.issues ?? []));
    nextPageToken = res?.data.nextPageToken;
    if (!nextPageToken || res?.data.isLast) break;
  }
  return out;
}

/** The first SLA breach Jira Service Management reports; a plain Jira project (404) has none. */
async function slaBreach(conn: OpenConnection, key: string): Promise<string | undefined> {
  const times: string[] = [];
  for (let start = 0, page = 0; page < 10; page++) {
    const res = await callJson<{ values?: SlaValue[]; isLastPage?: boolean; size?: number }>(conn.call, `${conn.address}/rest/servicedeskapi/request/${encodeURIComponent(key)}/sla?start=${start}&limit=50`, {
      headers: headers(conn), what: `${key}'s SLAs`, notFoundIsNull: true,
    });
    if (!res) return undefined;
    for (const sla of res.data.values ?? []) {
      for (const c of [...(sla.completedCycles ?? []), ...(sla.ongoingCycle ? [sla.ongoingCycle] : [])]) {
        const at = c.breached ? isoOrUndefined(c.breachTime?.iso8601 ?? c.stopTime?.iso8601) : undefined;
        if (at) times.push(at);
      }
    }
    if (res.data.isLastPage !== false) break;
    start += res.data.size ?? 50;
  }
  return times.sort()[0];
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;

export const jira: KindModule = {
  kind: 'jira',
  name: 'Jira',
  auths: ['basic'],
  usernameLabel: 'Atlassian account email',
  tenantOf: (address) => /^([a-z0-9-]+)\.(?:atlassian\.net|jira\.com)$/.exec(address.hostname.toLowerCase())?.[1] ?? null,
  tenantHint: 'Give the Jira site as the tenant (acme for acme.atlassian.net).',
  concurrency: 4,
  async tickets(conn, ids) {
    const keys = ids.map((id) => id.toUpperCase()).filter((id) => ISSUE_KEY.test(id));
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += 100) chunks.push(keys.slice(i, i + 100));
    const found = (await mapLimit(chunks, 2, (chunk) => search(conn, `key in (${chunk.join(',')})`, 50, 20))).flat().map((i) => toTicket(conn, i));
    const breaches = await mapLimit(found, this.concurrency, (t) => slaBreach(conn, t.ticketId));
    return found.map((t, i) => ({ ...t, slaBreachedAt: breaches[i] }));
  },
  async sample(conn) {
    const [first] = await search(conn, 'order by updated DESC', 1, 1);
    return first ? toTicket(conn, first) : null;
  },
};
