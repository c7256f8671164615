import type { ActionOwnerInput, AgendaItem, Meeting, ReportModel, Workspace } from '../../shared/schemas';
import { localDate, periodContaining, shortDate } from '../../shared/schedule';
import { audit } from '../db/audit';
import { getReport } from '../db/reports';
import {
  getMeeting, insertMeeting, latestSentReport, openActionItems, openMeetingId, type ActionItemFields,
} from '../db/held-meetings';
import { defaultSettings, getMeetingSettings } from '../db/meetings';
import { getMember, listMembers } from '../db/members';
import { providerCompanies } from '../db/provider';
import type { Caller, Env } from '../env';
import { ApiError } from '../errors';
import { actionItemAgendaItem } from '../report/agenda';
import { buildReport } from '../report/service';
import { attendeesOf } from './service';
import type { Attendee } from './plan';

/**
 * Meeting mode: starting (or resuming) the one open meeting of a workspace on a report's
 * agenda, and the checks every change to a meeting's records goes through.
 */

/** The workspace's date today: due dates and "late" are calendar dates where the client is. */
export const todayIn = (ws: Pick<Workspace, 'timeZone'>, now = new Date()): string => localDate(now, ws.timeZone);

/** A refusal naming each wrong field (422), as the other routes word theirs. */
export function refuse(fields: Record<string, string>): ApiError {
  const list = Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ');
  return new ApiError(422, 'unprocessable', `Not saved: ${list}.`, fields);
}

/** The edit refused once the minutes went out: the only way to change them is a correction. */
export function minutesSent(m: Pick<Meeting, 'closedAt'>): ApiError {
  const on = m.closedAt ? ` on ${shortDate(m.closedAt.slice(0, 10), true)}` : '';
  return new ApiError(409, 'conflict',
    `The minutes of this meeting were sent${on}, so they can no longer be edited directly. Send a correction instead: it is emailed to the attendees, saying what changed.`,
    { meeting: 'is closed: send a correction' });
}

export async function meetingOr404(env: Env, ws: Workspace, id: string): Promise<Meeting> {
  const m = await getMeeting(env.DB, ws.id, id, todayIn(ws));
  if (!m) throw new ApiError(404, 'not_found', 'This meeting was not found.');
  return m;
}

/** The agenda a meeting walks: the report's own (its action items as they are now, not as they were). */
async function agendaFrom(env: Env, ws: Workspace, reportId: string | undefined, now: Date): Promise<{ reportId: string | null; label: string | null; agenda: AgendaItem[] }> {
  let report: { id: string | null; model: ReportModel } | null = null;
  if (reportId) {
    const r = await getReport(env.DB, reportId);
    if (!r || r.workspace_id !== ws.id) throw refuse({ reportId: 'is not a report of this workspace: choose one from the list of sent reports' });
    report = { id: r.id, model: JSON.parse(r.snapshot) as ReportModel };
  } else {
    const r = await latestSentReport(env.DB, ws.id);
    if (r) report = { id: r.id, model: JSON.parse(r.snapshot) as ReportModel };
  }
  if (!report) {
    // No report went out yet: the agenda the report in progress would carry.
    const period = periodContaining(todayIn(ws, now), ws.schedule.cadence, ws.schedule);
    report = { id: null, model: (await buildReport(env, ws, period, now)).model };
  }
  const fromReport = (report.model.agenda ?? []).filter((a) => a.kind !== 'action_item');
  const open = await openActionItems(env.DB, ws.id, null, todayIn(ws, now));
  const agenda = [...fromReport, ...open.map((a) => actionItemAgendaItem({ id: a.id, what: a.what, owner: a.owner.name, meetingOn: a.meetingOn, dueOn: a.dueOn, late: a.late }))];
  return { reportId: report.id, label: report.model.period.label, agenda };
}

/**
 * The workspace's open meeting, or a new one on a report's agenda (default: the latest sent
 * report; before any was sent, the agenda of the report in progress). `created` says which.
 */
