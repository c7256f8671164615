import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { expect, it } from 'vitest';
import { pullConnection } from '../../worker/connector/pull';
import { mapLimit } from '../../worker/connector/http';
import { connectionById, insertConnection } from '../../worker/db/connections';
import type { Env } from '../../worker/env';
import { seal } from '../../worker/lib/crypto';
import { rtInstalled, startRt } from '../e2e/rt/rt-server';

/**
 * Facts for 1,000 tagged tickets from a real Request Tracker 5: the connector's wall time
 * (the Worker's own pull code: RT's REST 2.0 search, planning, writing to real D1 through
 * wrangler's platform proxy) ÷ the same number of bare RT REST requests (GET /ticket/{id})
 * at the same concurrency, in the same run — ratios travel, raw milliseconds do not — and
 * the Worker's CPU per ticket (this process's CPU time during the pull: the connector's own
 * JavaScript; D1's SQLite work runs in workerd and is counted apart, from /proc).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'artifacts/bench/connector-rt.json');
// 1,000 as the issue asks; STEWARD_BENCH_CONNECTOR_TICKETS / _RUNS for a quicker look.
const TICKETS = Number(process.env.STEWARD_BENCH_CONNECTOR_TICKETS ?? 1_000);
const RUNS = Number(process.env.STEWARD_BENCH_CONNECTOR_RUNS ?? 3);
const KEY = 'k1:bench-connector-key-0123456789abcdef0123';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU milliseconds used so far by this process's own workerd (D1 under the platform proxy), from /proc; other runs' workerd are not counted. */
function workerdCpuMs(): number {
  const out = spawnSync('sh', ['-c', `for p in $(pgrep -P ${process.pid} -x workerd); do cat /proc/$p/stat; done`], { encoding: 'utf8' }).stdout;
  const hz = 100;
  return out.split('\n').filter(Boolean).reduce((sum, line) => {
    const f = line.slice(line.lastIndexOf(')') + 2).split(' ');
    return sum + ((Number(f[11]) + Number(f[12])) * 1000) / hz;
  }, 0);
}

