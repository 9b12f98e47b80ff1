/**
 * `KEY = value` property lists as CREATE/ALTER statements write them (separated by blanks or
 * commas). Each kind declares which keys it takes and how each value parses.
 */
import { compilationError } from './errors.js';
import type { Literal, Parser } from './parser.js';

export type PropValue = string | number | boolean | null;
export type PropParser = (p: Parser, key: string) => PropValue;

function bad(key: string, lit: Literal): Error {
  const v = lit.type === 'null' ? 'NULL' : lit.type === 'string' ? `'${lit.value}'` : String(lit.value);
  return compilationError(`invalid value [${v}] for parameter '${key}'`, '002063', '22023');
}

export const prop = {
  string: ((p, key) => {
    const lit = p.literal();
    if (lit.type === 'string') return lit.value;
    if (lit.type === 'null') return null;
    throw bad(key, lit);
  }) as PropParser,
  /** A non-negative integer; NULL allowed where Snowflake allows it (AUTO_SUSPEND). */
  integer: ((p, key) => {
    const lit = p.literal();
    if (lit.type === 'number' && Number.isInteger(lit.value) && lit.value >= 0) return lit.value;
    if (lit.type === 'null') return null;
    if (lit.type === 'string' && /^\d+$/.test(lit.value)) return Number(lit.value);
    throw bad(key, lit);
  }) as PropParser,
  boolean: ((p, key) => {
    const lit = p.literal();
    if (lit.type === 'boolean') return lit.value;
    if (lit.type === 'string' && /^(true|false)$/i.test(lit.value)) return lit.value.toLowerCase() === 'true';
    throw bad(key, lit);
  }) as PropParser,
  /** A bare word or quoted string, returned uppercase (sizes, types, policies). */
  word: ((p, key) => {
    const lit = p.literal();
    if (lit.type === 'word') return lit.value.toUpperCase();
    if (lit.type === 'string') return lit.value.toUpperCase();
    throw bad(key, lit);
  }) as PropParser,
};

/**
 * Reads `KEY = value` pairs while the next word is one of `spec`'s keys. Stops at anything
 * else (the caller decides whether that is the end or a syntax error).
 */
export function parseProps(p: Parser, spec: Record<string, PropParser>): Record<string, PropValue> {
  const out: Record<string, PropValue> = {};
  for (;;) {
    const t = p.peek();
    const key = t?.type === 'word' ? t.value.toUpperCase() : undefined;
    if (key === undefined || !(key in spec) || !p.isPunct('=', 1)) {
      if (p.isPunct(',') && p.peek(1)?.type === 'word' && p.peek(1)!.value.toUpperCase() in spec) {
        p.next();
        continue;
      }
      return out;
    }
    p.next();
    p.expectPunct('=');
    out[key] = spec[key](p, key);
    p.acceptPunct(',');
  }
}

/** `UNSET A, B` — the keys named, each checked against the spec. */
export function parseUnset(p: Parser, spec: Record<string, unknown>): string[] {
  const keys: string[] = [];
  do {
    const t = p.peek();
    if (t?.type !== 'word' || !(t.value.toUpperCase() in spec)) throw p.fail();
    keys.push(t.value.toUpperCase());
    p.next();
  } while (p.acceptPunct(','));
  return keys;
}
