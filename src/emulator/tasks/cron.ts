/**
 * Task schedules: `<n> MINUTE[S]` / `HOUR[S]` / `SECOND[S]` intervals and
 * `USING CRON <min> <hour> <dom> <month> <dow> <time zone>`, with the one question the
 * scheduler asks: the latest due time in (after, now]. Cron fields support *, lists, ranges,
 * steps, JAN-DEC, SUN-SAT, ?, L (last day of month) and nL (last weekday n of the month);
 * as in classic cron, a restricted day-of-month and day-of-week match when either matches.
 * Wall-clock times are read in the schedule's time zone through Intl, so DST is handled by
 * the platform's zone data.
 */

export type Schedule =
  | { kind: 'interval'; ms: number }
  | { kind: 'cron'; expr: string; timezone: string; fields: CronFields };

interface CronFields {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  lastDay: boolean;
  months: Set<number>;
  weekdays: Set<number>;
  /** Weekdays whose last occurrence in the month matches (nL). */
  lastWeekdays: Set<number>;
  domRestricted: boolean;
  dowRestricted: boolean;
}

export class ScheduleError extends Error {}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Snowflake bounds an interval schedule at 11520 minutes (8 days). */
const MAX_MINUTES = 11520;

/** Parses a SCHEDULE string as Snowflake accepts it; throws ScheduleError with the reason. */
export function parseSchedule(text: string): Schedule {
  const s = text.trim();
  const interval = /^(\d+)\s*(SECOND|MINUTE|HOUR)S?$/i.exec(s);
  if (interval) {
    const n = Number(interval[1]);
    const unit = interval[2].toUpperCase();
    const minutes = unit === 'HOUR' ? n * 60 : unit === 'SECOND' ? n / 60 : n;
    if (n < 1 || minutes > MAX_MINUTES) {
      throw new ScheduleError(`the interval must be between 1 minute and ${MAX_MINUTES} minutes`);
    }
    return { kind: 'interval', ms: minutes * 60_000 };
  }
  const cron = /^USING\s+CRON\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/i.exec(s);
  if (!cron) throw new ScheduleError("expected '<num> MINUTE' or 'USING CRON <expr> <time_zone>'");
  const [, min, hour, dom, month, dow, timezone] = cron;
  if (!validZone(timezone)) throw new ScheduleError(`unknown time zone ${timezone}`);
  const days = field(dom, 1, 31, [], 'day of month', true);
  const weekdays = field(dow, 0, 7, DAYS, 'day of week', true);
  for (const set of [weekdays.values, weekdays.last]) {
    if (set.has(7)) {
      set.delete(7);
      set.add(0);
    }
  }
  return {
    kind: 'cron',
    expr: [min, hour, dom, month, dow].join(' '),
    timezone,
    fields: {
      minutes: field(min, 0, 59, [], 'minute').values,
      hours: field(hour, 0, 23, [], 'hour').values,
      days: days.values,
      lastDay: days.lastPlain,
      months: field(month, 1, 12, MONTHS, 'month').values,
      weekdays: weekdays.values,
      lastWeekdays: weekdays.last,
      domRestricted: !isAll(dom),
      dowRestricted: !isAll(dow),
    },
  };
}

function isAll(f: string): boolean {
  return f === '*' || f === '?';
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function field(text: string, min: number, max: number, names: string[], what: string, allowL = false) {
  const values = new Set<number>();
  const last = new Set<number>();
  let lastPlain = false;
  const value = (v: string): number => {
    const i = names.indexOf(v.toUpperCase());
    const n = i >= 0 ? i + (names === MONTHS ? 1 : 0) : /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ScheduleError(`invalid ${what} '${v}' in cron expression`);
    return n;
  };
  for (const part of text.split(',')) {
    if (part === '') throw new ScheduleError(`empty ${what} in cron expression`);
    if (allowL && /^L$/i.test(part)) {
      lastPlain = true;
      continue;
    }
    if (allowL && /^\w+L$/i.test(part)) {
      last.add(value(part.slice(0, -1)));
      continue;
    }
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new ScheduleError(`invalid step in ${what} '${part}'`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [lo, hi] = [value(a), value(b)];
      if (lo > hi) throw new ScheduleError(`invalid range in ${what} '${part}'`);
    } else {
      lo = value(range);
      hi = stepText === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, last, lastPlain };
}

// ---- wall clock ---------------------------------------------------------------------------

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wall(ms: number, tz: string): Wall {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: DAYS.indexOf(String(parts.weekday).toUpperCase()),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayMatches(f: CronFields, w: Wall): boolean {
  if (!f.months.has(w.month)) return false;
  const dim = daysInMonth(w.year, w.month);
  const dom = f.days.has(w.day) || (f.lastDay && w.day === dim);
  const dow = f.weekdays.has(w.weekday) || (f.lastWeekdays.has(w.weekday) && w.day + 7 > dim);
  if (f.domRestricted && f.dowRestricted) return dom || dow;
  if (f.domRestricted) return dom;
  if (f.dowRestricted) return dow;
  return true;
}

const MINUTE = 60_000;
/** How far back a cron search looks (a schedule that never matches stops here). */
const MAX_LOOKBACK_MS = 5 * 366 * 24 * 60 * MINUTE;

/**
 * The latest time in (after, now] when the schedule is due, or null. Interval schedules count
 * from `base` (the resume time): base + k * interval for k >= 1.
 */
export function latestDue(s: Schedule, base: number, after: number, now: number): number | null {
  if (s.kind === 'interval') {
    const k = Math.floor((now - base) / s.ms);
    if (k < 1) return null;
    const due = base + k * s.ms;
    return due > after ? due : null;
  }
  const f = s.fields;
  let t = Math.floor(now / MINUTE) * MINUTE;
  const floor = Math.max(after, now - MAX_LOOKBACK_MS);
  while (t > floor) {
    const w = wall(t, s.timezone);
    if (!dayMatches(f, w)) {
      t -= (w.hour * 60 + w.minute + 1) * MINUTE;
    } else if (!f.hours.has(w.hour)) {
      t -= (w.minute + 1) * MINUTE;
    } else if (!f.minutes.has(w.minute)) {
      const earlier = [...f.minutes].filter((m) => m < w.minute);
      t -= (earlier.length ? w.minute - Math.max(...earlier) : w.minute + 1) * MINUTE;
    } else {
      return t;
    }
  }
  return null;
}

/** The next due time after `from` (for CURRENT_TASK_GRAPHS and TASK_HISTORY's SCHEDULED rows). */
export function nextDue(s: Schedule, base: number, from: number): number | null {
  if (s.kind === 'interval') {
    const k = Math.max(1, Math.floor((from - base) / s.ms) + 1);
    return base + k * s.ms;
  }
  // Search forward a day at a time for a matching day, then the first matching minute in it.
  let t = Math.floor(from / MINUTE) * MINUTE + MINUTE;
  const limit = from + MAX_LOOKBACK_MS;
  while (t < limit) {
    const w = wall(t, s.timezone);
    if (!dayMatches(s.fields, w)) {
      t += ((23 - w.hour) * 60 + (60 - w.minute)) * MINUTE;
    } else if (!s.fields.hours.has(w.hour)) {
      t += (60 - w.minute) * MINUTE;
    } else if (!s.fields.minutes.has(w.minute)) {
      const later = [...s.fields.minutes].filter((m) => m > w.minute);
      t += (later.length ? Math.min(...later) - w.minute : 60 - w.minute) * MINUTE;
    } else {
      return t;
    }
  }
  return null;
}
