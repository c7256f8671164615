import { hostTenant, subdomainOf, type TicketIdentity, type ToolDetector } from '../types';

// Jira and Jira Service Management. One issue appears as
//   /browse/KEY-123
//   /jira/servicedesk/projects/KEY/queues/custom/1/KEY-123   (also /servicedesk/projects/…)
//   /jira/software/projects/KEY/issues/KEY-123, /projects/KEY/issues/KEY-123
//   /servicedesk/customer/portal/2/KEY-123                    (the request in the portal)
//   any board, backlog or list with ?selectedIssue=KEY-123    (the issue panel is open)
// Boards, queues and lists without a selected issue, /browse/KEY (a project) and the create
// screen are not one issue. Keys are case-insensitive in URLs and shown upper-case.
// ticketId is the key: moving an issue to another project gives it a new key, as Jira does.
const ISSUE_KEY = /^[A-Z][A-Z0-9_]+-[1-9]\d*$/i;
const PORTAL_REQUEST = /^servicedesk\/customer\/portal\/\d+\/[^/]+$/;
// Cloud sites live at {site}.atlassian.net; sites from before that domain still answer at
// {site}.jira.com, the same site under its old name, so both give tenant `{site}`.
const CLOUD_SUFFIXES = ['atlassian.net', 'jira.com'];
const cloudSite = (url: URL) => CLOUD_SUFFIXES.map((suffix) => subdomainOf(url, suffix)).find(Boolean) ?? null;

function issueKey(url: URL): string | null {
  const segments = url.pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  if (last && ISSUE_KEY.test(last)) {
    // Under /projects/{KEY}/… the issue must belong to that project, which keeps other apps'
    // /projects/{name}-2 pages (a Redmine project, say) from passing for an issue.
    const project = last.slice(0, last.lastIndexOf('-')).toLowerCase();
    const inProject = segments.some((s, i) => s === 'projects' && segments[i + 1]?.toLowerCase() === project);
    const inPortal = PORTAL_REQUEST.test(segments.slice(-5).join('/'));
    if (segments[segments.length - 2] === 'browse' || inProject || inPortal) return last.toUpperCase();
  }
  const selected = url.searchParams.get('selectedIssue');
  return selected && ISSUE_KEY.test(selected) ? selected.toUpperCase() : null;
}

/** Jira Cloud: the tenant is the site, `acme` for acme.atlassian.net (and acme.jira.com). */
export const jira: ToolDetector = {
  tool: 'jira',
  selfHosted: false,
  fromUrl(url): TicketIdentity | null {
    const tenant = cloudSite(url);
    const key = tenant ? issueKey(url) : null;
    return tenant && key ? { tenant, ticketId: key } : null;
  },
};

/**
 * Jira Data Center / Server on the company's own host, often under a context path such as
 * /jira. Every page's <head> carries `<meta name="application-name" content="JIRA">` and the
 * classic body has id "jira".
 */
export const jiraDataCenter: ToolDetector = {
  tool: 'jira',
  selfHosted: true,
  fromUrl(url): TicketIdentity | null {
    const host = url.hostname.toLowerCase();
    if (CLOUD_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) return null;
    const key = issueKey(url);
    return key ? { tenant: hostTenant(url), ticketId: key } : null;
  },
  fingerprint(doc) {
    return doc.body?.id === 'jira' || !!doc.querySelector('meta[name="application-name"][content="JIRA"]');
  },
};
