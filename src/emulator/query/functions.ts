/**
 * Snowflake functions that SQLite lacks, registered as SQLite functions for emulated
 * SELECT/DML: session functions (CURRENT_DATABASE() ...), the statement clock, casts, and a
 * handful of conversions and date functions. They see the running statement's context.
 */
import { randomUUID } from 'node:crypto';
import { parseDataType } from '../../sql/datatypes.js';
import { EmulatorSqlError } from '../errors.js';
import type { ExecContext, Registry } from '../registry.js';
import { snowType, timestampText } from './types.js';

export const LOCAL_ACCOUNT = 'SNOWOPS_LOCAL';
export const LOCAL_VERSION = '9.20.0';

type Fn = (ctx: ExecContext, args: unknown[]) => unknown;

function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new EmulatorSqlError('100038', '22018', `Numeric value '${String(v)}' is not recognized`);
}

function parseTime(v: unknown): Date {
  if (typeof v === 'number') return new Date(v * 1000);
  const s = String(v).trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  const d = m
    ? new Date(`${m[1]}T${m[2] ?? '00:00:00'}${m[3] ? m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'}`)
    : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw new EmulatorSqlError('100040', '22007', `Date '${s}' is not recognized`);
  }
  return d;
}

function dateText(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Converts a value to a Snowflake type as CAST does; SQLite keeps booleans as 1/0 and times as text. */
export function castValue(v: unknown, typeText: string): unknown {
  if (v === null || v === undefined) return null;
  let canonical: string;
  try {
    canonical = parseDataType(typeText).canonical;
  } catch {
    canonical = typeText;
  }
  const type = snowType(canonical);
  switch (type) {
    case 'fixed': {
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return /^true$/i.test(v) ? 1 : 0;
      const n = numeric(v);
      const scale = Number(/,(\d+)\)/.exec(canonical)?.[1] ?? 0);
      const f = 10 ** scale;
      return (Math.sign(n) * Math.round(Math.abs(n) * f)) / f;
    }
    case 'real':
      return numeric(v);
    case 'boolean': {
      if (typeof v === 'number') return v !== 0 ? 1 : 0;
      const s = String(v).trim().toLowerCase();
      if (['true', 't', 'yes', 'y', 'on', '1'].includes(s)) return 1;
      if (['false', 'f', 'no', 'n', 'off', '0'].includes(s)) return 0;
      throw new EmulatorSqlError('100037', '22018', `Boolean value '${String(v)}' is not recognized`);
    }
    case 'date':
      return dateText(parseTime(v));
    case 'timestamp_ltz':
    case 'timestamp_ntz':
    case 'timestamp_tz':
      return timestampText(parseTime(v));
    case 'text':
      return typeof v === 'number' ? String(v) : String(v);
    default:
      return v;
  }
}

const PART_MS: Record<string, number> = {
  WEEK: 7 * 86400000,
  DAY: 86400000,
  HOUR: 3600000,
  MINUTE: 60000,
  SECOND: 1000,
  MILLISECOND: 1,
};

function part(p: unknown): string {
  const s = String(p).toUpperCase();
  const aliases: Record<string, string> = {
    DAYS: 'DAY',
    D: 'DAY',
    DD: 'DAY',
    HOURS: 'HOUR',
    H: 'HOUR',
    HH: 'HOUR',
    MINUTES: 'MINUTE',
    MI: 'MINUTE',
    MIN: 'MINUTE',
    SECONDS: 'SECOND',
    S: 'SECOND',
    SEC: 'SECOND',
    MONTHS: 'MONTH',
    MM: 'MONTH',
    MON: 'MONTH',
    YEARS: 'YEAR',
    Y: 'YEAR',
    YY: 'YEAR',
    YYYY: 'YEAR',
    WEEKS: 'WEEK',
    W: 'WEEK',
    WK: 'WEEK',
    MS: 'MILLISECOND',
    MILLISECONDS: 'MILLISECOND',
    QUARTERS: 'QUARTER',
    Q: 'QUARTER',
  };
  return aliases[s] ?? s;
}

function dateAdd(p: unknown, n: unknown, v: unknown): string | null {
  if (v === null || n === null) return null;
  const d = parseTime(v);
  const unit = part(p);
  const amount = numeric(n);
  if (unit === 'YEAR' || unit === 'MONTH' || unit === 'QUARTER') {
    const months = unit === 'YEAR' ? amount * 12 : unit === 'QUARTER' ? amount * 3 : amount;
    d.setUTCMonth(d.getUTCMonth() + months);
  } else if (unit in PART_MS) d.setTime(d.getTime() + amount * PART_MS[unit]);
  else throw new EmulatorSqlError('002099', '42601', `Invalid date/time part '${String(p)}'`);
  const dateOnly = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim());
  return dateOnly && !['HOUR', 'MINUTE', 'SECOND', 'MILLISECOND'].includes(unit) ? dateText(d) : timestampText(d);
}

