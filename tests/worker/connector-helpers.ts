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

/** The connection as the admin's list shows it. */
async function connectionOf(token: string, id: string) {
  return (await json(call('/api/v1/connections', { token }))).items.find((c: { id: string }) => c.id === id);
}

/**
 * *Check now* as the admin presses it: the connection goes on the real connector queue (202, the
 * words the panel shows), the queue's consumer reads the tool, and its mark on the connection (a
 * new last success or last error) says it is done. Answers what the read found, as the admin
 * then reads it on the connection: ok, its words, the tagged tickets read, how many changed.
 */
export async function checkNow(token: string, id: string) {
  const before = await connectionOf(token, id);
  const res = await call(`/api/v1/connections/${id}/check`, { method: 'POST', token });
  expect(res.status).toBe(202);
  expect(await json(res)).toMatchObject({ queued: true, ok: true, message: 'Checking now — results appear here in a minute.', connection: { id } });
  // Positive signal: the consumer stamped the connection. The local queue delivers within its batch timeout (wrangler.toml).
  const deadline = Date.now() + 20_000;
  let now = before;
  while (now.lastSuccessAt === before.lastSuccessAt && now.lastError?.at === before.lastError?.at) {
    if (Date.now() > deadline) throw new Error(`Check now on ${id}: the queue's consumer left no mark on the connection within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
    now = await connectionOf(token, id);
  }
  const ok = now.lastSuccessAt !== before.lastSuccessAt && now.lastError === null;
  const message: string = ok ? now.lastResult : now.lastError.message;
  return { ok, message, tickets: now.lastTickets as number | null, changed: ok ? Number(/; (\d+) changed\./.exec(message)?.[1]) : 0, connection: now };
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
  expect(await checkNow(admin, connection.id)).toMatchObject({ ok: true, tickets: 2, changed: 2 });
  return { admin, connection: connection as { id: string } };
}

/**
 * Zendesk stops answering (the token was revoked) and the facts it gave were last read three days
 * ago: what the report must then say, while still stating them.
 */
export async function zendeskGoesStale(admin: string, connectionId: string): Promise<void> {
  await call(`/api/v1/connections/${connectionId}`, { method: 'PATCH', token: admin, body: { credentials: { auth: 'basic', username: 'it@acme.test', secret: 'revoked' } } });
  expect((await checkNow(admin, connectionId)).ok).toBe(false);
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000 - 3600_000).toISOString();
  await env.DB.prepare('UPDATE connections SET last_success_at = ? WHERE id = ?').bind(threeDaysAgo, connectionId).run();
}
