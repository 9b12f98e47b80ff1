/**
 * Snowflake result types for emulated queries: from a column's declared type (the canonical
 * Snowflake type the storage table declares), from the select-list text (casts, literals,
 * well-known functions), or from the values themselves; and cells converted to match.
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

/** Types of functions whose result type does not depend on their arguments. */
const FUNCTION_TYPES: Record<string, string> = {
  CURRENT_TIMESTAMP: 'timestamp_ltz',
  LOCALTIMESTAMP: 'timestamp_ltz',
  SYSTIMESTAMP: 'timestamp_ltz',
  GETDATE: 'timestamp_ltz',
  SYSDATE: 'timestamp_ntz',
  CURRENT_DATE: 'date',
  CURRENT_TIME: 'time',
  TO_DATE: 'date',
  DATE: 'date',
  TO_TIMESTAMP: 'timestamp_ntz',
  TO_TIMESTAMP_NTZ: 'timestamp_ntz',
  TO_TIMESTAMP_LTZ: 'timestamp_ltz',
  TO_TIMESTAMP_TZ: 'timestamp_tz',
  TO_BOOLEAN: 'boolean',
  TO_VARCHAR: 'text',
  TO_CHAR: 'text',
  TO_NUMBER: 'fixed',
  TO_DECIMAL: 'fixed',
  TO_NUMERIC: 'fixed',
  TO_DOUBLE: 'real',
  COUNT: 'fixed',
  DATEDIFF: 'fixed',
  LENGTH: 'fixed',
  LEN: 'fixed',
  CONTAINS: 'boolean',
  STARTSWITH: 'boolean',
  ENDSWITH: 'boolean',
};

function closes(tokens: Token[], open: number): boolean {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].type === 'punct' && tokens[k].value === '(') depth++;
    if (tokens[k].type === 'punct' && tokens[k].value === ')' && --depth === 0) return k === tokens.length - 1;
  }
  return false;
}

function castTarget(text: string): string | null {
  try {
    return snowType(parseDataType(text).canonical);
  } catch {
    return snowType(text);
  }
}

/** The type a select item's text implies, when it does. */
export function typeHint(tokens: Token[]): string | null {
  if (tokens.length === 0) return null;
  const first = tokens[0];
  if (tokens.length === 1) {
    if (first.type === 'number') return 'fixed';
    if (first.type === 'string') return 'text';
    if (first.type === 'word' && /^(TRUE|FALSE)$/i.test(first.value)) return 'boolean';
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
