/**
 * The Worker as deployed (worker/index.ts), with three routes only the connector benchmark
 * (connector-rt.bench.ts) calls, so the pull it times runs inside workerd as it does in
 * production, not in Node behind wrangler's platform proxy (whose every `prepare`/`bind` is a
 * synchronous round trip to workerd and would be measured instead of the connector):
 * - POST /__bench/workspace: a workspace with the given RT tickets tagged and a connection to RT;
 * - POST /__bench/pull/:connectionId: one pull, with its time waiting on RT and writing to D1;
 * - POST /__bench/bare: given RT requests, bare (fetched and parsed) at a given concurrency;
 * - GET /__bench/facts/:workspaceId: what the pull stored.
 * Never deployed: `wrangler dev` is pointed at this file by the benchmark alone.
 */
import { mapLimit } from '../../worker/connector/http';
import { pullConnection } from '../../worker/connector/pull';
import type { ConnectorMessage } from '../../worker/connector/message';
import { connectionById, insertConnection } from '../../worker/db/connections';
import type { Env } from '../../worker/env';
import worker from '../../worker/index';
import { seal } from '../../worker/lib/crypto';

/** A fetch that notes when each request was in flight (workerd's clock moves at I/O, which is what these spans are). */
function timedFetch() {
  const spans: Array<[number, number]> = [];
  const urls: string[] = [];
  const f: typeof fetch = async (input, init) => {
    const t0 = performance.now();
    urls.push(String(input instanceof Request ? input.url : input));
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    spans.push([t0, performance.now()]);
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  /** Milliseconds during which at least one request was in flight. */
  const busyMs = () => {
    let total = 0;
    let end = Number.NEGATIVE_INFINITY;
    for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
      if (b <= end) continue;
      total += b - Math.max(a, end);
      end = b;
    }
    return total;
  };
  return { fetch: f, urls, busyMs };
}

/** D1 with its batches timed (a pull writes only through batches). */
function timedDb(db: D1Database) {
  const stats = { ms: 0, batches: 0, statements: 0 };
  const wrapped = new Proxy(db, {
    get(target, prop) {
      if (prop === 'batch') {
        return async (stmts: D1PreparedStatement[]) => {
          const t0 = performance.now();
          try {
            return await target.batch(stmts);
          } finally {
            stats.ms += performance.now() - t0;
            stats.batches++;
            stats.statements += stmts.length;
          }
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: wrapped, stats };
}

async function makeWorkspace(env: Env, body: { name: string; baseUrl: string; ids: number[] }) {
  const db = env.DB;
  const ws = crypto.randomUUID();
  const member = crypto.randomUUID();
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const tenant = new URL(body.baseUrl).host;
  await db.batch([
    db.prepare(`INSERT INTO workspaces (id, name, time_zone, created_at) VALUES (?, ?, 'UTC', ?)`).bind(ws, body.name, now),
    db.prepare(`INSERT INTO members (id, workspace_id, name, role, created_at) VALUES (?, ?, 'Bench', 'admin', ?)`).bind(member, ws, now),
    db.prepare(
      `INSERT INTO annotations (id, workspace_id, ticket_key, ticket_ref, horizon, line_of_business, stakeholders, impact, priority, kpis, summary, state, visibility, author_id, created_at, updated_at)
       SELECT lower(hex(randomblob(16))), ?1, 'rt:' || ?2 || ':' || k.value,
         json_object('tool', 'rt', 'tenant', ?2, 'ticketId', CAST(k.value AS TEXT), 'url', ?3 || '/Ticket/Display.html?id=' || k.value, 'observedAt', ?4),
         'now', 'lob', '[]', 'impact', 'high', '[]', 'Bench item', 'open', 'team', ?5, ?4, ?4
       FROM json_each(?6) k`,
    ).bind(ws, tenant, body.baseUrl, now, member, JSON.stringify(body.ids)),
    insertConnection(db, {
      id, workspace_id: ws, kind: 'rt', name: 'Bench RT', address: body.baseUrl, tenant, auth: 'basic', username: 'root',
      credentials_sealed: await seal(JSON.stringify({ secret: 'password' }), env.STEWARD_CONNECTOR_KEY, `${ws}/${id}`), secret_hint: '…word',
      webhook_sealed: null, webhook_hint: null, enabled: 1, created_at: now, updated_at: now, next_try_at: null,
    }),
  ]);
  return { workspaceId: ws, connectionId: id };
}

export default {
  ...worker,
  async fetch(req, env, ctx) {
    const url = new URL(req.url);
    if (url.pathname === '/__bench/workspace' && req.method === 'POST') {
      return Response.json(await makeWorkspace(env, await req.json()));
    }
    const pull = /^\/__bench\/pull\/([\w-]+)$/.exec(url.pathname);
    if (pull && req.method === 'POST') {
      const row = await connectionById(env.DB, pull[1]!);
      if (!row) return new Response('no such connection', { status: 404 });
      const timed = timedFetch();
      const d1 = timedDb(env.DB);
      const result = await pullConnection({ ...env, DB: d1.db }, row, new Date(), { fetch: timed.fetch });
      return Response.json({ result, urls: timed.urls, rtWaitMs: timed.busyMs(), d1: d1.stats });
    }
    if (url.pathname === '/__bench/bare' && req.method === 'POST') {
      // The yardsticks, from the same runtime as the pull: each request fetched and parsed, nothing else.
      const { urls, concurrency, authorization } = (await req.json()) as { urls: string[]; concurrency: number; authorization: string };
      const statuses = await mapLimit(urls, concurrency, async (u) => {
        const res = await fetch(u, { headers: { authorization, accept: 'application/json' } });
        JSON.parse(await res.text());
        return res.status;
      });
      return Response.json({ requests: statuses.length, notOk: statuses.filter((s) => s !== 200).length });
    }
    const facts = /^\/__bench\/facts\/([\w-]+)$/.exec(url.pathname);
    if (facts) {
      return Response.json(await env.DB.prepare(`SELECT COUNT(*) AS n, SUM(category = 'resolved') AS resolved, COUNT(resolved_at) AS dated FROM tickets WHERE workspace_id = ?`).bind(facts[1]).first());
    }
    return worker.fetch(req, env, ctx);
  },
} satisfies ExportedHandler<Env, ConnectorMessage>;
