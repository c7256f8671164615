import type { ReportSchedule } from './schemas/workspace';

/**
 * Report periods and send times in a workspace's time zone. Everything here is pure and
 * works on local calendar dates, so daylight-saving changes never shift a period by a day.
 */

export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** One formatter per zone: building one is far slower than using it, and reports ask per item. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short', hourCycle: 'h23',
    });
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in a zone at an instant. */
export function localParts(instant: Date, timeZone: string): LocalDateTime {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    year: Number(get('year')), month: Number(get('month')), day: Number(get('day')),
    hour: Number(get('hour')) % 24, minute: Number(get('minute')), weekday: WEEKDAYS[get('weekday')]!,
  };
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a spring-forward
 * change resolves to the moment the clocks jumped to; a repeated autumn hour to its first
 * occurrence.
 */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wanted = Date.UTC(year, month - 1, day, hour);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess), timeZone);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wanted - seen;
  }
  // Prefer the earlier instant when two map to the same wall time (autumn).
  const earlier = guess - 3_600_000;
  const pe = localParts(new Date(earlier), timeZone);
  if (Date.UTC(pe.year, pe.month - 1, pe.day, pe.hour, pe.minute) === wanted) return new Date(earlier);
  return new Date(guess);
}

/** A calendar date as YYYY-MM-DD. */
export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const l = localParts(instant, timeZone);
  return isoDate(l.year, l.month, l.day);
}

/** Calendar arithmetic on a YYYY-MM-DD date (no time zone involved). */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The first Monday–Friday of a month (public holidays are not known here). */
export function firstBusinessDay(year: number, month: number): string {
  let date = isoDate(year, month, 1);
  while (weekdayOf(date) > 5) date = addDays(date, 1);
  return date;
}

export interface Period {
  cadence: ReportSchedule['cadence'];
  /** First local date in the period. */
  start: string;
  /** First local date after the period. */
  end: string;
}

/**
 * The period a report sent on `sendDate` covers: the seven days before it (weekly), or
 * the previous calendar month (monthly).
 */
function periodEndingOn(sendDate: string, cadence: ReportSchedule['cadence']): Period {
  if (cadence === 'weekly') return { cadence, start: addDays(sendDate, -7), end: sendDate };
  const [y, m] = sendDate.split('-').map(Number) as [number, number];
  const prev = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
  return { cadence, start: isoDate(prev.y, prev.m, 1), end: isoDate(y, m, 1) };
}

/** The local date the report for a month is sent on. */
function monthlySendDate(year: number, month: number, schedule: ReportSchedule): string {
  return schedule.monthDay ? isoDate(year, month, schedule.monthDay) : firstBusinessDay(year, month);
}

/**
 * The latest scheduled send moment at or before `now`, and the period that report covers.
 */
export function lastScheduledSend(now: Date, schedule: ReportSchedule, timeZone: string): { at: Date; period: Period } {
  const local = localParts(now, timeZone);
  const today = isoDate(local.year, local.month, local.day);
  const at = (date: string) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return zonedTime(y, m, d, schedule.hour, timeZone);
  };
  if (schedule.cadence === 'weekly') {
    let date = addDays(today, -((local.weekday - schedule.weekday + 7) % 7));
    if (at(date) > now) date = addDays(date, -7);
    return { at: at(date), period: periodEndingOn(date, 'weekly') };
  }
  let date = monthlySendDate(local.year, local.month, schedule);
  if (at(date) > now) {
    const prev = local.month === 1 ? { y: local.year - 1, m: 12 } : { y: local.year, m: local.month - 1 };
    date = monthlySendDate(prev.y, prev.m, schedule);
  }
  return { at: at(date), period: periodEndingOn(date, 'monthly') };
}

/** The next scheduled send after `now` (for "next report: Monday 23 Nov, 8:00"). */
export function nextScheduledSend(now: Date, schedule: ReportSchedule, timeZone: string): { at: Date; period: Period } {
  const last = lastScheduledSend(now, schedule, timeZone);
  // Step past the last send by more than a period's length and take the latest before it.
  const probe = new Date(last.at.getTime() + (schedule.cadence === 'weekly' ? 8 : 40) * 86_400_000);
  let next = lastScheduledSend(probe, schedule, timeZone);
  while (next.at.getTime() - last.at.getTime() > (schedule.cadence === 'weekly' ? 7.5 : 32) * 86_400_000) {
    next = lastScheduledSend(new Date(next.at.getTime() - 3_600_000), schedule, timeZone);
  }
  return next;
}

/** The period that contains a local date (for previews of any period). */
export function periodContaining(date: string, cadence: ReportSchedule['cadence'], schedule: ReportSchedule): Period {
  if (cadence === 'weekly') {
    // Weekly periods run from send weekday to send weekday.
    const back = (weekdayOf(date) - schedule.weekday + 7) % 7;
    const start = addDays(date, -back);
    return { cadence, start, end: addDays(start, 7) };
  }
  const [y, m] = date.split('-').map(Number) as [number, number];
  const next = m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 };
  return { cadence, start: isoDate(y, m, 1), end: isoDate(next.y, next.m, 1) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "16 Nov", "16 Nov 2026". */
export function shortDate(date: string, withYear = false): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]}${withYear ? ` ${y}` : ''}`;
}

/** "Week of 16 Nov 2026" or "November 2026". */
export function periodLabel(p: Period): string {
  if (p.cadence === 'monthly') {
    const [y, m] = p.start.split('-').map(Number) as [number, number];
    return `${MONTHS_LONG[m - 1]} ${y}`;
  }
  return `Week of ${shortDate(p.start, true)}`;
}
