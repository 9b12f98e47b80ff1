/**
 * Pieces every kind's CREATE statement shares. Only validated values reach these: names in
 * stored form (quoted here through ident/qualified), numbers checked as integers, text through
 * quoteString.
 */
import { invalidInput } from '../errors.js';
import { qualified, quoteString } from '../sql/identifiers.js';

/** How a CREATE treats an existing object, in SQL terms (error_if_exists is plain). */
export type SqlMode = 'plain' | 'or_replace' | 'if_not_exists';

/** The tool-level mode (snowflake.core's CreateMode) to the SQL form. */
export function sqlMode(mode: 'error_if_exists' | 'or_replace' | 'if_not_exists' | undefined): SqlMode {
  return mode === 'or_replace' || mode === 'if_not_exists' ? mode : 'plain';
}

/** `CREATE [OR REPLACE] [<modifier> ]<KEYWORD> [IF NOT EXISTS] <name>` */
export function createHead(mode: SqlMode, keyword: string, names: string[], modifier?: string): string {
  return [
    'CREATE',
    mode === 'or_replace' ? 'OR REPLACE' : null,
    modifier ?? null,
    keyword,
    mode === 'if_not_exists' ? 'IF NOT EXISTS' : null,
    qualified(...names),
  ]
    .filter((p) => p !== null)
    .join(' ');
}

/** A whole number within bounds, as SQL text. */
export function intLiteral(value: number, what: string, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(`The ${what} must be a whole number from ${min} to ${max}; got ${value}.`);
  }
  return String(value);
}

export function boolLiteral(value: boolean): string {
  return value ? 'TRUE' : 'FALSE';
}

/** `COMMENT = '<text>'` (object comments) or, with eq false, `COMMENT '<text>'` (columns). */
export function commentClause(comment: string | undefined, eq = true): string | null {
  if (comment === undefined) return null;
  return `COMMENT ${eq ? '= ' : ''}${quoteString(comment)}`;
}

/** Joins the non-null parts with single spaces. */
export function clauses(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
}
