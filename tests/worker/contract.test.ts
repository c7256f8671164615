import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_CALLS, ApiRequestError, createClient, type ApiCallName, type ApiCallSpec, type StewardClient } from '../../shared/api/client';
import type { AnnotationCreate, WorkspaceCreated } from '../../shared/schemas';
// Importing the app registers every route's declaration in ENDPOINTS.
import '../../worker/app';
import { ENDPOINTS, type Endpoint } from '../../worker/openapi';
import { ANNOTATION_SCENARIOS, GIVEN, GIVEN_LISTS, runScenario, SCENARIOS } from '../contract/scenarios';
import { call, json, OPERATOR } from './helpers';
import { logInAtProvider } from './oidc-login';

const TEST_REDIRECT = 'https://steward-tests.chromiumapp.org/';

/**
 * One contract, checked from both sides: the typed client (`shared/api/client.ts`), the
 * Worker's declared routes (`endpoint({...})` in worker/routes, served as openapi.json) and
 * the Worker's real answers must agree. The same scenarios run against the extension tests'
 * fake Worker in tests/extension/fake-worker-contract.test.ts.
 */

const BASE = 'http://steward.test';
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
/** `{id}` and `{token}` alike: the client and the Worker may name a path parameter differently. */
const shape = (path: string) => path.replace(/\{\w+\}/g, '{}');

/** The Worker routes a client method calls: one, or one per fixed value of a path parameter. */
function routesOf(spec: ApiCallSpec): string[] {
  let paths = [spec.path];
  for (const [name, values] of Object.entries(spec.oneOf ?? {})) {
    paths = paths.flatMap((p) => values.map((value) => p.replace(`{${name}}`, value)));
  }
  return paths.map((p) => key(spec.method, shape(p)));
}

const declared = new Map<string, Endpoint>(ENDPOINTS.map((e) => [key(e.method, shape(e.path)), e]));
const calls = Object.entries(API_CALLS) as [ApiCallName, ApiCallSpec][];

describe('one contract: the typed client and the routes the Worker declares', () => {
  it('gives every client method a declared route, named after the method', () => {
    const problems: string[] = [];
    for (const [name, spec] of calls) {
      const routes = routesOf(spec);
      for (const route of routes) {
        const e = declared.get(route);
        if (!e) problems.push(`client.${name} calls ${route}, which no endpoint({...}) in worker/routes declares`);
        else if (e.notInClient) problems.push(`client.${name} calls ${route}, which declares notInClient (${e.notInClient.usedBy}): drop one of the two`);
        // A method spread over several routes (addTerm) cannot lend its name to each of them.
        else if (routes.length === 1 && e.operationId !== name) problems.push(`${route} has operationId "${e.operationId}"; name it after its client method "${name}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has a client method, or a stated reason why not, for every declared route', () => {
    const called = new Set(calls.flatMap(([, spec]) => routesOf(spec)));
    const orphans = ENDPOINTS.filter((e) => !called.has(key(e.method, shape(e.path))) && !e.notInClient)
      .map((e) => `${key(e.method, e.path)}: add a method to API_CALLS in shared/api/client.ts, or declare notInClient: { usedBy, reason } on its endpoint`);
    expect(orphans).toEqual([]);
    for (const e of ENDPOINTS.filter((x) => x.notInClient)) expect(e.notInClient!.reason.length, key(e.method, e.path)).toBeGreaterThan(10);
  });

  it('serves exactly the declared routes in openapi.json, each with its own operationId', async () => {
    const doc = await json<{ paths: Record<string, Record<string, { operationId: string }>> }>(call('/api/v1/openapi.json'));
    const served = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => `${key(m, p)} ${op.operationId}`));
    expect(served.sort()).toEqual(ENDPOINTS.map((e) => `${key(e.method, e.path)} ${e.operationId}`).sort());
    const ids = ENDPOINTS.map((e) => e.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// The client against the real Worker.

interface Seen { method: string; path: string; status: number }
let documented: (seen: Seen) => string | null;

beforeAll(async () => {
  const doc = await json<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(call('/api/v1/openapi.json'));
  // Literal segments first: /api/v1/reports/preview is that route, not /api/v1/reports/{id}.
  const templates = Object.keys(doc.paths)
    .map((p) => ({ p, re: new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`), params: (p.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);
  documented = (seen) => {
    const t = templates.find((x) => x.re.test(seen.path) && doc.paths[x.p]![seen.method.toLowerCase()]);
    if (!t) return `${seen.method} ${seen.path} matches no documented route`;
    const answers = doc.paths[t.p]![seen.method.toLowerCase()]!.responses;
    return String(seen.status) in answers ? null : `${seen.method} ${t.p} answered ${seen.status}, which openapi.json does not list (it lists ${Object.keys(answers).join(', ')})`;
  };
});

/** A client whose fetch is the Worker itself, noting every answer for `undocumentedAnswers`. */
function clients() {
  const seen: Seen[] = [];
  const used = new Set<ApiCallName>();
  const workerFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const res = await exports.default.fetch(req);
    seen.push({ method: req.method, path: new URL(req.url).pathname, status: res.status });
    return res;
  }) as typeof fetch;
  const client = (token?: string): StewardClient =>
    new Proxy(createClient({ baseUrl: BASE, token, fetch: workerFetch }), {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && prop in API_CALLS) used.add(prop as ApiCallName);
        return Reflect.get(target, prop, receiver);
      },
    });
  /** Every status the Worker gave is one openapi.json promises for that route. */
  const undocumentedAnswers = () => [...new Set(seen.map(documented).filter(Boolean))];
  return { client, used, seen, undocumentedAnswers };
}

