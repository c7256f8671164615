import * as v from 'valibot';
import {
  InviteCreateSchema, issuesToFields, OidcSettingsInputSchema, ReissueSignInSchema, type OidcSettings, RecipientCreateSchema, ReportPeriodQuery, ReportSendSchema, KpiCreateSchema, KpiReadingCreateSchema, KpiUpdateSchema, MemberPatchSchema, StakeholderCreateSchema,
  StakeholderUpdateSchema, TermCreateSchema, TermUpdateSchema, WorkspaceDeleteSchema, WorkspacePatchSchema,
  type AuditEntry, type Invite, type ProviderLinkStatus, type Recipient, type ReportSummary, type Kpi, type Member, type Stakeholder, type Taxonomy, type Term, type Workspace,
} from '../../../shared/schemas';
import { connectionItem } from '../../../extension/core/contract/storage';
import { fakeConnections } from './fake-connections';
import { fakeMeeting } from './fake-meeting';
import { fakeHeldMeetings, type FakeHeldMeetings } from './fake-held-meetings';
import { fakeInitiatives } from './fake-initiatives';
import { readingHealthOf, type PageView } from './fake-annotations';

/**
 * An in-memory stand-in for the Worker's admin routes, answering the way the real routes do
 * (same request schemas, same error body and `fields`, same 409s), so the panels are tested
 * through the real path: page → callApi → background → typed client → fetch.
 *
 * It is held to the real Worker by the shared scenarios (tests/contract/scenarios.ts, run
 * here by fake-worker-contract.test.ts and against workerd by tests/worker/contract.test.ts):
 * a rule changed in the Worker and not here fails `npm test`. Canned rather than
 * re-implemented: report previews and pages, and CSV files (the panels only show or save
 * them). Known difference, left because the panels' tests read rows by position: members
 * come back in the order they were added, where the Worker sorts them by name.
 */
export const WORKER_URL = 'https://steward.example.com';

class Fail extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}

const T0 = '2026-11-01T09:00:00.000Z';

export function makeMember(over: Partial<Member> & { id: string; name: string }): Member {
  return { workspaceId: 'w1', email: null, role: 'staff', providerCompany: null, createdAt: T0, lastActiveAt: null, ...over };
}

export interface FakeWorker {
  fetch: typeof fetch;
  /** Connections to ticket tools, and what each tool answers (fake-connections.ts). */
  toolConnections?: ReturnType<typeof fakeConnections>;
  workspace: Workspace;
  members: Member[];
  invites: Invite[];
  taxonomy: Taxonomy;
  audit: AuditEntry[];
  annotations: Array<{ id: string; deletedAt: string | null; summary?: string }>;
  /** Addresses added to the report list (executives with an email are recipients too). */
  extraRecipients: Array<{ id: string; email: string; name: string | null }>;
  unsubscribed: string[];
  reports: ReportSummary[];
  /** Addresses the mail server refuses, with its reason. */
  bounces: Record<string, string>;
  /** Every request, for asserting what reached the Worker. */
  calls: Array<{ method: string; path: string; body?: unknown }>;
  /** `offline`: nothing answers; `revoked`: every call is a 401, as after a role change. */
  mode: 'up' | 'offline' | 'revoked';
  /** The next matching request gets this answer instead (e.g. a 409 from a race with another admin). */
  answerOnce(method: string, path: string, status: number, body: unknown): void;
  /** The next request is carried out, but its answer never arrives (the connection drops). */
  loseNextAnswer(): void;
  deleted: boolean;
  /** Provider members' web links by member id, as the Worker keeps them (the address itself is not kept). */
  providerLinks: Record<string, ProviderLinkStatus>;
  /** The company sign-in, as the Worker would answer it (null: invite codes only). */
  oidc: OidcSettings | null;
  /** Issuers whose discovery the Worker would refuse, with its message and the word beside the field. */
  brokenIssuers: Record<string, { message: string; field: string }>;
  /** Ticket page views that sent an observation, for reading health (see fake-annotations.ts, which records them). */
  pageViews: PageView[];
  /** Meetings held, their decisions and action items (fake-held-meetings.ts): tests set `held.state.agenda`. */
  held: FakeHeldMeetings;
}

