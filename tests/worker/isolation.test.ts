import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { annotationBody, call, join, json, newWorkspace, type TestTerms } from './helpers';

/**
 * The isolation matrix: every route in the OpenAPI document × every role of another
 * workspace (and nobody signed in), aimed at workspace A's resources. Nothing of A may leak
 * and nothing of A may change; roles outside a route's declared access get 401/403.
 */

type Role = 'admin' | 'staff' | 'executive' | 'provider';
const ROLES: Role[] = ['admin', 'staff', 'executive', 'provider'];

interface Doc { paths: Record<string, Record<string, { 'x-steward-access': 'public' | 'operator' | Role[]; requestBody?: unknown }>> }

let doc: Doc;
type ResourceIds = Record<'annotation' | 'privateAnnotation' | 'teamAnnotation' | 'member' | 'invite' | 'lob' | 'impact' | 'stakeholder' | 'kpi' | 'report' | 'recipient' | 'initiative' | 'connection' | 'meeting' | 'actionItem', string>;
let A: { tokens: Record<Role, string>; terms: TestTerms; ids: ResourceIds; markers: string[]; name: string };
let B: { tokens: Record<Role, string>; terms: TestTerms; name: string };
/** A's id, which starting a company sign-in names (a public route). */
let victimWorkspaceId = '';

async function setUp(name: string) {
  const ws = await newWorkspace(name);
  const tokens = { admin: ws.admin.token } as Record<Role, string>;
  tokens.staff = (await join(ws.admin.token, 'staff', `${name} Staff`)).token;
  tokens.executive = (await join(ws.admin.token, 'executive', `${name} Exec`)).token;
  tokens.provider = (await join(ws.admin.token, 'provider', `${name} Provider`, `${name} IT Ltd`)).token;
  return { ws, tokens };
}

