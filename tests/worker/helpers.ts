import { exports } from 'cloudflare:workers';
import type { RedeemResponse, WorkspaceCreated } from '../../shared/schemas';

export const OPERATOR = 'test-operator-token';

/** A request to the real Worker (same isolate, real D1). */
export function call(path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  return exports.default.fetch(new Request(`http://steward.test${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' }));
}

export async function json<T = any>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

export interface TestTerms {
  sales: string;
  support: string;
  dana: string;
  revenue: string;
  customers: string;
  kpi: string;
}

/** Creates a workspace through the API, signs its first admin in, and fills its taxonomy. */
export async function newWorkspace(name = 'Acme') {
  const created = await json<WorkspaceCreated>(
    call('/api/v1/workspaces', { token: OPERATOR, body: { name, timeZone: 'Europe/Paris', admin: { name: `${name} Admin` } } }),
  );
  const admin = await json<RedeemResponse>(call('/api/v1/auth/redeem', { body: { code: created.invite.code } }));
  const add = async (path: string, body: unknown) => (await json<{ id: string }>(call(`/api/v1/taxonomy/${path}`, { token: admin.token, body }))).id;
  const sales = await add('lines-of-business', { name: 'Sales' });
  const support = await add('lines-of-business', { name: 'Support' });
  const dana = await add('stakeholders', { name: 'Dana Ortiz', title: 'Head of Sales', lineOfBusinessId: sales });
  const kpi = await add('kpis', { name: 'Quote turnaround', unit: 'hours', target: 24, direction: 'lower_is_better' });
  const taxonomy = await json(call('/api/v1/taxonomy', { token: admin.token }));
  const impact = (n: string) => taxonomy.impactKinds.find((t: { name: string }) => t.name === n).id as string;
  const terms: TestTerms = { sales, support, dana, kpi, revenue: impact('Revenue'), customers: impact('Customers') };
  return { workspace: created.workspace, admin, terms };
}

/** Invites someone with a role and signs them in. */
export async function join(adminToken: string, role: string, name: string, providerCompany?: string): Promise<RedeemResponse> {
  const invite = await json(call('/api/v1/invites', { token: adminToken, body: { role, name, ...(providerCompany ? { providerCompany } : {}) } }));
  return json<RedeemResponse>(call('/api/v1/auth/redeem', { body: { code: invite.code } }));
}

export function annotationBody(terms: TestTerms, overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    horizon: 'now',
    lineOfBusiness: terms.sales,
    stakeholders: [terms.dana],
    impact: terms.revenue,
    priority: 'high',
    kpis: [],
    summary: 'Quotes take two days because the CRM times out.',
    visibility: 'team',
    ticketRef: {
      tool: 'rt', tenant: 'rt.example.com', ticketId: '42',
      url: 'https://rt.example.com/Ticket/Display.html?id=42', observedAt: '2026-11-20T10:00:00Z',
    },
    ...overrides,
  };
}

/** Invites someone with any invite fields (email, provider company…) and signs them in. */
export async function joinAs(adminToken: string, invite: { role: string; name: string; email?: string; providerCompany?: string }): Promise<RedeemResponse> {
  const created = await json(call('/api/v1/invites', { token: adminToken, body: invite }));
  return json<RedeemResponse>(call('/api/v1/auth/redeem', { body: { code: created.code } }));
}

/** Posts an HTML form the way a browser does. */
export function postForm(path: string, fields: Record<string, string>) {
  return call(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
