/**
 * Snowflake data types as users write them (`int`, `varchar(100)`, `double precision`) turned
 * into the text snowops emits and the canonical form DESCRIBE TABLE reports. A column's type is
 * SQL by nature, so it is parsed against this table, never pasted: anything else is refused.
 */
import { invalidInput } from '../errors.js';

export interface DataType {
  /** The type name as written, uppercase with single spaces: `INT`, `DOUBLE PRECISION`. */
  name: string;
  /** The numbers inside the parentheses as written: [] for `INT`, [10, 2] for `NUMBER(10,2)`. */
  params: number[];
  /** Normalised text to emit in DDL: `VARCHAR(100)`, `INT`, `NUMBER(10,2)`. */
  sql: string;
  /** What DESCRIBE TABLE reports: `NUMBER(38,0)`, `VARCHAR(16777216)`, `TIMESTAMP_NTZ(9)`. */
  canonical: string;
  /** The canonical type without parameters: NUMBER, FLOAT, VARCHAR, TIMESTAMP_NTZ, ... */
  base: string;
}

const MAX_VARCHAR = 134_217_728;
const DEFAULT_VARCHAR = 16_777_216;
const MAX_BINARY = 67_108_864;
const DEFAULT_BINARY = 8_388_608;
const MAX_VECTOR = 4096;

/** How a family of names takes parameters and what it becomes. */
type Family =
  | { kind: 'number' }
  | { kind: 'integer' }
  | { kind: 'fixed'; canonical: string }
  | { kind: 'text'; defaultLength: number }
  | { kind: 'binary' }
  | { kind: 'fractional'; base: string }
  | { kind: 'vector' };

const FAMILIES: Record<string, Family> = {};
const add = (names: string, family: Family) => {
  for (const n of names.split(',')) FAMILIES[n] = family;
};
add('NUMBER,DECIMAL,NUMERIC,DEC', { kind: 'number' });
add('INT,INTEGER,BIGINT,SMALLINT,TINYINT,BYTEINT', { kind: 'integer' });
add('FLOAT,FLOAT4,FLOAT8,DOUBLE,DOUBLE PRECISION,REAL', { kind: 'fixed', canonical: 'FLOAT' });
add('VARCHAR,STRING,TEXT,NVARCHAR,NVARCHAR2,CHAR VARYING,NCHAR VARYING', {
  kind: 'text',
  defaultLength: DEFAULT_VARCHAR,
});
add('CHAR,CHARACTER,NCHAR', { kind: 'text', defaultLength: 1 });
add('BINARY,VARBINARY', { kind: 'binary' });
add('BOOLEAN', { kind: 'fixed', canonical: 'BOOLEAN' });
add('DATE', { kind: 'fixed', canonical: 'DATE' });
add('VARIANT', { kind: 'fixed', canonical: 'VARIANT' });
add('OBJECT', { kind: 'fixed', canonical: 'OBJECT' });
add('ARRAY', { kind: 'fixed', canonical: 'ARRAY' });
add('GEOGRAPHY', { kind: 'fixed', canonical: 'GEOGRAPHY' });
add('GEOMETRY', { kind: 'fixed', canonical: 'GEOMETRY' });
add('TIME', { kind: 'fractional', base: 'TIME' });
// TIMESTAMP follows the default TIMESTAMP_TYPE_MAPPING (TIMESTAMP_NTZ); DATETIME is its alias.
add('TIMESTAMP,DATETIME,TIMESTAMP_NTZ,TIMESTAMPNTZ,TIMESTAMP WITHOUT TIME ZONE', {
  kind: 'fractional',
  base: 'TIMESTAMP_NTZ',
});
add('TIMESTAMP_LTZ,TIMESTAMPLTZ,TIMESTAMP WITH LOCAL TIME ZONE', { kind: 'fractional', base: 'TIMESTAMP_LTZ' });
add('TIMESTAMP_TZ,TIMESTAMPTZ,TIMESTAMP WITH TIME ZONE', { kind: 'fractional', base: 'TIMESTAMP_TZ' });
add('VECTOR', { kind: 'vector' });

