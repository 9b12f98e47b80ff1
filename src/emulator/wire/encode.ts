/**
 * Results in Snowflake's JSON rowset form, as the drivers decode them: every cell a string (or
 * null), numbers in decimal, dates as days since the epoch, timestamps as `seconds.fraction`
 * (timestamp_tz adds a space and the offset in minutes + 1440), binary as hex.
 */
import type { Bind, Cell, Column, QueryResult } from '../../client/types.js';

export interface RowType {
  name: string;
  database: string;
  schema: string;
  table: string;
  type: string;
  scale: number | null;
  precision: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  collation: null;
}

const MAX_TEXT = 16777216;
const MS_PER_DAY = 86_400_000;

/** Number of digits after the decimal point a column's values need (0 for integers). */
function scaleOf(values: Cell[]): number {
  let scale = 0;
  for (const v of values) {
    if (typeof v !== 'number' || Number.isInteger(v)) continue;
    const text = String(v);
    const exp = /e-(\d+)$/.exec(text);
    const dot = text.indexOf('.');
    const digits = exp ? Number(exp[1]) + (dot >= 0 ? text.indexOf('e') - dot - 1 : 0) : text.length - dot - 1;
    scale = Math.max(scale, Math.min(digits, 37));
  }
  return scale;
}

/** Snowflake's rowtype entry for a column, given the values it holds. */
export function rowType(column: Column, values: Cell[]): RowType {
  const base: RowType = {
    name: column.name,
    database: '',
    schema: '',
    table: '',
    type: column.type,
    scale: null,
    precision: null,
    length: null,
    byteLength: null,
    nullable: true,
    collation: null,
  };
  switch (column.type) {
    case 'fixed':
      return { ...base, scale: scaleOf(values), precision: 38 };
    case 'text':
    case 'variant':
    case 'object':
    case 'array':
      return { ...base, length: MAX_TEXT, byteLength: MAX_TEXT };
    case 'binary':
      return { ...base, length: 8388608, byteLength: 8388608 };
    case 'time':
    case 'timestamp_ltz':
    case 'timestamp_ntz':
    case 'timestamp_tz':
      return { ...base, scale: 9, precision: 0 };
    default:
      return base;
  }
}

function toDate(v: Cell): Date | null {
  if (v instanceof Date) return v;
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Milliseconds as an exact decimal number of seconds with nine fraction digits. */
function epochSeconds(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}000000`;
}

/** One cell in the rowset's string form. */
export function encodeCell(type: string, v: Cell): string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'boolean':
      return v === true || v === 'true' || v === 'TRUE' || v === 1 || v === '1' ? '1' : '0';
    case 'date': {
      const d = toDate(v);
      return d ? String(Math.floor(d.getTime() / MS_PER_DAY)) : null;
    }
    case 'timestamp_ltz':
    case 'timestamp_ntz': {
      const d = toDate(v);
      return d ? epochSeconds(d.getTime()) : null;
    }
    case 'timestamp_tz': {
      const d = toDate(v);
      return d ? `${epochSeconds(d.getTime())} 1440` : null;
    }
    case 'time': {
      const d = toDate(v);
      return d ? epochSeconds(d.getTime() % MS_PER_DAY) : String(v);
    }
    case 'binary':
      // Binary values travel as hex; text that is not hex yet is encoded.
      return typeof v === 'string' && /^(?:[0-9a-fA-F]{2})*$/.test(v) ? v : Buffer.from(String(v)).toString('hex');
    default:
      return v instanceof Date ? v.toISOString() : String(v);
  }
}

export interface WireRows {
  rowtype: RowType[];
  rowset: (string | null)[][];
}

export function encodeResult(result: QueryResult): WireRows {
  const rowtype = result.columns.map((c) =>
    rowType(
      c,
      result.rows.map((r) => r[c.name]),
    ),
  );
  const rowset = result.rows.map((r) => result.columns.map((c) => encodeCell(c.type, r[c.name])));
  return { rowtype, rowset };
}

/** The driver's `bindings` object (`{"1": {type, value}}`) as positional binds. */
export function decodeBindings(bindings: unknown): Bind[] {
  if (bindings === null || typeof bindings !== 'object') return [];
  const entries = Object.entries(bindings as Record<string, { type?: string; value?: unknown }>)
    .filter(([k]) => /^\d+$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b));
  return entries.map(([key, b]) => {
    const value = b?.value;
    if (Array.isArray(value)) throw new Error(`array binding for parameter ${key}`);
    if (value === null || value === undefined) return null;
    const text = String(value);
    switch ((b.type ?? 'TEXT').toUpperCase()) {
      case 'FIXED':
      case 'REAL': {
        const n = Number(text);
        return Number.isFinite(n) && (Number.isSafeInteger(n) || !Number.isInteger(n)) ? n : text;
      }
      case 'BOOLEAN':
        return text.toLowerCase() === 'true' || text === '1';
      default:
        return text;
    }
  });
}
