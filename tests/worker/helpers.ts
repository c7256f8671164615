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
  return exports.default.fetch(new Request(`http://steward.test${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body }));
}

export async function json<T = any>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

/** Creates a workspace through the API and signs its first admin in. */
export async function newWorkspace(name = 'Acme') {
  const created = await json<WorkspaceCreated>(
    call('/api/v1/workspaces', { token: OPERATOR, body: { name, timeZone: 'Europe/Paris', admin: { name: `${name} Admin` } } }),
  );
  const admin = await json<RedeemResponse>(call('/api/v1/auth/redeem', { body: { code: created.invite.code } }));
  return { workspace: created.workspace, admin };
}

export function annotationBody(overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    horizon: 'now',
    lineOfBusiness: 'Sales',
    stakeholders: ['Dana Ortiz'],
    impact: 'revenue',
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
