import * as v from 'valibot';
import {
  ConnectionCreateSchema, ConnectionPatchSchema, issuesToFields, PUSH_KINDS,
  type Connection, type ConnectionKind,
} from '../../../shared/schemas';
import { TOOL_NAMES } from '../../../shared/tool-names';
import { refusedAddress } from '../../../worker/connector/http';

/**
 * The connections routes of the stand-in Worker (fake-worker.ts), answering as
 * worker/routes/connections.ts does for what the Connections panel uses: the same request
 * schemas and `fields`, the same address refusals (the Worker's own check), credentials kept
 * only as "…last 4", a webhook secret shown once, *Check now* put on a queue whose result the
 * connection shows from the next time the list is read. What a tool answers to *Test connection* and
 * *Check now* is scripted per address in `tools` (the real answers are tested against real
 * and fixture tools in tests/worker/connector-*.test.ts).
 */

type Answer = [number, unknown];
const refuse = (status: number, code: string, message: string, fields?: Record<string, string>): Answer => [status, { error: { code, message, ...(fields ? { fields } : {}) } }];

export interface ScriptedTool {
  test?: { ok: boolean; message: string };
  check?: { ok: boolean; message: string; tickets: number; changed: number };
}

export function fakeConnections() {
  const items: Connection[] = [];
  /** What the tool at an address answers; unscripted addresses answer as a healthy RT with ticket #12. */
  const tools = new Map<string, ScriptedTool>();
  let n = 0;
  const now = () => new Date().toISOString();
  const hint = (s: string) => `…${s.slice(-4)}`;
  const secretOf = () => `fake-webhook-secret-${String(++n).padStart(4, '0')}`;

  /** Checks on the "queue": read (their scripted result applied) by the time the list is asked for again. */
  const queued: Array<() => void> = [];

  function route(method: string, p: string, body: unknown): Answer | null {
    if (p === '/connections' && method === 'GET') {
      for (const read of queued.splice(0)) read();
      return [200, { items }];
    }
    if (p === '/connections' && method === 'POST') {
      const parsed = v.safeParse(ConnectionCreateSchema, body);
      if (!parsed.success) {
        const fields = issuesToFields(parsed.issues);
        return refuse(400, 'validation_failed', `The request body has errors: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}.`, fields);
      }
      const b = parsed.output;
      const refused = refusedAddress(b.address, undefined);
      if (refused) return refuse(400, 'validation_failed', `The address is refused: ${refused}`, { address: refused });
      const id = `conn-${++n}`;
      const push = (PUSH_KINDS as readonly string[]).includes(b.kind);
      const made = push && !b.webhookSecret ? secretOf() : null;
      const host = new URL(b.address).host;
      const c: Connection = {
        id, kind: b.kind as ConnectionKind, name: b.name || `${TOOL_NAMES[b.kind]} (${b.tenant || host})`, address: b.address.replace(/\/+$/, ''), tenant: b.tenant || host,
        auth: b.credentials.auth, username: b.credentials.username || null, secretHint: hint(b.credentials.secret),
        webhook: push ? { url: `https://steward.example.com/hooks/${id}`, secretHint: hint(b.webhookSecret ?? made!) } : null,
        enabled: true, lastSuccessAt: null, lastError: null, nextTryAt: null, lastTickets: null, lastResult: null, badSignatures: 0, createdAt: now(),
      };
      items.push(c);
      return [201, { connection: c, webhookSecret: made }];
    }
    const m = /^\/connections\/([^/]+)(?:\/(test|check))?$/.exec(p);
    if (!m) return null;
    const c = items.find((x) => x.id === m[1]);
    if (!c) return refuse(404, 'not_found', 'A connection with this id was not found.');
    const tool = tools.get(c.address) ?? {};
    if (m[2] === 'test' && method === 'POST') {
      return [200, tool.test ?? { ok: true, message: `Found ticket #12 'Printer jam' — open. ${TOOL_NAMES[c.kind]} answers and the credentials work.` }];
    }
    if (m[2] === 'check' && method === 'POST') {
      if (!c.enabled) return refuse(409, 'conflict', 'This connection is turned off: turn it on to read the tool.');
      const r = tool.check ?? { ok: true, message: `Read 1 of 1 tagged ticket from ${TOOL_NAMES[c.kind]}; 1 changed.`, tickets: 1, changed: 1 };
      // As the Worker does: the check goes on the connector queue, and the connection shows its outcome later.
      queued.push(() => {
        if (r.ok) Object.assign(c, { lastSuccessAt: now(), lastTickets: r.tickets, lastResult: r.message, lastError: null, nextTryAt: new Date(Date.now() + 3600_000).toISOString() });
        else Object.assign(c, { lastError: { at: now(), message: r.message }, nextTryAt: new Date(Date.now() + 3600_000).toISOString() });
      });
      return [202, { queued: true, ok: true, message: 'Checking now — results appear here in a minute.', connection: { ...c } }];
    }
    if (!m[2] && method === 'PATCH') {
      const parsed = v.safeParse(ConnectionPatchSchema, body);
      if (!parsed.success) return refuse(400, 'validation_failed', 'The request body has errors.', issuesToFields(parsed.issues));
      const b = parsed.output;
      let made: string | null = null;
      if (b.enabled !== undefined) c.enabled = b.enabled;
      if (b.credentials) Object.assign(c, { secretHint: hint(b.credentials.secret), username: b.credentials.username || null, auth: b.credentials.auth });
      if (c.webhook && (b.newWebhookSecret || b.webhookSecret)) {
        made = b.webhookSecret ? null : secretOf();
        c.webhook = { ...c.webhook, secretHint: hint(b.webhookSecret ?? made!) };
      }
      return [200, { connection: c, webhookSecret: made }];
    }
    if (!m[2] && method === 'DELETE') {
      items.splice(items.indexOf(c), 1);
      return [204, null];
    }
    return null;
  }
  return { items, tools, route };
}
