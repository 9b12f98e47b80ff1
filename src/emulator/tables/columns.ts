/**
 * Column definitions as CREATE TABLE and ALTER TABLE ADD write them:
 * `name type [COLLATE 'c'] [COMMENT 'x'] [DEFAULT literal|fn()] [NOT NULL | NULL]
 *  [[CONSTRAINT n] PRIMARY KEY | UNIQUE | REFERENCES t (c)]`, and out-of-line constraints.
 * Types are canonicalised the way DESCRIBE TABLE reports them (INT -> NUMBER(38,0)).
 */

import { isSnowopsError } from '../../errors.js';
import { parseDataType } from '../../sql/datatypes.js';
import { compilationError, unsupported } from '../errors.js';
import type { Parser } from '../parser.js';
import { upperOutsideQuotes } from '../statements/system.js';

export interface ColumnDef {
  name: string;
  /** Canonical type, as DESCRIBE TABLE shows it: NUMBER(38,0), VARCHAR(16777216). */
  type: string;
  nullable: boolean;
  /** The default expression as Snowflake shows it, or null. */
  default: string | null;
  comment: string | null;
  collation?: string | null;
}

export interface ConstraintDef {
  /** null: the system names it SYS_CONSTRAINT_<uuid> when stored. */
  name: string | null;
  type: 'PRIMARY KEY' | 'UNIQUE' | 'FOREIGN KEY';
  columns: string[];
  references?: { table: string[]; columns: string[] };
}

/** Words that end a type and begin a column option. */
export const OPTION_WORDS = new Set(
  'NOT NULL DEFAULT PRIMARY UNIQUE COMMENT COLLATE CONSTRAINT REFERENCES FOREIGN AUTOINCREMENT IDENTITY WITH MASKING TAG CHECK AS PROJECTION'.split(
    ' ',
  ),
);

/** Functions a DEFAULT may call (no arguments). */
export const DEFAULT_FUNCTIONS = new Set([
  'CURRENT_TIMESTAMP',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'LOCALTIMESTAMP',
  'LOCALTIME',
  'SYSDATE',
  'GETDATE',
  'SYSTIMESTAMP',
  'CURRENT_USER',
  'CURRENT_ROLE',
]);

/** Reads a data type (one or more words, optional parenthesised numbers) and canonicalises it. */
export function parseType(p: Parser): string {
  const start = p.pos;
  const first = p.peek();
  if (first?.type !== 'word') throw p.fail();
  p.next();
  for (;;) {
    // TIMESTAMP WITH [LOCAL] TIME ZONE is a type, not a WITH clause.
    if (p.acceptKw('WITH LOCAL TIME ZONE') || p.acceptKw('WITH TIME ZONE') || p.acceptKw('WITHOUT TIME ZONE')) continue;
    if (p.peek()?.type === 'word' && !OPTION_WORDS.has(p.peek()!.value.toUpperCase())) p.next();
    else break;
  }
  if (p.acceptPunct('(')) {
    while (!p.isPunct(')')) {
      if (p.atEnd()) throw p.fail();
      p.next();
    }
    p.next();
  }
  const text = p.textFrom(start);
  try {
    return parseDataType(text).canonical;
  } catch (e) {
    if (isSnowopsError(e)) throw compilationError(`Unsupported data type '${text.toUpperCase()}'.`, '002040', '42601');
    throw e;
  }
}

/** A DEFAULT expression: a literal or one of DEFAULT_FUNCTIONS; returns its shown text. */
function parseDefault(p: Parser): string {
  const start = p.pos;
  const t = p.peek();
  if (t?.type === 'word' && DEFAULT_FUNCTIONS.has(t.value.toUpperCase())) {
    p.next();
    if (p.acceptPunct('(')) {
      if (p.peek()?.type === 'number') p.next();
      p.expectPunct(')');
    }
    const text = upperOutsideQuotes(p.textFrom(start));
    return text.endsWith(')') ? text : `${text}()`;
  }
  if (t?.type === 'word' && (p.isPunct('(', 1) || p.isPunct('.', 1))) {
    throw unsupported(`DEFAULT ${p.source.slice(t.start, t.end).toUpperCase()}`);
  }
  const lit = p.literal();
  if (lit.type === 'word') throw p.fail(p.tokens[p.pos - 1]);
  const text = p.textFrom(start);
  return lit.type === 'string' ? text : text.toUpperCase();
}

/** `(a, b)` as stored names. */
export function parseNameList(p: Parser): string[] {
  p.expectPunct('(');
  const names = [p.name()];
  while (p.acceptPunct(',')) names.push(p.name());
  p.expectPunct(')');
  return names;
}

