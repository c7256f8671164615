import { expect } from 'vitest';
import { ApiRequestError, type ApiCallName, type StewardClient } from '../../shared/api/client';
import type { AnnotationCreate, Taxonomy, TicketObservation } from '../../shared/schemas';

/**
 * Scenarios run twice: against the real Worker (tests/worker/contract.test.ts: workerd, real
 * D1, the real migrations) and against the extension tests' fake Worker
 * (tests/extension/fake-worker-contract.test.ts). The fake answers the admin screens' tests;
 * when it stops answering like the Worker, these fail on the extension side and point at the
 * step. Each scenario starts from `GIVEN` and calls through the typed client only.
 *
 * To add one: write the steps as a user would take them, run both sides, and keep only
 * expectations that hold for the real Worker (ids and times differ between the two; names,
 * counts, order, errors and activity entries must not).
 */
export const GIVEN = {
  workspace: { name: 'Acme Dental', timeZone: 'America/Chicago' },
  /** The first admin, signed in; the client of every step acts as them. */
  admin: { name: 'Priya Shah', email: 'priya@example.com' },
} as const;

/** Answers kept by earlier steps, by the step's `save` name. */
type Saved = Record<string, any>;

type Args<K extends ApiCallName> = Parameters<StewardClient[K]>;
type Out<K extends ApiCallName> = Awaited<ReturnType<StewardClient[K]>>;

interface Step<K extends ApiCallName = ApiCallName> {
  /** What the step does, in words; failures name it. */
  does: string;
  call: K;
  args?: Args<K>;
  /** Arguments made from earlier answers (instead of `args`). */
  argsFrom?: (saved: Saved) => Args<K>;
  /** Keeps the answer for later steps under this name. */
  save?: string;
  then?: (out: Out<K>, saved: Saved) => void;
  /** The call must fail with this status and code (and these `fields`, when given). */
  fails?: { status: number; code: string; fields?: Record<string, unknown> };
}

export interface Scenario {
  name: string;
  steps: Step[];
}

/** A step for method `K` (its name alone fixes the types of the arguments and the answer). */
function step<K extends ApiCallName>(s: { call: K } & NoInfer<Step<K>>): Step {
  return s as unknown as Step;
}

/**
 * The newest activity entry is this one (what the admin's activity log shows first). Entries
 * made in the same millisecond have no order between them, so any of those may match.
 */