function dateDiff(p: unknown, a: unknown, b: unknown): number | null {
  if (a === null || b === null) return null;
  const x = parseTime(a);
  const y = parseTime(b);
  const unit = part(p);
  if (unit === 'YEAR') return y.getUTCFullYear() - x.getUTCFullYear();
  if (unit === 'QUARTER')
    return (
      Math.floor(y.getUTCMonth() / 3) - Math.floor(x.getUTCMonth() / 3) + 4 * (y.getUTCFullYear() - x.getUTCFullYear())
    );
  if (unit === 'MONTH') return y.getUTCMonth() - x.getUTCMonth() + 12 * (y.getUTCFullYear() - x.getUTCFullYear());
  const ms = PART_MS[unit];
  if (!ms) throw new EmulatorSqlError('002099', '42601', `Invalid date/time part '${String(p)}'`);
  // Snowflake counts boundaries crossed, so truncate both ends to the unit first.
  return Math.floor(y.getTime() / ms) - Math.floor(x.getTime() / ms);
}

const FUNCTIONS: Record<string, Fn> = {
  CURRENT_ACCOUNT: () => LOCAL_ACCOUNT,
  CURRENT_ACCOUNT_NAME: () => LOCAL_ACCOUNT,
  CURRENT_ORGANIZATION_NAME: () => 'SNOWOPS',
  CURRENT_REGION: () => 'LOCAL',
  CURRENT_VERSION: () => LOCAL_VERSION,
  CURRENT_CLIENT: () => 'snowops emulator',
  CURRENT_SESSION: (ctx) => ctx.session.id,
  CURRENT_USER: (ctx) => ctx.session.user,
  CURRENT_ROLE: (ctx) => ctx.session.role,
  CURRENT_WAREHOUSE: (ctx) => ctx.session.warehouse,
  CURRENT_DATABASE: (ctx) => ctx.session.database,
  CURRENT_SCHEMA: (ctx) => ctx.session.schema,
  SF_CURRENT_TIMESTAMP: (ctx) => timestampText(ctx.now),
  SF_SYSDATE: (ctx) => timestampText(ctx.now),
  SF_CURRENT_DATE: (ctx) => dateText(ctx.now),
  SF_CURRENT_TIME: (ctx) => ctx.now.toISOString().slice(11, 23),
  SF_CAST: (_ctx, [v, t]) => castValue(v, String(t)),
  SF_TRY_CAST: (_ctx, [v, t]) => {
    try {
      return castValue(v, String(t));
    } catch {
      return null;
    }
  },
  NVL2: (_ctx, [v, a, b]) => (v === null ? b : a),
  ZEROIFNULL: (_ctx, [v]) => v ?? 0,
  NULLIFZERO: (_ctx, [v]) => (v === 0 ? null : v),
  TO_VARCHAR: (_ctx, [v]) => (v === null ? null : String(v)),
  TO_CHAR: (_ctx, [v]) => (v === null ? null : String(v)),
  TO_NUMBER: (_ctx, [v]) => castValue(v, 'NUMBER'),
  TO_DECIMAL: (_ctx, [v]) => castValue(v, 'NUMBER'),
  TO_NUMERIC: (_ctx, [v]) => castValue(v, 'NUMBER'),
  TO_DOUBLE: (_ctx, [v]) => castValue(v, 'FLOAT'),
  TO_BOOLEAN: (_ctx, [v]) => castValue(v, 'BOOLEAN'),
  TO_DATE: (_ctx, [v]) => castValue(v, 'DATE'),
  TO_TIMESTAMP: (_ctx, [v]) => castValue(v, 'TIMESTAMP_NTZ'),
  TO_TIMESTAMP_NTZ: (_ctx, [v]) => castValue(v, 'TIMESTAMP_NTZ'),
  TO_TIMESTAMP_LTZ: (_ctx, [v]) => castValue(v, 'TIMESTAMP_LTZ'),
  TO_TIMESTAMP_TZ: (_ctx, [v]) => castValue(v, 'TIMESTAMP_TZ'),
  DATEADD: (_ctx, [p, n, v]) => dateAdd(p, n, v),
  TIMEADD: (_ctx, [p, n, v]) => dateAdd(p, n, v),
  TIMESTAMPADD: (_ctx, [p, n, v]) => dateAdd(p, n, v),
  DATEDIFF: (_ctx, [p, a, b]) => dateDiff(p, a, b),
  TIMEDIFF: (_ctx, [p, a, b]) => dateDiff(p, a, b),
  TIMESTAMPDIFF: (_ctx, [p, a, b]) => dateDiff(p, a, b),
  CONTAINS: (_ctx, [a, b]) => (a === null || b === null ? null : String(a).includes(String(b))),
  STARTSWITH: (_ctx, [a, b]) => (a === null || b === null ? null : String(a).startsWith(String(b))),
  ENDSWITH: (_ctx, [a, b]) => (a === null || b === null ? null : String(a).endsWith(String(b))),
  SPLIT_PART: (_ctx, [s, d, n]) => {
    if (s === null || d === null || n === null) return null;
    const parts = String(s).split(String(d));
    const k = numeric(n);
    const idx = k < 0 ? parts.length + k : k === 0 ? 0 : k - 1;
    return parts[idx] ?? '';
  },
  UUID_STRING: () => randomUUID(),
};

export function register(registry: Registry): void {
  for (const [name, fn] of Object.entries(FUNCTIONS)) registry.addSqlFunction(name, fn);
}
