import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventRepeatingFreq, ICalEventStatus, ICalWeekday, type ICalRepeatingOptions } from 'ical-generator';
import { DateTime } from 'luxon';
import type { MeetingSettings, ReportSchedule, Workspace } from '../../shared/schemas';
import { lastScheduledSend, localParts, nextScheduledSend, zonedTime } from '../../shared/schedule';
import type { Attendee } from './plan';
import { vtimezone } from './timezone';

const WEEKDAYS = [ICalWeekday.MO, ICalWeekday.TU, ICalWeekday.WE, ICalWeekday.TH, ICalWeekday.FR, ICalWeekday.SA, ICalWeekday.SU];

/**
 * The report cadence as a recurrence rule. It is evaluated in the workspace's zone (the
 * event's TZID), so the meeting keeps its wall-clock time across daylight-saving changes.
 */
function meetingRule(schedule: ReportSchedule): ICalRepeatingOptions {
  if (schedule.cadence === 'weekly') return { freq: ICalEventRepeatingFreq.WEEKLY, byDay: [WEEKDAYS[schedule.weekday - 1]!] };
  if (schedule.monthDay) return { freq: ICalEventRepeatingFreq.MONTHLY, byMonthDay: [schedule.monthDay] };
  // The first business day: the first Monday–Friday of the month (as shared/schedule.ts).
  return { freq: ICalEventRepeatingFreq.MONTHLY, byDay: WEEKDAYS.slice(0, 5), bySetPos: [1] };
}

function startParts(startTime: string): { hour: number; minute: number } {
  const [hour, minute] = startTime.split(':').map(Number) as [number, number];
  return { hour, minute };
}

/** The instant a meeting on a report's send date starts. */
function meetingOn(sendAt: Date, settings: Pick<MeetingSettings, 'startTime'>, zone: string): Date {
  const day = localParts(sendAt, zone);
  const { hour, minute } = startParts(settings.startTime);
  return new Date(zonedTime(day.year, day.month, day.day, hour, zone).getTime() + minute * 60_000);
}

/** The next meeting that has not started yet: on the latest report's day if still ahead, else the next one's. */
export function nextMeeting(now: Date, workspace: Pick<Workspace, 'schedule' | 'timeZone'>, settings: Pick<MeetingSettings, 'startTime'>): Date {
  const last = meetingOn(lastScheduledSend(now, workspace.schedule, workspace.timeZone).at, settings, workspace.timeZone);
  if (last > now) return last;
  return meetingOn(nextScheduledSend(now, workspace.schedule, workspace.timeZone).at, settings, workspace.timeZone);
}


interface InvitationInput {
  workspace: Pick<Workspace, 'id' | 'name' | 'schedule' | 'timeZone'>;
  settings: Pick<MeetingSettings, 'uid' | 'sequence' | 'startTime' | 'durationMinutes' | 'location'>;
  attendees: Attendee[];
  organizer: { name: string; email: string };
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  /** When the recurrence starts (the first meeting at or after this instant). */
  now: Date;
  /** A line for the description: where the agenda is, what happens in the meeting. */
  description?: string;
}

/**
 * The meeting as an iCalendar object (RFC 5545), built by ical-generator: one recurring
 * VEVENT with a stable UID. REQUEST invites or updates (a higher SEQUENCE replaces the
 * earlier one in the attendees' calendars), CANCEL removes the whole series, PUBLISH is the
 * downloadable copy for someone who just wants it in their calendar.
 */
export function invitationIcs(input: InvitationInput): string {
  const { workspace, settings } = input;
  const zone = workspace.timeZone;
  const first = nextMeeting(input.now, workspace, settings);
  const start = DateTime.fromJSDate(first, { zone });
  const cal = ical({
    prodId: { company: 'Steward', product: 'Dialogue meeting', language: 'EN' },
    method: ICalCalendarMethod[input.method],
    // No calendar-wide zone (DTSTAMP stays in UTC as RFC 5545 requires); the generator adds
    // a VTIMEZONE for the zone the event uses.
    timezone: { name: null, generator: (tz) => vtimezone(tz, start.year) },
  });
  cal.createEvent({
    id: settings.uid,
    sequence: settings.sequence,
    stamp: input.now,
    start,
    end: start.plus({ minutes: settings.durationMinutes }),
    timezone: zone,
    repeating: meetingRule(workspace.schedule),
    summary: `Dialogue meeting: ${workspace.name}`,
    description: input.description ?? null,
    location: settings.location || null,
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: input.organizer,
    attendees: input.attendees.map((a) => ({ email: a.email, name: a.name ?? a.email, role: ICalAttendeeRole.REQ, rsvp: input.method === 'REQUEST' })),
  });
  return cal.toString();
}

/** "Mondays at 10:00 (Europe/Paris)" — the schedule in words for the email and the options page. */
export function meetingWhen(workspace: Pick<Workspace, 'schedule' | 'timeZone'>, settings: Pick<MeetingSettings, 'startTime' | 'durationMinutes'>): string {
  const s = workspace.schedule;
  const days = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];
  const when = s.cadence === 'weekly'
    ? days[s.weekday - 1]
    : s.monthDay ? `the ${ordinal(s.monthDay)} of each month` : 'the first business day of each month';
  return `${when} at ${settings.startTime} for ${settings.durationMinutes} minutes (${workspace.timeZone} time), after the report goes out at ${String(s.hour).padStart(2, '0')}:00`;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

