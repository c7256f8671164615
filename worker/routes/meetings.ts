import { Hono } from 'hono';
import { MeetingSavedSchema, MeetingSettingsPatchSchema, type Member, type MeetingSaved, type MeetingSettings, type Workspace } from '../../shared/schemas';
import { getDelivery } from '../db/deliveries';
import { defaultSettings, getMeetingSettings, latestInvitations } from '../db/meetings';
import { listMembers } from '../db/members';
import { getWorkspace } from '../db/workspaces';
import { fromAddress } from '../email/transport';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { verifyLink } from '../lib/links';
import { invitationIcs, nextMeeting } from '../meeting/calendar';
import { attendeesOf, saveAndInvite } from '../meeting/service';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { simplePage } from '../report/html';
import { validate } from '../validate';

const read = endpoint({
  method: 'get', path: '/api/v1/meeting', operationId: 'meeting', access: ['admin', 'staff'],
  summary: 'The workspace\'s dialogue meeting: on or off, start time and length (on each report day, in the workspace\'s time zone), attendees, place, the next occurrence, and what happened to each attendee\'s latest invitation.',
  responses: { 200: { description: 'The meeting', schema: MeetingSavedSchema } },
});
const change = endpoint({
  method: 'patch', path: '/api/v1/meeting', operationId: 'updateMeeting', access: ['admin'],
  summary: 'Change the dialogue meeting. Turning it on sends the attendees a calendar invitation (text/calendar; method=REQUEST); a later change sends an update (same UID, higher SEQUENCE); an attendee taken off the list, or everyone when it is turned off, gets a cancellation (METHOD:CANCEL). Send the version you read; a stale one gets 409.',
  body: MeetingSettingsPatchSchema,
  responses: {
    200: { description: 'Saved; `invitations` says what was sent to whom', schema: MeetingSavedSchema },
    409: { description: 'Changed by someone else meanwhile: read it again' },
  },
});
endpoint({
  method: 'get', path: '/r/{token}/meeting.ics', operationId: 'reportMeetingIcs', access: 'public',
  summary: 'The dialogue meeting as an iCalendar file (METHOD:PUBLISH), from a report\'s web view.',
  responses: { 200: { description: 'The recurring meeting', contentType: 'text/calendar' }, 404: { description: 'The link is not valid or the meeting is off' } },
  notInClient: { usedBy: 'page', reason: 'A link on the report\'s web view that a browser downloads into a calendar.' },
});

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function checkSettings(s: MeetingSettings, ws: Workspace, members: Member[]): void {
  const byId = new Map(members.map((m) => [m.id, m]));
  const unknown = s.memberIds.filter((id) => !byId.has(id));
  if (unknown.length) throw new ApiError(400, 'validation_failed', 'Some attendees are not members of this workspace (any more). Reload the list and choose again.', { memberIds: `unknown: ${unknown.join(', ')}` });
  const noEmail = s.memberIds.map((id) => byId.get(id)!).filter((m) => !m.email);
  if (noEmail.length) {
    const names = noEmail.map((m) => m.name).join(', ');
    throw new ApiError(400, 'validation_failed', `${names} ${noEmail.length === 1 ? 'has' : 'have'} no email address, so no invitation can reach them. Add their address under "Also invite", or ask them to sign in with their company account.`, { memberIds: `no email address: ${names}` });
  }
  const reportAt = ws.schedule.hour * 60;
  if (s.enabled && minutesOf(s.startTime) <= reportAt) {
    const hh = String(ws.schedule.hour).padStart(2, '0');
    throw new ApiError(400, 'validation_failed', `The meeting starts at ${s.startTime}, but the report with its agenda goes out at ${hh}:00 that day. Choose a time after ${hh}:00.`, { startTime: `must be after ${hh}:00, when the report goes out` });
  }
  if (s.enabled && attendeesOf(s, members).length === 0) {
    throw new ApiError(400, 'validation_failed', 'A meeting needs at least one attendee with an email address.', { memberIds: 'choose at least one attendee' });
  }
}

async function answer(env: AppEnv['Bindings'], ws: Workspace, s: MeetingSettings, invitations: MeetingSaved['invitations'] | null): Promise<MeetingSaved> {
  return {
    settings: s,
    nextAt: s.enabled ? nextMeeting(new Date(), ws, s).toISOString() : null,
    invitations: invitations ?? await latestInvitations(env.DB, ws.id),
  };
}

export const meetings = new Hono<AppEnv>()
  .get('/', guard(read), async (c) => {
    const ws = c.var.caller.workspace;
    const s = (await getMeetingSettings(c.env.DB, ws.id)) ?? defaultSettings(ws.id, ws.schedule.hour);
    return c.json(await answer(c.env, ws, s, null) satisfies MeetingSaved);
  })
  .patch('/', guard(change), validate('json', change.body), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace;
    const body = c.req.valid('json');
    const [current, members] = await Promise.all([getMeetingSettings(c.env.DB, ws.id), listMembers(c.env.DB, ws.id)]);
    const was = current ?? defaultSettings(ws.id, ws.schedule.hour);
    if (body.version !== was.version) throw new ApiError(409, 'conflict', 'Someone changed the meeting since you opened it. Reload it and make your change again.', { version: `is ${was.version} now` });
    const next: MeetingSettings = {
      ...was,
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      ...(body.startTime !== undefined ? { startTime: body.startTime } : {}),
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
      ...(body.memberIds !== undefined ? { memberIds: [...new Set(body.memberIds)] } : {}),
      ...(body.emails !== undefined ? { emails: [...new Set(body.emails)] } : {}),
      ...(body.location !== undefined ? { location: body.location || null } : {}),
    };
    checkSettings(next, ws, members);
    const invitations = await saveAndInvite(c.env, ws, was, next, members, caller, 'settings changed');
    const saved = (await getMeetingSettings(c.env.DB, ws.id))!;
    return c.json(await answer(c.env, ws, saved, invitations) satisfies MeetingSaved, 200);
  });

/** `/r/:token/meeting.ics`: mounted beside the report's web view, signed by the same link. */
export const meetingFile = new Hono<AppEnv>()
  .get('/:token/meeting.ics', async (c) => {
    const secret = c.env.STEWARD_LINK_SECRET;
    const id = secret ? await verifyLink(secret, c.req.param('token'), 'report') : null;
    const delivery = id ? await getDelivery(c.env.DB, id) : null;
    const ws = delivery ? await getWorkspace(c.env.DB, delivery.workspace_id) : null;
    const s = ws ? await getMeetingSettings(c.env.DB, ws.id) : null;
    if (!ws || !s?.enabled) {
      return c.html(simplePage('No meeting to add', ['This link is not valid, or the dialogue meeting is turned off. Ask your IT team.']), 404);
    }
    let organizer: { name: string; email: string };
    try {
      organizer = fromAddress(c.env);
    } catch {
      organizer = { name: 'Steward', email: `meeting@${new URL(c.req.url).hostname}` };
    }
    // A copy for one person's calendar: the attendee list stays with the invitations.
    const ics = invitationIcs({ workspace: ws, settings: s, attendees: [], organizer, method: 'PUBLISH', now: new Date() });
    return c.body(ics, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="dialogue-meeting.ics"',
      'cache-control': 'private, no-store',
    });
  });
