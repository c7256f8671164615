import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The cloud tools' APIs, served from fixtures written from each vendor's documentation
 * (fixtures/README.md names the pages). Addresses look like
 * `{lab}/tools/{mode}/{the tool's own API path}`, where mode is:
 * - `ok`: answers as the tool does;
 * - `slow`: the first call to each path answers 429 with `Retry-After: 1`, later ones as `ok`;
 * - `busy`: always 429 with `Retry-After: 120` (longer than the connector waits inline);
 * - `html`: a sign-in web page instead of JSON (a wrong address);
 * - `huge`: a 10 MB JSON answer.
 * `/connectwise/signing-key` answers the key a ConnectWise callback is signed with (any mode).
 * Each tool's own authentication is checked: the secret is `good-secret`; anything else is 401
 * as that tool words it. Requests are counted per path (GET /tools/_calls) for the tests.
 */

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const GOOD = 'good-secret';

const calls = new Map<string, number>();

function basicParts(header: string | undefined): [string, string] | null {
  const m = /^Basic (.+)$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? null : [text.slice(0, i), text.slice(i + 1)];
}

function authorised(tool: string, req: http.IncomingMessage): boolean {
  const h = req.headers;
  const b = basicParts(h.authorization);
  switch (tool) {
    case 'zendesk': return !!b && b[0].endsWith('/token') && b[1] === GOOD;
    case 'jira': case 'servicenow': return !!b && b[1] === GOOD;
    case 'freshservice': return !!b && b[0] === GOOD;
    case 'connectwise': return !!b && b[1] === GOOD && !!h.clientid;
    case 'autotask': return h.secret === GOOD && !!h.apiintegrationcode;
    case 'halopsa': return h.authorization === 'Bearer halo-access-token-1';
    case 'zammad': return h.authorization === `Token token=${GOOD}`;
    case 'github': return h.authorization === `Bearer ${GOOD}`;
    default: return false;
  }
}

const UNAUTHORISED: Record<string, unknown> = {
  zendesk: { error: "Couldn't authenticate you" },
  jira: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
  freshservice: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
  servicenow: { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' },
  connectwise: { code: 'Unauthorized', message: 'Authentication failed.' },
  autotask: { errors: ['Unauthorized'] },
  halopsa: { error: 'invalid_client' },
  zammad: { error: 'Invalid token!' },
  github: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
};

/** Which tool an API path belongs to. */
function toolOf(p: string): string | null {
  if (p.startsWith('/api/v2/tickets') && p.includes('.json')) return 'zendesk';
  if (p.startsWith('/rest/')) return 'jira';
  if (p.startsWith('/api/v2/tickets')) return 'freshservice';
  if (p.startsWith('/api/now/') || p === '/oauth_token.do') return 'servicenow';
  if (p.startsWith('/v4_6_release/')) return 'connectwise';
  if (p.startsWith('/ATServicesRest/')) return 'autotask';
  if (p.startsWith('/api/Tickets') || p === '/auth/token') return 'halopsa';
  if (p.startsWith('/api/v1/tickets')) return 'zammad';
  if (p.startsWith('/repos/') || p.startsWith('/orgs/')) return 'github';
  return null;
}

function githubIssue(repo: string, n: number): unknown | null {
  // GitHub's recorded webhook payloads carry the same issue object its REST API answers.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const examples = JSON.parse(fs.readFileSync(path.join(DIR, '../../../node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as Array<{ name: string; examples: Array<{ action: string; issue: { number: number }; repository: { full_name: string } }> }>;
  const opened = examples.find((e) => e.name === 'issues')!.examples.find((e) => e.action === 'opened' && e.repository.full_name.toLowerCase() === repo && e.issue.number === n);
  return opened?.issue ?? null;
}

/** The answer for one API call in `ok` mode: [status, body, headers?]. */
function answer(tool: string, p: string, url: URL, body: string, base: string): [number, unknown] {
  switch (tool) {
    case 'zendesk': {
      if (p === '/api/v2/tickets/show_many.json') {
        const ids = (url.searchParams.get('ids') ?? '').split(',');
        const all = JSON.parse(fixture('zendesk/show_many.json'));
        return [200, { ...all, tickets: all.tickets.filter((t: { id: number }) => ids.includes(String(t.id))) }];
      }
      const m = /^\/api\/v2\/tickets\/(\d+)\/metric_events\.json$/.exec(p);
      if (m?.[1] === '1051') {
        if (url.searchParams.get('page') === '2') return [200, JSON.parse(fixture('zendesk/metric_events_1051_page2.json'))];
        return [200, JSON.parse(fixture('zendesk/metric_events_1051_page1.json').replace('NEXT_PAGE_URL', `${base}${p}?page=2`))];
      }
      if (m) return [200, { ticket_metric_events: [], next_page: null, count: 0 }];
      if (p === '/api/v2/tickets.json') return [200, { tickets: JSON.parse(fixture('zendesk/show_many.json')).tickets.slice(0, 1), meta: { has_more: true } }];
      break;
    }
    case 'jira': {
      if (p === '/rest/api/3/search/jql') {
        const q = JSON.parse(body || '{}') as { jql?: string; nextPageToken?: string; maxResults?: number };
        const page = q.nextPageToken === 'page-2-token' ? 'jira/search_page2.json' : 'jira/search_page1.json';
        const data = JSON.parse(fixture(page));
        if ((q.maxResults ?? 50) <= 1) return [200, { issues: data.issues, isLast: true }];
        return [200, data];
      }
      const sla = /^\/rest\/servicedeskapi\/request\/([A-Z0-9-]+)\/sla$/.exec(p);
      if (sla?.[1] === 'SUP-1') return [200, JSON.parse(fixture('jira/sla_SUP-1.json'))];
      if (sla) return [404, { errorMessage: 'Request does not exist or you do not have permission to see it.' }];
      break;
    }
    case 'freshservice': {
      if (p === '/api/v2/tickets/77') return [200, JSON.parse(fixture('freshservice/ticket_77.json'))];
      if (p === '/api/v2/tickets') return [200, { tickets: [JSON.parse(fixture('freshservice/ticket_77.json')).ticket] }];
      break;
    }
    case 'servicenow': {
      const inc = JSON.parse(fixture('servicenow/incident.json'));
      if (p === `/api/now/table/incident/${inc.result.sys_id}`) return [200, inc];
      if (p === '/api/now/table/task_sla') return [200, JSON.parse(fixture('servicenow/task_sla.json'))];
      if (p === '/api/now/table/incident') return [200, { result: [inc.result] }];
      break;
    }
    case 'connectwise': {
      if (p === '/v4_6_release/apis/3.0/service/tickets/4821') return [200, JSON.parse(fixture('connectwise/ticket_4821.json'))];
      if (p === '/v4_6_release/apis/3.0/service/tickets') return [200, [JSON.parse(fixture('connectwise/ticket_4821.json'))]];
      break;
    }
    case 'autotask': {
      if (p === '/ATServicesRest/V1.0/Tickets/31') return [200, JSON.parse(fixture('autotask/ticket_31.json'))];
      if (p === '/ATServicesRest/V1.0/Tickets/query') return [200, { items: [JSON.parse(fixture('autotask/ticket_31.json')).item], pageDetails: { count: 1 } }];
      // Autotask answers an unknown id with `item: null`.
      if (/^\/ATServicesRest\/V1\.0\/Tickets\/\d+$/.test(p)) return [200, { item: null }];
      break;
    }
    case 'halopsa': {
      if (p === '/api/Tickets/512') return [200, JSON.parse(fixture('halopsa/ticket_512.json'))];
      if (p === '/api/Tickets') return [200, { record_count: 1, tickets: [JSON.parse(fixture('halopsa/ticket_512.json'))] }];
      break;
    }
    case 'zammad': {
      if (p === '/api/v1/tickets/9') return [200, JSON.parse(fixture('zammad/ticket_9.json'))];
      if (p === '/api/v1/tickets') return [200, [JSON.parse(fixture('zammad/ticket_9.json'))]];
      break;
    }
    case 'github': {
      const m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)$/.exec(p);
      const issue = m ? githubIssue(m[1]!.toLowerCase(), Number(m[2])) : null;
      if (issue) return [200, issue];
      if (/^\/repos\/[^/]+\/[^/]+\/issues$/.test(p) || /^\/orgs\/[^/]+\/issues$/.test(p)) return [200, [githubIssue('codertocat/hello-world', 1)]];
      return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue' }];
    }
  }
  return [404, tool === 'jira' ? { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } : { error: 'RecordNotFound', description: 'Not found' }];
}

