import { callJson, mapLimit } from '../http';
import { isoOrUndefined, textOrUndefined, type KindModule, type OpenConnection, type ToolTicket } from '../types';

// GitHub REST (https://docs.github.com/en/rest/issues/issues#get-an-issue): one issue per
// request. The address is the API's (https://api.github.com, or https://HOST/api/v3 on GitHub
// Enterprise Server); the tenant is the owner (all its repositories) or owner/repo, since
// Steward keys GitHub tickets `github:{owner}/{repo}:{number}`.

interface GhIssue { number: number; title?: string; state?: string; state_reason?: string | null; created_at?: string; updated_at?: string; closed_at?: string | null; assignee?: { login?: string } | null; html_url?: string }

const headers = (conn: OpenConnection) => ({ authorization: `Bearer ${conn.secret}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' });

export function githubTicket(repo: string, i: GhIssue): ToolTicket {
  return {
    ticketId: `${repo}#${i.number}`,
    url: i.html_url ?? `https://github.com/${repo}/issues/${i.number}`,
    title: textOrUndefined(i.title),
    // GitHub says open/closed; "completed" or "not planned" says how it closed.
    status: textOrUndefined(i.state, 100),
    createdAt: isoOrUndefined(i.created_at),
    updatedAt: isoOrUndefined(i.updated_at),
    resolvedAt: isoOrUndefined(i.closed_at ?? undefined),
    assignee: textOrUndefined(i.assignee?.login, 200),
  };
}

export const github: KindModule = {
  kind: 'github',
  name: 'GitHub',
  auths: ['token'],
  tenantOf: () => null,
  tenantHint: 'Give the owner (acme: all its repositories) or one repository (acme/website) as the tenant.',
  concurrency: 4,
  // ids here are "{repo}:{n}"-less: the pull passes "{n}" and the tenant; see pull.ts's key split.
  async tickets(conn, ids) {
    const found = await mapLimit(ids, this.concurrency, async (id) => {
      const m = /^(.+)#(\d+)$/.exec(id);
      const [repo, n] = m ? [m[1]!, m[2]!] : [conn.tenant, id];
      const res = await callJson<GhIssue>(conn.call, `${conn.address}/repos/${repo}/issues/${n}`, { headers: headers(conn), what: `${repo}#${n}`, notFoundIsNull: true });
      return res ? { ...githubTicket(repo, res.data), ticketId: id } : null;
    });
    return found.filter((t): t is ToolTicket => !!t);
  },
  async sample(conn) {
    const owner = conn.tenant.split('/')[0]!;
    const path = conn.tenant.includes('/') ? `/repos/${conn.tenant}/issues?state=all&sort=updated&per_page=1` : `/orgs/${owner}/issues?filter=all&state=all&sort=updated&per_page=1`;
    const res = await callJson<GhIssue[]>(conn.call, `${conn.address}${path}`, { headers: headers(conn), what: `${conn.tenant}'s issues` });
    const i = res?.data[0];
    return i ? { ...githubTicket(conn.tenant, i), ticketId: String(i.number) } : null;
  },
};
