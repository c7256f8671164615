import { positiveId, type TicketIdentity, type ToolDetector } from '../types';

// GitHub Issues: https://github.com/{owner}/{repo}/issues/{n}, and an issue opened in a
// side panel from a project or the issues dashboard, `…?issue={owner}|{repo}|{n}`.
// Pull requests (/pull/{n}) share the issue number space and /issues/{n} redirects to them, so
// they are the same identity.
//
// Key: tenant `{owner}/{repo}`, ticketId `{n}`, both lower-case (GitHub ignores case in
// owner and repo names). Numbers are unique per repository, so the repository is the
// namespace a tenant stands for elsewhere, and the ticketId stays a plain number: `repo#n`
// would put a '#' in `?ticket=` query strings, where an unencoded one ends the URL. A renamed
// or transferred repository starts new keys, as its URLs change.
const ISSUE_PATH = /^\/([a-z0-9-]+)\/([a-z0-9._-]+)\/(?:issues|pull)\/(\d+)(?:\/(?:files|commits|checks))?\/?$/i;
const PANEL_ISSUE = /^([a-z0-9-]+)\|([a-z0-9._-]+)\|(\d+)$/i;
// First path segments that are GitHub's own pages, not owners.
const RESERVED = new Set(['orgs', 'users', 'settings', 'notifications', 'marketplace', 'sponsors', 'apps', 'enterprises']);

function identity(owner: string, repo: string, n: string | undefined): TicketIdentity | null {
  const id = positiveId(n);
  if (!id || RESERVED.has(owner.toLowerCase())) return null;
  return { tenant: `${owner}/${repo}`.toLowerCase(), ticketId: id };
}

export const github: ToolDetector = {
  tool: 'github',
  selfHosted: false,
  fromUrl(url) {
    if (url.hostname.toLowerCase() !== 'github.com') return null;
    const path = ISSUE_PATH.exec(url.pathname);
    if (path) return identity(path[1]!, path[2]!, path[3]);
    const panel = PANEL_ISSUE.exec(url.searchParams.get('issue') ?? '');
    return panel ? identity(panel[1]!, panel[2]!, panel[3]) : null;
  },
};
