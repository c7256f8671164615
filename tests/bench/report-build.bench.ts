import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { expect, it } from 'vitest';
import type { Workspace } from '../../shared/schemas';
import type { Env } from '../../worker/env';
import { buildReport } from '../../worker/report/service';

/**
 * Report build time at 1k / 10k / 100k annotations, each on a ticket with the tool's facts (a
 * `tickets` row) and five ticket events, as a ratio to one SQL aggregate over the same rows
 * measured in the same run (the machine is shared and noisy: ratios travel, raw
 * milliseconds do not), plus the email's size, the database round trips of one build and what
 * its read returns. Real D1 (local SQLite through wrangler's platform proxy), real migrations,
 * the Worker's own report code.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'artifacts/bench/report-build.json');
const SIZES = [1_000, 10_000, 100_000];
// The ratio moves with the machine's load from round to round: enough rounds for a steady median.
const RUNS = 11;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The database as the Worker sees it, counting round trips and the bytes of what they return. */
function counting(db: Env['DB']) {
  const seen = { roundTrips: 0, bytes: 0 };
  const note = async <T>(p: Promise<T>) => {
    seen.roundTrips++;
    const out = await p;
    seen.bytes += JSON.stringify(out).length;
    return out;
  };
  const wrap = (st: D1PreparedStatement): D1PreparedStatement => new Proxy(st, {
    get(target, key) {
      if (key === 'bind') return (...args: unknown[]) => wrap(target.bind(...args));
      if (key === 'first' || key === 'all' || key === 'run' || key === 'raw') {
        return (...args: unknown[]) => note((target[key] as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      return Reflect.get(target, key);
    },
  });
  const counted = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => wrap(target.prepare(sql));
      if (key === 'batch') return (statements: D1PreparedStatement[]) => note(target.batch(statements));
      return Reflect.get(target, key);
    },
  });
  return { db: counted, seen };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const ISO = (expr: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${expr})`;

/**
 * What the observation route would have stored by now for every tagged ticket, made in SQL
 * (one statement each, however many tickets): a `tickets` row and five events. Mostly the tool
 * agrees with the tag (a resolved tag's ticket is closed); one open tag in ten has a resolved
 * ticket (a contradiction), one ticket in seven was reopened, one in five was not seen for 45
 * days, and half show the tool's created date.
 */
async function insertTicketFacts(db: Env['DB'], workspaceId: string) {
  await db.prepare(
    `INSERT INTO tickets (workspace_id, ticket_key, tool, tenant, ticket_id, url, title, status, category, status_since, status_since_kind,
       tool_created_at, tool_updated_at, assignee, tool_priority, first_seen_at, last_seen_at, observed_at, source, reopened_count)
     SELECT a.workspace_id, a.ticket_key, 'zendesk', 'bench', json_extract(a.ticket_ref, '$.ticketId'), json_extract(a.ticket_ref, '$.url'),
       'Printer on the second floor jams',
       CASE WHEN a.state = 'resolved' THEN 'Closed' WHEN a.rowid % 10 = 0 THEN 'Solved' WHEN a.rowid % 10 < 3 THEN 'Pending' ELSE 'Open' END,
       CASE WHEN a.state = 'resolved' THEN 'closed' WHEN a.rowid % 10 = 0 THEN 'resolved' WHEN a.rowid % 10 < 3 THEN 'waiting' ELSE 'open' END, ${ISO(`a.created_at, '+' || (a.rowid % 20) || ' days'`)}, IIF(a.rowid % 2, 'happened', 'seen'),
       IIF(a.rowid % 2, a.created_at, NULL), a.updated_at, 'Sam Agent', 'Normal', a.created_at,
       IIF(a.rowid % 5, ${ISO(`'now', '-1 days'`)}, ${ISO(`'now', '-45 days'`)}), ${ISO(`'now', '-1 days'`)}, IIF(a.rowid % 3, 'page', 'api'), IIF(a.rowid % 7, 0, 1)
     FROM annotations a WHERE a.workspace_id = ?1`,
  ).bind(workspaceId).run();
  await db.prepare(
    `INSERT INTO ticket_events (id, workspace_id, ticket_key, kind, from_value, to_value, at, at_kind, source, created_at)
     SELECT lower(hex(randomblob(16))), t.workspace_id, t.ticket_key,
       CASE n.k WHEN 3 THEN 'assignee_changed' WHEN 4 THEN IIF(t.reopened_count > 0, 'reopened', 'title_changed') ELSE 'status_changed' END,
       NULL, CASE n.k WHEN 0 THEN 'New' WHEN 1 THEN 'Open' WHEN 2 THEN 'Pending' WHEN 3 THEN 'Sam Agent' ELSE IIF(t.reopened_count > 0, 'Open', t.title) END,
       ${ISO(`t.first_seen_at, '+' || (n.k * 3) || ' days'`)}, 'seen', 'page', ${ISO(`t.first_seen_at, '+' || (n.k * 3) || ' days'`)}
     FROM tickets t, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) n
     WHERE t.workspace_id = ?1`,
  ).bind(workspaceId).run();
}

it('measures report build time against one SQL aggregate', async () => {
  const state = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  const { spawnSync } = await import('node:child_process');
  const migrate = spawnSync(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], {
    cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }, encoding: 'utf8',
  });
  expect(migrate.status, migrate.stderr).toBe(0);
  const proxy = await getPlatformProxy<Env>({ configPath: join(ROOT, 'wrangler.toml'), persist: { path: join(state, 'v3') } });
  const db = proxy.env.DB;
  const results: Array<Record<string, number>> = [];
  try {
    for (const size of SIZES) {
      const ws: Workspace = {
        id: crypto.randomUUID(), name: `Bench ${size}`, timeZone: 'UTC', jargonWords: [], createdAt: new Date().toISOString(),
        schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 },
      };
      const now = new Date().toISOString();
      const member = crypto.randomUUID();
      const lobs = Array.from({ length: 6 }, () => crypto.randomUUID());
      const impact = crypto.randomUUID();
      await db.batch([
        db.prepare(`INSERT INTO workspaces (id, name, time_zone, created_at) VALUES (?, ?, 'UTC', ?)`).bind(ws.id, ws.name, now),
        db.prepare(`INSERT INTO members (id, workspace_id, name, role, created_at) VALUES (?, ?, 'Bench', 'admin', ?)`).bind(member, ws.id, now),
        db.prepare(`INSERT INTO taxonomy_terms (id, workspace_id, kind, name, created_at) VALUES (?, ?, 'impact_kind', 'Revenue', ?)`).bind(impact, ws.id, now),
        ...lobs.map((id, i) => db.prepare(`INSERT INTO taxonomy_terms (id, workspace_id, kind, name, created_at) VALUES (?, ?, 'line_of_business', ?, ?)`).bind(id, ws.id, `Line ${i}`, now)),
      ]);
      // Made in SQL, one statement per size: sending 100 000 rows through the proxy took minutes.
      await db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?3),
           rows AS (SELECT i, ${ISO(`'now', '-' || (i % 90) || ' days'`)} AS created FROM n)
         INSERT INTO annotations (id, workspace_id, ticket_key, ticket_ref, horizon, line_of_business, stakeholders, impact, priority, kpis, summary, state, visibility, author_id, created_at, updated_at, event_date)
         SELECT lower(hex(randomblob(16))), ?1, 'zendesk:bench:' || i,
           json_object('tool', 'zendesk', 'tenant', 'bench', 'ticketId', CAST(i AS TEXT), 'url', 'https://bench.zendesk.com/agent/tickets/' || i, 'observedAt', created),
           IIF(i % 5, 'now', 'next'), json_extract(?4, '$[' || (i % 6) || ']'), '[]', ?5, json_extract('["critical","high","medium","low"]', '$[' || (i % 4) || ']'), '[]',
           'Item ' || i || ': the front desk cannot print patient forms, so check-in takes twice as long.', IIF(i % 3, 'open', 'resolved'),
           IIF(i % 2, 'team', 'provider'), ?2, created, created, IIF(i % 5, NULL, '2099-03-01')
         FROM rows`,
      ).bind(ws.id, member, size, JSON.stringify(lobs), impact).run();
      await insertTicketFacts(db, ws.id);
      const facts = await db.prepare(`SELECT (SELECT COUNT(*) FROM tickets WHERE workspace_id = ?1) AS tickets, (SELECT COUNT(*) FROM ticket_events WHERE workspace_id = ?1) AS events`)
        .bind(ws.id).first<{ tickets: number; events: number }>();
      expect(facts).toEqual({ tickets: size, events: 5 * size });
      const period = { cadence: 'weekly' as const, start: '2026-11-16', end: '2026-11-23' };
      // Warm both paths once, then take medians side by side.
      const aggregate = () => db.prepare(
        `SELECT line_of_business, priority, COUNT(*) FROM annotations WHERE workspace_id = ? AND visibility IN ('team','provider') AND deleted_at IS NULL GROUP BY 1, 2`,
      ).bind(ws.id).all();
      // The same floor with each annotation's ticket row joined: the least a report stating ticket facts must read.
      const aggregateWithTickets = () => db.prepare(
        `SELECT a.line_of_business, a.priority, t.category, COUNT(*) FROM annotations a LEFT JOIN tickets t ON t.workspace_id = a.workspace_id AND t.ticket_key = a.ticket_key
         WHERE a.workspace_id = ? AND a.visibility IN ('team','provider') AND a.deleted_at IS NULL GROUP BY 1, 2, 3`,
      ).bind(ws.id).all();
      await aggregate();
      await aggregateWithTickets();
      // One build through a counting database: how many round trips, and how much they return.
      const counted = counting(db);
      let built = await buildReport({ ...proxy.env, DB: counted.db }, ws, period);
      const sqlMs: number[] = [];
      const buildMs: number[] = [];
      // Each round's own ratio: a busy moment slows both of a round alike.
      const ratios: number[] = [];
      const withTicketsMs: number[] = [];
      const ratiosWithTickets: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        sqlMs.push(await time(aggregate));
        withTicketsMs.push(await time(aggregateWithTickets));
        buildMs.push(await time(async () => {
          built = await buildReport(proxy.env, ws, period);
        }));
        ratios.push(buildMs[r]! / sqlMs[r]!);
        ratiosWithTickets.push(buildMs[r]! / withTicketsMs[r]!);
      }
      const emailBytes = new TextEncoder().encode(built.html.replaceAll('{{web_view_url}}', `https://steward.example.com/r/${'x'.repeat(150)}`).replaceAll('{{unsubscribe_url}}', `https://steward.example.com/r/${'x'.repeat(150)}/unsubscribe`)).length;
      results.push({
        annotations: size, sqlAggregateMs: median(sqlMs), reportBuildMs: median(buildMs),
        ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), emailBytes,
        roundTrips: counted.seen.roundTrips, readBytes: counted.seen.bytes,
        sqlAggregateWithTicketsMs: median(withTicketsMs), ratioWithTickets: median(ratiosWithTickets),
      });
      expect(emailBytes).toBeLessThan(100_000);
      // Everything a report reads comes in one round trip (see worker/db/report-inputs.ts).
      expect(counted.seen.roundTrips).toBe(1);
      // The build states the facts: items with their ticket, contradictions, provider timings.
      expect(built.model.challenges[0]!.items[0]!.ticket).toBeTruthy();
      expect(built.model.checks!.total).toBeGreaterThan(0);
      expect(built.model.providers.some((p) => p.tickets?.known)).toBe(true);
    }
  } finally {
    await proxy.dispose();
    rmSync(state, { recursive: true, force: true });
  }
  mkdirSync(join(ROOT, 'artifacts/bench'), { recursive: true });
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'} · ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM · Node ${process.versions.node}`;
  writeFileSync(OUT, JSON.stringify({ measuredAt: new Date().toISOString(), commit, machine, runs: RUNS, results }, null, 2));
  console.table(results);
}, 600_000);