it.skipIf(!rtInstalled())('measures the connector against bare RT REST requests (1,000 tagged tickets)', async () => {
  const rt = await startRt({ workers: 4 });
  const state = mkdtempSync(join(tmpdir(), 'steward-bench-connector-'));
  try {
    const auth = `Basic ${Buffer.from('root:password').toString('base64')}`;
    const made0 = performance.now();
    const made = await mapLimit(Array.from({ length: TICKETS }, (_, i) => i), 8, async (i) => {
      const res = await fetch(`${rt.baseUrl}/REST/2.0/ticket`, {
        method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ Queue: 'General', Subject: `Bench ticket ${i}` }),
      });
      return Number(((await res.json()) as { id: string }).id);
    });
    console.log(`[connector bench] ${TICKETS} RT tickets made in ${((performance.now() - made0) / 1000).toFixed(0)} s`);
    // A tenth resolved, so the pull has changes to write, not only first readings.
    await mapLimit(made.filter((_, i) => i % 10 === 0), 8, (id) => rt.updateTicket(id, { Status: 'resolved' }));

    const migrate = spawnSync(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], {
      cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }, encoding: 'utf8',
    });
    expect(migrate.status, migrate.stderr).toBe(0);
    const proxy = await getPlatformProxy<Env>({ configPath: join(ROOT, 'wrangler.toml'), persist: { path: join(state, 'v3') } });
    const env = { ...proxy.env, STEWARD_CONNECTOR_KEY: KEY, STEWARD_CONNECTOR_ALLOW_PRIVATE: '*' } as Env;
    const db = env.DB;
    const tenant = new URL(rt.baseUrl).host;
    const results: Array<{ connectorMs: number; bareMs: number; ratio: number; cpuMsPerTicket: number; d1CpuMsPerTicket: number; changed: number }> = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        const ws = crypto.randomUUID();
        const member = crypto.randomUUID();
        const now = new Date().toISOString();
        await db.batch([
          db.prepare(`INSERT INTO workspaces (id, name, time_zone, created_at) VALUES (?, ?, 'UTC', ?)`).bind(ws, `Bench ${run}`, now),
          db.prepare(`INSERT INTO members (id, workspace_id, name, role, created_at) VALUES (?, ?, 'Bench', 'admin', ?)`).bind(member, ws, now),
        ]);
        await db.prepare(
          `INSERT INTO annotations (id, workspace_id, ticket_key, ticket_ref, horizon, line_of_business, stakeholders, impact, priority, kpis, summary, state, visibility, author_id, created_at, updated_at)
           SELECT lower(hex(randomblob(16))), ?1, 'rt:' || ?2 || ':' || k.value,
             json_object('tool', 'rt', 'tenant', ?2, 'ticketId', CAST(k.value AS TEXT), 'url', ?3 || '/Ticket/Display.html?id=' || k.value, 'observedAt', ?4),
             'now', 'lob', '[]', 'impact', 'high', '[]', 'Bench item', 'open', 'team', ?5, ?4, ?4
           FROM json_each(?6) k`,
        ).bind(ws, tenant, rt.baseUrl, now, member, JSON.stringify(made)).run();
        const id = crypto.randomUUID();
        await insertConnection(db, {
          id, workspace_id: ws, kind: 'rt', name: 'Bench RT', address: rt.baseUrl, tenant, auth: 'basic', username: 'root',
          credentials_sealed: await seal(JSON.stringify({ secret: 'password' }), KEY, `${ws}/${id}`), secret_hint: '…word',
          webhook_sealed: null, webhook_hint: null, enabled: 1, created_at: now, updated_at: now, next_try_at: null,
        }).run();
        const row = (await connectionById(db, id))!;

        // The same number of bare REST requests at the connector's concurrency for RT (4).
        const t0 = performance.now();
        await mapLimit(made, 4, async (tid) => {
          const res = await fetch(`${rt.baseUrl}/REST/2.0/ticket/${tid}`, { headers: { authorization: auth } });
          await res.arrayBuffer();
        });
        const bareMs = performance.now() - t0;

        const cpu0 = process.cpuUsage();
        const d10 = workerdCpuMs();
        const t1 = performance.now();
        const result = await pullConnection(env, row);
        const connectorMs = performance.now() - t1;
        const cpu = process.cpuUsage(cpu0);
        const d1Cpu = workerdCpuMs() - d10;
        expect(result, result.message).toMatchObject({ ok: true, tickets: TICKETS, changed: TICKETS });
        const known = await db.prepare(`SELECT COUNT(*) AS n, SUM(category = 'resolved') AS resolved FROM tickets WHERE workspace_id = ?`).bind(ws).first<{ n: number; resolved: number }>();
        expect(known).toEqual({ n: TICKETS, resolved: Math.ceil(TICKETS / 10) });
        console.log(`[connector bench] run ${run + 1}: connector ${connectorMs.toFixed(0)} ms, bare ${bareMs.toFixed(0)} ms`);
        results.push({
          connectorMs, bareMs, ratio: connectorMs / bareMs, changed: result.changed,
          cpuMsPerTicket: (cpu.user + cpu.system) / 1000 / TICKETS, d1CpuMsPerTicket: d1Cpu / TICKETS,
        });
      }
    } finally {
      await proxy.dispose();
    }
    const summary = {
      tickets: TICKETS, runs: RUNS, concurrency: 4,
      connectorMs: median(results.map((r) => r.connectorMs)), bareMs: median(results.map((r) => r.bareMs)),
      ratio: median(results.map((r) => r.ratio)), ratioMin: Math.min(...results.map((r) => r.ratio)), ratioMax: Math.max(...results.map((r) => r.ratio)),
      cpuMsPerTicket: median(results.map((r) => r.cpuMsPerTicket)), d1CpuMsPerTicket: median(results.map((r) => r.d1CpuMsPerTicket)),
    };
    mkdirSync(join(ROOT, 'artifacts/bench'), { recursive: true });
    writeFileSync(OUT, JSON.stringify(summary, null, 2));
    console.log(JSON.stringify(summary));
    expect(summary.ratio).toBeLessThan(1.3);
  } finally {
    await rt.stop();
    rmSync(state, { recursive: true, force: true });
  }
}, 900_000);
