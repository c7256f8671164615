import { localParts } from '../../shared/schedule';

/**
 * A VTIMEZONE component for an IANA zone, read from the platform's own time-zone data
 * (Intl): RFC 5545 wants one for every TZID an event uses, and calendars that do not know
 * the zone's name (older Outlook, some phones) place the meeting by it.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Minutes east of UTC at an instant. */
function offsetAt(t: number, zone: string): number {
  const p = localParts(new Date(t), zone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((wall - Math.floor(t / MINUTE) * MINUTE) / MINUTE);
}

interface Transition { at: number; from: number; to: number }

/** Every offset change in [start, end), found day by day and narrowed to the minute. */
function transitions(zone: string, start: number, end: number): Transition[] {
  const found: Transition[] = [];
  let before = offsetAt(start, zone);
  for (let t = start + DAY; t < end; t += DAY) {
    const now = offsetAt(t, zone);
    if (now === before) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > MINUTE) {
      const mid = Math.floor((lo + hi) / 2 / MINUTE) * MINUTE;
      if (offsetAt(mid, zone) === before) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, from: before, to: now });
    before = now;
  }
  return found;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
const utcOffset = (min: number) => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}${pad(Math.abs(min) % 60)}`;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The wall-clock time just before a transition, in the offset it leaves (DTSTART of an observance). */
function localStart(tr: Transition): { text: string; month: number; day: number; weekday: number; daysInMonth: number } {
  const d = new Date(tr.at + tr.from * MINUTE);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  return {
    text: `${y}${pad(m)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`,
    month: m, day: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7,
    daysInMonth: new Date(Date.UTC(y, m, 0)).getUTCDate(),
  };
}

/** "Second Sunday of March" or "last Sunday of October", as an RRULE. */
function yearlyRule(tr: Transition): string {
  const s = localStart(tr);
  const nth = s.day + 7 > s.daysInMonth ? -1 : Math.ceil(s.day / 7);
  return `FREQ=YEARLY;BYMONTH=${s.month};BYDAY=${nth}${DAYS[s.weekday]}`;
}

function observance(tr: Transition, rrule: string | null, daylight: boolean): string[] {
  const kind = daylight ? 'DAYLIGHT' : 'STANDARD';
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localStart(tr).text}`,
    ...(rrule ? [`RRULE:${rrule}`] : []),
    `TZOFFSETFROM:${utcOffset(tr.from)}`,
    `TZOFFSETTO:${utcOffset(tr.to)}`,
    `END:${kind}`,
  ];
}

const cache = new Map<string, string>();

/**
 * The zone's rules from `fromYear` on. When the last four years follow one yearly pattern
 * (as every zone with daylight saving does today), the component states it as RRULEs, so
 * it holds for as long as the meeting recurs; otherwise it lists each change of those years.
 */
export function vtimezone(zone: string, fromYear: number): string {
  const key = `${zone}@${fromYear}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const start = Date.UTC(fromYear, 0, 1);
  const all = transitions(zone, start, Date.UTC(fromYear + 4, 0, 1));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (all.length === 0) {
    const off = offsetAt(start, zone);
    lines.push(...observance({ at: Date.UTC(1970, 0, 1) - off * MINUTE, from: off, to: off }, null, false));
  } else {
    const firstYear = all.filter((t) => new Date(t.at).getUTCFullYear() === fromYear);
    const rules = firstYear.map(yearlyRule);
    const regular = firstYear.length === 2 && all.every((t, i) => yearlyRule(t) === rules[i % 2] && t.from === firstYear[i % 2]!.from && t.to === firstYear[i % 2]!.to);
    const daylightOffset = Math.max(...all.map((t) => t.to));
    const chosen = regular ? firstYear : all;
    for (const tr of chosen) lines.push(...observance(tr, regular ? yearlyRule(tr) : null, tr.to === daylightOffset && tr.to > tr.from));
  }
  lines.push('END:VTIMEZONE');
  const text = lines.join('\r\n');
  cache.set(key, text);
  return text;
}
