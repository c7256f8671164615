import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { annotationBody, call, join, json, newWorkspace } from './helpers';

declare global {
  namespace Cloudflare {
    interface Env {
      /** tests/connector/lab.ts: real RT/Redmine on demand and the cloud tools' fixture APIs. */
      CONNECTOR_LAB: string;
    }
  }
}

/** Asks the lab for a real tool; `missing` holds the install hint where it is not installed. */
export async function labTool<T>(name: 'rt' | 'redmine'): Promise<T & { missing?: string }> {
  const res = await fetch(`${env.CONNECTOR_LAB}/${name}`);
  if (!res.ok) throw new Error(`lab /${name}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function lab<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.CONNECTOR_LAB}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`lab ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** Tags a ticket (so the connector may read it) and returns its key. */
export async function tagTicket(token: string, annotation: Record<string, unknown>, ref: { tool: string; tenant: string; ticketId: string; url: string }): Promise<string> {
  const res = await call('/api/v1/annotations', { token, body: { ...annotation, id: crypto.randomUUID(), ticketRef: { ...ref, observedAt: '2026-11-20T10:00:00Z' } } });
  if (res.status !== 201) throw new Error(`tagging failed: ${res.status} ${await res.text()}`);
  return (await json(res)).ticketKey as string;
}

export async function connect(token: string, body: Record<string, unknown>) {
  const res = await call('/api/v1/connections', { token, body });
  if (res.status !== 201) throw new Error(`connecting failed: ${res.status} ${await res.text()}`);
  return json(res);
}

/**
 * A workspace with two Zendesk tickets tagged and shared with Fixit Ltd, connected to the lab's
 * Zendesk (which reports an SLA breach on #1051) and read once.
 */
export async function sharedZendeskTickets() {
  const ws = await newWorkspace('SLA Co');
  const admin = ws.admin.token;
  await join(admin, 'provider', 'Pat Fixer', 'Fixit Ltd');
  const shared = annotationBody(ws.terms, { visibility: 'provider', sharedWith: 'Fixit Ltd' });
  await tagTicket(admin, shared, { tool: 'zendesk', tenant: 'sla-co', ticketId: '1051', url: 'https://sla-co.zendesk.com/agent/tickets/1051' });
  await tagTicket(admin, shared, { tool: 'zendesk', tenant: 'sla-co', ticketId: '1052', url: 'https://sla-co.zendesk.com/agent/tickets/1052' });
  const { connection } = await connect(admin, { kind: 'zendesk', address: `${env.CONNECTOR_LAB}/tools/ok`, tenant: 'sla-co', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
  expect(await json(call(`/api/v1/connections/${connection.id}/check`, { method: 'POST', token: admin }))).toMatchObject({ ok: true, tickets: 2, changed: 2 });
  return { admin, connection: connection as { id: string } };
}
