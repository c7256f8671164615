import http from 'node:http';
import type { TestProject } from 'vitest/node';
import { type RtInstance, rtInstalled, RT_INSTALL_HINT, startRt } from '../e2e/rt/rt-server';
// @ts-expect-error: a plain ESM script (also used by the benchmark), without type declarations
import { REDMINE_INSTALL_HINT, redmineInstalled, startRedmine } from './redmine-server.mjs';
import { handleFixture } from './tool-server';
import type {} from '../provided-context';

/**
 * The connector tests' lab, started once per Worker test run (a global set-up): one local
 * HTTP server that
 * - starts a real Request Tracker 5 and a real Redmine 5 the first time a test asks for one
 *   (GET /rt, GET /redmine), shares it with every later test, and stops it when the run ends —
 *   so runs without connector tests pay nothing;
 * - changes tickets in them for the tests (POST /rt/tickets, PUT /rt/tickets/:id, and the
 *   same under /redmine/issues), since the tests run inside workerd;
 * - serves the cloud tools' APIs from fixtures written from each vendor's documentation
 *   (tests/connector/tool-server.ts), under /tools/<tool>/….
 */

interface Lab {
  url: string;
  close(): Promise<void>;
}

type Redmine = Awaited<ReturnType<typeof startRedmine>>;

export async function startLab(): Promise<Lab> {
  let rt: Promise<RtInstance> | null = null;
  let redmine: Promise<Redmine> | null = null;
  const getRt = () => (rt ??= startRt({ workers: 4 }));
  const getRedmine = () => (redmine ??= startRedmine());

  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? '/', 'http://lab');
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      if (url.pathname.startsWith('/tools/')) return handleFixture(req, res, url, text);
      const body = text ? JSON.parse(text) : null;
      if (url.pathname === '/rt') {
        if (!rtInstalled()) return send(200, { missing: RT_INSTALL_HINT });
        const r = await getRt();
        return send(200, { baseUrl: r.baseUrl, user: 'root', password: 'password' });
      }
      if (url.pathname === '/rt/tickets' && req.method === 'POST') {
        return send(201, await (await getRt()).createTicket(body.subject, body));
      }
      const rtTicket = /^\/rt\/tickets\/(\d+)$/.exec(url.pathname);
      if (rtTicket && req.method === 'PUT') {
        await (await getRt()).updateTicket(Number(rtTicket[1]), body);
        return send(200, { ok: true });
      }
      if (url.pathname === '/redmine') {
        if (!redmineInstalled()) return send(200, { missing: REDMINE_INSTALL_HINT });
        const r = await getRedmine();
        return send(200, { baseUrl: r.baseUrl, apiKey: r.apiKey });
      }
      if (url.pathname === '/redmine/issues' && req.method === 'POST') {
        return send(201, await (await getRedmine()).createIssue(body.subject));
      }
      const rmIssue = /^\/redmine\/issues\/(\d+)$/.exec(url.pathname);
      if (rmIssue && req.method === 'PUT') {
        await (await getRedmine()).updateIssue(Number(rmIssue[1]), body);
        return send(200, { ok: true });
      }
      send(404, { error: `the lab has no ${req.method} ${url.pathname}` });
    } catch (err) {
      send(500, { error: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const stops = [rt?.then((r) => r.stop()), redmine?.then((r) => r.stop())].filter(Boolean);
      await Promise.allSettled(stops);
    },
  };
}

/** Global set-up for the Worker project: the lab's address reaches the tests as `connectorLab`. */
export default async function setup(project: TestProject) {
  const lab = await startLab();
  project.provide('connectorLab', lab.url);
  return () => lab.close();
}