/** The scenarios' starting point: a workspace made with the operator token, its admin signed in. */
async function given(client: (token?: string) => StewardClient) {
  const created = await json<WorkspaceCreated>(call('/api/v1/workspaces', {
    token: OPERATOR, body: { name: GIVEN.workspace.name, timeZone: GIVEN.workspace.timeZone, admin: { ...GIVEN.admin } },
  }));
  const admin = await client().redeem(created.invite.code);
  return { created, admin: client(admin.token), adminToken: admin.token };
}

async function fails(promise: Promise<unknown>): Promise<ApiRequestError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiRequestError);
  return err as ApiRequestError;
}

describe('the shared scenarios, against the real Worker', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_, scenario) => {
    const c = clients();
    const { admin } = await given(c.client);
    await runScenario(admin, scenario);
    expect(c.undocumentedAnswers()).toEqual([]);
  });
});

describe('the tagging scenarios, against the real Worker', () => {
  it.each(ANNOTATION_SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_, scenario) => {
    const c = clients();
    const { admin } = await given(c.client);
    // The lists and the provider company the tagging screens' stand-in starts with.
    const lines = new Map<string, string>();
    for (const name of GIVEN_LISTS.linesOfBusiness) lines.set(name, (await admin.addTerm('lines-of-business', { name })).id);
    const { name, title, lineOfBusiness } = GIVEN_LISTS.stakeholder;
    await admin.addStakeholder({ name, title, lineOfBusinessId: lines.get(lineOfBusiness)! });
    await admin.addKpi({ ...GIVEN_LISTS.kpi });
    await admin.createInvite({ role: 'provider', name: 'Pat Kim', providerCompany: GIVEN_LISTS.providerCompany });
    await runScenario(admin, scenario);
    expect(c.undocumentedAnswers()).toEqual([]);
  });
});

