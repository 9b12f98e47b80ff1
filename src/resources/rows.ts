/**
 * Reading SHOW/DESCRIBE cells into model values. Snowflake prints flags in several ways
 * ('Y'/'N', 'true'/'false', 'ON'/'OFF'); each helper accepts them all so a model never
 * depends on which backend answered.
 */
import type { Cell, Row } from '../client/types.js';

export function text(row: Row, column: string): string {
  const v = row[column];
  if (v === null || v === undefined) return '';
  return v instanceof Date ? v.toISOString() : String(v);
}

/** Text, or null when the cell is empty or Snowflake's 'null'. */
export function textOrNull(row: Row, column: string): string | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  const s = v instanceof Date ? v.toISOString() : String(v);
  return s === '' || s.toLowerCase() === 'null' ? null : s;
}

export function numberOrNull(row: Row, column: string): number | null {
  const v = row[column];
  if (v === null || v === undefined || v === '' || v === 'null') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export function flag(row: Row, column: string): boolean {
  const v: Cell | undefined = row[column];
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined) return false;
  return ['y', 'yes', 'true', 'on', '1'].includes(String(v).trim().toLowerCase());
}

/** Timestamps as ISO-8601 strings (DESIGN §4), whatever form the backend gave. */
export function timestamp(row: Row, column: string): string | null {
  const v = row[column];
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v.toISOString();
  const d = new Date(String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}
