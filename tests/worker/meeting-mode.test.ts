import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { ActionItem, Meeting, MinutesSent, ReportModel } from '../../shared/schemas';
import { isoDate, localParts } from '../../shared/schedule';
import { getWorkspace } from '../../worker/db/workspaces';
import { renderWebView } from '../../worker/report/render-web';
import { renderMinutes } from '../../worker/meeting/minutes';
import { runProviderDigests } from '../../worker/provider/digest';
import { buildReport } from '../../worker/report/service';
import { annotationBody, call, join, joinAs, json, newWorkspace, postForm } from './helpers';

interface Mail { subject: string; to: string; envelope: { to: string[] }; text: string; html: string; size: number }

async function mailTo(address: string): Promise<Mail[]> {
  const all = (await (await fetch(`${env.MAIL_SINK_URL}/messages`)).json()) as Mail[];
  return all.filter((m) => m.envelope.to.includes(address));
}

/** Waits for a message to an address whose subject matches (SMTP is done when the Worker answered, but the sink parses after). */
async function mailMatching(address: string, subject: RegExp, nth = 1): Promise<Mail> {
  for (let i = 0; i < 100; i++) {
    const got = (await mailTo(address)).filter((m) => subject.test(m.subject));
    if (got.length >= nth) return got[nth - 1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No message ${nth} matching ${subject} to ${address} arrived at the mail sink`);
}

const DAY = 86_400_000;
/** A date `days` from today in Paris (the test workspaces' zone). */
function parisDay(days = 0): string {
  const l = localParts(new Date(Date.now() + days * DAY), 'Europe/Paris');
  return isoDate(l.year, l.month, l.day);
}

/** A workspace with an executive, a provider company (Acme IT), a staff member and the meeting's attendees set. */
async function meetingWorkspace(name: string) {
  const ws = await newWorkspace(name);
  // The mail sink is shared by every test file: addresses of their own keep other files' mail apart.
  const slug = `mode-${name.toLowerCase().replace(/\W+/g, '-')}`;
  const execEmail = `ceo-${slug}@example.com`;
  const vendorEmail = `pat-${slug}@provider.example`;
  const board = `board-${slug}@example.com`;
  const exec = await joinAs(ws.admin.token, { role: 'executive', name: 'Eve Exec', email: execEmail });
  const vendor = await joinAs(ws.admin.token, { role: 'provider', name: 'Pat Provider', email: vendorEmail, providerCompany: 'Acme IT' });
  const staff = await joinAs(ws.admin.token, { role: 'staff', name: 'Sam Staff', email: `sam-${slug}@example.com` });
  const saved = await call('/api/v1/meeting', { method: 'PATCH', token: ws.admin.token, body: { version: 0, enabled: true, memberIds: [exec.member.id, vendor.member.id], emails: [board] } });
  if (saved.status !== 200) throw new Error(`meeting settings: ${saved.status} ${await saved.text()}`);
  return { ...ws, slug, exec, vendor, staff, execEmail, vendorEmail, board };
}

const post = (path: string, token: string, body: unknown = {}) => call(path, { method: 'POST', token, body });
const patch = (path: string, token: string, body: unknown) => call(path, { method: 'PATCH', token, body });

describe('meeting mode', () => {
  it('records a decision and two action items as it goes, emails the minutes on closing, the provider answers its item, and the next report shows one done and one late', async () => {
    const ws = await meetingWorkspace('Mode Co');
    const staff = ws.staff.token;
    // A shared item nobody at Acme IT answered yet: on the report's agenda.
    const kiosk = await json(post('/api/v1/annotations', ws.admin.token, annotationBody(ws.terms, { visibility: 'provider', summary: 'The check-in kiosk freezes every morning.' })));
    const sent = await json(post('/api/v1/reports/send', ws.admin.token));
    expect(sent.sent).toBe(1);

    // Staff start the meeting on the report's agenda; starting again resumes it.
    const started = await post('/api/v1/meetings', staff);
    expect(started.status).toBe(201);
    const meeting = await json<Meeting>(started);
    expect(meeting).toMatchObject({ reportId: sent.report.id, state: 'open', heldOn: parisDay(), startedBy: 'Sam Staff', decisions: [], actionItems: [], minutes: [] });
    expect(meeting.agenda.map((a) => [a.kind, a.ref])).toEqual([['provider_silent', kiosk.id]]);
    const resumed = await post('/api/v1/meetings', ws.admin.token);
    expect(resumed.status).toBe(200);
    expect((await json<Meeting>(resumed)).id).toBe(meeting.id);

    // A decision on the agenda item, an item raised in the meeting, two action items.
    const decided = await json<Meeting>(post(`/api/v1/meetings/${meeting.id}/decisions`, staff, { ref: kiosk.id, text: 'Replace the kiosk before the holidays.' }));
    expect(decided.decisions).toEqual([expect.objectContaining({ ref: kiosk.id, title: 'The check-in kiosk freezes every morning.', text: 'Replace the kiosk before the holidays.', by: 'Sam Staff' })]);
    const raisedId = crypto.randomUUID();
    const raised = await json<Meeting>(post(`/api/v1/meetings/${meeting.id}/agenda`, staff, { id: raisedId, title: 'Printer budget' }));
    expect(raised.agenda.at(-1)).toEqual({ kind: 'other', ref: 'other-1', title: 'Printer budget', why: 'Raised in the meeting by Sam Staff' });
    // The page sends it again (its answer was lost on the way): it is on the agenda once.
    const resent = await post(`/api/v1/meetings/${meeting.id}/agenda`, staff, { id: raisedId, title: 'Printer budget' });
    expect(resent.status).toBe(200);
    expect((await json<Meeting>(resent)).agenda.filter((a) => a.kind === 'other').map((a) => a.ref)).toEqual(['other-1']);
    // Replacing a decision keeps one per item; empty text removes it.
    await post(`/api/v1/meetings/${meeting.id}/decisions`, staff, { ref: 'other-1', text: 'Draft' });
    await post(`/api/v1/meetings/${meeting.id}/decisions`, staff, { ref: 'other-1', text: '' });
    expect((await json<Meeting>(call(`/api/v1/meetings/${meeting.id}`, { token: staff }))).decisions.map((d) => d.ref)).toEqual([kiosk.id]);

    const kioskItem = { id: crypto.randomUUID(), ref: kiosk.id, what: 'Install the new kiosk', owner: { kind: 'provider', company: 'acme it' }, dueOn: parisDay(3) };
    const created = await post(`/api/v1/meetings/${meeting.id}/action-items`, staff, kioskItem);
    expect(created.status).toBe(201);
    const a = await json<ActionItem>(created);
    expect(a).toMatchObject({ meetingId: meeting.id, meetingOn: parisDay(), owner: { kind: 'provider', company: 'Acme IT', name: 'Acme IT (provider)' }, state: 'open', late: false, version: 1 });
    // Saved as it goes: the page may send the same item again; it is the same item.
    const again = await post(`/api/v1/meetings/${meeting.id}/action-items`, staff, kioskItem);
    expect(again.status).toBe(200);
    expect((await json<ActionItem>(again)).id).toBe(a.id);
    const b = await json<ActionItem>(post(`/api/v1/meetings/${meeting.id}/action-items`, staff, {
      id: crypto.randomUUID(), ref: 'other-1', what: 'Get three printer quotes', owner: { kind: 'member', memberId: ws.staff.member.id }, dueOn: parisDay(2),
    }));
    expect(b.owner.name).toBe('Sam Staff');
    const open = await json<Meeting>(call(`/api/v1/meetings/${meeting.id}`, { token: ws.admin.token }));
    expect(open.actionItems.map((i) => i.what)).toEqual(['Install the new kiosk', 'Get three printer quotes']);
    expect(await json(call('/api/v1/meetings', { token: staff }))).toEqual({
      items: [{ id: meeting.id, heldOn: parisDay(), state: 'open', reportLabel: sent.report.period.label, decisions: 1, actionItems: 2, openActionItems: 2, closedAt: null }],
    });

    // Closing emails the minutes to the attendees (the same list as the invitation).
    const closed = await post(`/api/v1/meetings/${meeting.id}/close`, staff);
    expect(closed.status).toBe(200);
    const minutes = await json<MinutesSent>(closed);
    expect(minutes.outcomes.map((o) => [o.email, o.status]).sort()).toEqual([[ws.board, 'sent'], [ws.execEmail, 'sent'], [ws.vendorEmail, 'sent']]);
    expect(minutes.meeting).toMatchObject({ state: 'closed', minutes: [{ version: 1, kind: 'minutes', note: null, by: 'Sam Staff', sent: 3, failed: 0 }] });
    const mail = await mailMatching(ws.execEmail, /^Minutes:/);
    expect(mail.subject).toMatch(/^Minutes: dialogue meeting for Mode Co, \d+ \w{3} \d{4}$/);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Replace the kiosk before the holidays.');
      expect(part).toContain('Install the new kiosk');
      expect(part).toContain('Acme IT (provider)');
      expect(part).toContain('Sam Staff');
    }
    expect(mail.text).toContain('Printer budget');
    expect(mail.size).toBeLessThan(100_000);
    expect((await post(`/api/v1/meetings/${meeting.id}/close`, staff)).status).toBe(409);

    // The provider sees its action item (not Sam's) and answers it done.
    const mine = await json<{ items: ActionItem[] }>(call('/api/v1/provider/action-items', { token: ws.vendor.token }));
    expect(mine.items.map((i) => i.id)).toEqual([a.id]);
    const answered = await json<ActionItem>(post(`/api/v1/action-items/${a.id}/answers`, ws.vendor.token, { status: 'done', note: 'Installed on Tuesday.' }));
    expect(answered).toMatchObject({ state: 'done', doneAt: expect.any(String), providerAnswer: { status: 'done', note: 'Installed on Tuesday.', by: 'Pat Provider' } });
    expect((await post(`/api/v1/action-items/${b.id}/answers`, ws.vendor.token, { status: 'done' })).status).toBe(404);

    // The next report, after Sam's due date passed: one done, one late, carried under the status of previous issues.
    const workspace = (await getWorkspace(env.DB, ws.workspace.id))!;
    const next = await buildReport(env, workspace, { cadence: 'weekly', start: '2099-01-05', end: '2099-01-12' }, new Date('2099-01-13T12:00:00Z'));
    expect(next.model.actionItems!.items.map((i) => [i.what, i.owner, i.status])).toEqual([
      ['Get three printer quotes', 'Sam Staff', 'late'],
      ['Install the new kiosk', 'Acme IT (provider)', 'done'],
    ]);
    expect(next.model.actionItems!.lastMeetingOn).toBe(parisDay());
    expect(next.model.agenda!.filter((x) => x.kind === 'action_item').map((x) => x.ref)).toEqual([b.id]);
    expect(next.model.providers.find((p) => p.company === 'Acme IT')!.actionItems).toEqual({ open: 0, overdue: 0, doneInPeriod: 1 });
    const day = (d: string) => `${Number(d.slice(8, 10))} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(d.slice(5, 7)) - 1]}`;
    const late = `From the meeting on ${day(parisDay())}: Get three printer quotes — Sam Staff, due ${day(parisDay(2))} — late`;
    expect(next.text).toContain(`STATUS OF PREVIOUS ISSUES`);
    expect(next.text).toContain(late);
    expect(next.text).toContain(`Install the new kiosk — Acme IT (provider), due ${day(parisDay(3))} — done`);
    expect(next.html).toContain('Get three printer quotes — Sam Staff');
    const page = renderWebView(next.model as ReportModel, { feedbackAction: null, answers: new Map(), archiveUrl: null });
    expect(page).toContain('Action items from the dialogue meeting');
    expect(page).toContain(late);
    // Its Provider accountability says what Acme IT did.
    expect(next.text).toContain('Acme IT, 1 action item from the dialogue meeting: 0 open (none overdue), 1 done this period.');
  });

  it('changes sent minutes only through a correction, which is emailed saying what changed; overdue provider items count in Provider accountability', async () => {
    const ws = await meetingWorkspace('Correct Co');
    const staff = ws.staff.token;
    const meeting = await json<Meeting>(post('/api/v1/meetings', staff));
    const other = await json<Meeting>(post(`/api/v1/meetings/${meeting.id}/agenda`, staff, { title: 'Backups' }));
    await post(`/api/v1/meetings/${meeting.id}/decisions`, staff, { ref: 'other-1', text: 'Test a restore every month.' });
    const item = await json<ActionItem>(post(`/api/v1/meetings/${meeting.id}/action-items`, staff, {
      what: 'Run the first restore test', owner: { kind: 'person', email: 'Pat.Lee@Example.com', name: 'Pat Lee' }, dueOn: parisDay(1),
    }));
    expect(item.owner).toEqual({ kind: 'person', memberId: null, company: null, email: 'pat.lee@example.com', name: 'Pat Lee' });
    expect(other.agenda.map((x) => x.ref)).toEqual(['other-1']);
    await post(`/api/v1/meetings/${meeting.id}/close`, staff);

    // What, owner and due date are the minutes: no silent change once they were sent.
    const silent = await patch(`/api/v1/action-items/${item.id}`, staff, { version: item.version, dueOn: parisDay(10) });
    expect(silent.status).toBe(409);
    expect((await json(silent)).error.message).toMatch(/send a correction/i);
    for (const [path, body] of [['decisions', { ref: 'other-1', text: 'Changed quietly' }], ['agenda', { title: 'Late topic' }], ['action-items', { what: 'x', owner: { kind: 'member', memberId: ws.staff.member.id }, dueOn: parisDay(1) }]] as const) {
      const res = await post(`/api/v1/meetings/${meeting.id}/${path}`, staff, body);
      expect(res.status, path).toBe(409);
      expect((await json(res)).error.message, path).toMatch(/send a correction/i);
    }

    const res = await post(`/api/v1/meetings/${meeting.id}/corrections`, staff, {
      note: 'Acme IT runs the restore test, not Pat.',
      decisions: [{ ref: 'other-1', text: 'Test a restore every quarter.' }],
      actionItems: [{ id: item.id, owner: { kind: 'provider', company: 'Acme IT' } }],
    });
    expect(res.status).toBe(200);
    const corrected = await json<MinutesSent>(res);
    expect(corrected.meeting.decisions[0]!.text).toBe('Test a restore every quarter.');
    expect(corrected.meeting.actionItems[0]!.owner.name).toBe('Acme IT (provider)');
    expect(corrected.meeting.minutes.map((m) => [m.version, m.kind, m.note, m.sent])).toEqual([
      [1, 'minutes', null, 3], [2, 'correction', 'Acme IT runs the restore test, not Pat.', 3],
    ]);
    const mail = await mailMatching(ws.board, /^Corrected minutes:/);
    expect(mail.text.indexOf('CORRECTION')).toBe(0);
    expect(mail.text).toContain('Acme IT runs the restore test, not Pat.');
    expect(mail.text).toContain('Decision on “Backups”: now “Test a restore every quarter.” (it was: “Test a restore every month.”)');
    expect(mail.text).toContain('Action item “Run the first restore test”: owner Pat Lee → Acme IT (provider)');
    expect(mail.html).toContain('<strong>Correction:</strong> Acme IT runs the restore test, not Pat.');

    // Progress is not the minutes: marking done or open again is always allowed.
    const current = corrected.meeting.actionItems[0]!;
    const done = await json<ActionItem>(patch(`/api/v1/action-items/${item.id}`, staff, { version: current.version, state: 'done' }));
    expect(done).toMatchObject({ state: 'done', doneAt: expect.any(String) });
    const reopened = await json<ActionItem>(patch(`/api/v1/action-items/${item.id}`, staff, { version: done.version, state: 'open' }));
    expect(reopened).toMatchObject({ state: 'open', doneAt: null });
    expect((await patch(`/api/v1/action-items/${item.id}`, staff, { version: done.version, state: 'dropped' })).status).toBe(409);

    // Past its due date, the provider's open item is overdue in Provider accountability, and on the next agenda.
    const workspace = (await getWorkspace(env.DB, ws.workspace.id))!;
    const next = await buildReport(env, workspace, { cadence: 'weekly', start: '2099-01-05', end: '2099-01-12' }, new Date('2099-01-13T12:00:00Z'));
    expect(next.model.providers.find((p) => p.company === 'Acme IT')!.actionItems).toEqual({ open: 1, overdue: 1, doneInPeriod: 0 });
    expect(next.text).toContain('Acme IT, 1 action item from the dialogue meeting: 1 open (1 overdue), 0 done this period.');
    expect(next.model.agenda!.find((x) => x.ref === item.id)).toMatchObject({ kind: 'action_item', title: 'Run the first restore test' });
    // A new meeting's agenda carries it too.
    const second = await json<Meeting>(post('/api/v1/meetings', staff));
    expect(second.id).not.toBe(meeting.id);
    expect(second.agenda.find((x) => x.ref === item.id)).toMatchObject({ kind: 'action_item', why: expect.stringContaining('Acme IT (provider), due') });
  });

  it('refuses bad input with a message naming the field', async () => {
    const ws = await meetingWorkspace('Refuse Co');
    const elsewhere = await newWorkspace('Elsewhere Co');
    const staff = ws.staff.token;
    const meeting = await json<Meeting>(post('/api/v1/meetings', staff));
    const add = (body: Record<string, unknown>) => post(`/api/v1/meetings/${meeting.id}/action-items`, staff, { what: 'Order laptops', owner: { kind: 'member', memberId: ws.staff.member.id }, dueOn: parisDay(1), ...body });
    const refused = async (res: Response | Promise<Response>, status: number, field: string, words: RegExp) => {
      const r = await res;
      const body = await r.json() as { error: { message: string; fields?: Record<string, string> } };
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(body.error.fields?.[field], JSON.stringify(body)).toMatch(words);
      expect(body.error.message).toContain(field);
    };
    await refused(add({ owner: undefined }), 400, 'owner', /required/);
    await refused(add({ owner: {} }), 400, 'owner.kind', /required/);
    await refused(add({ dueOn: parisDay(-1) }), 422, 'dueOn', /must be today or later/);
    await refused(add({ owner: { kind: 'member', memberId: elsewhere.admin.member.id } }), 422, 'owner.memberId', /not a member of this workspace/);
    await refused(add({ owner: { kind: 'provider', company: 'Globex IT' } }), 422, 'owner.company', /not a provider company of this workspace; choose one of: "Acme IT"/);
    await refused(add({ ref: 'not-on-it' }), 422, 'ref', /not on this meeting's agenda/);
    await refused(post(`/api/v1/meetings/${meeting.id}/decisions`, staff, { ref: 'not-on-it', text: 'Yes' }), 422, 'ref', /not on this meeting's agenda/);
    await refused(post(`/api/v1/meetings/${meeting.id}/corrections`, staff, { note: 'Too early' }), 409, 'meeting', /still open/);
    const item = await json<ActionItem>(add({}));
    await refused(patch(`/api/v1/action-items/${item.id}`, staff, { version: item.version, dueOn: parisDay(-2) }), 422, 'dueOn', /must be today or later/);
    await refused(patch(`/api/v1/action-items/${item.id}`, staff, { version: item.version + 5, state: 'done' }), 409, 'version', /out of date/);

    await post(`/api/v1/meetings/${meeting.id}/close`, staff);
    await refused(post(`/api/v1/meetings/${meeting.id}/close`, staff), 409, 'meeting', /already closed/);
    await refused(patch(`/api/v1/action-items/${item.id}`, staff, { version: item.version, what: 'Order tablets' }), 409, 'meeting', /send a correction/);
    await refused(post(`/api/v1/meetings/${meeting.id}/decisions`, staff, { ref: 'x', text: 'y' }), 409, 'meeting', /send a correction/);
    await refused(post(`/api/v1/meetings/${meeting.id}/corrections`, staff, { note: '' }), 400, 'note', /say what you are correcting/);
    await refused(post(`/api/v1/meetings/${meeting.id}/corrections`, staff, { note: 'Fix', actionItems: [{ id: 'not-an-item' }] }), 422, 'actionItems.0.id', /not an action item of this meeting/);
    await refused(post(`/api/v1/meetings/${meeting.id}/corrections`, staff, { note: 'Fix', actionItems: [{ id: item.id, dueOn: '2000-01-01' }] }), 422, 'actionItems.0.dueOn', /on or after the meeting's date/);
    await refused(post('/api/v1/meetings', staff, { reportId: 'no-such-report' }), 422, 'reportId', /not a report of this workspace/);
  });

  it('keeps meetings to their workspace and to those who run them', async () => {
    const ws = await meetingWorkspace('Own Co');
    const intruder = await newWorkspace('Intruder Meetings');
    const intruderStaff = (await join(intruder.admin.token, 'staff', 'Ian Intruder')).token;
    const otherVendor = (await joinAs(ws.admin.token, { role: 'provider', name: 'Gil Globex', providerCompany: 'Globex IT' })).token;
    const meeting = await json<Meeting>(post('/api/v1/meetings', ws.staff.token));
    const item = await json<ActionItem>(post(`/api/v1/meetings/${meeting.id}/action-items`, ws.staff.token, {
      what: 'Secret plan', owner: { kind: 'provider', company: 'Acme IT' }, dueOn: parisDay(1),
    }));
    // Executives and providers read the report; they do not run the meeting.
    for (const token of [ws.exec.token, ws.vendor.token]) {
      expect((await post('/api/v1/meetings', token)).status).toBe(403);
      expect((await call(`/api/v1/meetings/${meeting.id}`, { token })).status).toBe(403);
      expect((await patch(`/api/v1/action-items/${item.id}`, token, { version: 1, state: 'done' })).status).toBe(403);
    }
    expect((await call('/api/v1/provider/action-items', { token: ws.staff.token })).status).toBe(403);
    // Another workspace's people find nothing; another provider company cannot answer.
    for (const token of [intruder.admin.token, intruderStaff]) {
      for (const res of [
        await call(`/api/v1/meetings/${meeting.id}`, { token }),
        await post(`/api/v1/meetings/${meeting.id}/decisions`, token, { ref: 'x', text: 'y' }),
        await post(`/api/v1/meetings/${meeting.id}/close`, token),
        await patch(`/api/v1/action-items/${item.id}`, token, { version: 1, state: 'done' }),
      ]) expect(res.status).toBe(404);
      expect(JSON.stringify(await json(call('/api/v1/meetings', { token })))).not.toContain(meeting.id);
    }
    expect((await post(`/api/v1/action-items/${item.id}/answers`, otherVendor, { status: 'done' })).status).toBe(404);
    expect((await json(call('/api/v1/provider/action-items', { token: otherVendor }))).items).toEqual([]);
    const still = await json<Meeting>(call(`/api/v1/meetings/${meeting.id}`, { token: ws.admin.token }));
    expect(still).toMatchObject({ state: 'open', decisions: [], actionItems: [{ id: item.id, state: 'open', providerAnswer: null }] });
  });

  it('puts the provider\'s action items on its web page, answered with the same form, and in its daily digest when new or past due', async () => {
    const ws = await newWorkspace('Page Co');
    // Digests go out from the report hour: hour 0 in UTC makes every hour of the day due.
    await call('/api/v1/workspace', { method: 'PATCH', token: ws.admin.token, body: { timeZone: 'UTC', schedule: { hour: 0 } } });
    const vendor = await joinAs(ws.admin.token, { role: 'provider', name: 'Pat Provider', email: 'pat@page-co.example', providerCompany: 'Acme IT' });
    const staff = (await join(ws.admin.token, 'staff', 'Sam Staff')).token;
    const meeting = await json<Meeting>(post('/api/v1/meetings', staff));
    const utcDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
    const item = await json<ActionItem>(post(`/api/v1/meetings/${meeting.id}/action-items`, staff, { what: 'Replace the VPN box', owner: { kind: 'provider', company: 'Acme IT' }, dueOn: utcDay(2) }));
    const sams = await json<ActionItem>(post(`/api/v1/meetings/${meeting.id}/action-items`, staff, { what: 'SECRET-staff-task', owner: { kind: 'person', email: 'lee@page-co.example' }, dueOn: utcDay(2) }));

    const link = await json(call(`/api/v1/members/${vendor.member.id}/provider-link`, { method: 'POST', token: ws.admin.token }));
    const page = new URL(link.url).pathname;
    const html = await (await call(page)).text();
    expect(html).toContain('<h2>Action items from the dialogue meeting</h2>');
    expect(html).toContain('Replace the VPN box');
    expect(html).toContain(`name="action_item" value="${item.id}"`);
    expect(html).not.toContain('SECRET-staff-task');

    const nonce = crypto.randomUUID();
    const answer = { action_item: item.id, nonce, status: 'in_progress', eta: utcDay(2), note: 'Ordered.' };
    const res = await postForm(`${page}/respond`, answer);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${page}?saved=1#action-${item.id}`);
    // A second click of the same form is the same answer.
    expect((await postForm(`${page}/respond`, answer)).status).toBe(303);
    const answered = await json<{ items: ActionItem[] }>(call('/api/v1/provider/action-items', { token: vendor.token }));
    expect(answered.items).toEqual([expect.objectContaining({ id: item.id, state: 'open', providerAnswer: expect.objectContaining({ status: 'in_progress', note: 'Ordered.', by: 'Pat Provider' }) })]);
    const audits = await env.DB.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE workspace_id = ? AND action = 'action_item.answer'`).bind(ws.workspace.id).first<{ n: number }>();
    expect(audits!.n).toBe(1);
    const refused = await postForm(`${page}/respond`, { action_item: item.id, status: 'finished' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Choose where the action item stands');
    const notMine = await postForm(`${page}/respond`, { action_item: sams.id, status: 'done' });
    expect(notMine.status).toBe(400);
    expect(await notMine.text()).toContain('not on your list');

    // The daily digest: the new action item, then the day after its due date, that it is past due.
    const day1 = new Date(Date.now() + 60_000);
    await runProviderDigests(env, day1);
    const first = await mailMatching('pat@page-co.example', /action item/);
    expect(first.subject).toBe('Page Co: 1 new action item from the dialogue meeting');
    expect(first.text).toContain('Replace the VPN box');
    expect(first.text).toContain('1 action item from the dialogue meeting is open for Acme IT: 0 past the due date.');
    expect(first.text).not.toContain('In all, 0 open items');
    expect(first.html).toContain(`#action-${item.id}`);
    expect(first.text).not.toContain('SECRET-staff-task');
    await runProviderDigests(env, new Date(day1.getTime() + 3 * DAY));
    const late = await mailMatching('pat@page-co.example', /action item/, 2);
    expect(late.subject).toBe('Page Co: 1 action item past its due date');
    expect(late.text).toContain('ACTION ITEMS PAST THEIR DUE DATE');

    // Done from the page: it leaves the open list.
    expect((await postForm(`${page}/respond`, { action_item: item.id, nonce: crypto.randomUUID(), status: 'done' })).status).toBe(303);
    expect((await json<ActionItem>(call(`/api/v1/meetings/${meeting.id}`, { token: staff })) as unknown as Meeting).actionItems.find((i) => i.id === item.id)!.state).toBe('done');
    expect(await (await call(page)).text()).toContain('Done on ');
  });

  it('keeps the minutes under 100 KB however much was recorded, saying where the rest is', () => {
    const long = (n: number) => `${n}: ${'a long decision about budgets, vendors and dates '.repeat(40)}`.slice(0, 2_000);
    const agenda = Array.from({ length: 200 }, (_, n) => ({ kind: 'other', ref: `other-${n + 1}`, title: `Topic ${n + 1} <b>`, why: 'Raised in the meeting' }));
    const meeting = {
      id: 'm', reportId: null, reportLabel: null, heldOn: '2026-12-03', state: 'closed', startedBy: 'Sam Staff', startedAt: '2026-12-03T10:00:00.000Z', closedAt: null,
      agenda, decisions: agenda.map((a, n) => ({ ref: a.ref, title: a.title, text: long(n), by: 'Sam', updatedAt: '2026-12-03T10:00:00.000Z' })),
      actionItems: Array.from({ length: 100 }, (_, n) => ({
        id: `i${n}`, meetingId: 'm', meetingOn: '2026-12-03', ref: null, what: `Action ${n} ${'x'.repeat(450)}`, dueOn: '2026-12-10', state: 'open', doneAt: null, late: false,
        owner: { kind: 'provider', memberId: null, company: 'Acme IT', email: null, name: 'Acme IT (provider)' }, providerAnswer: null, createdAt: '', updatedAt: '', version: 1,
      })),
      minutes: [], version: 1,
    } as Meeting;
    const out = renderMinutes({ name: 'Big Co' }, meeting, { note: 'Everything changed', changes: ['Decision on “Topic 1”: now “x”'] });
    const bytes = (t: string) => new TextEncoder().encode(t).length;
    expect(bytes(out.html) + bytes(out.text)).toBeLessThan(100_000);
    expect(out.text).toContain('Decided: 0: a long decision');
    expect(out.text).toMatch(/…and \d+ more decisions: ask Sam Staff for the full list\./);
    expect(out.html).toContain('Topic 1 &lt;b&gt;');
    expect(out.html).not.toContain('Topic 1 <b>');
  });

  it('exports meetings, decisions, action items and minutes, and deleting the workspace removes them', async () => {
    const ws = await meetingWorkspace('Export Co');
    const meeting = await json<Meeting>(post('/api/v1/meetings', ws.staff.token));
    await post(`/api/v1/meetings/${meeting.id}/agenda`, ws.staff.token, { title: 'Budget' });
    await post(`/api/v1/meetings/${meeting.id}/decisions`, ws.staff.token, { ref: 'other-1', text: 'Keep it flat.' });
    const item = await json<ActionItem>(post(`/api/v1/meetings/${meeting.id}/action-items`, ws.staff.token, { what: 'Send the budget', owner: { kind: 'provider', company: 'Acme IT' }, dueOn: parisDay(5) }));
    await post(`/api/v1/meetings/${meeting.id}/close`, ws.staff.token);

    const data = await json(call('/api/v1/export', { token: ws.admin.token }));
    expect(data.meetings).toEqual([expect.objectContaining({ id: meeting.id, state: 'closed' })]);
    expect(data.meetingDecisions).toEqual([expect.objectContaining({ meetingId: meeting.id, ref: 'other-1', text: 'Keep it flat.' })]);
    expect(data.actionItems).toEqual([expect.objectContaining({ id: item.id, what: 'Send the budget' })]);
    expect(data.meetingMinutes).toEqual([expect.objectContaining({ meetingId: meeting.id, version: 1, kind: 'minutes', text: expect.stringContaining('Keep it flat.') })]);
    const csv = async (table: string) => (await call(`/api/v1/export?format=csv&table=${table}`, { token: ws.admin.token })).text();
    expect(await csv('meetings')).toContain(meeting.id);
    expect(await csv('decisions')).toContain('Keep it flat.');
    expect(await csv('action-items')).toContain('Send the budget,Acme IT (provider),provider');
    expect(await csv('minutes')).toContain('Keep it flat.');

    expect((await call('/api/v1/workspace', { method: 'DELETE', token: ws.admin.token, body: { confirm: 'Export Co' } })).status).toBe(204);
    for (const table of ['meetings', 'meeting_decisions', 'action_items', 'meeting_minutes']) {
      const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE workspace_id = ?`).bind(ws.workspace.id).first<{ n: number }>();
      expect(row!.n, table).toBe(0);
    }
  });
});
