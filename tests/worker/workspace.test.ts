import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { annotationBody, call, join, json, newWorkspace, OPERATOR } from './helpers';

describe('members, roles and tokens', () => {
  it('stops a token at once on sign-out, removal and role change', async () => {
    const { admin } = await newWorkspace();
    const sam = await join(admin.token, 'staff', 'Sam');
    expect((await call('/api/v1/me', { token: sam.token })).status).toBe(200);

    // Role change: Sam must reconnect (the old token carried the old role).
    const res = await call(`/api/v1/members/${sam.member.id}`, { method: 'PATCH', token: admin.token, body: { role: 'executive' } });
    expect(res.status).toBe(200);
    expect((await call('/api/v1/me', { token: sam.token })).status).toBe(401);

    const kim = await join(admin.token, 'staff', 'Kim');
    expect((await call(`/api/v1/members/${kim.member.id}`, { method: 'DELETE', token: admin.token })).status).toBe(204);
    const after = await call('/api/v1/me', { token: kim.token });
    expect(after.status).toBe(401);
    expect((await json(after)).error.message).toMatch(/Reconnect/);

    const lee = await join(admin.token, 'staff', 'Lee');
    expect((await call('/api/v1/auth/signout', { method: 'POST', token: lee.token })).status).toBe(204);
    expect((await call('/api/v1/me', { token: lee.token })).status).toBe(401);

    const list = await json(call('/api/v1/members', { token: admin.token }));
    expect(list.items.map((m: { name: string }) => m.name).sort()).toEqual(['Acme Admin', 'Lee', 'Sam']);
    expect(list.items.find((m: { name: string }) => m.name === 'Sam').lastActiveAt).toEqual(expect.any(String));
  });

  it('never leaves a workspace without an admin', async () => {
    const { admin } = await newWorkspace();
    const res = await call(`/api/v1/members/${admin.member.id}`, { method: 'PATCH', token: admin.token, body: { role: 'staff' } });
    expect(res.status).toBe(409);
    expect((await json(res)).error.message).toMatch(/at least one admin/);
    expect((await call(`/api/v1/members/${admin.member.id}`, { method: 'DELETE', token: admin.token })).status).toBe(409);
  });

  it('lists invites with their status and refuses withdrawn and expired codes clearly', async () => {
    const { admin, workspace } = await newWorkspace();
    const withdrawn = await json(call('/api/v1/invites', { token: admin.token, body: { role: 'staff', name: 'Withdrawn' } }));
    const expired = await json(call('/api/v1/invites', { token: admin.token, body: { role: 'staff', name: 'Late' } }));
    let invites = await json(call('/api/v1/invites', { token: admin.token }));
    const idOf = (name: string) => invites.items.find((i: { name: string }) => i.name === name).id;
    expect((await call(`/api/v1/invites/${idOf('Withdrawn')}`, { method: 'DELETE', token: admin.token })).status).toBe(204);
    await env.DB.prepare(`UPDATE invites SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ? AND workspace_id = ?`).bind(idOf('Late'), workspace.id).run();

    const r1 = await call('/api/v1/auth/redeem', { body: { code: withdrawn.code } });
    expect((await json(r1)).error.message).toMatch(/withdrawn/);
    const r2 = await call('/api/v1/auth/redeem', { body: { code: expired.code } });
    expect((await json(r2)).error.message).toMatch(/expired/);
    invites = await json(call('/api/v1/invites', { token: admin.token }));
    expect(Object.fromEntries(invites.items.map((i: { name: string; status: string }) => [i.name, i.status]))).toMatchObject({
      Withdrawn: 'revoked', Late: 'expired', 'Acme Admin': 'used',
    });
    expect(JSON.stringify(invites)).not.toContain(withdrawn.code);
  });

  it('slows down guessing of invite codes with 429 and Retry-After', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.9' };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await call('/api/v1/auth/redeem', { body: { code: `STW-GUES-SING-${String(i).padStart(4, '0')}-AAAA-BBBB` }, headers })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const blocked = await call('/api/v1/auth/redeem', { body: { code: 'STW-GUES-SING-9999-AAAA-BBBB' }, headers });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(blocked)).error.code).toBe('rate_limited');
    // Another address is not affected.
    expect((await call('/api/v1/auth/redeem', { body: { code: 'STW-AAAA-BBBB-CCCC-DDDD-EEEE' }, headers: { 'cf-connecting-ip': '198.51.100.1' } })).status).toBe(401);
  });
});