function logged(action: string, targetType: string, extra: { targetId?: (s: Saved) => string; detail?: Record<string, unknown> } = {}): Step {
  return step({
    does: `the activity log shows ${action} on ${targetType} first`,
    call: 'audit',
    args: [{ limit: 5 }],
    then: (out, saved) => {
      const newest = out.items.filter((e) => e.at === out.items[0]?.at);
      const entry = newest.find((e) => e.action === action && e.targetType === targetType);
      expect(entry, `the newest activity entries: ${JSON.stringify(newest.map((e) => `${e.action} ${e.targetType}`))}`).toBeDefined();
      expect(entry!.actor.name).toBe(GIVEN.admin.name);
      if (extra.targetId) expect(entry!.targetId).toBe(extra.targetId(saved));
      if (extra.detail) expect(entry!.detail).toMatchObject(extra.detail);
    },
  });
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'taxonomy: names unique ignoring case among entries in use, every change in the activity log',
    steps: [
      step({
        does: 'add a line of business', call: 'addTerm', args: ['lines-of-business', { name: 'Sales' }], save: 'sales',
        then: (t) => expect(t).toMatchObject({ name: 'Sales', retiredAt: null }),
      }),
      logged('taxonomy.add', 'line_of_business', { targetId: (s) => s.sales.id, detail: { name: 'Sales' } }),
      step({
        does: 'the same name in other case is refused', call: 'addTerm', args: ['lines-of-business', { name: 'sales' }],
        fails: { status: 409, code: 'conflict', fields: { name: 'is already used' } },
      }),
      step({ does: 'an empty name is refused', call: 'addTerm', args: ['lines-of-business', { name: '' }], fails: { status: 400, code: 'validation_failed' } }),
      step({
        does: 'retire it', call: 'updateTerm', argsFrom: (s) => ['lines-of-business', s.sales.id, { retired: true }],
        then: (t) => expect(t.retiredAt).toEqual(expect.any(String)),
      }),
      logged('taxonomy.change', 'line_of_business', { targetId: (s) => s.sales.id }),
      step({ does: 'a retired name may be used again', call: 'addTerm', args: ['lines-of-business', { name: 'SALES' }], save: 'sales2' }),
      step({
        does: 'a default impact kind is there already', call: 'addTerm', args: ['impact-kinds', { name: 'revenue' }],
        fails: { status: 409, code: 'conflict', fields: { name: 'is already used' } },
      }),
      step({
        does: 'add a stakeholder', call: 'addStakeholder', argsFrom: (s) => [{ name: 'Dana Ortiz', title: 'Head of Sales', lineOfBusinessId: s.sales2.id }], save: 'dana',
        then: (d, s) => expect(d).toMatchObject({ name: 'Dana Ortiz', title: 'Head of Sales', lineOfBusinessId: s.sales2.id, retiredAt: null }),
      }),
      logged('taxonomy.add', 'stakeholder', { targetId: (s) => s.dana.id, detail: { name: 'Dana Ortiz' } }),
      step({
        does: 'a stakeholder in an unknown line of business is refused', call: 'addStakeholder', args: [{ name: 'Lee', lineOfBusinessId: 'no-such-line' }],
        fails: { status: 422, code: 'unprocessable', fields: { lineOfBusinessId: expect.any(String) } },
      }),
      step({ does: 'stakeholder names are unique too', call: 'addStakeholder', args: [{ name: 'dana ortiz' }], fails: { status: 409, code: 'conflict' } }),
      step({
        does: 'clear the stakeholder\'s title', call: 'updateStakeholder', argsFrom: (s) => [s.dana.id, { title: '' }],
        then: (d) => expect(d).toMatchObject({ name: 'Dana Ortiz', title: null }),
      }),
      logged('taxonomy.change', 'stakeholder', { targetId: (s) => s.dana.id }),
      step({ does: 'an unknown stakeholder is not found', call: 'updateStakeholder', args: ['no-such-stakeholder', { name: 'X' }], fails: { status: 404, code: 'not_found' } }),
      step({
        does: 'add a KPI', call: 'addKpi', args: [{ name: 'Quote turnaround', unit: 'hours', target: 24, direction: 'lower_is_better' }], save: 'kpi',
        then: (k) => expect(k).toMatchObject({ name: 'Quote turnaround', unit: 'hours', target: 24, direction: 'lower_is_better', retiredAt: null, latest: null }),
      }),
      logged('taxonomy.add', 'kpi', { targetId: (s) => s.kpi.id, detail: { name: 'Quote turnaround' } }),
      step({ does: 'change its target', call: 'updateKpi', argsFrom: (s) => [s.kpi.id, { target: 12 }], then: (k) => expect(k).toMatchObject({ target: 12, unit: 'hours' }) }),
      logged('taxonomy.change', 'kpi', { targetId: (s) => s.kpi.id }),
      step({
        does: 'record a reading', call: 'addKpiReading', argsFrom: (s) => [s.kpi.id, { value: 30, recordedOn: '2026-11-02' }],
        then: (r, s) => expect(r).toMatchObject({ kpiId: s.kpi.id, value: 30, recordedOn: '2026-11-02', note: null }),
      }),
      logged('kpi.reading', 'kpi', { targetId: (s) => s.kpi.id, detail: { value: 30, recordedOn: '2026-11-02' } }),
      step({
        does: 'the taxonomy shows it all, retired entries marked, the latest reading on the KPI', call: 'taxonomy',
        then: (t, s) => {
          expect(t.linesOfBusiness.map((l) => [l.name, !!l.retiredAt])).toEqual([['Sales', true], ['SALES', false]]);
          expect(t.stakeholders.map((x) => [x.name, x.title])).toEqual([['Dana Ortiz', null]]);
          expect(t.kpis).toEqual([expect.objectContaining({ id: s.kpi.id, target: 12, latest: expect.objectContaining({ value: 30, recordedOn: '2026-11-02' }) })]);
          expect(t.impactKinds.map((k) => k.name)).toEqual(expect.arrayContaining(['Revenue', 'Customers']));
        },
      }),
    ],
  },
  {
    name: 'people: invites, provider companies counted and sorted ignoring case, provider links, the last admin',
    steps: [
      step({ does: 'who am I', call: 'me', save: 'me', then: (m) => expect(m.member).toMatchObject({ name: GIVEN.admin.name, role: 'admin' }) }),
      step({ does: 'invite a provider', call: 'createInvite', args: [{ role: 'provider', name: 'Zed Okafor', providerCompany: 'Beta Services' }], save: 'zedInvite' }),
      logged('invite.create', 'invite', { detail: { role: 'provider', name: 'Zed Okafor' } }),
      step({
        does: 'the provider joins with the code', call: 'redeem', argsFrom: (s) => [s.zedInvite.code], save: 'zed',
        then: (r) => expect(r.member).toMatchObject({ name: 'Zed Okafor', role: 'provider', providerCompany: 'Beta Services' }),
      }),
      step({ does: 'a second company is invited', call: 'createInvite', args: [{ role: 'provider', name: 'Yan Li', providerCompany: 'acme IT' }] }),
      step({ does: 'a second person of the first company is invited', call: 'createInvite', args: [{ role: 'provider', name: 'Xi Chen', providerCompany: 'Beta Services' }] }),
      step({
        does: 'provider companies count joined members and pending invites, sorted ignoring case', call: 'providerCompanies',
        then: (out) => expect(out.items).toEqual([
          { name: 'acme IT', members: 0, invited: 1 },
          { name: 'Beta Services', members: 1, invited: 1 },
        ]),
      }),
      step({
        does: 'invites show whether they were used (the first admin\'s own invite aside)', call: 'invites', save: 'invites',
        then: (out) => expect(out.items.filter((i) => i.name !== GIVEN.admin.name).map((i) => [i.name, i.role, i.providerCompany, i.status]).sort()).toEqual([
          ['Xi Chen', 'provider', 'Beta Services', 'pending'], ['Yan Li', 'provider', 'acme IT', 'pending'], ['Zed Okafor', 'provider', 'Beta Services', 'used'],
        ]),
      }),
      step({ does: 'withdraw an invite', call: 'revokeInvite', argsFrom: (s) => [s.invites.items.find((i: { name: string }) => i.name === 'Xi Chen').id] }),
      logged('invite.revoke', 'invite', { targetId: (s) => s.invites.items.find((i: { name: string }) => i.name === 'Xi Chen').id }),
      step({
        does: 'a withdrawn invite cannot be withdrawn again', call: 'revokeInvite', argsFrom: (s) => [s.invites.items.find((i: { name: string }) => i.name === 'Xi Chen').id],
        fails: { status: 404, code: 'not_found' },
      }),
      step({
        does: 'a withdrawn invite no longer counts', call: 'providerCompanies',
        then: (out) => expect(out.items.find((c) => c.name === 'Beta Services')).toEqual({ name: 'Beta Services', members: 1, invited: 0 }),
      }),
      step({ does: 'a provider invite needs the company', call: 'createInvite', args: [{ role: 'provider', name: 'No Company' }], fails: { status: 400, code: 'validation_failed', fields: { providerCompany: expect.any(String) } } }),
      step({
        does: 'members list who joined', call: 'members',
        then: (out) => expect(out.items.map((m) => [m.name, m.role]).sort()).toEqual([['Priya Shah', 'admin'], ['Zed Okafor', 'provider']]),
      }),
      step({ does: 'no web link yet', call: 'providerLinkStatus', argsFrom: (s) => [s.zed.member.id], then: (l) => expect(l).toEqual({ active: false, createdAt: null, lastUsedAt: null }) }),
      step({ does: 'make the provider\'s web link', call: 'createProviderLink', argsFrom: (s) => [s.zed.member.id], then: (l) => expect(l.url).toMatch(/\/p\/[^/]+$/) }),
      logged('member.provider_link', 'member', { targetId: (s) => s.zed.member.id }),
      step({ does: 'the link is live', call: 'providerLinkStatus', argsFrom: (s) => [s.zed.member.id], then: (l) => expect(l).toMatchObject({ active: true, createdAt: expect.any(String), lastUsedAt: null }) }),
      step({ does: 'only provider members get a link', call: 'createProviderLink', argsFrom: (s) => [s.me.member.id], fails: { status: 422, code: 'unprocessable' } }),
      step({ does: 'withdraw the link', call: 'revokeProviderLink', argsFrom: (s) => [s.zed.member.id] }),
      logged('member.provider_link_revoke', 'member', { targetId: (s) => s.zed.member.id }),
      step({ does: 'the link is gone', call: 'providerLinkStatus', argsFrom: (s) => [s.zed.member.id], then: (l) => expect(l.active).toBe(false) }),
      step({ does: 'rename a member', call: 'updateMember', argsFrom: (s) => [s.zed.member.id, { name: 'Zed O.' }], then: (m) => expect(m).toMatchObject({ name: 'Zed O.', role: 'provider' }) }),
      logged('member.rename', 'member', { targetId: (s) => s.zed.member.id, detail: { from: { name: 'Zed Okafor' }, to: { name: 'Zed O.' } } }),
      step({
        does: 'the last admin cannot step down', call: 'updateMember', argsFrom: (s) => [s.me.member.id, { role: 'staff' }],
        fails: { status: 409, code: 'conflict', fields: { role: 'would leave the workspace without an admin' } },
      }),
      step({ does: 'nor be removed', call: 'removeMember', argsFrom: (s) => [s.me.member.id], fails: { status: 409, code: 'conflict' } }),
      step({ does: 'remove the provider', call: 'removeMember', argsFrom: (s) => [s.zed.member.id] }),
      logged('member.remove', 'member', { targetId: (s) => s.zed.member.id, detail: { name: 'Zed O.', role: 'provider' } }),
      step({ does: 'an unknown member is not found', call: 'updateMember', args: ['no-such-member', { name: 'X' }], fails: { status: 404, code: 'not_found' } }),
      step({ does: 'the company has nobody left', call: 'providerCompanies', then: (out) => expect(out.items).toEqual([{ name: 'acme IT', members: 0, invited: 1 }]) }),
    ],
  },
  {
    name: 'workspace settings, report recipients, preview, send and archive, export',
    steps: [
      step({
        does: 'the workspace as created', call: 'workspace',
        then: (w) => expect(w).toMatchObject({ name: GIVEN.workspace.name, timeZone: GIVEN.workspace.timeZone, schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 } }),
      }),
      step({ does: 'rename it', call: 'updateWorkspace', args: [{ name: 'Acme Dental Group' }], then: (w) => expect(w.name).toBe('Acme Dental Group') }),
      logged('workspace.update', 'workspace', { detail: { fields: ['name'] } }),
      step({ does: 'an unknown time zone is refused', call: 'updateWorkspace', args: [{ timeZone: 'Mars/Olympus' }], fails: { status: 400, code: 'validation_failed', fields: { timeZone: expect.any(String) } } }),
      step({
        does: 'deleting needs the exact name', call: 'deleteWorkspace', args: ['Acme Dental'],
        fails: { status: 400, code: 'validation_failed', fields: { confirm: 'does not match the workspace name' } },
      }),
      step({ does: 'nobody receives the report yet', call: 'recipients', then: (out) => expect(out.items).toEqual([]) }),
      step({ does: 'so sending is refused', call: 'sendReport', fails: { status: 422, code: 'unprocessable', fields: { recipients: 'is empty' } } }),
      step({
        does: 'add an address', call: 'addRecipient', args: ['Board@Example.com', 'The board'], save: 'recipients',
        then: (out) => expect(out.items).toEqual([{ id: expect.any(String), email: 'board@example.com', name: 'The board', source: 'extra', unsubscribed: false }]),
      }),
      logged('report.recipient_add', 'recipient', { detail: { email: 'board@example.com' } }),
      step({ does: 'a wrong address is refused', call: 'addRecipient', args: ['not an address'], fails: { status: 400, code: 'validation_failed', fields: { email: expect.any(String) } } }),
      step({
        does: 'preview the report', call: 'previewReport',
        then: (p) => {
          expect(p.subject).not.toBe('');
          expect(p.period.start < p.period.end).toBe(true);
          expect(p.html).toMatch(/<html/i);
          expect(p.emailBytes).toBeGreaterThan(0);
        },
      }),
      step({ does: 'a preview needs a real date', call: 'previewReport', args: ['someday'], fails: { status: 400, code: 'validation_failed', fields: { date: expect.any(String) } } }),
      step({
        does: 'send it now', call: 'sendReport', save: 'sent',
        then: (out) => {
          expect({ sent: out.sent, failed: out.failed }).toEqual({ sent: 1, failed: 0 });
          expect(out.report.deliveries).toEqual([expect.objectContaining({ email: 'board@example.com', status: 'sent', attempts: 1, lastError: null })]);
          expect(out.webViewUrl).toMatch(/\/r\/[^/]+$/);
        },
      }),
      logged('report.send', 'report', { targetId: (s) => s.sent.report.id, detail: { sent: 1, failed: 0 } }),
      step({ does: 'sending again sends nobody twice', call: 'sendReport', then: (out) => expect({ sent: out.sent, failed: out.failed }).toEqual({ sent: 0, failed: 0 }) }),
      step({ does: 'the archive lists it', call: 'reports', then: (out, s) => expect(out.items.map((r) => r.id)).toEqual([s.sent.report.id]) }),
      step({
        does: 'one report with its deliveries', call: 'report', argsFrom: (s) => [s.sent.report.id],
        then: (r, s) => expect(r).toMatchObject({ id: s.sent.report.id, period: s.sent.report.period, deliveries: [expect.objectContaining({ email: 'board@example.com', status: 'sent' })] }),
      }),
      step({ does: 'its page', call: 'reportPage', argsFrom: (s) => [s.sent.report.id], then: (html) => expect(html).toMatch(/^<!doctype html>/i) }),
      step({ does: 'an unknown report is not found', call: 'report', args: ['no-such-report'], fails: { status: 404, code: 'not_found' } }),
      step({ does: 'remove the address', call: 'removeRecipient', argsFrom: (s) => [s.recipients.items[0].id] }),
      logged('report.recipient_remove', 'recipient', { targetId: (s) => s.recipients.items[0].id }),
      step({ does: 'it is gone', call: 'recipients', then: (out) => expect(out.items).toEqual([]) }),
      step({ does: 'removing it again: not found', call: 'removeRecipient', argsFrom: (s) => [s.recipients.items[0].id], fails: { status: 404, code: 'not_found' } }),
      step({
        does: 'export everything as JSON', call: 'exportWorkspace', args: ['json'],
        then: (text) => expect(JSON.parse(text)).toMatchObject({ format: 'steward-export/1', workspace: { name: 'Acme Dental Group' }, members: [expect.objectContaining({ name: GIVEN.admin.name })] }),
      }),
      logged('workspace.export', 'workspace', { detail: { format: 'json' } }),
      step({
        // The fake answers a canned file here (its columns are checked in tests/worker).
        does: 'export people as CSV: a header, then one line per member', call: 'exportWorkspace', args: ['csv', 'members'],
        then: (text) => {
          const [header, ...rows] = text.split('\r\n').filter(Boolean);
          expect(header).toMatch(/^id,name,/);
          expect(rows.map((r) => r.split(',')[1])).toEqual([GIVEN.admin.name]);
        },
      }),
      step({
        does: 'the activity log pages', call: 'audit', args: [{ limit: 2 }], save: 'page1',
        then: (out) => {
          expect(out.items).toHaveLength(2);
          expect(out.items.map((e) => e.action)).toEqual(['workspace.export', 'workspace.export']);
          expect(out.nextCursor).toEqual(expect.any(String));
        },
      }),
      step({
        does: 'the next page goes on where the first stopped', call: 'audit', argsFrom: (s) => [{ limit: 2, cursor: s.page1.nextCursor }],
        then: (out) => expect(out.items.map((e) => e.action).sort()).toEqual(['report.recipient_remove', 'report.send']),
      }),
    ],
  },
  {
    name: 'sign-in: a code re-issued to a member signs in that member again, never a second one; company sign-in settings refuse bad input',
    steps: [
      step({ does: 'invite a staff member', call: 'createInvite', args: [{ role: 'staff', name: 'Sam Reyes' }], save: 'samInvite' }),
      step({ does: 'they join', call: 'redeem', argsFrom: (s) => [s.samInvite.code], save: 'sam' }),
      step({
        does: 'a new sign-in code for them (a lost laptop)', call: 'reissueSignIn', argsFrom: (s) => [s.sam.member.id], save: 'first',
        then: (c) => expect(c).toMatchObject({ role: 'staff', name: 'Sam Reyes', code: expect.any(String) }),
      }),
      logged('member.sign_in_reissue', 'member', { targetId: (s) => s.sam.member.id, detail: { endOtherSignIns: true } }),
      step({ does: 'another one, keeping their sign-ins', call: 'reissueSignIn', argsFrom: (s) => [s.sam.member.id, { endOtherSignIns: false }], save: 'second' }),
      step({
        does: 'the earlier code stopped working', call: 'redeem', argsFrom: (s) => [s.first.code],
        fails: { status: 401, code: 'unauthorized', fields: { code: 'was withdrawn' } },
      }),
      step({
        does: 'the new code signs in the same member', call: 'redeem', argsFrom: (s) => [s.second.code],
        then: (r, s) => expect(r.member).toMatchObject({ id: s.sam.member.id, name: 'Sam Reyes', role: 'staff' }),
      }),
      step({ does: 'no second member was made', call: 'members', then: (out) => expect(out.items.map((m) => m.name).sort()).toEqual(['Priya Shah', 'Sam Reyes']) }),
      step({
        does: 'the codes are listed with the invites', call: 'invites',
        then: (out) => expect(out.items.filter((i) => i.name === 'Sam Reyes').map((i) => i.status).sort()).toEqual(['revoked', 'used', 'used']),
      }),
      step({ does: 'an unknown member gets no code', call: 'reissueSignIn', args: ['no-such-member'], fails: { status: 404, code: 'not_found' } }),
      step({ does: 'no company sign-in yet', call: 'oidcSettings', then: (out) => expect(out).toEqual({ settings: null }) }),
      step({
        does: 'an identity provider on plain http is refused', call: 'saveOidcSettings',
        args: [{ issuer: 'http://login.example.com/tenant/v2.0', clientId: 'steward', allowedDomains: ['example.com'], newMemberRole: 'staff', requiredForStaff: false }],
        fails: { status: 400, code: 'validation_failed', fields: { issuer: 'must start with https:// (plain http:// is accepted only for a server on this computer)' } },
      }),
      step({
        does: 'a list of email domains is needed', call: 'saveOidcSettings',
        args: [{ issuer: 'https://login.example.com/tenant/v2.0', clientId: 'steward', allowedDomains: [], newMemberRole: 'staff', requiredForStaff: false }],
        fails: { status: 400, code: 'validation_failed', fields: { allowedDomains: 'must list at least one email domain, e.g. example.com' } },
      }),
      step({ does: 'nothing was saved', call: 'oidcSettings', then: (out) => expect(out).toEqual({ settings: null }) }),
    ],
  },
  {
    name: 'initiatives: KPIs of the workspace, dates in order, one step at a time or a reason, current versions only',
    steps: [
      step({ does: 'add a KPI', call: 'addKpi', args: [{ name: 'Check-in time', unit: 'min', target: 5, direction: 'lower_is_better' }], save: 'kpi' }),
      step({
        does: 'a KPI that is not the workspace\'s is refused', call: 'createInitiative',
        args: [{ title: 'Online check-in', gap: 'Patients cannot check in before they arrive.', kpis: [{ kpiId: 'no-such-kpi', baseline: 9, baselineOn: '2026-01-05', target: 5, targetOn: '2026-06-30' }] }],
        fails: { status: 422, code: 'unprocessable', fields: { 'kpis.0.kpiId': 'is not a KPI of this workspace: pick one from Taxonomy → KPIs, or add it there first' } },
      }),
      step({
        does: 'a target date before the baseline is refused', call: 'createInitiative',
        argsFrom: (s) => [{ title: 'Online check-in', gap: 'Patients cannot check in before they arrive.', kpis: [{ kpiId: s.kpi.id, baseline: 9, baselineOn: '2026-01-05', target: 5, targetOn: '2025-12-01' }] }],
        fails: { status: 400, code: 'validation_failed', fields: { 'kpis.0.targetOn': 'must be after the baseline date' } },
      }),
      step({
        does: 'propose one', call: 'createInitiative', save: 'initiative',
        argsFrom: (s) => [{ title: 'Online check-in', gap: 'Patients cannot check in before they arrive.', budget: { oneOff: 4000 }, kpis: [{ kpiId: s.kpi.id, baseline: 9, baselineOn: '2026-01-05', target: 5, targetOn: '2026-06-30' }] }],
        then: (i) => expect(i).toMatchObject({
          state: 'proposed', version: 1, budget: { oneOff: 4000, monthly: null, currency: 'USD' }, evidence: { tags: 0 },
          kpis: [{ name: 'Check-in time', unit: 'min', baseline: 9, target: 5, targetOn: '2026-06-30', outcome: 'waiting' }],
        }),
      }),
      step({
        does: 'skipping steps without a reason is refused', call: 'updateInitiative', argsFrom: (s) => [s.initiative.id, { version: 1, state: 'delivered' }],
        fails: { status: 422, code: 'unprocessable', fields: { state: 'skips approved and in progress: move one step at a time, or say why in "reason"' } },
      }),
      step({ does: 'approve it', call: 'updateInitiative', argsFrom: (s) => [s.initiative.id, { version: 1, state: 'approved' }], then: (i) => expect(i).toMatchObject({ state: 'approved', version: 2 }) }),
      step({ does: 'a stale version is a conflict', call: 'updateInitiative', argsFrom: (s) => [s.initiative.id, { version: 1, title: 'Renamed' }], fails: { status: 409, code: 'conflict' } }),
      step({
        does: 'a tag that is not there cannot be linked', call: 'changeEvidence', argsFrom: (s) => [s.initiative.id, { link: ['no-such-tag'] }],
        fails: { status: 422, code: 'unprocessable', fields: { 'link.0': 'is not a tag of this workspace that you can see (or it was deleted)' } },
      }),
      step({ does: 'an unknown initiative is not found', call: 'initiative', args: ['no-such-initiative'], fails: { status: 404, code: 'not_found' } }),
      step({ does: 'its timeline says what happened', call: 'initiative', argsFrom: (s) => [s.initiative.id], then: (d) => expect(d.timeline.map((e) => e.kind)).toEqual(['created', 'state']) }),
      step({ does: 'listed by state', call: 'initiatives', args: [{ state: 'approved' }], then: (l) => expect(l.items.map((i) => i.title)).toEqual(['Online check-in']) }),
      step({ does: 'the budget currency, as an admin sets it', call: 'updateInitiativeSettings', args: ['eur'], then: (out) => expect(out).toEqual({ currency: 'EUR' }) }),
      step({ does: 'budgets read in it', call: 'initiatives', then: (l) => expect([l.currency, l.items[0]!.budget?.currency]).toEqual(['EUR', 'EUR']) }),
      step({ does: 'an approved initiative cannot be deleted', call: 'deleteInitiative', argsFrom: (s) => [s.initiative.id], fails: { status: 409, code: 'conflict' } }),
      step({ does: 'propose one by mistake', call: 'createInitiative', args: [{ title: 'Duplicate check-in', gap: 'The same as Online check-in.' }], save: 'mistake' }),
      step({ does: 'an admin deletes a proposed one', call: 'deleteInitiative', argsFrom: (s) => [s.mistake.id], then: (out) => expect(out).toBeUndefined() }),
      logged('initiative.delete', 'initiative', { targetId: (s) => s.mistake.id, detail: { title: 'Duplicate check-in', state: 'proposed' } }),
      step({ does: 'a deleted one is not found', call: 'initiative', argsFrom: (s) => [s.mistake.id], fails: { status: 404, code: 'not_found' } }),
      step({ does: 'the approved one is still there', call: 'initiatives', then: (l) => expect(l.items.map((i) => i.title)).toEqual(['Online check-in']) }),
    ],
  },  {
    name: 'meeting: settings refused in words, an invitation on turning it on, a cancellation on turning it off, a stale version refused',
    steps: [
      step({ does: 'off until an admin turns it on', call: 'meeting', then: (m) => expect(m).toMatchObject({ settings: { enabled: false, version: 0, sequence: 0 }, nextAt: null, invitations: [] }) }),
      step({
        does: 'an attendee address that is not an email is refused', call: 'updateMeeting', args: [{ version: 0, enabled: true, startTime: '11:00', emails: ['board at acme'] }],
        fails: { status: 400, code: 'validation_failed', fields: { 'emails.0': 'must be an email address, like name@example.com' } },
      }),
      step({
        does: 'a meeting longer than 8 hours is refused', call: 'updateMeeting', args: [{ version: 0, durationMinutes: 600 }],
        fails: { status: 400, code: 'validation_failed', fields: { durationMinutes: 'must be at most 8 hours (480 minutes): split a longer session into several meetings' } },
      }),
      step({
        does: 'turning it on invites each attendee', call: 'updateMeeting', args: [{ version: 0, enabled: true, startTime: '11:00', emails: ['Board@Acme.test'], location: 'Board room' }], save: 'on',
        then: (m) => {
          expect(m.settings).toMatchObject({ enabled: true, startTime: '11:00', emails: ['board@acme.test'], location: 'Board room', version: 1, sequence: 0 });
          expect(m.nextAt).not.toBeNull();
          expect(m.invitations).toEqual([{ email: 'board@acme.test', method: 'REQUEST', status: 'sent', error: null }]);
        },
      }),
      step({ does: 'a stale version is refused', call: 'updateMeeting', args: [{ version: 0, durationMinutes: 60 }], fails: { status: 409, code: 'conflict' } }),
      step({
        does: 'turning it off cancels it for everyone invited, one SEQUENCE higher', call: 'updateMeeting', argsFrom: (s) => [{ version: s.on.settings.version, enabled: false }],
        then: (m) => {
          expect(m.settings).toMatchObject({ enabled: false, version: 2, sequence: 1 });
          expect(m.invitations).toEqual([{ email: 'board@acme.test', method: 'CANCEL', status: 'sent', error: null }]);
        },
      }),
    ],
  },
  {
    name: 'meeting mode: saved as it goes, bad input refused beside the field, the minutes closed once and then only corrected, open items carried to the next meeting',
    steps: [
      step({ does: 'who runs it', call: 'me', save: 'me' }),
      step({ does: 'a provider company to own action items', call: 'createInvite', args: [{ role: 'provider', name: 'Pat Kim', providerCompany: 'BrightIT' }] }),
      step({
        does: 'start the meeting', call: 'startMeeting', save: 'meeting',
        then: (m) => expect(m).toMatchObject({ state: 'open', closedAt: null, heldOn: dayIn(GIVEN.workspace.timeZone), startedBy: GIVEN.admin.name, decisions: [], actionItems: [], minutes: [] }),
      }),
      step({ does: 'starting again resumes the open one', call: 'startMeeting', then: (m, s) => expect(m.id).toBe(s.meeting.id) }),
      step({
        does: 'an item raised in the meeting joins the agenda', call: 'addAgendaItem', argsFrom: (s) => [s.meeting.id, 'Printers'], save: 'raised',
        then: (m) => expect(m.agenda.at(-1)).toEqual({ kind: 'other', ref: expect.stringMatching(/^other-/), title: 'Printers', why: `Raised in the meeting by ${GIVEN.admin.name}` }),
      }),
      step({
        does: 'its decision is recorded', call: 'saveDecision', argsFrom: (s) => [s.meeting.id, { ref: s.raised.agenda.at(-1).ref, text: ' Replace both. ' }],
        then: (m) => expect(m.decisions.map((d) => [d.title, d.text, d.by])).toEqual([['Printers', 'Replace both.', GIVEN.admin.name]]),
      }),
      step({
        does: 'a decision on an item not on the agenda is refused', call: 'saveDecision', argsFrom: (s) => [s.meeting.id, { ref: 'no-such-item', text: 'Yes' }],
        fails: { status: 422, code: 'unprocessable', fields: { ref: expect.stringMatching(/^is not on this meeting's agenda/) } },
      }),
      step({
        does: 'an action item due yesterday is refused beside its date', call: 'addActionItem',
        argsFrom: (s) => [s.meeting.id, { what: 'Order printers', owner: { kind: 'provider', company: 'BrightIT' }, dueOn: dayIn(GIVEN.workspace.timeZone, -1) }],
        fails: { status: 422, code: 'unprocessable', fields: { dueOn: `must be today or later (today is ${dayIn(GIVEN.workspace.timeZone)} in ${GIVEN.workspace.timeZone}): an action item cannot be due in the past` } },
      }),
      step({
        does: 'an action item without an owner is refused', call: 'addActionItem',
        argsFrom: (s) => [s.meeting.id, { what: 'Order printers', dueOn: dayIn(GIVEN.workspace.timeZone, 3) } as never],
        fails: { status: 400, code: 'validation_failed', fields: { owner: 'is required' } },
      }),
      step({
        does: 'an owner who is not a member is refused', call: 'addActionItem',
        argsFrom: (s) => [s.meeting.id, { what: 'Order printers', owner: { kind: 'member', memberId: 'no-such-member' }, dueOn: dayIn(GIVEN.workspace.timeZone, 3) }],
        fails: { status: 422, code: 'unprocessable', fields: { 'owner.memberId': expect.stringMatching(/^is not a member of this workspace/) } },
      }),
      step({
        does: 'the provider company owns one, named as the workspace spells it', call: 'addActionItem', save: 'item',
        argsFrom: (s) => [s.meeting.id, { id: ITEM_ID, ref: s.raised.agenda.at(-1).ref, what: 'Order two printers', owner: { kind: 'provider', company: 'brightit' }, dueOn: dayIn(GIVEN.workspace.timeZone, 3) }],
        then: (a, s) => expect(a).toMatchObject({
          id: ITEM_ID, meetingId: s.meeting.id, ref: s.raised.agenda.at(-1).ref, what: 'Order two printers', dueOn: dayIn(GIVEN.workspace.timeZone, 3), state: 'open', late: false, version: 1,
          owner: { kind: 'provider', memberId: null, company: 'BrightIT', name: 'BrightIT (provider)' }, providerAnswer: null,
        }),
      }),
      step({
        does: 'sent again (a lost answer), it is the same item', call: 'addActionItem',
        argsFrom: (s) => [s.meeting.id, { id: ITEM_ID, ref: s.raised.agenda.at(-1).ref, what: 'Order two printers', owner: { kind: 'provider', company: 'brightit' }, dueOn: dayIn(GIVEN.workspace.timeZone, 3) }],
        then: (a, s) => expect(a).toEqual(s.item),
      }),
      step({
        does: 'a member owns another', call: 'addActionItem', save: 'mine',
        argsFrom: (s) => [s.meeting.id, { what: 'Tell the front desk', owner: { kind: 'member', memberId: s.me.member.id }, dueOn: dayIn(GIVEN.workspace.timeZone) }],
        then: (a, s) => expect(a.owner).toMatchObject({ kind: 'member', memberId: s.me.member.id, name: GIVEN.admin.name }),
      }),
      step({
        does: 'a stale version is refused', call: 'updateActionItem', argsFrom: (s) => [s.item.id, { version: 0, state: 'done' }],
        fails: { status: 409, code: 'conflict', fields: { version: 'is out of date' } },
      }),
      step({
        does: 'closing sends the minutes to the attendees (none are set)', call: 'closeMeeting', argsFrom: (s) => [s.meeting.id],
        then: (out) => {
          expect(out.outcomes).toEqual([]);
          expect(out.meeting).toMatchObject({ state: 'closed', closedAt: expect.any(String), minutes: [{ version: 1, kind: 'minutes', note: null, by: GIVEN.admin.name, sent: 0, failed: 0 }] });
        },
      }),
      step({
        does: 'closing again is refused', call: 'closeMeeting', argsFrom: (s) => [s.meeting.id],
        fails: { status: 409, code: 'conflict', fields: { meeting: 'is already closed' } },
      }),
      step({
        does: 'a decision after the minutes went out is refused', call: 'saveDecision', argsFrom: (s) => [s.meeting.id, { ref: s.raised.agenda.at(-1).ref, text: 'Replace one.' }],
        fails: { status: 409, code: 'conflict', fields: { meeting: 'is closed: send a correction' } },
      }),
      step({
        does: 'a new due date after the minutes went out is refused', call: 'updateActionItem', argsFrom: (s) => [s.item.id, { version: 1, dueOn: dayIn(GIVEN.workspace.timeZone, 5) }],
        fails: { status: 409, code: 'conflict', fields: { meeting: 'is closed: send a correction' } },
      }),
      step({
        does: 'marking it done is still progress', call: 'updateActionItem', argsFrom: (s) => [s.item.id, { version: 1, state: 'done' }],
        then: (a) => expect(a).toMatchObject({ state: 'done', doneAt: expect.any(String), version: 2 }),
      }),
      step({
        does: 'a correction without a note is refused', call: 'correctMinutes', argsFrom: (s) => [s.meeting.id, { note: ' ', decisions: [{ ref: s.raised.agenda.at(-1).ref, text: 'Replace one.' }] }],
        fails: { status: 400, code: 'validation_failed', fields: { note: 'is required: say what you are correcting, the attendees will read it' } },
      }),
      step({
        does: 'a corrected date before the meeting is refused beside it', call: 'correctMinutes',
        argsFrom: (s) => [s.meeting.id, { note: 'Dates', actionItems: [{ id: s.item.id, dueOn: dayIn(GIVEN.workspace.timeZone, -1) }] }],
        fails: { status: 422, code: 'unprocessable', fields: { 'actionItems.0.dueOn': `must be on or after the meeting's date (${dayIn(GIVEN.workspace.timeZone)})` } },
      }),
      step({
        does: 'a correction is applied and sent as the next version', call: 'correctMinutes',
        argsFrom: (s) => [s.meeting.id, { note: 'The printers are due a week later.', actionItems: [{ id: s.item.id, dueOn: dayIn(GIVEN.workspace.timeZone, 10) }] }],
        then: (out, s) => {
          expect(out.outcomes).toEqual([]);
          expect(out.meeting.minutes.map((x) => [x.version, x.kind, x.note])).toEqual([[1, 'minutes', null], [2, 'correction', 'The printers are due a week later.']]);
          expect(out.meeting.actionItems.find((a) => a.id === s.item.id)).toMatchObject({ dueOn: dayIn(GIVEN.workspace.timeZone, 10), state: 'done' });
        },
      }),
      step({
        does: 'the meetings held say what each recorded', call: 'meetings',
        then: (l) => expect(l.items.map(({ state, decisions, actionItems, openActionItems }) => ({ state, decisions, actionItems, openActionItems })))
          .toEqual([{ state: 'closed', decisions: 1, actionItems: 2, openActionItems: 1 }]),
      }),
      step({
        does: 'the next meeting carries the open action item on its agenda', call: 'startMeeting',
        then: (m, s) => {
          expect(m.id).not.toBe(s.meeting.id);
          expect(m.agenda.filter((a) => a.kind === 'action_item').map((a) => [a.ref, a.title])).toEqual([[s.mine.id, 'Tell the front desk']]);
        },
      }),
    ],
  },
];

/** The action item id the meeting-mode scenario's page makes (a UUID, as `crypto.randomUUID()`). */
const ITEM_ID = '6f1d2c4e-8a7b-4c3d-9e2f-1a2b3c4d5e6f';

/** The date `days` from today in a time zone (YYYY-MM-DD): due dates are the client's calendar dates. */
function dayIn(timeZone: string, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The tagging screens' tests answer from a second stand-in (tests/extension/support/
 * fake-annotations.ts), held to these steps the same way. It starts from a workspace whose
 * lists hold these entries (the real Worker's side adds them first) and one provider company.
 */
export const GIVEN_LISTS = {
  linesOfBusiness: ['Sales', 'Front office'],
  stakeholder: { name: 'Dana Ortiz', title: 'Front office manager', lineOfBusiness: 'Front office' },
  kpi: { name: 'Check-in wait', unit: 'min', target: 5, direction: 'lower_is_better' },
  providerCompany: 'BrightIT',
} as const;

/** A tag on ticket 4821, with the workspace's own ids for the entries it names. */
function tagOf(s: Saved, over: Partial<AnnotationCreate> = {}): AnnotationCreate {
  const t = s.tax as Taxonomy;
  const id = <T extends { id: string; name: string }>(list: T[], name: string) => list.find((x) => x.name === name)!.id;
  return {
    id: crypto.randomUUID(), horizon: 'now', priority: 'high', visibility: 'team', state: 'open',
    lineOfBusiness: id(t.linesOfBusiness, 'Front office'), impact: id(t.impactKinds, 'Customers'),
    stakeholders: [id(t.stakeholders, 'Dana Ortiz')], kpis: [id(t.kpis, 'Check-in wait')],
    summary: 'Check-in kiosks freeze every morning.',
    ticketRef: { tool: 'zendesk', tenant: 'acme', ticketId: '4821', url: 'https://acme.zendesk.com/agent/tickets/4821', observedAt: '2026-11-20T09:00:00.000Z' },
    ...over,
  };
}

/** A moment `hours` before the scenario runs (readings from the future are refused). */
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
const AT = { created: hoursAgo(48), older: hoursAgo(5), first: hoursAgo(3), solved: hoursAgo(2), reopened: hoursAgo(1), noStatus: hoursAgo(0.5), unknown: hoursAgo(0.25) };

/** What a browser read on the page of Zendesk ticket `ticketId` at `observedAt`. */
function seenOn(ticketId: string, observedAt: string, over: Partial<TicketObservation> = {}): TicketObservation {
  return {
    tool: 'zendesk', tenant: 'acme', ticketId, url: `https://acme.zendesk.com/agent/tickets/${ticketId}`, title: 'Check-in kiosks freeze',
    status: 'Open', assignee: 'Ana Ruiz', priority: 'High', createdAt: AT.created, observedAt,
    found: ['title', 'status', 'created', 'assignee', 'priority'], ...over,
  };
}

/**
 * Ticket facts (issue 12): what browsers read on tagged tickets' pages becomes the ticket's
 * facts and history. Run with the tagging scenarios, on both sides. Times are relative to the run.
 */
const FACT_SCENARIOS: Scenario[] = [
  {
    name: 'ticket facts: readings of tagged tickets only, the same twice is nothing new, newest wins, reopening, reading health',
    steps: [
      step({ does: 'the lists', call: 'taxonomy', save: 'tax' }),
      step({ does: 'tag ticket 4821', call: 'createAnnotation', argsFrom: (s) => [tagOf(s)] }),
      step({ does: 'nothing is known about it yet', call: 'ticketFacts', args: ['zendesk:acme:4821'], then: (out) => expect(out).toEqual({ ticket: null }) }),
      step({
        does: 'a reading of the tagged ticket is kept; one of a ticket nobody tagged is refused, naming it', call: 'sendObservations',
        args: [[seenOn('4821', AT.first), seenOn('9999', AT.first)]],
        then: (out) => {
          expect(out.accepted).toEqual([{ index: 0, key: 'zendesk:acme:4821', changed: true }]);
          expect(out.refused).toEqual([expect.objectContaining({ index: 1, code: 'not_found', fields: { ticketId: expect.any(String) } })]);
        },
      }),
      step({
        does: 'the same reading again changes nothing', call: 'sendObservations', args: [[seenOn('4821', AT.first)]],
        then: (out) => expect(out).toEqual({ accepted: [{ index: 0, key: 'zendesk:acme:4821', changed: false }], refused: [] }),
      }),
      step({ does: 'an older reading is kept but does not win', call: 'sendObservations', args: [[seenOn('4821', AT.older, { status: 'Pending', assignee: 'Bo Chen' })]] }),
      step({
        does: 'the facts say what the newest reading said', call: 'ticketFacts', args: ['zendesk:acme:4821'],
        then: (out) => expect(out.ticket).toMatchObject({
          key: 'zendesk:acme:4821', tool: 'zendesk', tenant: 'acme', ticketId: '4821', title: 'Check-in kiosks freeze', status: 'Open', category: 'open',
          statusSince: AT.first, statusSinceKind: 'seen', assignee: 'Ana Ruiz', priority: 'High', firstSeenAt: AT.older, lastSeenAt: AT.first,
          source: 'page', reopenedCount: 0, events: [],
        }),
      }),
      step({
        does: 'the tool solves it, then it is reopened; a reading without the status keeps it', call: 'sendObservations',
        args: [[
          seenOn('4821', AT.reopened, { status: 'Open' }),
          seenOn('4821', AT.solved, { status: 'Solved' }),
          seenOn('4821', AT.noStatus, { status: undefined, found: ['title'] }),
        ]],
        then: (out) => expect(out.accepted.map((a) => [a.index, a.changed])).toEqual([[0, true], [1, true], [2, false]]),
      }),
      step({
        does: 'the history shows it solved and reopened, by whom it was seen', call: 'ticketFacts', args: ['zendesk:acme:4821'],
        then: (out) => {
          expect(out.ticket).toMatchObject({ status: 'Open', category: 'open', statusSince: AT.reopened, reopenedCount: 1, lastSeenAt: AT.noStatus });
          const events = out.ticket!.events.map((e) => [e.kind, e.from, e.to, e.at, e.atKind, e.source, e.seenBy].join(' '));
          expect(events.sort()).toEqual([
            ['reopened', 'Solved', 'Open', AT.reopened, 'seen', 'page', GIVEN.admin.name].join(' '),
            ['status_changed', 'Open', 'Solved', AT.solved, 'seen', 'page', GIVEN.admin.name].join(' '),
            ['status_changed', 'Solved', 'Open', AT.reopened, 'seen', 'page', GIVEN.admin.name].join(' '),
          ]);
        },
      }),
      step({
        does: 'a status word no mapping knows is kept as open and reported', call: 'sendObservations',
        args: [[seenOn('4821', AT.unknown, { status: 'Escalated to vendor' })]],
        then: (out) => expect(out.accepted).toEqual([{ index: 0, key: 'zendesk:acme:4821', changed: true }]),
      }),
      step({
        does: 'reading health counts the page views, how often title and status were found, and the unknown word', call: 'readingHealth',
        then: (out) => {
          expect(out.items).toEqual([{
            tool: 'zendesk', views: 6, titleFound: 6, statusFound: 5, unknownStatuses: ['Escalated to vendor'], firstViewAt: AT.older, lastViewAt: AT.unknown,
          }]);
          expect(Date.parse(out.since)).toBeLessThan(Date.parse(AT.older));
        },
      }),
      step({
        does: 'a reading from the future is refused, naming the field', call: 'sendObservations', args: [[seenOn('4821', new Date(Date.now() + 86_400_000).toISOString())]],
        fails: { status: 400, code: 'validation_failed', fields: { 'observations.0.observedAt': expect.any(String) } },
      }),
      step({
        does: 'more than 100 in one request is refused', call: 'sendObservations', args: [Array.from({ length: 101 }, () => seenOn('4821', AT.first))],
        fails: { status: 400, code: 'validation_failed', fields: { observations: expect.any(String) } },
      }),
      step({ does: 'a malformed key is refused', call: 'ticketFacts', args: ['not a key'], fails: { status: 400, code: 'validation_failed', fields: { key: expect.any(String) } } }),
    ],
  },
];

export const ANNOTATION_SCENARIOS: Scenario[] = [
  {
    name: 'tags: retries are the same tag, edits carry versions, notes, sharing with the provider, deletion',
    steps: [
      step({ does: 'the lists', call: 'taxonomy', save: 'tax' }),
      step({
        does: 'tag a ticket', call: 'createAnnotation', argsFrom: (s) => [(s.body = tagOf(s))], save: 'tag',
        then: (a, s) => expect(a).toMatchObject({
          id: s.body.id, ticketKey: 'zendesk:acme:4821', version: 1, state: 'open', visibility: 'team', sharedWith: null, deletedAt: null,
          labels: { lineOfBusiness: 'Front office', impact: 'Customers', stakeholders: ['Dana Ortiz'], kpis: ['Check-in wait'] },
        }),
      }),
      step({
        does: 'sending the same tag again (a retry) answers the stored one', call: 'createAnnotation', argsFrom: (s) => [s.body],
        then: (a, s) => expect(a).toMatchObject({ id: s.tag.id, version: 1, createdAt: s.tag.createdAt }),
      }),
      step({
        does: 'the same id with other content is a clash', call: 'createAnnotation', argsFrom: (s) => [{ ...s.body, summary: 'Something else' }],
        fails: { status: 409, code: 'conflict', fields: { id: 'is already used' } },
      }),
      step({ does: 'an empty summary is refused, naming the field', call: 'createAnnotation', argsFrom: (s) => [tagOf(s, { summary: '' })], fails: { status: 400, code: 'validation_failed', fields: { summary: expect.any(String) } } }),
      step({ does: 'a link that is not a web address is refused', call: 'createAnnotation', argsFrom: (s) => [tagOf(s, { ticketRef: undefined, pageUrl: 'javascript:alert(1)' })], fails: { status: 400, code: 'validation_failed', fields: { pageUrl: expect.any(String) } } }),
      step({
        does: 'the ticket\'s tags', call: 'listAnnotations', args: [{ ticket: 'zendesk:acme:4821' }],
        then: (out, s) => expect(out).toMatchObject({ items: [expect.objectContaining({ id: s.tag.id })], nextCursor: null }),
      }),
      step({ does: 'another ticket has none', call: 'listAnnotations', args: [{ ticket: 'zendesk:acme:1' }], then: (out) => expect(out.items).toEqual([]) }),
      step({
        does: 'edit it with the version read', call: 'patchAnnotation', argsFrom: (s) => [s.tag.id, { version: 1, priority: 'critical' }],
        then: (a) => expect(a).toMatchObject({ priority: 'critical', version: 2 }),
      }),
      step({
        does: 'an edit from the old version is refused with the current tag', call: 'patchAnnotation', argsFrom: (s) => [s.tag.id, { version: 1, priority: 'low' }],
        fails: { status: 409, code: 'conflict' },
      }),
      step({ does: 'add a note', call: 'addUpdate', argsFrom: (s) => [s.tag.id, { note: 'Vendor called back.' }], then: (u) => expect(u).toMatchObject({ kind: 'note', note: 'Vendor called back.' }) }),
      step({
        does: 'the tag with its timeline', call: 'getAnnotation', argsFrom: (s) => [s.tag.id],
        then: (d) => {
          expect(d.annotation).toMatchObject({ priority: 'critical', version: 2 });
          expect(d.updates.filter((u) => u.kind === 'note').map((u) => u.note)).toEqual(['Vendor called back.']);
        },
      }),
      step({
        does: 'share one with the provider: the only company is chosen', call: 'createAnnotation', argsFrom: (s) => [tagOf(s, { visibility: 'provider' })],
        then: (a) => expect(a).toMatchObject({ visibility: 'provider', sharedWith: GIVEN_LISTS.providerCompany }),
      }),
      step({
        does: 'a company that is not a provider of the workspace is refused', call: 'createAnnotation', argsFrom: (s) => [tagOf(s, { visibility: 'provider', sharedWith: 'Globex IT' })],
        fails: { status: 422, code: 'unprocessable', fields: { sharedWith: expect.stringMatching(/not a provider of this workspace/) } },
      }),
      step({ does: 'delete the first tag', call: 'deleteAnnotation', argsFrom: (s) => [s.tag.id] }),
      step({ does: 'it is gone', call: 'getAnnotation', argsFrom: (s) => [s.tag.id], fails: { status: 404, code: 'not_found' } }),
      step({ does: 'editing it is not found either', call: 'patchAnnotation', argsFrom: (s) => [s.tag.id, { version: 2, priority: 'low' }], fails: { status: 404, code: 'not_found' } }),
    ],
  },
  ...FACT_SCENARIOS,
];

/** Runs one scenario's steps in order with `client` (signed in as the `GIVEN` admin). */
export async function runScenario(client: StewardClient, scenario: Scenario): Promise<void> {
  const saved: Saved = {};
  for (const [i, s] of scenario.steps.entries()) {
    const where = `step ${i + 1} (${s.call}): ${s.does}`;
    const args = (s.argsFrom ? s.argsFrom(saved) : (s.args ?? [])) as unknown[];
    const method = client[s.call] as (...a: unknown[]) => Promise<unknown>;
    let out: unknown;
    try {
      out = await method(...args);
    } catch (err) {
      if (!s.fails || !(err instanceof ApiRequestError)) throw new Error(`${where}: ${String(err)}`, { cause: err });
      expect({ status: err.status, code: err.code }, where).toEqual({ status: s.fails.status, code: s.fails.code });
      if (s.fails.fields) expect(err.fields, where).toMatchObject(s.fails.fields);
      continue;
    }
    if (s.fails) throw new Error(`${where}: expected ${s.fails.status} ${s.fails.code}, but it succeeded with ${JSON.stringify(out)?.slice(0, 300)}`);
    try {
      s.then?.(out as never, saved);
    } catch (err) {
      throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (s.save) saved[s.save] = out;
  }
}