export async function startOrResume(env: Env, caller: Caller, reportId: string | undefined): Promise<{ meeting: Meeting; created: boolean }> {
  const ws = caller.workspace;
  const open = await openMeetingId(env.DB, ws.id);
  if (open) return { meeting: await meetingOr404(env, ws, open.id), created: false };
  const now = new Date();
  const { reportId: rid, label, agenda } = await agendaFrom(env, ws, reportId, now);
  const id = crypto.randomUUID();
  const at = now.toISOString();
  const [inserted] = await env.DB.batch([
    insertMeeting(env.DB, {
      id, workspace_id: ws.id, report_id: rid, report_label: label, held_on: todayIn(ws, now),
      started_by_id: caller.member.id, started_by: caller.member.name, started_at: at, agenda: JSON.stringify(agenda),
    }),
  ]);
  if (inserted!.meta.changes !== 1) {
    // Someone started it at the same moment: theirs is the meeting.
    const theirs = await openMeetingId(env.DB, ws.id);
    if (!theirs) throw new ApiError(409, 'conflict', 'The meeting changed while it was being started. Try again.');
    return { meeting: await meetingOr404(env, ws, theirs.id), created: false };
  }
  await audit(env.DB, ws.id, caller, 'meeting.start', { type: 'meeting', id }, { reportId: rid, agenda: agenda.length }, at).run();
  return { meeting: await meetingOr404(env, ws, id), created: true };
}

/** The agenda item a ref names, or a 422 naming the field. */
export function agendaItem(m: Meeting, ref: string, field = 'ref'): Meeting['agenda'][number] {
  const found = m.agenda.find((a) => a.ref === ref);
  if (!found) throw refuse({ [field]: 'is not on this meeting\'s agenda: choose one of its items, or add the item to the agenda first' });
  return found;
}

type Owner = Pick<ActionItemFields, 'ownerKind' | 'ownerMemberId' | 'ownerCompany' | 'ownerEmail' | 'ownerName'>;

/** An owner as stored: a member of the workspace, one of its provider companies (as the workspace spells it), or a person by address. */
export async function resolveOwner(env: Env, ws: Workspace, o: ActionOwnerInput, field = 'owner'): Promise<Owner> {
  if (o.kind === 'member') {
    const m = await getMember(env.DB, ws.id, o.memberId);
    if (!m) throw refuse({ [`${field}.memberId`]: 'is not a member of this workspace: choose someone from its members, or name a person by email' });
    return { ownerKind: 'member', ownerMemberId: m.id, ownerCompany: null, ownerEmail: null, ownerName: m.name };
  }
  if (o.kind === 'provider') {
    const companies = (await providerCompanies(env.DB, ws.id, new Date().toISOString())).map((c) => c.name);
    const match = companies.find((c) => c.toLowerCase() === o.company.toLowerCase());
    if (!match) {
      throw refuse({
        [`${field}.company`]: companies.length
          ? `is not a provider company of this workspace; choose one of: ${companies.map((c) => `"${c}"`).join(', ')}`
          : 'is not a provider company of this workspace (an admin invites providers under People)',
      });
    }
    return { ownerKind: 'provider', ownerMemberId: null, ownerCompany: match, ownerEmail: null, ownerName: null };
  }
  return { ownerKind: 'person', ownerMemberId: null, ownerCompany: null, ownerEmail: o.email, ownerName: o.name || null };
}

/** A due date may not be before `earliest` (today for a new date; the meeting's date in a correction). */
export function checkDue(dueOn: string, earliest: string, field: string, ws: Workspace, inCorrection = false): void {
  if (dueOn >= earliest) return;
  throw refuse({
    [field]: inCorrection
      ? `must be on or after the meeting's date (${earliest})`
      : `must be today or later (today is ${earliest} in ${ws.timeZone}): an action item cannot be due in the past`,
  });
}

/** Who the minutes go to: the meeting's attendees, as the invitations reach them. */
export async function minutesAttendees(env: Env, ws: Workspace): Promise<Attendee[]> {
  const [settings, members] = await Promise.all([getMeetingSettings(env.DB, ws.id), listMembers(env.DB, ws.id)]);
  return attendeesOf(settings ?? defaultSettings(ws.id, ws.schedule.hour), members);
}
