/**
 * Snowflake result types for emulated queries: from a column's declared type (the canonical
 * Snowflake type the storage table declares), from the select-list text (casts, literals,
 * well-known functions), or from the values themselves; and cells converted to match. Each
 * result column has a canonical type too (NUMBER(38,0), VARCHAR(10)), which is what a table
 * created from the query (CREATE TABLE ... AS SELECT) declares.
 */
import type { Cell } from '../../client/types.js';
import { parseDataType } from '../../sql/datatypes.js';
import type { Token } from '../../sql/lexer.js';

/** Snowflake's lowercase type name (as the driver reports it) for a type written in SQL. */
export function snowType(declared: string): string | null {
  const base = declared.toUpperCase().replace(/\(.*$/, '').trim();
  if (/^(NUMBER|DECIMAL|NUMERIC|DEC|INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$/.test(base)) return 'fixed';
  if (/^(FLOAT|FLOAT4|FLOAT8|DOUBLE|DOUBLE PRECISION|REAL)$/.test(base)) return 'real';
  if (/^(VARCHAR|STRING|TEXT|CHAR|CHARACTER|NCHAR|NVARCHAR|NVARCHAR2|CHAR VARYING)$/.test(base)) return 'text';
  if (base === 'BOOLEAN') return 'boolean';
  if (base === 'DATE') return 'date';
  if (/^TIMESTAMP_?LTZ$|^TIMESTAMP WITH LOCAL TIME ZONE$/.test(base)) return 'timestamp_ltz';
  if (/^TIMESTAMP_?TZ$|^TIMESTAMP WITH TIME ZONE$/.test(base)) return 'timestamp_tz';
  if (/^(TIMESTAMP|TIMESTAMP_?NTZ|DATETIME|TIMESTAMP WITHOUT TIME ZONE)$/.test(base)) return 'timestamp_ntz';
  if (base === 'TIME') return 'time';
  if (/^(VARIANT|OBJECT|ARRAY|GEOGRAPHY|GEOMETRY|VECTOR)$/.test(base)) return base.toLowerCase();
  if (/^(BINARY|VARBINARY)$/.test(base)) return 'binary';
  return null;
}

/** Canonical types of functions whose result type does not depend on their arguments. */
const FUNCTION_TYPES: Record<string, string> = {
  CURRENT_TIMESTAMP: 'TIMESTAMP_LTZ(9)',
  LOCALTIMESTAMP: 'TIMESTAMP_LTZ(9)',
  SYSTIMESTAMP: 'TIMESTAMP_LTZ(9)',
  GETDATE: 'TIMESTAMP_LTZ(9)',
  SYSDATE: 'TIMESTAMP_NTZ(9)',
  CURRENT_DATE: 'DATE',
  CURRENT_TIME: 'TIME(9)',
  TO_DATE: 'DATE',
  DATE: 'DATE',
  TO_TIMESTAMP: 'TIMESTAMP_NTZ(9)',
  TO_TIMESTAMP_NTZ: 'TIMESTAMP_NTZ(9)',
  TO_TIMESTAMP_LTZ: 'TIMESTAMP_LTZ(9)',
  TO_TIMESTAMP_TZ: 'TIMESTAMP_TZ(9)',
  TO_BOOLEAN: 'BOOLEAN',
  TO_VARCHAR: 'VARCHAR(16777216)',
  TO_CHAR: 'VARCHAR(16777216)',
  TO_NUMBER: 'NUMBER(38,0)',
  TO_DECIMAL: 'NUMBER(38,0)',
  TO_NUMERIC: 'NUMBER(38,0)',
  TO_DOUBLE: 'FLOAT',
  // Snowflake's integer-valued functions return NUMBER(18,0).
  COUNT: 'NUMBER(18,0)',
  DATEDIFF: 'NUMBER(18,0)',
  LENGTH: 'NUMBER(18,0)',
  LEN: 'NUMBER(18,0)',
  CONTAINS: 'BOOLEAN',
  STARTSWITH: 'BOOLEAN',
  ENDSWITH: 'BOOLEAN',
};

/** The canonical type of a result column when only its lowercase type is known. */
const DEFAULT_CANONICAL: Record<string, string> = {
  fixed: 'NUMBER(38,0)',
  real: 'FLOAT',
  text: 'VARCHAR(16777216)',
  boolean: 'BOOLEAN',
  date: 'DATE',
  time: 'TIME(9)',
  timestamp_ltz: 'TIMESTAMP_LTZ(9)',
  timestamp_ntz: 'TIMESTAMP_NTZ(9)',
  timestamp_tz: 'TIMESTAMP_TZ(9)',
  variant: 'VARIANT',
  object: 'OBJECT',
  array: 'ARRAY',
  binary: 'BINARY(8388608)',
  geography: 'GEOGRAPHY',
  geometry: 'GEOMETRY',
};

/** A type written in SQL (or declared by a storage column) in canonical form, or null when it is not one. */
export function canonicalType(text: string): string | null {
  try {
    return parseDataType(text).canonical;
  } catch {
    return null;
  }
}

/** The canonical form of a lowercase result type (fixed -> NUMBER(38,0)), or null for none. */
export function defaultCanonical(type: string): string | null {
  return DEFAULT_CANONICAL[type] ?? null;
}

/** A numeric literal's type as Snowflake gives it: 42 is NUMBER(2,0), 1.50 is NUMBER(3,2), 1e3 is FLOAT. */
function numberLiteralType(text: string): string {
  if (/e/i.test(text)) return 'FLOAT';
  const [whole, fraction = ''] = text.split('.');
  const digits = whole.replace(/^0+(?=\d)/, '').length + fraction.length;
  if (digits > 38) return 'FLOAT';
  return `NUMBER(${Math.max(digits, 1)},${fraction.length})`;
}

function closes(tokens: Token[], open: number): boolean {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].type === 'punct' && tokens[k].value === '(') depth++;
    if (tokens[k].type === 'punct' && tokens[k].value === ')' && --depth === 0) return k === tokens.length - 1;
  }
  return false;
}

