/**
 * Snowflake refuses quoted (case-sensitive or special-character) names for compute pools and
 * services, and for the database and schema a service lives in. A quoted name that reads the
 * same unquoted ("MYPOOL") is the same identifier and passes.
 */
import { compilationError } from '../errors.js';
import type { Parser } from '../parser.js';

const PLAIN = /^[A-Z_][A-Z0-9_$]*$/;

export function checkPlain(stored: string, what: string): string {
  if (!PLAIN.test(stored)) {
    throw compilationError(
      `Invalid identifier '"${stored.replace(/"/g, '""')}"' for ${what}: quoted names for special characters or case-sensitive names are not supported.`,
      '001003',
      '42000',
    );
  }
  return stored;
}

/** One name, refused unless plain. */
export function plainName(p: Parser, what: string): string {
  return checkPlain(p.name(), what);
}
