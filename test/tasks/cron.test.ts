import { describe, expect, it } from 'vitest';
import { latestDue, nextDue, parseSchedule, ScheduleError } from '../../src/emulator/tasks/cron.js';

const at = (iso: string) => new Date(iso).getTime();
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('interval schedules', () => {
  it('counts from the resume time and gives only the latest due time', () => {
    const s = parseSchedule('10 MINUTES');
    const base = at('2024-01-01T09:03:00Z');
    expect(iso(latestDue(s, base, base, at('2024-01-01T09:12:59Z')))).toBeNull();
    expect(iso(latestDue(s, base, base, at('2024-01-01T09:13:00Z')))).toBe('2024-01-01T09:13:00.000Z');
    // An idle hour: one due time, the latest, not six.
    expect(iso(latestDue(s, base, base, at('2024-01-01T10:05:00Z')))).toBe('2024-01-01T10:03:00.000Z');
    // Already acted on: nothing more until the next one.
    expect(latestDue(s, base, at('2024-01-01T10:03:00Z'), at('2024-01-01T10:12:00Z'))).toBeNull();
    expect(iso(nextDue(s, base, at('2024-01-01T10:05:00Z')))).toBe('2024-01-01T10:13:00.000Z');
  });

  it('accepts MINUTE, HOURS and refuses out-of-range intervals', () => {
    expect(parseSchedule('1 MINUTE')).toEqual({ kind: 'interval', ms: 60_000 });
    expect(parseSchedule('2 hours')).toEqual({ kind: 'interval', ms: 7_200_000 });
    expect(() => parseSchedule('0 MINUTE')).toThrow(ScheduleError);
    expect(() => parseSchedule('11521 MINUTE')).toThrow(ScheduleError);
    expect(() => parseSchedule('every minute')).toThrow(ScheduleError);
  });
});

describe('cron schedules', () => {
  it('finds the latest matching minute in the schedule time zone', () => {
    const s = parseSchedule('USING CRON 0 9 * * MON-FRI America/Los_Angeles');
    // Friday 2024-03-08 09:00 PST = 17:00 UTC; Saturday and Sunday do not match.
    const now = at('2024-03-10T20:00:00Z');
    expect(iso(latestDue(s, 0, 0, now))).toBe('2024-03-08T17:00:00.000Z');
    // Monday 2024-03-11 09:00 PDT (after the DST change) = 16:00 UTC.
    expect(iso(nextDue(s, 0, now))).toBe('2024-03-11T16:00:00.000Z');
    expect(latestDue(s, 0, at('2024-03-08T17:00:00Z'), now)).toBeNull();
  });

  it('handles steps, lists, month names and the last day of the month', () => {
    const every15 = parseSchedule('USING CRON */15 * * * * UTC');
    expect(iso(latestDue(every15, 0, 0, at('2024-05-01T10:44:30Z')))).toBe('2024-05-01T10:30:00.000Z');
    const last = parseSchedule('USING CRON 30 23 L FEB,MAR * UTC');
    expect(iso(latestDue(last, 0, 0, at('2024-03-15T00:00:00Z')))).toBe('2024-02-29T23:30:00.000Z');
    const lastFriday = parseSchedule('USING CRON 0 12 * * 5L UTC');
    expect(iso(nextDue(lastFriday, 0, at('2024-05-01T00:00:00Z')))).toBe('2024-05-31T12:00:00.000Z');
  });

  it('refuses bad fields and unknown time zones', () => {
    expect(() => parseSchedule('USING CRON 61 * * * * UTC')).toThrow(/minute/);
    expect(() => parseSchedule('USING CRON * * * * * Mars/Olympus')).toThrow(/time zone/);
    expect(() => parseSchedule('USING CRON * * * * UTC')).toThrow(ScheduleError);
  });
});