describe('the typed client against the real Worker', () => {
  it('answers every client method in a working week of one workspace, each answer in the client\'s schema and as documented', async () => {
    const c = clients();
    const anonymous = c.client();
    expect(await anonymous.health()).toEqual({ ok: true });

    // The operator makes the workspace (operator-only route); its admin joins with the code.
    const { created, admin } = await given(c.client);
    expect((await admin.me()).member).toMatchObject({ name: GIVEN.admin.name, role: 'admin', workspaceId: created.workspace.id });
    expect(await admin.workspace()).toEqual(created.workspace);
    expect((await admin.updateWorkspace({ jargonWords: ['SLA', 'P1'] })).jargonWords).toEqual(['SLA', 'P1']);

    // The taxonomy staff tag with.
    const sales = await admin.addTerm('lines-of-business', { name: 'Sales' });
    expect(await admin.updateTerm('lines-of-business', sales.id, { name: 'Sales and quotes' })).toMatchObject({ id: sales.id, name: 'Sales and quotes' });
    const reputation = await admin.addTerm('impact-kinds', { name: 'Reputation' });
    expect((await admin.updateTerm('impact-kinds', reputation.id, { retired: true })).retiredAt).toEqual(expect.any(String));
    const dana = await admin.addStakeholder({ name: 'Dana Ortiz', title: 'Head of Sales', lineOfBusinessId: sales.id });
    expect(await admin.updateStakeholder(dana.id, { title: 'VP Sales' })).toMatchObject({ id: dana.id, title: 'VP Sales' });
    const kpi = await admin.addKpi({ name: 'Quote turnaround', unit: 'hours', target: 24, direction: 'lower_is_better' });
    expect((await admin.updateKpi(kpi.id, { target: 12 })).target).toBe(12);
    await admin.addKpiReading(kpi.id, { value: 30, recordedOn: '2026-11-02' });
    await admin.addKpiReading(kpi.id, { value: 26, recordedOn: '2026-11-09', note: 'CRM patched' });
    expect((await admin.kpiReadings(kpi.id)).items.map((r) => [r.recordedOn, r.value])).toEqual([['2026-11-09', 26], ['2026-11-02', 30]]);
    const taxonomy = await admin.taxonomy();
    expect(taxonomy.kpis[0]!.latest).toMatchObject({ value: 26, note: 'CRM patched' });
    const revenue = taxonomy.impactKinds.find((k) => k.name === 'Revenue')!;

    // The team joins: staff, an executive who receives the report, the IT provider.
    const invite = async (body: Parameters<StewardClient['createInvite']>[0]) => (await admin.createInvite(body)).code;
    const sam = await anonymous.redeem(await invite({ role: 'staff', name: 'Sam Reyes' }));
    const erin = await anonymous.redeem(await invite({ role: 'executive', name: 'Erin Park', email: 'erin@example.com' }));
    const pat = await anonymous.redeem(await invite({ role: 'provider', name: 'Pat Fixer', providerCompany: 'Fixit Ltd' }));
    const staff = c.client(sam.token);
    const executive = c.client(erin.token);
    const provider = c.client(pat.token);
    const stale = await admin.createInvite({ role: 'staff', name: 'Never Came' });
    const invites = await admin.invites();
    expect(invites.items.map((i) => [i.name, i.status]).sort()).toEqual([['Erin Park', 'used'], ['Never Came', 'pending'], ['Pat Fixer', 'used'], ['Priya Shah', 'used'], ['Sam Reyes', 'used']]);
    await admin.revokeInvite(invites.items.find((i) => i.name === stale.name)!.id);
    expect((await admin.members()).items.map((m) => m.name)).toEqual(['Erin Park', 'Pat Fixer', 'Priya Shah', 'Sam Reyes']);
    expect(await admin.updateMember(sam.member.id, { name: 'Sam R.' })).toMatchObject({ name: 'Sam R.', role: 'staff' });
    expect((await fails(executive.members())).status).toBe(403);

    // Staff tag a ticket and share it with the provider; the provider answers.
    expect((await staff.providerCompanies()).items).toEqual([{ name: 'Fixit Ltd', members: 1, invited: 0 }]);
    const body: AnnotationCreate = {
      id: crypto.randomUUID(), horizon: 'now', lineOfBusiness: sales.id, stakeholders: [dana.id], impact: revenue.id, priority: 'high', kpis: [kpi.id],
      summary: 'Quotes take two days because the CRM times out.', visibility: 'provider', sharedWith: 'Fixit Ltd', state: 'open',
      ticketRef: { tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42', observedAt: '2026-11-20T10:00:00Z' },
    };
    const tag = await staff.createAnnotation(body);
    expect(tag).toMatchObject({ id: body.id, version: 1, sharedWith: 'Fixit Ltd', labels: { lineOfBusiness: 'Sales and quotes', stakeholders: ['Dana Ortiz'] } });
    expect(await staff.createAnnotation(body)).toEqual(tag); // a retry is the same annotation
    expect((await staff.listAnnotations({ ticket: tag.ticketKey! })).items.map((a) => a.id)).toEqual([tag.id]);
    const raised = await staff.patchAnnotation(tag.id, { version: 1, priority: 'critical' });
    expect(raised.version).toBe(2);
    const conflict = await fails(staff.patchAnnotation(tag.id, { version: 1, summary: 'Someone else\'s edit' }));
    expect({ status: conflict.status, version: conflict.current?.version }).toEqual({ status: 409, version: 2 });

    const inbox = await provider.providerInbox();
    expect(inbox).toMatchObject({ company: 'Fixit Ltd', counts: { total: 1, unanswered: 1 } });
    expect(inbox.items.map((i) => i.annotation.id)).toEqual([tag.id]);
    expect(await provider.addUpdate(tag.id, { note: 'Looking at the CRM timeouts.', providerStatus: 'in_progress', eta: '2026-12-01' }))
      .toMatchObject({ kind: 'provider_status', providerStatus: 'in_progress', eta: '2026-12-01', author: { name: 'Pat Fixer' } });
    await staff.addUpdate(tag.id, { note: 'Thanks, Sales is waiting on it.' });
    expect((await staff.timeline(tag.id)).items.map((u) => u.kind)).toEqual(['provider_status', 'note']);
    const detail = await staff.getAnnotation(tag.id);
    expect(detail.annotation).toMatchObject({ id: tag.id, priority: 'critical', providerStatus: { status: 'in_progress' } });
    expect(detail.updates).toHaveLength(2);
    expect((await executive.taxonomy()).kpis.map((k) => k.name)).toEqual(['Quote turnaround']);

    // Staff turn the tag into an initiative; once approved, the provider answers for it.
    const proposed = await staff.createInitiative({
      title: 'Same-day quotes', gap: 'Sales cannot send a quote on the day a customer asks.', annotationIds: [tag.id], providerCompany: 'Fixit Ltd',
      kpis: [{ kpiId: kpi.id, baseline: 30, baselineOn: '2026-11-02', target: 12, targetOn: '2027-03-31' }], budget: { oneOff: 8000, monthly: 150 },
    });
    expect(proposed).toMatchObject({ state: 'proposed', evidence: { tags: 1, open: 1 }, kpis: [{ name: 'Quote turnaround', latest: { value: 26 } }] });
    expect((await admin.updateInitiativeSettings('EUR')).currency).toBe('EUR');
    const approved = await staff.updateInitiative(proposed.id, { version: proposed.version, state: 'approved', specification: ['A quote goes out from the CRM in one click'] });
    expect(approved).toMatchObject({ state: 'approved', budget: { oneOff: 8000, currency: 'EUR' } });
    expect((await staff.changeEvidence(proposed.id, { unlink: [tag.id] })).evidence.tags).toBe(0);
    expect((await staff.changeEvidence(proposed.id, { link: [tag.id] })).evidence.tags).toBe(1);
    expect(await provider.answerInitiative(proposed.id, { status: 'in_progress', eta: '2027-02-01', note: 'CRM upgrade booked.' })).toMatchObject({ kind: 'provider_answer' });
    expect((await provider.initiatives()).items.map((i) => [i.id, i.budget])).toEqual([[proposed.id, null]]);
    expect((await staff.initiatives({ ticket: tag.ticketKey! })).items.map((i) => i.id)).toEqual([proposed.id]);
    expect((await staff.initiative(proposed.id)).timeline.map((e) => e.kind)).toEqual(['created', 'linked', 'changed', 'state', 'unlinked', 'linked', 'provider_answer']);
    // An approved initiative stays (reject or close it); a proposed one an admin may delete.
    expect(await fails(admin.deleteInitiative(proposed.id))).toMatchObject({ status: 409, code: 'conflict' });
    const mistake = await staff.createInitiative({ title: 'Proposed by mistake', gap: 'None: a duplicate of Same-day quotes.', annotationIds: [tag.id] });
    expect((await fails(staff.deleteInitiative(mistake.id))).status).toBe(403);
    expect(await admin.deleteInitiative(mistake.id)).toBeUndefined();
    expect((await fails(staff.initiative(mistake.id))).status).toBe(404);

    // Staff's browser reports what RT's page shows; the provider learns it from the shared item.
    const seenOnPage = { tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: body.ticketRef!.url, title: 'CRM timeouts', status: 'resolved', observedAt: '2026-11-21T09:00:00Z', found: ['title', 'status'] } as const;
    expect(await staff.sendObservations([{ ...seenOnPage, found: [...seenOnPage.found] }, { ...seenOnPage, ticketId: '43', found: [] }])).toMatchObject({
      accepted: [{ index: 0, key: tag.ticketKey, changed: true }], refused: [{ index: 1, code: 'not_found' }],
    });
    expect((await provider.ticketFacts(tag.ticketKey!)).ticket).toMatchObject({ status: 'resolved', category: 'resolved', source: 'page' });
    expect((await staff.readingHealth()).items).toEqual([expect.objectContaining({ tool: 'rt', views: 1, titleFound: 1, statusFound: 1 })]);
    expect((await fails(provider.readingHealth())).status).toBe(403);

    // The provider's web link, for days without the extension.
    expect((await admin.providerLinkStatus(pat.member.id)).active).toBe(false);
    expect((await admin.createProviderLink(pat.member.id)).url).toMatch(/^http:\/\/steward\.test\/p\//);
    expect((await admin.providerLinkStatus(pat.member.id)).active).toBe(true);
    await admin.revokeProviderLink(pat.member.id);

    // The executive report: who gets it, what it will say, sending it, the archive.
    expect((await admin.recipients()).items.map((r) => [r.email, r.source])).toEqual([['erin@example.com', 'executive']]);
    const withBoard = await admin.addRecipient('board@example.com', 'The board');
    expect(withBoard.items.map((r) => r.email).sort()).toEqual(['board@example.com', 'erin@example.com']);
    const preview = await admin.previewReport();
    expect(preview.html).toContain('Quotes take two days because the CRM times out.');
    const sent = await admin.sendReport();
    expect({ sent: sent.sent, failed: sent.failed }).toEqual({ sent: 2, failed: 0 });
    expect((await admin.reports()).items.map((r) => r.id)).toEqual([sent.report.id]);
    expect((await admin.report(sent.report.id)).deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(await admin.reportPage(sent.report.id)).toMatch(/^<!doctype html>/i);
    await admin.removeRecipient(withBoard.items.find((r) => r.source === 'extra')!.id!);

    // The admin turns the dialogue meeting on (the board address gets the invitation over SMTP); staff read it.
    const meeting = await admin.updateMeeting({ version: (await staff.meeting()).settings.version, enabled: true, startTime: '11:00', emails: ['board@acme.test'] });
    expect(meeting.invitations).toEqual([{ email: 'board@acme.test', method: 'REQUEST', status: 'sent', error: null }]);

    // Staff run the meeting on the sent report's agenda: an item raised in it, its decision, an action item for the provider;
    // closing emails the minutes, a correction changes them; the provider answers its action item.
    const held = await staff.startMeeting();
    // Staff may give action items to anyone in the workspace: names only, never addresses; the provider's people as their company.
    const owners = await staff.actionOwners();
    expect(owners.companies).toEqual(['Fixit Ltd']);
    expect(owners.members.map((m) => m.role).sort()).toEqual(['admin', 'executive', 'staff']);
    expect(owners.members.every((m) => !('email' in m))).toBe(true);
    expect(held).toMatchObject({ reportId: sent.report.id, state: 'open' });
    expect((await staff.addAgendaItem(held.id, 'Printer budget')).agenda.at(-1)).toMatchObject({ kind: 'other', ref: 'other-1' });
    expect((await staff.saveDecision(held.id, { ref: 'other-1', text: 'Keep the printers one more year.' })).decisions.map((d) => d.ref)).toEqual(['other-1']);
    const dueOn = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const action = await staff.addActionItem(held.id, { id: crypto.randomUUID(), ref: 'other-1', what: 'Quote two printers', owner: { kind: 'provider', company: 'Fixit Ltd' }, dueOn });
    expect((await staff.updateActionItem(action.id, { version: action.version, what: 'Quote three printers' })).what).toBe('Quote three printers');
    expect((await staff.closeMeeting(held.id)).outcomes).toEqual([{ email: 'board@acme.test', status: 'sent', error: null }]);
    const corrected = await staff.correctMinutes(held.id, { note: 'Four printers, not three.', actionItems: [{ id: action.id, what: 'Quote four printers' }] });
    expect(corrected.meeting.minutes.map((m) => m.kind)).toEqual(['minutes', 'correction']);
    expect((await staff.meetings()).items).toEqual([expect.objectContaining({ id: held.id, state: 'closed', decisions: 1, actionItems: 1 })]);
    expect((await staff.heldMeeting(held.id)).actionItems[0]!.what).toBe('Quote four printers');
    expect((await provider.providerActionItems()).items.map((i) => i.id)).toEqual([action.id]);
    expect((await provider.answerActionItem(action.id, { status: 'in_progress', eta: dueOn })).providerAnswer).toMatchObject({ status: 'in_progress', by: 'Pat Fixer' });
    expect((await fails(executive.meetings())).status).toBe(403);

    // The admin connects the ticket tool's API (the fixture Zendesk of tests/connector/tool-server.ts): tests it, reads it now, turns it off, removes it.
    const zd = await admin.createConnection({ kind: 'zendesk', address: `${env.CONNECTOR_LAB}/tools/ok`, tenant: 'acme-contract', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    expect(zd.connection).toMatchObject({ secretHint: '…cret', webhook: { url: `http://steward.test/hooks/${zd.connection.id}` } });
    expect((await admin.connections()).items.map((x) => x.id)).toEqual([zd.connection.id]);
    expect(await admin.testConnection(zd.connection.id)).toMatchObject({ ok: true, message: expect.stringMatching(/^Found ticket #1051/) });
    // Check now goes on the connector queue; its consumer's mark on the connection says what it read.
    expect(await admin.checkConnection(zd.connection.id)).toMatchObject({ queued: true, ok: true, message: 'Checking now — results appear here in a minute.' });
    const checked = Date.now() + 20_000;
    while (!(await admin.connections()).items[0]!.lastSuccessAt && Date.now() < checked) await new Promise((r) => setTimeout(r, 100));
    expect((await admin.connections()).items[0]).toMatchObject({ lastTickets: 0, lastError: null, lastResult: 'Read 0 of 0 tagged tickets from Zendesk; 0 changed.' });
    expect((await admin.updateConnection(zd.connection.id, { enabled: false })).connection.enabled).toBe(false);
    expect((await fails(staff.connections())).status).toBe(403);
    await admin.deleteConnection(zd.connection.id);

    // The admin's view of it all: activity, export.
    expect((await admin.audit({ limit: 3 })).items).toHaveLength(3);
    expect(JSON.parse(await admin.exportWorkspace()).annotations.map((a: { id: string }) => a.id)).toEqual([tag.id]);
    expect(await admin.exportWorkspace('csv', 'annotations')).toContain('Quotes take two days');
    expect((await admin.exportWorkspace('csv', 'members')).split('\r\n')[0]).toBe('id,name,email,role,provider_company,created_at,last_active_at');

    // The company sign-in: the admin sets it up; a person signs in with the company account at
    // the test identity provider (tests/oidc/provider.mjs) and joins as staff.
    expect(await admin.oidcSettings()).toEqual({ settings: null });
    const oidc = { issuer: env.OIDC_ISSUER, clientId: 'steward-test', allowedDomains: ['acme.test'], newMemberRole: 'staff', requiredForStaff: false } as const;
    expect((await admin.saveOidcSettings({ ...oidc, allowedDomains: [...oidc.allowedDomains] })).settings).toMatchObject({ issuer: env.OIDC_ISSUER, workspaceId: created.workspace.id });
    const started = await anonymous.startOidcSignIn(created.workspace.id, TEST_REDIRECT);
    const back = await logInAtProvider(started.authorizationUrl, 'alice');
    expect((await anonymous.finishOidcSignIn(back.state, back.code)).member).toMatchObject({ name: 'Alice Moreau', role: 'staff' });
    await admin.removeOidcSettings();
    // Sam's second laptop: a new code that signs in the same member (his current sign-in stays).
    const reissued = await admin.reissueSignIn(sam.member.id, { endOtherSignIns: false });
    expect((await anonymous.redeem(reissued.code)).member.id).toBe(sam.member.id);

    // Endings: a deleted tag, a removed member, a sign-out, the workspace deleted.
    await staff.deleteAnnotation(tag.id);
    expect((await fails(staff.getAnnotation(tag.id))).status).toBe(404);
    await admin.removeMember(sam.member.id);
    expect((await fails(staff.me())).status).toBe(401);
    await executive.signOut();
    expect((await fails(executive.me())).status).toBe(401);
    await admin.deleteWorkspace(GIVEN.workspace.name);
    expect((await fails(admin.me())).status).toBe(401);

    expect([...c.used].sort()).toEqual(Object.keys(API_CALLS).sort());
    expect(c.undocumentedAnswers()).toEqual([]);
    // Every method of the client, one after another: more than the default 5 s on a busy machine.
  }, 30_000);
});
