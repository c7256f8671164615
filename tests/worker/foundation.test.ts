import { describe, expect, it } from 'vitest';
import { annotationBody, call, json, newWorkspace, OPERATOR } from './helpers';

describe('GET /healthz', () => {
  it('answers with the database reachable', async () => {
    const res = await call('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('answers the extension across origins, since connecting starts with it', async () => {
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const res = await call('/healthz', { headers: { origin } });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    const other = await call('/healthz', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('workspaces and invites', () => {
  it('refuses workspace creation without the operator token', async () => {
    const res = await call('/api/v1/workspaces', { body: { name: 'X', admin: { name: 'Y' } } });
    expect(res.status).toBe(401);
    expect((await json(res)).error.message).toMatch(/operator token/);
  });

  it('names every wrong field', async () => {
    const res = await call('/api/v1/workspaces', { token: OPERATOR, body: { name: '', timeZone: 'Mars/Olympus', admin: {}, extra: 1 } });
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual({
      name: 'is required',
      timeZone: expect.stringMatching(/IANA time zone/),
      'admin.name': 'is required',
      extra: 'is not a known field; remove it',
    });
  });

  it('turns an invite into a token once, and only once', async () => {
    const created = await json(call('/api/v1/workspaces', { token: OPERATOR, body: { name: 'Once', admin: { name: 'Ann' } } }));
    const first = await call('/api/v1/auth/redeem', { body: { code: created.invite.code.toLowerCase() } });
    expect(first.status).toBe(201);
    const { token, member } = await json(first);
    expect(member.role).toBe('admin');
    const me = await json(call('/api/v1/me', { token }));
    expect(me.workspace.name).toBe('Once');

    const again = await call('/api/v1/auth/redeem', { body: { code: created.invite.code } });
    expect(again.status).toBe(401);
    expect((await json(again)).error.message).toMatch(/already been used/);
  });

  it('lets only one of two simultaneous redeems of a code win', async () => {
    const created = await json(call('/api/v1/workspaces', { token: OPERATOR, body: { name: 'Race', admin: { name: 'Ann' } } }));
    const results = await Promise.all([1, 2, 3].map(() => call('/api/v1/auth/redeem', { body: { code: created.invite.code } })));
    expect(results.map((r: Response) => r.status).sort()).toEqual([201, 401, 401]);
  });

  it('rejects a wrong or malformed code with a clear message', async () => {
    const wrong = await call('/api/v1/auth/redeem', { body: { code: 'STW-AAAA-BBBB-CCCC-DDDD-EEEE' } });
    expect(wrong.status).toBe(401);
    const malformed = await call('/api/v1/auth/redeem', { body: { code: '<script>' } });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.fields.code).toMatch(/invite code/);
  });

  it('refuses requests without a valid token', async () => {
    expect((await call('/api/v1/me')).status).toBe(401);
    const res = await call('/api/v1/me', { token: 'stw_not-a-real-token' });
    expect(res.status).toBe(401);
    expect((await json(res)).error.message).toMatch(/Reconnect/);
  });
});

describe('annotations', () => {
  it('stores a tag and lists it by ticket key', async () => {
    const { admin, terms } = await newWorkspace();
    const body = annotationBody(terms);
    const res = await call('/api/v1/annotations', { token: admin.token, body });
    expect(res.status).toBe(201);
    const stored = await json(res);
    expect(stored).toMatchObject({ id: body.id, ticketKey: 'rt:rt.example.com:42', version: 1, state: 'open', author: { name: 'Acme Admin' } });

    expect(stored.labels).toEqual({ lineOfBusiness: 'Sales', stakeholders: ['Dana Ortiz'], impact: 'Revenue', kpis: [] });
    const list = await json(call('/api/v1/annotations?ticket=rt:rt.example.com:42', { token: admin.token }));
    expect(list.items.map((a: { id: string }) => a.id)).toEqual([body.id]);
    const other = await json(call('/api/v1/annotations?ticket=rt:rt.example.com:43', { token: admin.token }));
    expect(other.items).toEqual([]);
  });

  it('is idempotent by client id: a retry returns the same annotation, not a duplicate', async () => {
    const { admin, terms } = await newWorkspace();
    const body = annotationBody(terms);
    const first = await call('/api/v1/annotations', { token: admin.token, body });
    const retry = await call('/api/v1/annotations', { token: admin.token, body });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect((await json(retry)).id).toBe(body.id);
    const list = await json(call('/api/v1/annotations', { token: admin.token }));
    expect(list.items).toHaveLength(1);

    const clash = await call('/api/v1/annotations', { token: admin.token, body: { ...body, summary: 'Something else' } });
    expect(clash.status).toBe(409);
  });

  it('never shows one workspace the tags of another, even by reusing an id', async () => {
    const a = await newWorkspace('A');
    const b = await newWorkspace('B');
    const body = annotationBody(a.terms);
    await call('/api/v1/annotations', { token: a.admin.token, body });
    // b's own taxonomy ids, same client id: still a clash, and nothing of a's leaks.
    expect((await json(call('/api/v1/annotations', { token: b.admin.token }))).items).toEqual([]);
    const reuse = await call('/api/v1/annotations', { token: b.admin.token, body: { ...annotationBody(b.terms), id: body.id, summary: body.summary } });
    expect(reuse.status).toBe(409);
    expect(JSON.stringify(await json(reuse))).not.toContain(body.summary);
  });

  it('answers bad input with a 400 naming the field, never a 500', async () => {
    const { admin, terms } = await newWorkspace();
    const cases: Array<[unknown, string]> = [
      [annotationBody(terms, { id: 'not-a-uuid' }), 'id'],
      [annotationBody(terms, { horizon: 'later' }), 'horizon'],
      [annotationBody(terms, { summary: 'x'.repeat(281) }), 'summary'],
      [annotationBody(terms, { summary: '   ' }), 'summary'],
      [annotationBody(terms, { priority: 7 }), 'priority'],
      [annotationBody(terms, { eventDate: '2026-12-01' }), 'eventDate'],
      [annotationBody(terms, { ticketRef: { tool: 'nope', tenant: 'x', ticketId: '1', url: 'https://x', observedAt: '2026-01-01T00:00:00Z' } }), 'ticketRef.tool'],
      [annotationBody(terms, { colour: 'red' }), 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await call('/api/v1/annotations', { token: admin.token, body });
      expect(res.status, field).toBe(400);
      expect(Object.keys((await json(res)).error.fields), field).toContain(field);
    }
    const badQuery = await call('/api/v1/annotations?ticket=%20', { token: admin.token });
    expect(badQuery.status).toBe(400);
    expect((await json(badQuery)).error.fields).toHaveProperty('ticket');
    const notJson = await call('/api/v1/annotations', { token: admin.token, body: 'summary=x', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(400);
    const broken = await call('/api/v1/annotations', { token: admin.token, body: '{"id":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect((await json(broken)).error.code).toBe('bad_request');
  });

  it('refuses oversized bodies with 413', async () => {
    const { admin, terms } = await newWorkspace();
    const res = await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { detail: 'x'.repeat(70_000) }) });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('payload_too_large');
  });

  it('stores markup and SQL metacharacters verbatim, as data', async () => {
    const { admin, terms } = await newWorkspace();
    const summary = `<img src=x onerror=alert(1)> '); DROP TABLE annotations; --`;
    const ops = await json(call('/api/v1/taxonomy/lines-of-business', { token: admin.token, body: { name: `"Sales" & <Ops>` } }));
    const detail = `<script>alert('x')</script>\u0000 "quoted"`;
    const body = annotationBody(terms, { summary, lineOfBusiness: ops.id, detail });
    expect((await call('/api/v1/annotations', { token: admin.token, body })).status).toBe(201);
    const list = await json(call('/api/v1/annotations', { token: admin.token }));
    expect(list.items[0]).toMatchObject({ summary, detail, labels: { lineOfBusiness: `"Sales" & <Ops>` } });
  });
});

describe('invites', () => {
  it('lets an admin invite staff, who then sign in with the staff role', async () => {
    const { admin, workspace } = await newWorkspace();
    const res = await call('/api/v1/invites', { token: admin.token, body: { role: 'staff', name: 'Sam Lee', email: 'sam@example.com' } });
    expect(res.status).toBe(201);
    const invite = await json(res);
    expect(invite).toMatchObject({ role: 'staff', name: 'Sam Lee', code: expect.stringMatching(/^STW-/) });
    const staff = await json(call('/api/v1/auth/redeem', { body: { code: invite.code } }));
    expect(staff.member).toMatchObject({ role: 'staff', name: 'Sam Lee', email: 'sam@example.com', workspaceId: workspace.id });
  });

  it('refuses invites from non-admins and provider invites without a company', async () => {
    const { admin } = await newWorkspace();
    const staffInvite = await json(call('/api/v1/invites', { token: admin.token, body: { role: 'staff', name: 'Sam' } }));
    const staff = await json(call('/api/v1/auth/redeem', { body: { code: staffInvite.code } }));
    const denied = await call('/api/v1/invites', { token: staff.token, body: { role: 'admin', name: 'Me again' } });
    expect(denied.status).toBe(403);
    const noCompany = await call('/api/v1/invites', { token: admin.token, body: { role: 'provider', name: 'Pat' } });
    expect(noCompany.status).toBe(400);
    expect((await json(noCompany)).error.fields).toEqual({ providerCompany: 'is required for provider members' });
  });

  it('shows a provider member only what was shared with the provider, and no executive the raw list', async () => {
    const { admin, terms } = await newWorkspace();
    for (const visibility of ['private', 'team', 'provider']) {
      await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { visibility, summary: `${visibility} item` }) });
    }
    const p = await json(call('/api/v1/invites', { token: admin.token, body: { role: 'provider', name: 'Pat', providerCompany: 'BrightIT' } }));
    const provider = await json(call('/api/v1/auth/redeem', { body: { code: p.code } }));
    const seen = await json(call('/api/v1/annotations', { token: provider.token }));
    expect(seen.items.map((a: { summary: string }) => a.summary)).toEqual(['provider item']);
    expect((await call('/api/v1/annotations', { token: provider.token, body: annotationBody(terms) })).status).toBe(403);

    const s = await json(call('/api/v1/invites', { token: admin.token, body: { role: 'staff', name: 'Sam' } }));
    const staff = await json(call('/api/v1/auth/redeem', { body: { code: s.code } }));
    const staffSees = await json(call('/api/v1/annotations', { token: staff.token }));
    expect(staffSees.items.map((a: { summary: string }) => a.summary).sort()).toEqual(['provider item', 'team item']);

    const e = await json(call('/api/v1/invites', { token: admin.token, body: { role: 'executive', name: 'Eve' } }));
    const exec = await json(call('/api/v1/auth/redeem', { body: { code: e.code } }));
    expect((await call('/api/v1/annotations', { token: exec.token })).status).toBe(403);
  });
});
