import type { InvitationOutcome, Member, MeetingSettings, Workspace } from '../../shared/schemas';
import { audit } from '../db/audit';
import { anyInvitationSent, getMeetingSettings, latestInvitations, saveMeetingSettings } from '../db/meetings';
import { listMembers } from '../db/members';
import type { Caller, Env } from '../env';
import { ApiError } from '../errors';
import { sendInvitations } from './invite';
import { planInvitations, type Attendee } from './plan';

/** The attendees' addresses: members by id (those with an email), then the extra addresses. */
export function attendeesOf(s: MeetingSettings, members: Member[]): Attendee[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  const out = new Map<string, Attendee>();
  for (const id of s.memberIds) {
    const m = byId.get(id);
    if (m?.email) out.set(m.email.toLowerCase(), { email: m.email.toLowerCase(), name: m.name });
  }
  for (const e of s.emails) if (!out.has(e)) out.set(e, { email: e, name: null });
  return [...out.values()];
}

/**
 * Stores `next` over `was` (refused if someone saved meanwhile) and sends what the change
 * means to each calendar: the invitation or its update at the next SEQUENCE, cancellations
 * to those no longer invited. Null when nothing needed sending.
 */
export async function saveAndInvite(env: Env, ws: Workspace, was: MeetingSettings, next: MeetingSettings, members: Member[], caller: Caller, reason: string): Promise<InvitationOutcome[] | null> {
  const [holders, sentBefore] = await Promise.all([latestInvitations(env.DB, ws.id), anyInvitationSent(env.DB, ws.id)]);
  const holding = holders.filter((h) => h.method === 'REQUEST' && h.status === 'sent').map((h) => h.email);
  const plan = planInvitations(next.enabled, attendeesOf(next, members), holding);
  const sends = plan.request.length + plan.cancel.length > 0 && (next.enabled || was.enabled || holding.length > 0);
  // The first invitation is SEQUENCE 0; every later one (update or cancellation) is one higher.
  const saved = { ...next, sequence: sends && sentBefore ? was.sequence + 1 : was.sequence };
  const now = new Date();
  if (!(await saveMeetingSettings(env.DB, ws.id, saved, was.version, now.toISOString()))) {
    throw new ApiError(409, 'conflict', 'Someone changed the meeting at the same moment. Reload it and make your change again.');
  }
  const invitations = sends ? await sendInvitations(env, ws, saved, plan, now) : null;
  await audit(env.DB, ws.id, caller, 'meeting.update', { type: 'meeting' }, {
    reason, enabled: saved.enabled, sequence: saved.sequence, invited: plan.request.length, cancelled: plan.cancel.length,
  }, now.toISOString()).run();
  return invitations;
}

/**
 * The meeting follows the report: when the workspace's name, time zone or schedule changes,
 * everyone invited gets the updated invitation, so no calendar keeps the old time.
 */
export async function meetingFollowsWorkspace(env: Env, before: Workspace, after: Workspace, caller: Caller): Promise<void> {
  const moved = before.name !== after.name || before.timeZone !== after.timeZone || JSON.stringify(before.schedule) !== JSON.stringify(after.schedule);
  if (!moved) return;
  const s = await getMeetingSettings(env.DB, after.id);
  if (!s?.enabled) return;
  await saveAndInvite(env, after, s, s, await listMembers(env.DB, after.id), caller, 'the report schedule changed');
}