export function fakeWorker(opts: { me?: Member; members?: Member[] } = {}): FakeWorker {
  const me = opts.me ?? makeMember({ id: 'm-admin', name: 'Priya Shah', role: 'admin', email: 'priya@example.com', lastActiveAt: new Date().toISOString() });
  let n = 0;
  const newId = (prefix: string) => `${prefix}-${++n}`;
  const overrides: Array<{ method: string; path: string; status: number; body: unknown }> = [];
  let lose = false;
  /** Codes of the invites made here, by invite id (the Worker keeps only their hash). */
  const codes = new Map<string, string>();
  /** Invites re-issued to an existing member: invite id → member id. */
  const reissuedFor = new Map<string, string>();
  /** Company sign-ins started and not finished yet (their states). */
  const flows = new Set<string>();

  const w: FakeWorker = {
    fetch: undefined as unknown as typeof fetch,
    workspace: {
      id: 'w1', name: 'Acme Dental', timeZone: 'America/Chicago', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 },
      jargonWords: ['SLA'], createdAt: T0,
    },
    members: opts.members ?? [me],
    invites: [],
    taxonomy: {
      linesOfBusiness: [], stakeholders: [],
      impactKinds: ['Revenue', 'Customers'].map((name, i) => ({ id: `ik-${i}`, name, retiredAt: null })),
      kpis: [],
    },
    audit: [],
    annotations: [],
    extraRecipients: [],
    unsubscribed: [],
    reports: [],
    bounces: {},
    calls: [],
    mode: 'up',
    deleted: false,
    providerLinks: {},
    oidc: null,
    brokenIssuers: {},
    pageViews: [],
    held: undefined as unknown as FakeHeldMeetings,
    answerOnce(method, path, status, body) {
      overrides.push({ method, path, status, body });
    },
    loseNextAnswer() {
      lose = true;
    },
  };

  const now = () => new Date().toISOString();
  const log = (action: string, targetType: string, detail: Record<string, unknown>, targetId: string | null = null, actor: Member = me) =>
    w.audit.unshift({ id: newId('a'), actor: { id: actor.id, name: actor.name }, action, targetType, targetId, detail, at: now() });

  const valid = <S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> => {
    const r = v.safeParse(schema, body);
    if (r.success) return r.output;
    const fields = issuesToFields(r.issues);
    throw new Fail(400, 'validation_failed', `The request body has errors: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}.`, fields);
  };
  const unique = (list: Array<{ id: string; name: string; retiredAt: string | null }>, name: string, self: string | null, what: string) => {
    const clash = list.find((e) => e.id !== self && !e.retiredAt && e.name.toLowerCase() === name.toLowerCase());
    if (clash) throw new Fail(409, 'conflict', `There is already ${what} called "${clash.name}".`, { name: 'is already used' });
  };
  const find = <X extends { id: string }>(list: X[], id: string, what: string): X => {
    const x = list.find((e) => e.id === id);
    if (!x) throw new Fail(404, 'not_found', `${what} was not found.`);
    return x;
  };
  const retiredAt = (flag: boolean | undefined, current: string | null) => (flag === undefined ? current : flag ? (current ?? now()) : null);
  const admins = () => w.members.filter((m) => m.role === 'admin').length;
  const lineOfBusinessExists = (id: string | null | undefined) => {
    if (id && !w.taxonomy.linesOfBusiness.some((l) => l.id === id && !l.retiredAt)) {
      throw new Fail(422, 'unprocessable', 'That line of business is not in this workspace (or was retired).', { lineOfBusinessId: 'is not a line of business of this workspace' });
    }
  };
  /** Like SQLite's `COLLATE NOCASE`, which the Worker sorts names with. */
  const byNameNoCase = (a: { name: string }, b: { name: string }) => {
    const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const LAST_ADMIN = 'A workspace needs at least one admin. Make someone else admin first.';

  const recipients = (): Recipient[] => [
    ...w.members.filter((m) => m.role === 'executive' && m.email).map((m) => ({ id: null, email: m.email!, name: m.name, source: 'executive' as const, unsubscribed: w.unsubscribed.includes(m.email!) })),
    ...w.extraRecipients.map((r) => ({ ...r, source: 'extra' as const, unsubscribed: w.unsubscribed.includes(r.email) })),
  ];
  /** The report as the Worker would render it: the open tags' summaries, in a page with no scripts. */
  const reportHtml = (label: string) =>
    `<!doctype html><html><head><title>${label}</title></head><body><h1>${w.workspace.name}: ${label}</h1><ul>${w.annotations.filter((a) => !a.deletedAt).map((a) => `<li>${a.summary ?? a.id}</li>`).join('')}</ul></body></html>`;

  function terms(slug: string): [Term[], string] {
    return slug === 'lines-of-business' ? [w.taxonomy.linesOfBusiness, 'a line of business'] : [w.taxonomy.impactKinds, 'an impact kind'];
  }

  const initiatives = fakeInitiatives(w, me);
  // The connections to ticket tools (fake-connections.ts); tests script the tools' answers through `w.toolConnections`.
  const toolConnections = fakeConnections();
  w.toolConnections = toolConnections;
  // The dialogue meeting (fake-meeting.ts): settings and the invitations' outcomes.
  const meetings = fakeMeeting(w, me);
  // Meeting mode (fake-held-meetings.ts): the agenda a test sets, decisions, action items, minutes.
  w.held = fakeHeldMeetings({
    timeZone: () => w.workspace.timeZone,
    members: () => w.members,
    companies: () => [...new Set([...w.members, ...w.invites.filter((i) => i.status === 'pending')].filter((x) => x.role === 'provider' && x.providerCompany).map((x) => x.providerCompany!))],
    attendees: () => meetings.attendees(),
    bounces: w.bounces,
    latestReport: () => (w.reports[0] ? { id: w.reports[0].id, label: w.reports[0].period.label } : null),
    recipients: () => recipients(),
  }, me);

  function route(method: string, url: URL, body: unknown): [number, unknown, string?] {
    const p = url.pathname.replace(/^\/api\/v1/, '');
    const initiative = initiatives.route(method, p, url, body);
    if (initiative) return initiative;
    const connection = toolConnections.route(method, p, body);
    if (connection) return connection;
    const meeting = meetings.route(method, p, body) ?? w.held.route(method, p, body);
    if (meeting) return meeting;
    let m: RegExpExecArray | null;
    if (method === 'GET' && url.pathname === '/healthz') return [200, { ok: true }];
    if (method === 'POST' && p === '/auth/redeem') {
      w.mode = 'up';
      const code = (body as { code?: string } | undefined)?.code;
      const invite = w.invites.find((i) => codes.get(i.id) === code);
      // Any other code signs in as `me`, as a fresh invite for the same person would.
      if (!invite) return [201, { token: `stw_${++n}`, member: me, workspace: w.workspace }];
      if (invite.status === 'revoked') throw new Fail(401, 'unauthorized', 'This invite was withdrawn by your administrator. Ask them for a new one.', { code: 'was withdrawn' });
      if (invite.status !== 'pending') {
        throw new Fail(401, 'unauthorized', 'This invite code has already been used. Each code works once; ask your administrator for a new one.', { code: 'was already used' });
      }
      // A code re-issued to a member signs that member in again (the Worker's sign-in.ts).
      const again = reissuedFor.get(invite.id);
      if (again) {
        const member = w.members.find((x) => x.id === again);
        if (!member) throw new Fail(401, 'unauthorized', `This code was for someone who is no longer in ${w.workspace.name}. Ask your administrator.`, { code: 'is for a removed member' });
        invite.status = 'used';
        return [201, { token: `stw_${++n}`, member, workspace: w.workspace }];
      }
      const member = makeMember({
        id: newId('m'), workspaceId: w.workspace.id, name: invite.name, email: invite.email, role: invite.role,
        providerCompany: invite.providerCompany, createdAt: now(), lastActiveAt: now(),
      });
      invite.status = 'used';
      w.members.push(member);
      log('member.join', 'member', { role: member.role }, member.id, member);
      return [201, { token: `stw_${++n}`, member, workspace: w.workspace }];
    }
    // The company sign-in, for the screens only (the real flow is tested against a real identity
    // provider in tests/worker/sign-in.test.ts and tests/e2e/company-sign-in.test.ts): any
    // state this stand-in started finishes as Alice, a new staff member the first time.
    if (method === 'POST' && p === '/auth/oidc/start') {
      const b = body as { workspaceId: string; redirectUri: string };
      if (!w.oidc || b.workspaceId !== w.workspace.id) {
        throw new Fail(422, 'unprocessable', 'This workspace does not sign people in with a company account (or there is no such workspace). Connect with the invite code your administrator gave you.', { workspaceId: 'has no company sign-in' });
      }
      const state = `state-${++n}`;
      flows.add(state);
      const authorizationUrl = `https://idp.example.com/authorize?client_id=${w.oidc.clientId}&redirect_uri=${encodeURIComponent(b.redirectUri)}&state=${state}`;
      return [201, { authorizationUrl, state, expiresAt: new Date(Date.now() + 600_000).toISOString() }];
    }
    if (method === 'POST' && p === '/auth/oidc/finish') {
      const { state } = body as { state: string; code: string };
      if (!flows.delete(state)) throw new Fail(401, 'unauthorized', 'Steward did not start this sign-in, or it was tidied away. Start the sign-in again from Steward.');
      let alice = w.members.find((x) => x.email === 'alice@acme.test');
      if (!alice) {
        alice = makeMember({ id: newId('m'), name: 'Alice Moreau', email: 'alice@acme.test', role: w.oidc?.newMemberRole ?? 'staff', createdAt: now(), lastActiveAt: now() });
        w.members.push(alice);
        log('member.join', 'member', { role: alice.role, via: 'company sign-in' }, alice.id, alice);
      }
      return [201, { token: `stw_${++n}`, member: alice, workspace: w.workspace }];
    }
    if (method === 'POST' && p === '/auth/signout') return [204, undefined];
    if (method === 'GET' && p === '/me') return [200, { member: me, workspace: w.workspace }];
    if (method === 'GET' && p === '/taxonomy') return [200, w.taxonomy];
    if ((m = /^\/taxonomy\/(lines-of-business|impact-kinds)$/.exec(p)) && method === 'POST') {
      const [list, what] = terms(m[1]!);
      const { name } = valid(TermCreateSchema, body);
      unique(list, name, null, what);
      const t: Term = { id: newId('t'), name, retiredAt: null };
      list.push(t);
      log('taxonomy.add', m[1] === 'lines-of-business' ? 'line_of_business' : 'impact_kind', { name }, t.id);
      return [201, t];
    }
    if ((m = /^\/taxonomy\/(lines-of-business|impact-kinds)\/([^/]+)$/.exec(p)) && method === 'PATCH') {
      const [list, what] = terms(m[1]!);
      const t = find(list, m[2]!, 'This entry');
      const b = valid(TermUpdateSchema, body);
      const next = { ...t, name: b.name ?? t.name, retiredAt: retiredAt(b.retired, t.retiredAt) };
      if (!next.retiredAt) unique(list, next.name, t.id, what);
      log('taxonomy.change', m[1] === 'lines-of-business' ? 'line_of_business' : 'impact_kind', { from: { ...t }, to: next }, t.id);
      Object.assign(t, next);
      return [200, t];
    }
    if (p === '/taxonomy/stakeholders' && method === 'POST') {
      const b = valid(StakeholderCreateSchema, body);
      lineOfBusinessExists(b.lineOfBusinessId);
      unique(w.taxonomy.stakeholders, b.name, null, 'a stakeholder');
      const s: Stakeholder = { id: newId('s'), name: b.name, title: b.title || null, lineOfBusinessId: b.lineOfBusinessId ?? null, retiredAt: null };
      w.taxonomy.stakeholders.push(s);
      log('taxonomy.add', 'stakeholder', { name: s.name }, s.id);
      return [201, s];
    }
    if ((m = /^\/taxonomy\/stakeholders\/([^/]+)$/.exec(p)) && method === 'PATCH') {
      const s = find(w.taxonomy.stakeholders, m[1]!, 'This stakeholder');
      const b = valid(StakeholderUpdateSchema, body);
      if (b.lineOfBusinessId !== s.lineOfBusinessId) lineOfBusinessExists(b.lineOfBusinessId);
      const next = {
        ...s, name: b.name ?? s.name, title: b.title === undefined ? s.title : b.title || null,
        lineOfBusinessId: b.lineOfBusinessId === undefined ? s.lineOfBusinessId : b.lineOfBusinessId, retiredAt: retiredAt(b.retired, s.retiredAt),
      };
      if (!next.retiredAt) unique(w.taxonomy.stakeholders, next.name, s.id, 'a stakeholder');
      log('taxonomy.change', 'stakeholder', { from: { ...s }, to: next }, s.id);
      Object.assign(s, next);
      return [200, s];
    }
    if (p === '/taxonomy/kpis' && method === 'POST') {
      const b = valid(KpiCreateSchema, body);
      unique(w.taxonomy.kpis, b.name, null, 'a KPI');
      const k: Kpi = { id: newId('k'), name: b.name, unit: b.unit, target: b.target ?? null, direction: b.direction, retiredAt: null, latest: null };
      w.taxonomy.kpis.push(k);
      log('taxonomy.add', 'kpi', { name: k.name }, k.id);
      return [201, k];
    }
    if ((m = /^\/taxonomy\/kpis\/([^/]+)$/.exec(p)) && method === 'PATCH') {
      const k = find(w.taxonomy.kpis, m[1]!, 'This KPI');
      const b = valid(KpiUpdateSchema, body);
      const next = {
        name: b.name ?? k.name, unit: b.unit ?? k.unit, target: b.target === undefined ? k.target : b.target,
        direction: b.direction ?? k.direction, retiredAt: retiredAt(b.retired, k.retiredAt),
      };
      if (!next.retiredAt) unique(w.taxonomy.kpis, next.name, k.id, 'a KPI');
      const { latest: _, ...from } = k;
      log('taxonomy.change', 'kpi', { from, to: { ...from, ...next } }, k.id);
      Object.assign(k, next);
      return [200, k];
    }
    if ((m = /^\/taxonomy\/kpis\/([^/]+)\/readings$/.exec(p)) && method === 'POST') {
      const k = find(w.taxonomy.kpis, m[1]!, 'This KPI');
      const b = valid(KpiReadingCreateSchema, body);
      const reading = { id: newId('r'), kpiId: k.id, value: b.value, recordedOn: b.recordedOn, note: b.note || null, createdAt: now() };
      if (!k.latest || k.latest.recordedOn <= reading.recordedOn) k.latest = reading;
      log('kpi.reading', 'kpi', { value: b.value, recordedOn: b.recordedOn }, k.id);
      return [201, reading];
    }
    if (p === '/members' && method === 'GET') return [200, { items: w.members }];
    if ((m = /^\/members\/([^/]+)\/sign-in$/.exec(p)) && method === 'POST') {
      const member = find(w.members, m[1]!, 'This member');
      const b = valid(ReissueSignInSchema, body);
      if ((member.role === 'admin' || member.role === 'staff') && w.oidc?.requiredForStaff) {
        throw new Fail(409, 'conflict', `${member.name} signs in with the company account (this workspace requires it for staff), so a code would not work. They choose "Sign in with your company account" on the new browser.`);
      }
      for (const i of w.invites) if (reissuedFor.get(i.id) === member.id && i.status === 'pending') i.status = 'revoked';
      const code = `STW-TEST-${String(++n).padStart(4, '0')}-SIGN`;
      const expiresAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
      const id = newId('i');
      w.invites.push({ id, role: member.role, name: member.name, email: member.email, providerCompany: member.providerCompany, createdAt: now(), expiresAt, status: 'pending' });
      codes.set(id, code);
      reissuedFor.set(id, member.id);
      log('member.sign_in_reissue', 'member', { endOtherSignIns: b.endOtherSignIns }, member.id);
      return [201, { code, role: member.role, name: member.name, expiresAt }];
    }
    if (p === '/sign-in/oidc') {
      if (method === 'GET') return [200, { settings: w.oidc }];
      if (method === 'POST') {
        const b = valid(OidcSettingsInputSchema, body);
        const broken = w.brokenIssuers[b.issuer];
        if (broken) throw new Fail(422, 'unprocessable', broken.message, { issuer: broken.field });
        const had = w.oidc;
        w.oidc = {
          issuer: b.issuer, clientId: b.clientId, hasClientSecret: b.clientSecret === undefined ? (had?.hasClientSecret ?? false) : b.clientSecret !== null,
          allowedDomains: [...new Set(b.allowedDomains)], newMemberRole: b.newMemberRole, requiredForStaff: b.requiredForStaff, workspaceId: w.workspace.id, updatedAt: now(),
        };
        const { issuer, clientId, allowedDomains, newMemberRole, requiredForStaff } = b;
        log(had ? 'sign_in.change' : 'sign_in.set_up', 'workspace', { issuer, clientId, allowedDomains, newMemberRole, requiredForStaff }, w.workspace.id);
        return [200, { settings: w.oidc }];
      }
      if (method === 'DELETE') {
        w.oidc = null;
        log('sign_in.remove', 'workspace', {}, w.workspace.id);
        return [204, undefined];
      }
    }
    if ((m = /^\/members\/([^/]+)\/provider-link$/.exec(p))) {
      const member = find(w.members, m[1]!, 'This member');
      const none: ProviderLinkStatus = { active: false, createdAt: null, lastUsedAt: null };
      if (method === 'GET') return [200, w.providerLinks[member.id] ?? none];
      if (method === 'POST') {
        if (member.role !== 'provider') throw new Fail(422, 'unprocessable', `Only provider members get a provider link; ${member.name} is not a provider member.`);
        const createdAt = now();
        w.providerLinks[member.id] = { active: true, createdAt, lastUsedAt: null };
        log('member.provider_link', 'member', {}, member.id);
        return [201, { url: `${WORKER_URL}/p/signed-${++n}`, createdAt }];
      }
      if (method === 'DELETE') {
        w.providerLinks[member.id] = none;
        log('member.provider_link_revoke', 'member', {}, member.id);
        return [204, undefined];
      }
    }
    if (p === '/provider/companies' && method === 'GET') {
      const pending = w.invites.filter((i) => i.status === 'pending' && i.expiresAt > now());
      const names = [...new Set([...w.members, ...pending].filter((x) => x.role === 'provider' && x.providerCompany).map((x) => x.providerCompany!))];
      const count = (list: Array<{ role: string; providerCompany: string | null }>, name: string) => list.filter((x) => x.role === 'provider' && x.providerCompany === name).length;
      const items = names.map((name) => ({ name, members: count(w.members, name), invited: count(pending, name) }));
      return [200, { items: items.sort(byNameNoCase) }];
    }
    if ((m = /^\/members\/([^/]+)$/.exec(p))) {
      const member = find(w.members, m[1]!, 'This member');
      if (method === 'PATCH') {
        const b = valid(MemberPatchSchema, body);
        const role = b.role ?? member.role;
        const providerCompany = role === 'provider' ? (b.providerCompany ?? member.providerCompany) : null;
        if (role === 'provider' && !providerCompany) {
          throw new Fail(400, 'validation_failed', "A provider member needs the provider's company name.", { providerCompany: 'is required for provider members' });
        }
        if (member.role === 'admin' && role !== 'admin' && admins() <= 1) throw new Fail(409, 'conflict', LAST_ADMIN, { role: 'would leave the workspace without an admin' });
        const name = b.name ?? member.name;
        const roleChanged = role !== member.role || providerCompany !== member.providerCompany;
        log(roleChanged ? 'member.role_change' : 'member.rename', 'member', { from: { name: member.name, role: member.role }, to: { name, role } }, member.id);
        // A provider link shows one company's items: a new role or company ends it (as the Worker does).
        if (roleChanged) delete w.providerLinks[member.id];
        Object.assign(member, { role, providerCompany, name });
        return [200, member];
      }
      if (method === 'DELETE') {
        if (member.role === 'admin' && admins() <= 1) throw new Fail(409, 'conflict', LAST_ADMIN);
        w.members = w.members.filter((x) => x !== member);
        delete w.providerLinks[member.id];
        log('member.remove', 'member', { name: member.name, role: member.role }, member.id);
        return [204, undefined];
      }
    }
    if (p === '/invites' && method === 'GET') return [200, { items: w.invites }];
    if (p === '/invites' && method === 'POST') {
      const b = valid(InviteCreateSchema, body);
      const code = `STW-TEST-${String(++n).padStart(4, '0')}-ABCD`;
      const expiresAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
      const id = newId('i');
      w.invites.push({
        id, role: b.role, name: b.name, email: b.email ?? null, providerCompany: b.role === 'provider' ? (b.providerCompany ?? null) : null,
        createdAt: now(), expiresAt, status: 'pending',
      });
      codes.set(id, code);
      log('invite.create', 'invite', { role: b.role, name: b.name }, id);
      return [201, { code, role: b.role, name: b.name, expiresAt }];
    }
    if ((m = /^\/invites\/([^/]+)$/.exec(p)) && method === 'DELETE') {
      const invite = w.invites.find((i) => i.id === m![1] && i.status === 'pending');
      if (!invite) throw new Fail(404, 'not_found', 'An unused invite with this id was not found.');
      invite.status = 'revoked';
      log('invite.revoke', 'invite', {}, invite.id);
      return [204, undefined];
    }
    if (p === '/workspace' && method === 'GET') return [200, w.workspace];
    if (p === '/workspace' && method === 'PATCH') {
      const b = valid(WorkspacePatchSchema, body);
      w.workspace = {
        ...w.workspace, name: b.name ?? w.workspace.name, timeZone: b.timeZone ?? w.workspace.timeZone,
        schedule: { ...w.workspace.schedule, ...b.schedule }, jargonWords: b.jargonWords ?? w.workspace.jargonWords,
      };
      log('workspace.update', 'workspace', { fields: Object.keys(b) }, w.workspace.id);
      return [200, w.workspace];
    }
    if (p === '/workspace' && method === 'DELETE') {
      const b = valid(WorkspaceDeleteSchema, body);
      if (b.confirm !== w.workspace.name) {
        throw new Fail(400, 'validation_failed', `To delete the workspace, type its name exactly: "${w.workspace.name}".`, { confirm: 'does not match the workspace name' });
      }
      w.deleted = true;
      return [204, undefined];
    }
    if (p === '/export' && method === 'GET') {
      const format = url.searchParams.get('format') ?? 'json';
      const table = url.searchParams.get('table') ?? 'annotations';
      log('workspace.export', 'workspace', { format, table }, w.workspace.id);
      // A canned file: the panel saves whatever text comes back, and the columns are the
      // Worker's business (tests/worker checks them).
      if (format === 'csv') {
        if (table === 'members') return [200, `id,name,role\r\n${w.members.map((x) => `${x.id},${x.name},${x.role}`).join('\r\n')}\r\n`, 'text/csv'];
        return [200, `id\r\n`, 'text/csv'];
      }
      return [200, {
        format: 'steward-export/1', workspace: w.workspace, members: w.members, invites: w.invites, taxonomy: w.taxonomy,
        annotations: w.annotations, updates: [], audit: w.audit,
      }];
    }
    if (p === '/report-recipients' && method === 'GET') return [200, { items: recipients() }];
    if (p === '/report-recipients' && method === 'POST') {
      const b = valid(RecipientCreateSchema, body);
      w.extraRecipients = [...w.extraRecipients.filter((r) => r.email !== b.email), { id: newId('rc'), email: b.email, name: b.name || null }];
      log('report.recipient_add', 'recipient', { email: b.email });
      return [201, { items: recipients() }];
    }
    if ((m = /^\/report-recipients\/([^/]+)$/.exec(p)) && method === 'DELETE') {
      find(w.extraRecipients, m[1]!, 'This address');
      w.extraRecipients = w.extraRecipients.filter((r) => r.id !== m![1]);
      log('report.recipient_remove', 'recipient', {}, m[1]!);
      return [204, undefined];
    }
    if (p === '/reports' && method === 'GET') return [200, { items: w.reports }];
    if (p === '/reports/preview' && method === 'GET') {
      const q = v.safeParse(ReportPeriodQuery, Object.fromEntries(url.searchParams));
      if (!q.success) throw new Fail(400, 'validation_failed', 'The query string has errors.', issuesToFields(q.issues));
      const open = w.annotations.filter((a) => !a.deletedAt).length;
      const html = reportHtml('Week of 16 Nov 2026');
      return [200, {
        subject: `${w.workspace.name}: IT report, week of 16 Nov 2026`, period: { start: '2026-11-16', end: '2026-11-23', label: 'Week of 16 Nov 2026' },
        bottomLine: [`${open} open item${open === 1 ? '' : 's'}.`, 'Nothing resolved since last week.', 'No decision needed.'], html, text: 'Plain text of the report', emailBytes: html.length,
      }];
    }
    if (p === '/reports/send' && method === 'POST') {
      valid(ReportSendSchema, body);
      const to = recipients().filter((r) => !r.unsubscribed);
      if (!to.length) {
        throw new Fail(422, 'unprocessable', 'Nobody receives the report yet: invite an executive with an email address, or add an address to the report list.', { recipients: 'is empty' });
      }
      let report = w.reports.find((r) => r.period.start === '2026-11-09');
      if (!report) {
        report = { id: newId('rep'), cadence: 'weekly', period: { start: '2026-11-09', end: '2026-11-16', label: 'Week of 9 Nov 2026' }, subject: 'Acme Dental: IT report', createdAt: now(), deliveries: [] };
        w.reports.unshift(report);
      }
      let sent = 0;
      let failed = 0;
      for (const r of to) {
        const had = report.deliveries.find((d) => d.email === r.email);
        if (had?.status === 'sent') continue;
        const bounce = w.bounces[r.email];
        const d = { email: r.email, name: r.name, status: bounce ? 'failed' as const : 'sent' as const, attempts: (had?.attempts ?? 0) + 1, lastError: bounce ?? null, sentAt: bounce ? null : now() };
        report.deliveries = [...report.deliveries.filter((x) => x.email !== r.email), d];
        if (bounce) failed++;
        else sent++;
      }
      log('report.send', 'report', { period: report.period.start, sent, failed }, report.id);
      return [200, { report, sent, failed, webViewUrl: `${WORKER_URL}/r/signed-link` }];
    }
    if ((m = /^\/reports\/([^/]+)$/.exec(p)) && method === 'GET') return [200, find(w.reports, m[1]!, 'This report')];
    if ((m = /^\/reports\/([^/]+)\/view$/.exec(p)) && method === 'GET') {
      const r = find(w.reports, m[1]!, 'This report');
      return [200, reportHtml(r.period.label), 'text/html'];
    }
    if (p === '/tickets/reading-health' && method === 'GET') {
      if (me.role !== 'admin' && me.role !== 'staff') throw new Fail(403, 'forbidden', 'Only staff and admins may see reading health.');
      return [200, readingHealthOf(w.pageViews)];
    }
    if (p === '/audit' && method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const items = w.audit.slice(start, start + limit);
      return [200, { items, nextCursor: start + limit < w.audit.length ? String(start + limit) : null }];
    }
    throw new Fail(404, 'not_found', `There is no ${method} ${url.pathname} here.`);
  }

  w.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (w.mode === 'offline') throw new TypeError('Failed to fetch');
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    w.calls.push({ method, path: url.pathname + url.search, body });
    const reply = (status: number, data: unknown, type = 'application/json') =>
      new Response(status === 204 ? null : typeof data === 'string' ? data : JSON.stringify(data), { status, headers: { 'content-type': type } });
    if (w.mode === 'revoked' && url.pathname !== '/healthz' && url.pathname !== '/api/v1/auth/redeem') {
      return reply(401, { error: { code: 'unauthorized', message: 'This sign-in is no longer valid (signed out, removed or role changed). Reconnect with a new invite code from your administrator.' } });
    }
    const o = overrides.findIndex((x) => x.method === method && x.path === url.pathname);
    if (o >= 0) {
      const [hit] = overrides.splice(o, 1);
      return reply(hit!.status, hit!.body);
    }
    try {
      const [status, data, type] = route(method, url, body);
      if (lose) {
        lose = false;
        throw new TypeError('Failed to fetch');
      }
      return reply(status, data, type);
    } catch (err) {
      if (!(err instanceof Fail)) throw err;
      return reply(err.status, { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
    }
  }) as typeof fetch;
  return w;
}

/** Signs this (fake) browser in as `member`, the way connecting leaves storage. */
export async function signIn(w: FakeWorker, member: Member = w.members[0]!) {
  await connectionItem.setValue({ workerUrl: WORKER_URL, token: 'stw_test', member, workspace: w.workspace });
}
