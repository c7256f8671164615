import { env } from 'cloudflare:workers';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { MeetingSaved, ReportSchedule } from '../../shared/schemas';
import { localParts, nextScheduledSend, zonedTime } from '../../shared/schedule';
import { ensureDelivery } from '../../worker/db/deliveries';
import { getWorkspace } from '../../worker/db/workspaces';
import { invitationIcs } from '../../worker/meeting/calendar';
import { ensureReport, reportLinks } from '../../worker/report/service';
import { call, join, joinAs, json, newWorkspace } from './helpers';

interface Mail { subject: string; to: string; mimeTypes: string[]; envelope: { to: string[] }; text: string; calendars: { method: string | null; text: string }[] }

async function mailTo(address: string): Promise<Mail[]> {
  const all = (await (await fetch(`${env.MAIL_SINK_URL}/messages`)).json()) as Mail[];
  return all.filter((m) => m.envelope.to.includes(address));
}

/** Waits for the nth message to an address (SMTP is done when the Worker answered, but the sink parses after). */
async function nthMailTo(address: string, n: number): Promise<Mail> {
  for (let i = 0; i < 100; i++) {
    const got = await mailTo(address);
    if (got.length >= n) return got[n - 1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No message ${n} to ${address} arrived at the mail sink`);
}

/** The calendar parsed by ical.js (an independent parser), with its VTIMEZONE registered. */
function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevent = cal.getFirstSubcomponent('vevent')!;
  return { cal, vevent, event: new ICAL.Event(vevent), method: cal.getFirstPropertyValue('method') };
}

/** The first `n` occurrences of the event, as instants. */
function occurrences(text: string, n: number): Date[] {
  const it = parse(text).event.iterator();
  const out: Date[] = [];
  for (let t = it.next(); t && out.length < n; t = it.next()) out.push(t.toJSDate());
  return out;
}

/** The meeting instants the report schedule implies: on each send day, at the meeting's local time. */
function expected(from: Date, schedule: ReportSchedule, zone: string, hour: number, minute: number, n: number): Date[] {
  const out: Date[] = [];
  let t = from;
  while (out.length < n) {
    const send = nextScheduledSend(t, schedule, zone).at;
    const d = localParts(send, zone);
    out.push(new Date(zonedTime(d.year, d.month, d.day, hour, zone).getTime() + minute * 60_000));
    t = send;
  }
  return out;
}

const utcHours = (ds: Date[]) => new Set(ds.map((d) => d.getUTCHours()));

async function meetingWorkspace(name: string) {
  const ws = await newWorkspace(name);
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  const execEmail = `ceo-${slug}@example.com`;
  const exec = await joinAs(ws.admin.token, { role: 'executive', name: 'Eve Exec', email: execEmail });
  const vendor = await joinAs(ws.admin.token, { role: 'provider', name: 'Pat Provider', email: `pat-${slug}@provider.example`, providerCompany: 'Acme IT' });
  const noEmail = await join(ws.admin.token, 'staff', 'Sam Staff');
  await call('/api/v1/workspace', { method: 'PATCH', token: ws.admin.token, body: { timeZone: 'Europe/Paris', schedule: { cadence: 'weekly', weekday: 1, hour: 8 } } });
  return { ...ws, slug, execEmail, exec, vendor, noEmail, board: `board-${slug}@example.com`, vendorEmail: `pat-${slug}@provider.example` };
}

const patch = (token: string, body: unknown) => call('/api/v1/meeting', { method: 'PATCH', token, body });

describe('the dialogue meeting invitation', () => {
  it('turning the meeting on sends each attendee a calendar invitation over SMTP that follows the report schedule across a DST change', async () => {
    const ws = await meetingWorkspace('Invite Co');
    const before = await json<MeetingSaved>(call('/api/v1/meeting', { token: ws.admin.token }));
    expect(before.settings.enabled).toBe(false);
    const res = await patch(ws.admin.token, {
      version: before.settings.version, enabled: true, startTime: '10:30', durationMinutes: 45,
      memberIds: [ws.exec.member.id, ws.vendor.member.id], emails: [ws.board], location: 'https://meet.example.com/dialogue',
    });
    expect(res.status).toBe(200);
    const saved = await json<MeetingSaved>(res);
    expect(saved.invitations.map((i) => [i.email, i.method, i.status]).sort()).toEqual([
      [ws.board, 'REQUEST', 'sent'], [ws.execEmail, 'REQUEST', 'sent'], [ws.vendorEmail, 'REQUEST', 'sent'],
    ]);

    const mail = await nthMailTo(ws.execEmail, 1);
    expect(mail.subject).toBe('Invitation: dialogue meeting for Invite Co');
    expect(mail.mimeTypes).toContain('text/calendar');
    expect(mail.calendars).toHaveLength(1);
    expect(mail.calendars[0]!.method).toBe('REQUEST');
    expect(mail.text).toContain('Mondays at 10:30 for 45 minutes (Europe/Paris time)');

    const ics = mail.calendars[0]!.text;
    const { method, vevent, event } = parse(ics);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(saved.settings.uid);
    expect(event.sequence).toBe(0);
    expect(event.location).toBe('https://meet.example.com/dialogue');
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Paris');
    expect(event.duration.toSeconds()).toBe(45 * 60);
    expect(vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()).sort()).toEqual(
      [ws.board, ws.execEmail, ws.vendorEmail].map((e) => `mailto:${e}`).sort(),
    );
    // 30 Mondays from now reach past the last Sunday of March (clocks go forward in Paris).
    const got = occurrences(ics, 30);
    const workspace = (await getWorkspace(env.DB, ws.workspace.id))!;
    const want = expected(new Date(new Date(saved.nextAt!).getTime() - 12 * 3_600_000), workspace.schedule, 'Europe/Paris', 10, 30, 30);
    expect(got.map((d) => d.toISOString())).toEqual(want.map((d) => d.toISOString()));
    expect(got[0]!.toISOString()).toBe(saved.nextAt);
    // Both sides of the change: 09:30 UTC in winter, 08:30 UTC in summer — always 10:30 in Paris.
    expect(utcHours(got)).toEqual(new Set([9, 8]));
    for (const d of got) expect(localParts(d, 'Europe/Paris')).toMatchObject({ weekday: 1, hour: 10, minute: 30 });
  });

  it('a change is sent as an update (same UID, higher SEQUENCE); a removed attendee and, when turned off, everyone get a cancellation', async () => {
    const ws = await meetingWorkspace('Update Co');
    const first = await json<MeetingSaved>(patch(ws.admin.token, { version: 0, enabled: true, startTime: '11:00', memberIds: [ws.exec.member.id], emails: [ws.board] }));
    const invite = parse((await nthMailTo(ws.execEmail, 1)).calendars[0]!.text).event;

    const moved = await json<MeetingSaved>(patch(ws.admin.token, { version: first.settings.version, location: 'Board room', emails: [] }));
    expect(moved.settings.sequence).toBe(1);
    expect(moved.invitations.map((i) => [i.email, i.method]).sort()).toEqual([[ws.board, 'CANCEL'], [ws.execEmail, 'REQUEST']]);
    const update = await nthMailTo(ws.execEmail, 2);
    expect(update.subject).toBe('Updated invitation: dialogue meeting for Update Co');
    const updated = parse(update.calendars[0]!.text);
    expect(updated.event.uid).toBe(invite.uid);
    expect(updated.event.sequence).toBeGreaterThan(invite.sequence);
    expect(updated.event.location).toBe('Board room');
    const removed = await nthMailTo(ws.board, 2);
    expect(removed.calendars[0]!.method).toBe('CANCEL');
    expect(parse(removed.calendars[0]!.text).method).toBe('CANCEL');
    expect(parse(removed.calendars[0]!.text).event.uid).toBe(invite.uid);

    const off = await json<MeetingSaved>(patch(ws.admin.token, { version: moved.settings.version, enabled: false }));
    expect(off.settings.sequence).toBe(2);
    expect(off.invitations).toEqual([{ email: ws.execEmail, method: 'CANCEL', status: 'sent', error: null }]);
    const cancel = await nthMailTo(ws.execEmail, 3);
    expect(cancel.subject).toBe('Cancelled: dialogue meeting for Update Co');
    const cancelled = parse(cancel.calendars[0]!.text);
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.event.uid).toBe(invite.uid);
    expect(cancelled.event.sequence).toBe(2);
    // The board member, already cancelled, is not written to again.
    expect(await mailTo(ws.board)).toHaveLength(2);

    // The export holds the meeting and every invitation sent; deleting the workspace removes them.
    const exported = await json(call('/api/v1/export', { token: ws.admin.token }));
    expect(exported.meeting.settings).toMatchObject({ enabled: false, location: 'Board room', sequence: 2 });
    expect(exported.meeting.invitations.map((i: { email: string; sequence: number; method: string }) => `${i.sequence} ${i.method} ${i.email}`).sort()).toEqual([
      `0 REQUEST ${ws.board}`, `0 REQUEST ${ws.execEmail}`, `1 CANCEL ${ws.board}`, `1 REQUEST ${ws.execEmail}`, `2 CANCEL ${ws.execEmail}`,
    ]);
    await call('/api/v1/workspace', { method: 'DELETE', token: ws.admin.token, body: { confirm: 'Update Co' } });
    const left = await env.DB.prepare('SELECT (SELECT COUNT(*) FROM meeting_settings WHERE workspace_id = ?1) + (SELECT COUNT(*) FROM meeting_invitations WHERE workspace_id = ?1) AS n').bind(ws.workspace.id).first<{ n: number }>();
    expect(left!.n).toBe(0);
  });

  it('follows the report: a new schedule or time zone sends everyone the updated invitation', async () => {
    const ws = await meetingWorkspace('Follow Co');
    await patch(ws.admin.token, { version: 0, enabled: true, startTime: '10:30', memberIds: [ws.exec.member.id] });
    const first = parse((await nthMailTo(ws.execEmail, 1)).calendars[0]!.text).event;
    // Words in the workspace settings only: nothing is sent.
    await call('/api/v1/workspace', { method: 'PATCH', token: ws.admin.token, body: { jargonWords: ['SLA'] } });
    await call('/api/v1/workspace', { method: 'PATCH', token: ws.admin.token, body: { timeZone: 'America/New_York', schedule: { weekday: 3 } } });
    const update = await nthMailTo(ws.execEmail, 2);
    expect(update.subject).toBe('Updated invitation: dialogue meeting for Follow Co');
    const { event, vevent } = parse(update.calendars[0]!.text);
    expect([event.uid, event.sequence]).toEqual([first.uid, 1]);
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('America/New_York');
    expect(String(vevent.getFirstPropertyValue('rrule'))).toBe('FREQ=WEEKLY;BYDAY=WE');
    for (const d of occurrences(update.calendars[0]!.text, 20)) expect(localParts(d, 'America/New_York')).toMatchObject({ weekday: 3, hour: 10, minute: 30 });
    expect(await mailTo(ws.execEmail)).toHaveLength(2);
    const meeting = await json<MeetingSaved>(call('/api/v1/meeting', { token: ws.admin.token }));
    expect(meeting.settings).toMatchObject({ sequence: 1, version: 2 });
  });

  it('refuses bad settings with a message that says what to fix', async () => {
    const ws = await meetingWorkspace('Refuse Co');
    const bad = async (body: Record<string, unknown>) => {
      const res = await patch(ws.admin.token, { version: 0, enabled: true, startTime: '10:00', memberIds: [ws.exec.member.id], ...body });
      expect(res.status).toBe(400);
      return (await json(res)).error as { message: string; fields?: Record<string, string> };
    };
    expect((await bad({ emails: ['not-an-address'] })).fields?.['emails.0']).toMatch(/email address/);
    expect((await bad({ durationMinutes: 9 * 60 })).fields?.durationMinutes).toMatch(/at most 8 hours/);
    expect((await bad({ startTime: '07:30' })).message).toMatch(/report with its agenda goes out at 08:00/);
    expect((await bad({ startTime: '25:00' })).fields?.startTime).toMatch(/like 10:30/);
    expect((await bad({ memberIds: [ws.noEmail.member.id] })).message).toMatch(/Sam Staff has no email address/);
    expect((await bad({ memberIds: [] })).message).toMatch(/at least one attendee/);
    // Nothing was stored or sent by the refusals.
    expect((await json<MeetingSaved>(call('/api/v1/meeting', { token: ws.admin.token }))).settings.version).toBe(0);
    expect(await mailTo(ws.execEmail)).toHaveLength(0);

    const saved = await json<MeetingSaved>(patch(ws.admin.token, { version: 0, enabled: false, durationMinutes: 60 }));
    const stale = await patch(ws.admin.token, { version: 0, durationMinutes: 90 });
    expect(stale.status).toBe(409);
    expect(saved.settings.version).toBe(1);
    // Staff read the meeting; only admins change it; executives neither.
    const staff = await joinAs(ws.admin.token, { role: 'staff', name: 'Stu Staff' });
    expect((await call('/api/v1/meeting', { token: staff.token })).status).toBe(200);
    expect((await patch(staff.token, { version: 1, durationMinutes: 30 })).status).toBe(403);
    expect((await call('/api/v1/meeting', { token: ws.exec.token })).status).toBe(403);
  });

  it('the report\'s web view offers the meeting as an .ics download', async () => {
    const ws = await meetingWorkspace('Download Co');
    const workspace = (await getWorkspace(env.DB, ws.workspace.id))!;
    const report = await ensureReport(env, workspace, { cadence: 'weekly', start: '2026-11-16', end: '2026-11-23' });
    await ensureDelivery(env.DB, report.id, workspace.id, { id: null, email: ws.execEmail, name: 'Eve Exec', source: 'executive', unsubscribed: false }, new Date().toISOString()).run();
    const delivery = await env.DB.prepare('SELECT id FROM deliveries WHERE report_id = ?').bind(report.id).first<{ id: string }>();
    const view = new URL((await reportLinks(env, delivery!.id, 'http://steward.test')).webView).pathname;
    const path = `${view}/meeting.ics`;
    expect(await (await call(view)).text()).not.toContain('meeting.ics');
    expect((await call(path)).status).toBe(404);

    await patch(ws.admin.token, { version: 0, enabled: true, startTime: '09:15', memberIds: [ws.exec.member.id] });
    const page = await (await call(view)).text();
    expect(page).toContain(`<a href="${path}" download="dialogue-meeting.ics">Add the dialogue meeting to your calendar (.ics)</a>`);
    const res = await call(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const { method, event } = parse(await res.text());
    expect(method).toBe('PUBLISH');
    expect(event.attendees).toEqual([]);
    expect(localParts(event.startDate.toJSDate(), 'Europe/Paris')).toMatchObject({ weekday: 1, hour: 9, minute: 15 });
    expect((await call('/r/not-a-token/meeting.ics')).status).toBe(404);
  });
});

describe('the recurrence rule for each report cadence', () => {
  const organizer = { name: 'Steward', email: 'reports@steward.test' };
  const settings = { uid: 'u@steward', sequence: 0, startTime: '14:00', durationMinutes: 30, location: null };
  const build = (schedule: ReportSchedule, timeZone: string) =>
    invitationIcs({ workspace: { id: 'w', name: 'W', schedule, timeZone }, settings, attendees: [], organizer, method: 'PUBLISH', now: new Date('2026-11-29T12:00:00Z') });

  it('monthly on the first business day, in New York across the March change', () => {
    const schedule: ReportSchedule = { cadence: 'monthly', weekday: 1, monthDay: null, hour: 8 };
    const got = occurrences(build(schedule, 'America/New_York'), 8);
    expect(got.map((d) => d.toISOString())).toEqual(expected(new Date('2026-11-29T12:00:00Z'), schedule, 'America/New_York', 14, 0, 8).map((d) => d.toISOString()));
    expect(got.map((d) => localParts(d, 'America/New_York').day)).toEqual([1, 1, 1, 1, 1, 3, 1, 1]); // December to July: 1 May 2027 is a Saturday, so Monday 3 May
    expect(utcHours(got)).toEqual(new Set([19, 18]));
  });

  it('monthly on a fixed day, and weekly in the southern hemisphere (Sydney changes in April and October)', () => {
    const monthly: ReportSchedule = { cadence: 'monthly', weekday: 1, monthDay: 15, hour: 8 };
    expect(occurrences(build(monthly, 'Europe/London'), 6).map((d) => d.toISOString())).toEqual(
      expected(new Date('2026-11-29T12:00:00Z'), monthly, 'Europe/London', 14, 0, 6).map((d) => d.toISOString()),
    );
    const weekly: ReportSchedule = { cadence: 'weekly', weekday: 3, monthDay: null, hour: 9 };
    const got = occurrences(build(weekly, 'Australia/Sydney'), 52);
    expect(got.map((d) => d.toISOString())).toEqual(expected(new Date('2026-11-29T12:00:00Z'), weekly, 'Australia/Sydney', 14, 0, 52).map((d) => d.toISOString()));
    expect(utcHours(got)).toEqual(new Set([3, 4]));
  });

  it('a zone without daylight saving has one standard observance', () => {
    const ics = build({ cadence: 'weekly', weekday: 2, monthDay: null, hour: 8 }, 'Asia/Tokyo');
    expect(ics).toContain('TZOFFSETTO:+0900');
    expect(ics).not.toContain('BEGIN:DAYLIGHT');
  });
});