export function handleFixture(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) {
  const json = (status: number, data: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(data));
  };
  if (url.pathname === '/tools/_calls') return json(200, Object.fromEntries(calls));
  const m = /^\/tools\/(ok|slow|busy|html|huge)(\/.*)$/.exec(url.pathname);
  if (!m) return json(404, { error: `no tool mode in ${url.pathname}` });
  const [, mode, p] = m as unknown as [string, string, string];
  const count = (calls.get(`${mode}${p}`) ?? 0) + 1;
  calls.set(`${mode}${p}`, count);
  // A ConnectWise callback's signing key, fetched from the address in its Metadata.key_url (no sign-in).
  if (p === '/connectwise/signing-key') return json(200, JSON.parse(fixture('connectwise/signing_key.json')));
  if (mode === 'html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>Sign in</title></head><body><form>Sign in to continue</form></body></html>');
    return;
  }
  if (mode === 'huge') {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = `"${'x'.repeat(1024 * 1024 - 4)}",`;
    res.write('{"tickets":[');
    for (let i = 0; i < 10; i++) res.write(chunk);
    res.end('"end"]}');
    return;
  }
  if (mode === 'busy') return json(429, { error: 'TooManyRequests', description: 'Rate limit exceeded' }, { 'retry-after': '120' });
  if (mode === 'slow' && count === 1) return json(429, { error: 'TooManyRequests', description: 'Rate limit exceeded' }, { 'retry-after': '1' });
  const tool = toolOf(p);
  if (!tool) return json(404, { error: `no tool answers ${p}` });
  if (tool === 'halopsa' && p === '/auth/token') {
    const form = new URLSearchParams(body);
    return form.get('client_secret') === GOOD ? json(200, JSON.parse(fixture('halopsa/token.json'))) : json(401, UNAUTHORISED.halopsa);
  }
  if (!authorised(tool, req)) return json(401, UNAUTHORISED[tool]);
  const [status, data] = answer(tool, p, url, body, `http://${req.headers.host}/tools/${mode}`);
  json(status, data);
}
