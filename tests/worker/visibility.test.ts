import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Member } from '../../shared/schemas';
import { visibleTo } from '../../worker/db/annotations';
import { annotationBody, call, join, joinAs, json, newWorkspace } from './helpers';

// The list authenticates and reads in one batch, with the visibility rule written against
// the token's member in SQL (VISIBLE_TO_CALLER); every other read uses `visibleTo`. The two
// must agree for every role, or one path shows what the other hides.
describe('who sees and writes which annotations', () => {
  it('is the same whether the list reads with the token or with the member', async () => {
    const ws = await newWorkspace('Acme Visibility');
    const other = await newWorkspace('Other Visibility');
    const staff = await join(ws.admin.token, 'staff', 'Sam Lee');
    const bright = await joinAs(ws.admin.token, { role: 'provider', name: 'Pat', providerCompany: 'BrightIT' });
    const net = await joinAs(ws.admin.token, { role: 'provider', name: 'Nia', providerCompany: 'NetCare' });
    const exec = await join(ws.admin.token, 'executive', 'Eve');
    const make = async (token: string, over: Record<string, unknown>) =>
      expect((await call('/api/v1/annotations', { token, body: annotationBody(ws.terms, over) })).status).toBe(201);
    for (const author of [ws.admin.token, staff.token]) {
      await make(author, { visibility: 'private' });
      await make(author, { visibility: 'team' });
      await make(author, { visibility: 'provider', sharedWith: 'BrightIT' });
      await make(author, { visibility: 'provider', sharedWith: 'NetCare' });
    }
    await call('/api/v1/annotations', { token: other.admin.token, body: annotationBody(other.terms, { visibility: 'team' }) });

    for (const who of [ws.admin, staff, bright, net]) {
      const listed = await json(call('/api/v1/annotations?limit=200', { token: who.token }));
      const vis = visibleTo(who.member as Member);
      const { results } = await env.DB.prepare(`SELECT a.id FROM annotations a WHERE a.workspace_id = ? AND a.deleted_at IS NULL AND ${vis.sql}`)
        .bind(ws.workspace.id, ...vis.params).all<{ id: string }>();
      const expected = results.map((r) => r.id).sort();
      expect(expected.length, who.member.name).toBeGreaterThan(0);
      expect(listed.items.map((a: { id: string }) => a.id).sort(), who.member.name).toEqual(expected);
    }
    expect((await call('/api/v1/annotations', { token: exec.token })).status).toBe(403);
    // Signed out: the batch read nothing usable, and the answer says so.
    await call('/api/v1/auth/signout', { method: 'POST', token: staff.token });
    expect((await call('/api/v1/annotations', { token: staff.token })).status).toBe(401);
    expect((await call('/api/v1/annotations', {})).status).toBe(401);

    // A create signs in and writes in one batch: a token that may not write writes nothing.
    const count = async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM annotations').first<{ n: number }>())!.n;
    const before = await count();
    for (const [token, status] of [[staff.token, 401], [exec.token, 403], [bright.token, 403], ['not-a-token', 401]] as const) {
      const res = await call('/api/v1/annotations', { token, body: annotationBody(ws.terms, { visibility: 'team' }) });
      expect(res.status, token).toBe(status);
    }
    expect(await count()).toBe(before);
    const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'annotation.create' AND workspace_id = ?").bind(ws.workspace.id).first<{ n: number }>();
    expect(audits!.n).toBe(8);
  });
});