describe('workspace settings, audit, export and deletion', () => {
  it('validates settings and records every change in the audit log', async () => {
    const { admin } = await newWorkspace();
    const bad = await call('/api/v1/workspace', { method: 'PATCH', token: admin.token, body: { timeZone: 'Europe/Atlantis', schedule: { hour: 25, weekday: 0 } } });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields).sort()).toEqual(['schedule.hour', 'schedule.weekday', 'timeZone']);
    const ok = await json(call('/api/v1/workspace', { method: 'PATCH', token: admin.token, body: { schedule: { cadence: 'monthly', monthDay: null, hour: 7 }, jargonWords: ['VLAN', 'DNS'] } }));
    expect(ok.schedule).toEqual({ cadence: 'monthly', weekday: 1, monthDay: null, hour: 7 });

    const log = await json(call('/api/v1/audit?limit=100', { token: admin.token }));
    const actions = log.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['workspace.create', 'member.join', 'taxonomy.add', 'workspace.update']));
    expect(log.items[0]).toMatchObject({ action: 'workspace.update', actor: { name: 'Acme Admin' } });
  });

  it('exports everything as JSON and each table as CSV that spreadsheets read as text', async () => {
    const { admin, terms } = await newWorkspace();
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { summary: '=HYPERLINK("http://evil") and, "quotes"' }) });
    const res = await call('/api/v1/export', { token: admin.token });
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="steward-acme-\d{4}-\d{2}-\d{2}\.json"/);
    const data = await json(res);
    expect(data).toMatchObject({ format: 'steward-export/1', workspace: { name: 'Acme' } });
    expect(data.annotations).toHaveLength(1);
    expect(data.taxonomy.linesOfBusiness.map((l: { name: string }) => l.name)).toEqual(['Sales', 'Support']);
    expect(JSON.stringify(data)).not.toMatch(/stw_|code_hash|token_hash/);

    const csv = await call('/api/v1/export?format=csv&table=annotations', { token: admin.token });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toMatch(/^id,ticket,ticket_url/);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"") and, ""quotes"""`);
    expect((await call('/api/v1/export?format=xml', { token: admin.token })).status).toBe(400);
  });

  it('deletes a workspace and everything in it only when its name is typed', async () => {
    const { admin, terms, workspace } = await newWorkspace('Doomed');
    const other = await newWorkspace('Survivor');
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms) });
    const wrong = await call('/api/v1/workspace', { method: 'DELETE', token: admin.token, body: { confirm: 'doomed' } });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error.message).toContain('"Doomed"');
    expect((await call('/api/v1/workspace', { method: 'DELETE', token: admin.token, body: { confirm: 'Doomed' } })).status).toBe(204);
    expect((await call('/api/v1/me', { token: admin.token })).status).toBe(401);
    for (const table of ['members', 'annotations', 'taxonomy_terms', 'audit_log', 'invites']) {
      const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE workspace_id = ?`).bind(workspace.id).first<{ n: number }>();
      expect(row?.n, table).toBe(0);
    }
    expect((await call('/api/v1/me', { token: other.admin.token })).status).toBe(200);
  });
});

describe('API surface', () => {
  it('describes every route in openapi.json, including its access', async () => {
    const doc = await json(call('/api/v1/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms as object).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes).toEqual(expect.arrayContaining([
      'GET /healthz', 'POST /api/v1/workspaces', 'POST /api/v1/auth/redeem', 'GET /api/v1/me', 'POST /api/v1/invites',
      'GET /api/v1/taxonomy', 'POST /api/v1/annotations', 'GET /api/v1/annotations', 'PATCH /api/v1/annotations/{id}',
      'DELETE /api/v1/annotations/{id}', 'POST /api/v1/annotations/{id}/updates', 'GET /api/v1/export', 'GET /api/v1/audit',
      'GET /api/v1/openapi.json',
    ]));
    const create = doc.paths['/api/v1/annotations'].post;
    expect(create['x-steward-access']).toEqual(['admin', 'staff']);
    expect(create.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['id', 'summary', 'visibility']));
  });

  it('answers unknown routes with a JSON 404 that points to the document', async () => {
    const res = await call('/api/v1/nope');
    expect(res.status).toBe(404);
    expect((await json(res)).error.message).toMatch(/openapi\.json/);
  });

  it('allows browser calls only from the extension and configured origins', async () => {
    const preflight = (origin: string) =>
      call('/api/v1/annotations', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const ext = await preflight('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ext.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('creates workspaces only with the operator token, and validates the time zone', async () => {
    const res = await call('/api/v1/workspaces', { token: OPERATOR, body: { name: 'Tz', timeZone: 'America/Chicago', admin: { name: 'A' } } });
    expect((await json(res)).workspace).toMatchObject({ timeZone: 'America/Chicago', schedule: { cadence: 'weekly', weekday: 1, hour: 8 } });
    expect((await call('/api/v1/workspaces', { token: 'wrong', body: { name: 'Tz', admin: { name: 'A' } } })).status).toBe(401);
  });
});
