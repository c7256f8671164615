import type { InvitationOutcome, MeetingSettings, Workspace } from '../../shared/schemas';
import { recordInvitation } from '../db/meetings';
import type { OutgoingEmail } from '../email/message';
import { fromAddress, transportFor } from '../email/transport';
import type { Env } from '../env';
import { html } from '../lib/html';
import { invitationIcs, meetingWhen } from './calendar';
import type { Attendee, InvitationPlan } from './plan';

function email(ws: Workspace, s: MeetingSettings, to: Attendee, method: 'REQUEST' | 'CANCEL', ics: string, from: OutgoingEmail['from']): OutgoingEmail {
  const when = meetingWhen(ws, s);
  const update = s.sequence > 0;
  const subject = method === 'CANCEL'
    ? `Cancelled: dialogue meeting for ${ws.name}`
    : `${update ? 'Updated invitation' : 'Invitation'}: dialogue meeting for ${ws.name}`;
  const lines = method === 'CANCEL'
    ? [`The regular dialogue meeting for ${ws.name} is cancelled. Your calendar removes it when you open this message's invitation.`]
    : [
      `${update ? 'The regular dialogue meeting changed. It is now' : 'You are invited to the regular dialogue meeting for'} ${ws.name}: ${when}.`,
      s.location ? `Where: ${s.location}` : 'Where: to be announced.',
      'The agenda comes with each report: what executives asked to discuss, decisions needed, and open action items.',
    ];
  return {
    from, to, subject,
    text: `${lines.join('\n\n')}\n`,
    html: html`<!doctype html><html><body style="font:15px/1.5 system-ui,sans-serif;color:#1a1a1a">${lines.map((l) => html`<p>${l}</p>`)}</body></html>`.toString(),
    headers: {},
    calendar: { method, ics },
  };
}

/**
 * Sends the plan, one message per person (each sees only their own invitation), and records
 * each outcome at the settings' SEQUENCE. Nothing is retried silently: what failed is
 * answered to the admin, and saving again sends again.
 */
export async function sendInvitations(env: Env, ws: Workspace, s: MeetingSettings, plan: InvitationPlan, now: Date): Promise<InvitationOutcome[]> {
  const jobs = [
    ...plan.request.map((to) => ({ to, method: 'REQUEST' as const, attendees: plan.request })),
    ...plan.cancel.map((to) => ({ to, method: 'CANCEL' as const, attendees: [to] })),
  ];
  if (!jobs.length) return [];
  let outcomes: Array<InvitationOutcome & { messageId: string | null }>;
  let from: OutgoingEmail['from'] | null = null;
  let reason: string | null = null;
  try {
    from = fromAddress(env);
  } catch (err) {
    reason = (err as Error).message;
  }
  const transport = from ? await transportFor(env) : null;
  if (from && !transport) reason = 'No email transport is configured (STEWARD_EMAIL_TRANSPORT), so no invitation was sent. Download the .ics from the report and send it yourself, or configure email.';
  if (!from || !transport) {
    outcomes = jobs.map((j) => ({ email: j.to.email, method: j.method, status: 'not_sent', error: reason, messageId: null }));
  } else {
    const sender = from;
    outcomes = await Promise.all(jobs.map(async (j) => {
      const ics = invitationIcs({ workspace: ws, settings: s, attendees: j.attendees, organizer: sender, method: j.method, now });
      try {
        const { messageId } = await transport.send(email(ws, s, j.to, j.method, ics, sender));
        return { email: j.to.email, method: j.method, status: 'sent' as const, error: null, messageId };
      } catch (err) {
        return { email: j.to.email, method: j.method, status: 'failed' as const, error: `The mail server refused it: ${(err as Error).message}`, messageId: null };
      }
    }));
  }
  const at = now.toISOString();
  await env.DB.batch(outcomes.map((o) => recordInvitation(env.DB, ws.id, s.sequence, o, at)));
  return outcomes.map(({ messageId: _, ...o }) => o);
}
