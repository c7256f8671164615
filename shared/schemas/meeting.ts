import * as v from 'valibot';
import { OptionalText } from './common';
import { IsoDateTime } from './ticket';

/** Longest meeting Steward schedules: a dialogue meeting is not a day-long workshop. */
const MEETING_MAX_MINUTES = 8 * 60;

const EmailAddress = v.pipe(
  v.string('must be an email address'),
  v.trim(),
  v.toLowerCase(),
  v.email('must be an email address, like name@example.com'),
  v.maxLength(254, 'must be at most 254 characters'),
);

/**
 * The dialogue meeting of a workspace: held on the day each report goes out, at a local time
 * after the report's send hour, so the agenda is in everyone's inbox before it starts.
 */
const MeetingSettingsSchema = v.object({
  enabled: v.boolean(),
  /** Local start time in the workspace's time zone, HH:MM (24-hour clock). */
  startTime: v.string(),
  durationMinutes: v.number(),
  /** Members who attend: admins, staff, executives and the provider's members alike. */
  memberIds: v.array(v.string()),
  /** Addresses outside the workspace (report recipients, a board member…). */
  emails: v.array(v.string()),
  /** A video-call link or a room. */
  location: v.nullable(v.string()),
  /** The invitation's iCalendar UID and SEQUENCE (0 before the first one is sent). */
  uid: v.string(),
  sequence: v.number(),
  version: v.number(),
  updatedAt: v.nullable(IsoDateTime),
});
export type MeetingSettings = v.InferOutput<typeof MeetingSettingsSchema>;

export const MeetingSettingsPatchSchema = v.strictObject({
  enabled: v.optional(v.boolean('must be true or false')),
  startTime: v.optional(v.pipe(v.string('must be a time'), v.trim(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 10:30 (24-hour clock)'))),
  durationMinutes: v.optional(v.pipe(
    v.number('must be a number of minutes'),
    v.integer('must be a whole number of minutes'),
    v.minValue(15, 'must be at least 15 minutes'),
    v.maxValue(MEETING_MAX_MINUTES, 'must be at most 8 hours (480 minutes): split a longer session into several meetings'),
  )),
  memberIds: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64, 'is not a valid member id'))), v.maxLength(100, 'can list at most 100 members'))),
  emails: v.optional(v.pipe(v.array(EmailAddress), v.maxLength(100, 'can list at most 100 addresses'))),
  location: OptionalText(500),
  /** The version last read; a stale one is refused so two admins do not overwrite each other. */
  version: v.pipe(v.number('is required (the version you last read)'), v.integer()),
});
export type MeetingSettingsPatch = v.InferOutput<typeof MeetingSettingsPatchSchema>;

const INVITATION_OUTCOMES = ['sent', 'failed', 'not_sent'] as const;

/** What happened to the invitation (or its update or cancellation) for one attendee. */
const InvitationOutcomeSchema = v.object({
  email: v.string(),
  method: v.picklist(['REQUEST', 'CANCEL']),
  status: v.picklist(INVITATION_OUTCOMES),
  /** Why it was not sent, in words (no transport configured, the server refused…). */
  error: v.nullable(v.string()),
});
export type InvitationOutcome = v.InferOutput<typeof InvitationOutcomeSchema>;

export const MeetingSavedSchema = v.object({
  settings: MeetingSettingsSchema,
  /** The next occurrence, as an instant, or null when the meeting is off. */
  nextAt: v.nullable(IsoDateTime),
  invitations: v.array(InvitationOutcomeSchema),
});
export type MeetingSaved = v.InferOutput<typeof MeetingSavedSchema>;

/** One line of the next meeting's agenda, built from the report (worker/report/agenda.ts). */
export interface AgendaItem {
  kind: 'decision' | 'discuss' | 'question' | 'stalled' | 'provider_silent' | 'provider_overdue';
  /** The tag or initiative it is about. */
  ref: string;
  title: string;
  /** Why it is on the agenda, in words (an executive's comment, "No update for 21 days"). */
  why: string;
}
