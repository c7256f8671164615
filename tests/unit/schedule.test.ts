import { describe, expect, it } from 'vitest';
import { firstBusinessDay, lastScheduledSend, localParts, nextScheduledSend, periodLabel, zonedTime } from '../../shared/schedule';

const weekly = { cadence: 'weekly' as const, weekday: 1, monthDay: null, hour: 8 };
const monthly = { cadence: 'monthly' as const, weekday: 1, monthDay: null, hour: 9 };

describe('report schedule in the workspace time zone', () => {
  it('finds the last weekly send and the week it covers', () => {
    // Wednesday 25 Nov 2026, 15:00 UTC = 09:00 in Chicago.
    const { at, period } = lastScheduledSend(new Date('2026-11-25T15:00:00Z'), weekly, 'America/Chicago');
    expect(at.toISOString()).toBe('2026-11-23T14:00:00.000Z'); // Monday 08:00 CST
    expect(period).toEqual({ cadence: 'weekly', start: '2026-11-16', end: '2026-11-23' });
    expect(periodLabel(period)).toBe('Week of 16 Nov 2026');
  });

  it('is not due a minute before the hour, and is due on it', () => {
    const before = lastScheduledSend(new Date('2026-11-23T13:59:00Z'), weekly, 'America/Chicago');
    expect(before.period.start).toBe('2026-11-09');
    const on = lastScheduledSend(new Date('2026-11-23T14:00:00Z'), weekly, 'America/Chicago');
    expect(on.period.start).toBe('2026-11-16');
  });

  it('keeps 08:00 local across daylight-saving changes', () => {
    // Europe/Paris leaves summer time on Sunday 25 Oct 2026: Monday 26 Oct 08:00 is 07:00 UTC.
    const after = lastScheduledSend(new Date('2026-10-26T07:30:00Z'), weekly, 'Europe/Paris');
    expect(after.at.toISOString()).toBe('2026-10-26T07:00:00.000Z');
    const summer = lastScheduledSend(new Date('2026-10-19T07:30:00Z'), weekly, 'Europe/Paris');
    expect(summer.at.toISOString()).toBe('2026-10-19T06:00:00.000Z');
    // The week spanning the change is still seven local days.
    expect(after.period).toEqual({ cadence: 'weekly', start: '2026-10-19', end: '2026-10-26' });
  });

  it('resolves a send hour skipped by spring-forward to the moment clocks jump', () => {
    // 8 Mar 2026 in New York: 02:00 does not exist; 02:00 → 03:00 EDT = 07:00 UTC.
    const t = zonedTime(2026, 3, 8, 2, 'America/New_York');
    expect(t.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(localParts(t, 'America/New_York').hour).toBe(3);
    // A repeated autumn hour takes its first occurrence: 1 Nov 2026 01:00 EDT = 05:00 UTC.
    expect(zonedTime(2026, 11, 1, 1, 'America/New_York').toISOString()).toBe('2026-11-01T05:00:00.000Z');
  });

  it('sends monthly reports on the first business day, covering the previous month', () => {
    expect(firstBusinessDay(2026, 8)).toBe('2026-08-03'); // 1 Aug 2026 is a Saturday
    const { at, period } = lastScheduledSend(new Date('2026-08-05T12:00:00Z'), monthly, 'Europe/London');
    expect(at.toISOString()).toBe('2026-08-03T08:00:00.000Z'); // 09:00 BST
    expect(period).toEqual({ cadence: 'monthly', start: '2026-07-01', end: '2026-08-01' });
    expect(periodLabel(period)).toBe('July 2026');
    // In January, the previous month is last year's December.
    expect(lastScheduledSend(new Date('2027-01-15T12:00:00Z'), monthly, 'UTC').period.start).toBe('2026-12-01');
  });

  it('supports a fixed day of the month and tells when the next report goes out', () => {
    const s = { ...monthly, monthDay: 15 };
    expect(lastScheduledSend(new Date('2026-11-14T12:00:00Z'), s, 'UTC').at.toISOString()).toBe('2026-10-15T09:00:00.000Z');
    expect(nextScheduledSend(new Date('2026-11-14T12:00:00Z'), s, 'UTC').at.toISOString()).toBe('2026-11-15T09:00:00.000Z');
    expect(nextScheduledSend(new Date('2026-11-25T15:00:00Z'), weekly, 'America/Chicago').at.toISOString()).toBe('2026-11-30T14:00:00.000Z');
  });
});
