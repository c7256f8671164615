import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Annotation, Workspace } from '../../shared/schemas';
import { getWorkspace } from '../../worker/db/workspaces';
import { buildReport } from '../../worker/report/service';
import { annotationBody, call, json, newWorkspace } from './helpers';

// *Check these* reads a list of candidates that the database keeps up to date as tickets and
// tags change (migration 0013), instead of every open tag's ticket. Here the facts arrive through
// the observation route and the tags change through the API, as they do in use, and the report
// must follow each change.

const PERIOD = { cadence: 'weekly' as const, start: '2026-11-16', end: '2026-11-23' };
const AFTER = new Date('2026-11-23T06:00:00Z');

const ref = (id: string) => ({ tool: 'rt', tenant: 'rt.example.com', ticketId: id, url: `https://rt.example.com/Ticket/Display.html?id=${id}`, observedAt: '2026-11-01T09:00:00Z' });
const seen = (id: string, status: string, at: string) => ({ ...ref(id), title: `Ticket ${id}`, status, observedAt: at, found: ['title', 'status'] });

describe('Check these, as tickets and tags change', () => {
  it('follows tickets that end, reopen or disappear, and tags that are added, resolved, reopened, hidden or deleted', async () => {
    const { admin, terms, workspace } = await newWorkspace('Checks Follow');
    const token = admin.token;
    const ws = (await getWorkspace(env.DB, workspace.id)) as Workspace;
    const tag = async (id: string, summary: string, over: Record<string, unknown> = {}) => {
      const res = await call('/api/v1/annotations', { token, body: annotationBody(terms, { ticketRef: ref(id), summary, ...over }) });
      expect(res.status, await res.clone().text()).toBe(201);
      return json<Annotation>(res);
    };
    const observe = async (...observations: unknown[]) => {
      const res = await json(call('/api/v1/tickets/observations', { token, body: { observations } }));
      expect(res.refused).toEqual([]);
    };
    const change = async (a: Annotation, body: Record<string, unknown>) => {
      const res = await call(`/api/v1/annotations/${a.id}`, { method: 'PATCH', token, body: { version: a.version, ...body } });
      expect(res.status, await res.clone().text()).toBe(200);
      return json<Annotation>(res);
    };
    const checks = async () => {
      const built = await buildReport(env, ws, PERIOD, AFTER);
      return built.model.checks!.items.map((c) => `${c.kind}: ${c.summary}`).sort();
    };

    await tag('1', 'A: resolved in the tool, then reopened');
    let b = await tag('2', 'B: open, resolved later');
    const c = await tag('3', 'C: deleted in the tool');
    await tag('4', 'P: a private note', { visibility: 'private' });
    await observe(seen('1', 'resolved', '2026-11-10T09:00:00Z'), seen('2', 'open', '2026-11-10T09:00:00Z'), seen('3', 'deleted', '2026-11-10T09:00:00Z'),
      seen('4', 'resolved', '2026-11-10T09:00:00Z'));
    expect(await checks()).toEqual(['closed_while_open: A: resolved in the tool, then reopened', 'gone: C: deleted in the tool']);

    // A tag made on a ticket that had already ended.
    const d = await tag('4', 'D: tagged after the ticket was resolved');
    expect(await checks()).toContain('closed_while_open: D: tagged after the ticket was resolved');

    // The tool reopens one ticket and resolves another.
    await observe(seen('1', 'open', '2026-11-12T09:00:00Z'), seen('2', 'resolved', '2026-11-11T09:00:00Z'));
    expect(await checks()).toEqual([
      'closed_while_open: B: open, resolved later', 'closed_while_open: D: tagged after the ticket was resolved', 'gone: C: deleted in the tool',
    ]);

    // Tags resolved, reopened, made private, deleted.
    b = await change(b, { state: 'resolved' });
    expect(await checks()).not.toContain('closed_while_open: B: open, resolved later');
    await change(b, { state: 'open' });
    expect(await checks()).toContain('closed_while_open: B: open, resolved later');
    await change(d, { visibility: 'private' });
    expect((await call(`/api/v1/annotations/${c.id}`, { method: 'DELETE', token })).status).toBeLessThan(300);
    expect(await checks()).toEqual(['closed_while_open: B: open, resolved later']);

    // Ticket 1 resolved again: its tag is back.
    await observe(seen('1', 'resolved', '2026-11-13T09:00:00Z'));
    expect(await checks()).toEqual(['closed_while_open: A: resolved in the tool, then reopened', 'closed_while_open: B: open, resolved later']);
    // The list the report reads holds those two and nothing else.
    const kept = await env.DB.prepare('SELECT COUNT(*) AS n FROM report_checks WHERE workspace_id = ?').bind(workspace.id).first<{ n: number }>();
    expect(kept!.n).toBe(2);
  });
});