const EXAMPLES = 'NUMBER(38,0), INT, FLOAT, VARCHAR(100), STRING, BOOLEAN, DATE, TIMESTAMP_NTZ, VARIANT';
const SHAPE = /^([A-Za-z][A-Za-z0-9_]*(?:[ \t]+[A-Za-z][A-Za-z0-9_]*)*)[ \t]*(?:\(([^()]*)\))?$/;
const NUMBERS = /^[ \t]*(\d{1,12})[ \t]*(?:,[ \t]*(\d{1,12})[ \t]*)?$/;
const VECTOR_ARGS = /^[ \t]*(INT|FLOAT)[ \t]*,[ \t]*(\d{1,12})[ \t]*$/i;

function show(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function bad(text: string, why: string): never {
  throw invalidInput(
    `The datatype ${show(text)} is not a Snowflake data type: ${why}.`,
    `Use a type name with optional (n) or (p,s), e.g. ${EXAMPLES}.`,
  );
}

function inRange(text: string, what: string, value: number, min: number, max: number): number {
  if (value < min || value > max) bad(text, `${what} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Parses a Snowflake data type; throws invalid_input for anything else. */
export function parseDataType(text: string): DataType {
  if (typeof text !== 'string' || text.trim() === '') bad(String(text ?? ''), 'it is empty');
  const source = text.trim();
  const m = source.length <= 200 ? SHAPE.exec(source) : null;
  if (!m) bad(text, 'expected a type name with an optional (n) or (p,s), and nothing else');
  const name = m[1].toUpperCase().replace(/[ \t]+/g, ' ');
  const family = FAMILIES[name];
  if (!family) bad(text, `unknown type name ${name}`);
  const inner = m[2];

  if (family.kind === 'vector') {
    const v = inner === undefined ? null : VECTOR_ARGS.exec(inner);
    if (!v) bad(text, 'VECTOR takes an element type and a dimension, e.g. VECTOR(FLOAT, 256)');
    const element = v[1].toUpperCase();
    const dim = inRange(text, 'the VECTOR dimension', Number(v[2]), 1, MAX_VECTOR);
    const sql = `VECTOR(${element}, ${dim})`;
    return { name, params: [dim], sql, canonical: sql, base: 'VECTOR' };
  }

  let params: number[] = [];
  if (inner !== undefined) {
    const p = NUMBERS.exec(inner);
    if (!p) bad(text, 'the parentheses must hold one or two whole numbers, e.g. (100) or (10,2)');
    params = p[2] === undefined ? [Number(p[1])] : [Number(p[1]), Number(p[2])];
  }
  const sql = params.length ? `${name}(${params.join(',')})` : name;
  const result = (canonical: string, base: string): DataType => ({ name, params, sql, canonical, base });
  const maxParams = (count: number) => {
    if (params.length > count) {
      bad(text, count === 0 ? `${name} takes no parameters` : `${name} takes at most ${count} parameter(s)`);
    }
  };

  switch (family.kind) {
    case 'number': {
      maxParams(2);
      const precision = params.length ? inRange(text, 'the precision', params[0], 1, 38) : 38;
      const scale = params.length > 1 ? inRange(text, 'the scale', params[1], 0, Math.min(precision, 37)) : 0;
      return result(`NUMBER(${precision},${scale})`, 'NUMBER');
    }
    case 'integer':
      maxParams(0);
      return result('NUMBER(38,0)', 'NUMBER');
    case 'fixed':
      maxParams(0);
      return result(family.canonical, family.canonical);
    case 'text': {
      maxParams(1);
      const length = params.length ? inRange(text, 'the length', params[0], 1, MAX_VARCHAR) : family.defaultLength;
      return result(`VARCHAR(${length})`, 'VARCHAR');
    }
    case 'binary': {
      maxParams(1);
      const length = params.length ? inRange(text, 'the length', params[0], 1, MAX_BINARY) : DEFAULT_BINARY;
      return result(`BINARY(${length})`, 'BINARY');
    }
    case 'fractional': {
      maxParams(1);
      const precision = params.length ? inRange(text, 'the fractional-seconds precision', params[0], 0, 9) : 9;
      return result(`${family.base}(${precision})`, family.base);
    }
  }
}