beforeAll(async () => {
  doc = await json(call('/api/v1/openapi.json'));
  const a = await setUp('Victim Co');
  const secret = (what: string) => `SECRET-${what}-${crypto.randomUUID().slice(0, 8)}`;
  const markers: string[] = [];
  const ann = async (visibility: string, token: string) => {
    const summary = secret(`${visibility}-summary`);
    markers.push(summary);
    const res = await json(call('/api/v1/annotations', { token, body: annotationBody(a.ws.terms, { visibility, summary }) }));
    await call(`/api/v1/annotations/${res.id}/updates`, { token, body: { note: secret('note') } });
    return res.id as string;
  };
  const privateId = await ann('private', a.tokens.staff);
  const teamId = await ann('team', a.tokens.admin);
  const providerId = await ann('provider', a.tokens.admin);
  const members = await json(call('/api/v1/members', { token: a.tokens.admin }));
  const invite = await json(call('/api/v1/invites', { token: a.tokens.admin, body: { role: 'staff', name: secret('invitee') } }));
  const invites = await json(call('/api/v1/invites', { token: a.tokens.admin }));
  const impact = (await json(call('/api/v1/taxonomy', { token: a.tokens.admin }))).impactKinds[0].id;
  const recipients = await json(call('/api/v1/report-recipients', { token: a.tokens.admin, body: { email: 'victim-board@example.com', name: secret('board') } }));
  // What the ticket tool says about A's tagged ticket (RT #42), with a title only A may learn.
  const ticketTitle = secret('ticket-title');
  markers.push(ticketTitle);
  const observed = await call('/api/v1/tickets/observations', {
    token: a.tokens.admin,
    body: { observations: [{ tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42', title: ticketTitle, status: 'open', observedAt: '2026-11-20T10:00:00Z', found: ['title', 'status'] }] },
  });
  if (observed.status !== 200) throw new Error(`observations: ${observed.status}`);
  // An initiative its provider delivers, with a title only A may learn.
  const initiativeTitle = secret('initiative');
  markers.push(initiativeTitle);
  const initiative = await json(call('/api/v1/initiatives', {
    token: a.tokens.admin, body: { title: initiativeTitle, gap: secret('gap'), providerCompany: 'Victim Co IT Ltd', annotationIds: [teamId] },
  }));
  await call(`/api/v1/initiatives/${initiative.id}`, { method: 'PATCH', token: a.tokens.admin, body: { version: initiative.version, state: 'approved' } });
  // A connection to A's Zendesk, with credentials only A's admin ever gave.
  const connectionSecret = secret('zendesk-token');
  markers.push(connectionSecret, 'Victim Zendesk', 'it@victim.test');
  const connection = await json(call('/api/v1/connections', {
    token: a.tokens.admin, body: { kind: 'zendesk', address: 'https://victim.zendesk.com', name: 'Victim Zendesk', credentials: { auth: 'basic', username: 'it@victim.test', secret: connectionSecret } },
  }));
  // A's dialogue meeting, in a room only A may learn of (off: nobody is emailed).
  const meetingRoom = secret('meeting-room');
  markers.push(meetingRoom);
  await call('/api/v1/meeting', { method: 'PATCH', token: a.tokens.admin, body: { version: 0, enabled: false, location: meetingRoom } });
  const sent = await json(call('/api/v1/reports/send', { token: a.tokens.admin, body: {} }));
  // A's dialogue meeting under way: a decision and an action item for its provider, in words only A may learn.
  const held = await json(call('/api/v1/meetings', { token: a.tokens.staff, body: {} }));
  await call(`/api/v1/meetings/${held.id}/agenda`, { token: a.tokens.staff, body: { title: secret('topic') } });
  const decision = secret('decision');
  const actionWhat = secret('action-item');
  markers.push(decision, actionWhat);
  await call(`/api/v1/meetings/${held.id}/decisions`, { token: a.tokens.staff, body: { ref: 'other-1', text: decision } });
  const actionItem = await json(call(`/api/v1/meetings/${held.id}/action-items`, {
    token: a.tokens.staff, body: { what: actionWhat, owner: { kind: 'provider', company: 'Victim Co IT Ltd' }, dueOn: '2099-01-01' },
  }));
  if (!actionItem.id) throw new Error(`meeting set-up: ${JSON.stringify(actionItem)}`);
  void invite;
  victimWorkspaceId = a.ws.workspace.id;
  markers.push(a.ws.workspace.id, privateId, teamId, providerId, 'Victim Co Staff', 'Victim Co Provider', 'Victim Co IT Ltd');
  A = {
    tokens: a.tokens, terms: a.ws.terms, name: 'Victim Co', markers,
    ids: {
      annotation: providerId, privateAnnotation: privateId, teamAnnotation: teamId,
      member: members.items.find((m: { role: string }) => m.role === 'staff').id,
      invite: invites.items.find((i: { status: string }) => i.status === 'pending').id,
      lob: a.ws.terms.sales, impact, stakeholder: a.ws.terms.dana, kpi: a.ws.terms.kpi,
      report: sent.report.id, recipient: recipients.items.find((r: { source: string }) => r.source === 'extra').id,
      initiative: initiative.id,
      connection: connection.connection.id,
      meeting: held.id,
      actionItem: actionItem.id,
    },
  };
  const b = await setUp('Intruder Co');
  B = { tokens: b.tokens, terms: b.ws.terms, name: 'Intruder Co' };
  // B tags the very same ticket: its facts and A's must still never meet.
  await call('/api/v1/annotations', { token: b.tokens.admin, body: annotationBody(b.ws.terms, { visibility: 'provider' }) });
});

/** Which of A's ids a path's {id} means. */
function idFor(path: string): string {
  if (path.startsWith('/api/v1/annotations/')) return A.ids.annotation;
  if (path.startsWith('/api/v1/members/')) return A.ids.member;
  if (path.startsWith('/api/v1/invites/')) return A.ids.invite;
  if (path.includes('/lines-of-business/')) return A.ids.lob;
  if (path.includes('/impact-kinds/')) return A.ids.impact;
  if (path.includes('/stakeholders/')) return A.ids.stakeholder;
  if (path.includes('/kpis/')) return A.ids.kpi;
  if (path.startsWith('/api/v1/reports/')) return A.ids.report;
  if (path.startsWith('/api/v1/initiatives/')) return A.ids.initiative;
  if (path.startsWith('/api/v1/report-recipients/')) return A.ids.recipient;
  if (path.startsWith('/r/')) return 'not-a-report-token';
  // A web-view link is itself the credential: the matrix checks that a forged one opens nothing.
  if (path.startsWith('/p/')) return 'not-a-provider-token';
  if (path.startsWith('/api/v1/connections/')) return A.ids.connection;
  if (path.startsWith('/api/v1/meetings/')) return A.ids.meeting;
  if (path.startsWith('/api/v1/action-items/')) return A.ids.actionItem;
  // A webhook address names a connection; the matrix checks that a made-up one takes nothing.
  if (path.startsWith('/hooks/')) return 'not-a-connection';
  throw new Error(`The isolation matrix does not know which resource {id} means in ${path}: add it.`);
}

/** A valid body for each route that takes one, so a refusal is about access, not input. */
function bodyFor(method: string, path: string): unknown {
  const key = `${method.toUpperCase()} ${path}`;
  const bodies: Record<string, unknown> = {
    'POST /api/v1/workspaces': { name: 'Sneaky', admin: { name: 'Me' } },
    'PATCH /api/v1/workspace': { name: 'Renamed by intruder' },
    'DELETE /api/v1/workspace': { confirm: A.name },
    'POST /api/v1/auth/redeem': { code: 'STW-AAAA-BBBB-CCCC-DDDD-EEEE' },
    'PATCH /api/v1/members/{id}': { role: 'admin' },
    'POST /api/v1/invites': { role: 'staff', name: 'Mole' },
    'POST /api/v1/taxonomy/lines-of-business': { name: 'Intruder line' },
    'PATCH /api/v1/taxonomy/lines-of-business/{id}': { name: 'Hijacked' },
    'POST /api/v1/taxonomy/impact-kinds': { name: 'Intruder impact' },
    'PATCH /api/v1/taxonomy/impact-kinds/{id}': { retired: true },
    'POST /api/v1/taxonomy/stakeholders': { name: 'Intruder person' },
    'PATCH /api/v1/taxonomy/stakeholders/{id}': { name: 'Hijacked' },
    'POST /api/v1/taxonomy/kpis': { name: 'Intruder KPI', unit: '%', direction: 'higher_is_better' },
    'PATCH /api/v1/taxonomy/kpis/{id}': { target: 0 },
    'POST /api/v1/taxonomy/kpis/{id}/readings': { value: 1, recordedOn: '2026-11-01' },
    'POST /api/v1/annotations': annotationBody(B.terms, { id: A.ids.annotation }),
    'PATCH /api/v1/annotations/{id}': { version: 1, summary: 'Hijacked' },
    'POST /api/v1/annotations/{id}/updates': { note: 'Intruder note' },
    'POST /api/v1/reports/send': {},
    'POST /api/v1/report-recipients': { email: 'mole@example.com' },
    'POST /api/v1/members/{id}/sign-in': {},
    // Another workspace's own company sign-in (its admin may): nothing of A changes.
    'POST /api/v1/sign-in/oidc': { issuer: env.OIDC_ISSUER, clientId: 'steward-test', allowedDomains: ['intruder.test'], newMemberRole: 'staff', requiredForStaff: false },
    'POST /api/v1/auth/oidc/start': { workspaceId: victimWorkspaceId, redirectUri: 'https://steward-tests.chromiumapp.org/' },
    'POST /api/v1/auth/oidc/finish': { state: 'forged-state', code: 'forged-code' },
    'POST /api/v1/initiatives': { title: 'Intruder initiative', gap: 'None.', annotationIds: [A.ids.teamAnnotation] },
    'PATCH /api/v1/initiatives/settings': { currency: 'EUR' },
    'PATCH /api/v1/initiatives/{id}': { version: 2, title: 'Hijacked', state: 'rejected', reason: 'Intruder' },
    'POST /api/v1/initiatives/{id}/evidence': { unlink: [A.ids.teamAnnotation] },
    'POST /api/v1/initiatives/{id}/answers': { status: 'done', note: 'Intruder answer' },
    'PATCH /api/v1/meeting': { version: 0, durationMinutes: 45 },
    'POST /api/v1/meetings': {},
    'POST /api/v1/meetings/{id}/decisions': { ref: 'other-1', text: 'Intruder decision' },
    'POST /api/v1/meetings/{id}/agenda': { title: 'Intruder topic' },
    'POST /api/v1/meetings/{id}/action-items': { what: 'Intruder task', owner: { kind: 'provider', company: 'Victim Co IT Ltd' }, dueOn: '2099-01-01' },
    'POST /api/v1/meetings/{id}/corrections': { note: 'Intruder correction' },
    'PATCH /api/v1/action-items/{id}': { version: 1, state: 'dropped' },
    'POST /api/v1/action-items/{id}/answers': { status: 'done', note: 'Intruder answer' },
    'POST /api/v1/connections': { kind: 'rt', address: 'https://rt.intruder.test', credentials: { auth: 'token', secret: 'intruder-token' } },
    'PATCH /api/v1/connections/{id}': { address: 'https://evil.example.com', credentials: { auth: 'basic', username: 'x', secret: 'intruder-secret' } },
    'POST /hooks/{id}': { action: 'closed', issue: { number: 1 } },
    'POST /api/v1/tickets/observations': {
      observations: [{ tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42', title: 'Renamed by intruder', status: 'resolved', observedAt: '2026-11-21T10:00:00Z', found: ['title', 'status'] }],
    },
  };
  if (!(key in bodies)) throw new Error(`The isolation matrix has no body for ${key}: add one.`);
  return bodies[key];
}

/** A query for routes that need one to mean A's resource (the same key names a ticket in any workspace). */
function queryFor(method: string, path: string): string {
  return method === 'get' && path === '/api/v1/tickets/facts' ? '?key=rt%3Art.example.com%3A42' : '';
}

function routes() {
  const out: Array<{ method: string; path: string; access: 'public' | 'operator' | Role[]; hasBody: boolean }> = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) out.push({ method, path, access: op['x-steward-access'], hasBody: !!op.requestBody });
  }
  // Signing out ends the caller's own session: run it last so it cannot hide other results.
  return out.sort((x, y) => Number(x.path.endsWith('/signout')) - Number(y.path.endsWith('/signout')));
}

async function snapshotOfA() {
  const data = await json(call('/api/v1/export', { token: A.tokens.admin }));
  return JSON.stringify({ ...data, exportedAt: null, audit: data.audit.filter((e: { action: string }) => e.action !== 'workspace.export') });
}

describe('isolation matrix', () => {
  it('documents every route with its access rule', () => {
    const list = routes();
    expect(list.length).toBeGreaterThanOrEqual(30);
    // The document is JSON from the running Worker: each route's rule is one the guard knows.
    const ROLES = ['admin', 'staff', 'executive', 'provider'];
    for (const r of list) {
      const ok = r.access === 'public' || r.access === 'operator' || (Array.isArray(r.access) && r.access.length > 0 && r.access.every((x) => ROLES.includes(x)));
      expect(ok, `${r.method} ${r.path}: ${JSON.stringify(r.access)}`).toBe(true);
    }
  });

  it('leaks nothing of another workspace and changes nothing in it, for every route and role', async () => {
    const before = await snapshotOfA();
    const problems: string[] = [];
    for (const r of routes()) {
      const path = (/\{(id|token)\}/.test(r.path) ? r.path.replace(/\{(id|token)\}/, idFor(r.path)) : r.path) + queryFor(r.method, r.path);
      for (const role of [...ROLES, 'anonymous'] as const) {
        const token = role === 'anonymous' ? undefined : B.tokens[role];
        const res = await call(path, { method: r.method.toUpperCase(), token, ...(r.hasBody ? { body: bodyFor(r.method, r.path) } : {}) });
        const text = await res.text();
        const where = `${r.method.toUpperCase()} ${r.path} as ${role} of another workspace → ${res.status}`;
        if (res.status >= 500) problems.push(`${where}: server error ${text.slice(0, 200)}`);
        for (const marker of A.markers) if (text.includes(marker)) problems.push(`${where}: leaked ${marker}`);
        const allowed = r.access === 'public' || (Array.isArray(r.access) && role !== 'anonymous' && r.access.includes(role));
        if (!allowed && ![401, 403].includes(res.status)) problems.push(`${where}: expected 401/403 for a role outside ${JSON.stringify(r.access)}`);
        if (allowed && r.path.includes('{id}') && !r.path.startsWith('/r/') && res.status !== 404) problems.push(`${where}: another workspace's resource must be "not found"`);
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshotOfA()).toBe(before);
  }, 60_000);

  it('leaves another workspace\'s connection as it was: address, credentials, state', async () => {
    const { items } = await json(call('/api/v1/connections', { token: A.tokens.admin }));
    expect(items).toEqual([expect.objectContaining({ id: A.ids.connection, address: 'https://victim.zendesk.com', username: 'it@victim.test', badSignatures: 0, lastError: null })]);
  });

  it('keeps each role of the same workspace to what it may see', async () => {
    const list = async (token: string) => (await json(call('/api/v1/annotations', { token }))).items.map((a: { id: string }) => a.id).sort();
    // The provider sees only what was shared with the provider.
    expect(await list(A.tokens.provider)).toEqual([A.ids.annotation]);
    for (const id of [A.ids.teamAnnotation, A.ids.privateAnnotation]) {
      expect((await call(`/api/v1/annotations/${id}`, { token: A.tokens.provider })).status).toBe(404);
      expect((await call(`/api/v1/annotations/${id}/updates`, { token: A.tokens.provider, body: { providerStatus: 'acknowledged' } })).status).toBe(404);
    }
    // The admin does not see the staff member's private draft; its author does.
    expect(await list(A.tokens.admin)).toEqual([A.ids.annotation, A.ids.teamAnnotation].sort());
    expect((await call(`/api/v1/annotations/${A.ids.privateAnnotation}`, { token: A.tokens.admin })).status).toBe(404);
    expect(await list(A.tokens.staff)).toEqual([A.ids.annotation, A.ids.teamAnnotation, A.ids.privateAnnotation].sort());
    // Executives read reports, not the raw API.
    expect((await call('/api/v1/annotations', { token: A.tokens.executive })).status).toBe(403);
    // A provider reading the timeline sees no staff-only ids of other items.
    const detail = await json(call(`/api/v1/annotations/${A.ids.annotation}`, { token: A.tokens.provider }));
    expect(JSON.stringify(detail)).not.toContain(A.ids.teamAnnotation);
    // Only an admin deletes an initiative, and not one executives approved: it stays for every role.
    for (const role of ['staff', 'executive', 'provider'] as const) {
      expect((await call(`/api/v1/initiatives/${A.ids.initiative}`, { method: 'DELETE', token: A.tokens[role] })).status, role).toBe(403);
    }
    expect((await call(`/api/v1/initiatives/${A.ids.initiative}`, { method: 'DELETE', token: A.tokens.admin })).status).toBe(409);
    expect((await call(`/api/v1/initiatives/${A.ids.initiative}`, { token: A.tokens.admin })).status).toBe(200);
  });
});
