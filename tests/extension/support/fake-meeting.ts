import * as v from 'valibot';
import { issuesToFields, MeetingSettingsPatchSchema, type InvitationOutcome, type MeetingSaved, type MeetingSettings, type Member, type Workspace } from '../../../shared/schemas';
import { planInvitations } from '../../../worker/meeting/plan';

/**
 * The meeting routes of the stand-in Worker (fake-worker.ts), answering as
 * worker/routes/meetings.ts does for what the meeting panel uses: the same request schema
 * and `fields`, the same who-gets-what plan (the Worker's own `planInvitations`), the same
 * version check. Sending is pretended: an address in `bounces` fails with its reason. The
 * real invitation, its calendar and SMTP are tested in tests/worker/meeting.test.ts.
 */

type Answer = [number, unknown];
const refuse = (status: number, code: string, message: string, fields?: Record<string, string>): Answer => [status, { error: { code, message, ...(fields ? { fields } : {}) } }];

export function fakeMeeting(w: { workspace: Workspace; members: Member[]; bounces: Record<string, string> }, me: Member) {
  let settings: MeetingSettings = {
    enabled: false, startTime: `${String(Math.min(w.workspace.schedule.hour + 2, 23)).padStart(2, '0')}:00`, durationMinutes: 30,
    memberIds: [], emails: [], location: null, uid: `meeting-${w.workspace.id}@steward`, sequence: 0, version: 0, updatedAt: null,
  };
  const latest = new Map<string, InvitationOutcome>();
  let sentAny = false;

  const answer = (invitations: InvitationOutcome[] | null): MeetingSaved => ({
    settings,
    // The stand-in does not compute the schedule: a fixed next Monday morning stands for it.
    nextAt: settings.enabled ? '2026-11-30T16:00:00.000Z' : null,
    invitations: invitations ?? [...latest.values()],
  });

  function route(method: string, p: string, body: unknown): Answer | null {
    if (p !== '/meeting') return null;
    if (method === 'GET') {
      if (!['admin', 'staff'].includes(me.role)) return refuse(403, 'forbidden', 'Your role may not do this.');
      return [200, answer(null)];
    }
    if (method !== 'PATCH') return null;
    if (me.role !== 'admin') return refuse(403, 'forbidden', 'Your role may not do this.');
    const parsed = v.safeParse(MeetingSettingsPatchSchema, body);
    if (!parsed.success) {
      const fields = issuesToFields(parsed.issues);
      return refuse(400, 'validation_failed', `The request body has errors: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}.`, fields);
    }
    const b = parsed.output;
    if (b.version !== settings.version) return refuse(409, 'conflict', 'Someone changed the meeting since you opened it. Reload it and make your change again.', { version: `is ${settings.version} now` });
    const next: MeetingSettings = {
      ...settings,
      ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
      ...(b.startTime !== undefined ? { startTime: b.startTime } : {}),
      ...(b.durationMinutes !== undefined ? { durationMinutes: b.durationMinutes } : {}),
      ...(b.memberIds !== undefined ? { memberIds: [...new Set(b.memberIds)] } : {}),
      ...(b.emails !== undefined ? { emails: [...new Set(b.emails)] } : {}),
      ...(b.location !== undefined ? { location: b.location || null } : {}),
    };
    const chosen = next.memberIds.map((id) => w.members.find((m) => m.id === id));
    const noEmail = chosen.filter((m) => m && !m.email).map((m) => m!.name);
    if (chosen.some((m) => !m)) return refuse(400, 'validation_failed', 'Some attendees are not members of this workspace (any more). Reload the list and choose again.', { memberIds: 'unknown' });
    if (noEmail.length) return refuse(400, 'validation_failed', `${noEmail.join(', ')} ${noEmail.length === 1 ? 'has' : 'have'} no email address.`, { memberIds: `no email address: ${noEmail.join(', ')}` });
    const hh = String(w.workspace.schedule.hour).padStart(2, '0');
    if (next.enabled && Number(next.startTime.slice(0, 2)) * 60 + Number(next.startTime.slice(3)) <= w.workspace.schedule.hour * 60) {
      return refuse(400, 'validation_failed', `The meeting starts at ${next.startTime}, but the report with its agenda goes out at ${hh}:00 that day. Choose a time after ${hh}:00.`, { startTime: `must be after ${hh}:00, when the report goes out` });
    }
    const attendees = [
      ...chosen.map((m) => ({ email: m!.email!.toLowerCase(), name: m!.name })),
      ...next.emails.filter((e) => !chosen.some((m) => m!.email!.toLowerCase() === e)).map((email) => ({ email, name: null })),
    ];
    if (next.enabled && !attendees.length) return refuse(400, 'validation_failed', 'A meeting needs at least one attendee with an email address.', { memberIds: 'choose at least one attendee' });
    const holders = [...latest.values()].filter((i) => i.method === 'REQUEST' && i.status === 'sent').map((i) => i.email);
    const plan = planInvitations(next.enabled, attendees, holders);
    const sends = plan.request.length + plan.cancel.length > 0 && (next.enabled || settings.enabled || holders.length > 0);
    if (sends && sentAny) next.sequence = settings.sequence + 1;
    settings = { ...next, version: settings.version + 1, updatedAt: new Date().toISOString() };
    if (!sends) return [200, answer(null)];
    const outcomes: InvitationOutcome[] = [
      ...plan.request.map((a) => ({ email: a.email, method: 'REQUEST' as const })),
      ...plan.cancel.map((a) => ({ email: a.email, method: 'CANCEL' as const })),
    ].map((o) => (w.bounces[o.email]
      ? { ...o, status: 'failed' as const, error: `The mail server refused it: ${w.bounces[o.email]}` }
      : { ...o, status: 'sent' as const, error: null }));
    for (const o of outcomes) latest.set(o.email, o);
    if (outcomes.some((o) => o.status === 'sent')) sentAny = true;
    return [200, answer(outcomes)];
  }

  /** The attendees' addresses, as the Worker's attendeesOf: members with an email, then the extra addresses. */
  const attendees = () => [...new Set([
    ...settings.memberIds.map((id) => w.members.find((m) => m.id === id)?.email?.toLowerCase()).filter((e): e is string => !!e),
    ...settings.emails,
  ])];

  return { route, attendees };
}