function castTarget(text: string): string | null {
  return canonicalType(text) ?? defaultCanonical(snowType(text) ?? '');
}

/** The result type (lowercase) a select item's text implies, when it does. */
export function typeHint(tokens: Token[]): string | null {
  const canonical = canonicalHint(tokens);
  return canonical === null ? null : snowType(canonical);
}

/** The canonical type (NUMBER(18,0), VARCHAR(3)) a select item's text implies, when it does. */
export function canonicalHint(tokens: Token[]): string | null {
  if (tokens.length === 0) return null;
  const first = tokens[0];
  if (tokens.length === 1) {
    if (first.type === 'number') return numberLiteralType(first.value);
    // VARCHAR has no zero length; an empty literal is VARCHAR(1) (a guess).
    if (first.type === 'string') return `VARCHAR(${Math.max([...first.value].length, 1)})`;
    if (first.type === 'word' && /^(TRUE|FALSE)$/i.test(first.value)) return 'BOOLEAN';
  }
  // x::type at the top level, ending the item.
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'punct' && t.value === '(') depth++;
    if (t.type === 'punct' && t.value === ')') depth--;
    if (depth === 0 && t.type === 'punct' && t.value === '::') {
      const rest = tokens.slice(k + 1);
      if (
        rest.every((r) => r.type === 'word' || r.type === 'number' || (r.type === 'punct' && '(),'.includes(r.value)))
      ) {
        const text = rest
          .map((r) => r.value)
          .join(' ')
          .replace(/ \( /g, '(')
          .replace(/ \)/g, ')')
          .replace(/ , /g, ',');
        return castTarget(text);
      }
    }
  }
  const name = first.type === 'word' ? first.value.toUpperCase() : '';
  if ((name === 'CAST' || name === 'TRY_CAST') && closes(tokens, 1)) {
    const as = tokens.map((t) => (t.type === 'word' ? t.value.toUpperCase() : '')).lastIndexOf('AS');
    if (as > 0) {
      const text = tokens
        .slice(as + 1, -1)
        .map((r) => r.value)
        .join('');
      return castTarget(text);
    }
  }
  if (name in FUNCTION_TYPES && (tokens.length === 1 || (tokens[1].value === '(' && closes(tokens, 1)))) {
    return FUNCTION_TYPES[name];
  }
  return null;
}

/** A type from the values when nothing else tells it. */
export function inferType(values: unknown[]): string {
  const v = values.find((x) => x !== null && x !== undefined);
  if (typeof v === 'number') return values.every((x) => x === null || Number.isInteger(x)) ? 'fixed' : 'real';
  if (typeof v === 'bigint') return 'fixed';
  if (Buffer.isBuffer(v)) return 'binary';
  return 'text';
}

/** SQLite's stored text for a timestamp: `YYYY-MM-DD HH:MM:SS.sss` (UTC). */
export function timestampText(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

function toDate(v: unknown): Date | unknown {
  if (typeof v === 'number') return new Date(v > 1e11 ? v : v * 1000);
  if (typeof v !== 'string') return v;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(v.trim());
  if (!m) return v;
  const zone = m[3] ? (m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  const d = new Date(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(d.getTime()) ? v : d;
}

/** A SQLite value as the Snowflake type says it should come back. */
export function toCell(type: string, v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'boolean':
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string') return /^(true|t|yes|y|on|1)$/i.test(v.trim());
      return Boolean(v);
    case 'date':
    case 'timestamp_ltz':
    case 'timestamp_ntz':
    case 'timestamp_tz':
      return toDate(v) as Cell;
    case 'binary':
      return Buffer.isBuffer(v) ? v.toString('hex').toUpperCase() : String(v);
    default:
      if (typeof v === 'bigint') return Number(v);
      if (Buffer.isBuffer(v)) return v.toString('hex').toUpperCase();
      return v as Cell;
  }
}