/** `PRIMARY KEY (..) | UNIQUE (..) | FOREIGN KEY (..) REFERENCES t [(..)]`, after an optional CONSTRAINT name. */
export function parseOutOfLineConstraint(p: Parser): ConstraintDef {
  const name = p.acceptKw('CONSTRAINT') ? p.name() : null;
  let c: ConstraintDef;
  if (p.acceptKw('PRIMARY KEY')) c = { name, type: 'PRIMARY KEY', columns: parseNameList(p) };
  else if (p.acceptKw('UNIQUE')) c = { name, type: 'UNIQUE', columns: parseNameList(p) };
  else if (p.acceptKw('FOREIGN KEY')) {
    const columns = parseNameList(p);
    p.expectKw('REFERENCES');
    const table = p.qualifiedName(3);
    c = { name, type: 'FOREIGN KEY', columns, references: { table, columns: p.isPunct('(') ? parseNameList(p) : [] } };
  } else throw p.fail();
  skipConstraintProperties(p);
  return c;
}

/** ENFORCED / NOT ENFORCED / RELY / NORELY / VALIDATE / NOVALIDATE / ENABLE / DISABLE are informational. */
function skipConstraintProperties(p: Parser): void {
  for (;;) {
    if (p.acceptKw('NOT ENFORCED') || p.acceptKw('NOT DEFERRABLE')) continue;
    if (p.acceptOneOf('ENFORCED', 'DEFERRABLE', 'RELY', 'NORELY', 'VALIDATE', 'NOVALIDATE', 'ENABLE', 'DISABLE'))
      continue;
    if (p.acceptKw('INITIALLY DEFERRED') || p.acceptKw('INITIALLY IMMEDIATE')) continue;
    return;
  }
}

export interface ParsedColumn {
  column: ColumnDef;
  /** Inline constraints, with the column as their only column. */
  constraints: ConstraintDef[];
}

/** One column definition, stopping at `,` or `)`. */
export function parseColumnDef(p: Parser): ParsedColumn {
  const name = p.name();
  const type = parseType(p);
  const column: ColumnDef = { name, type, nullable: true, default: null, comment: null };
  const constraints: ConstraintDef[] = [];
  for (;;) {
    if (p.acceptKw('NOT NULL')) column.nullable = false;
    else if (p.acceptKw('NULL')) column.nullable = true;
    else if (p.acceptKw('DEFAULT')) column.default = parseDefault(p);
    else if (p.acceptKw('COMMENT')) column.comment = p.string();
    else if (p.acceptKw('COLLATE')) column.collation = p.string();
    else if (p.isKw('AUTOINCREMENT') || p.isKw('IDENTITY')) throw unsupported('AUTOINCREMENT / IDENTITY columns');
    else if (p.isKw('WITH') || p.isKw('MASKING') || p.isKw('TAG') || p.isKw('PROJECTION')) {
      throw unsupported('column policies and tags');
    } else if (p.isKw('AS')) throw unsupported('virtual columns');
    else if (p.isKw('CONSTRAINT') || p.isKw('PRIMARY') || p.isKw('UNIQUE') || p.isKw('REFERENCES')) {
      const cname = p.acceptKw('CONSTRAINT') ? p.name() : null;
      if (p.acceptKw('PRIMARY KEY')) constraints.push({ name: cname, type: 'PRIMARY KEY', columns: [name] });
      else if (p.acceptKw('UNIQUE')) constraints.push({ name: cname, type: 'UNIQUE', columns: [name] });
      else if (p.acceptKw('FOREIGN KEY') || p.acceptKw('REFERENCES')) {
        if (p.tokens[p.pos - 1].value.toUpperCase() === 'KEY') p.expectKw('REFERENCES');
        const table = p.qualifiedName(3);
        const refColumns = p.isPunct('(') ? parseNameList(p) : [];
        constraints.push({
          name: cname,
          type: 'FOREIGN KEY',
          columns: [name],
          references: { table, columns: refColumns },
        });
      } else throw p.fail();
      skipConstraintProperties(p);
    } else break;
  }
  return { column, constraints };
}

/** True when the next tokens start an out-of-line constraint rather than a column. */
export function atOutOfLineConstraint(p: Parser): boolean {
  return (
    p.isKw('CONSTRAINT') || p.isKw('PRIMARY KEY') || (p.isKw('UNIQUE') && p.isPunct('(', 1)) || p.isKw('FOREIGN KEY')
  );
}
