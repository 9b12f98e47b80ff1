/**
 * Snowflake's errors as the emulator raises them: the six-digit code, the SQLSTATE and the
 * message text Snowflake prints, so a user sees the same error from either backend.
 */
import { randomBytes } from 'node:crypto';
import { qualified } from '../sql/identifiers.js';
import type { Token } from '../sql/lexer.js';

/** A query id in Snowflake's shape: `01b2c3d4-0000-4a5b-0000-00123456789a`. */
export function newQueryId(): string {
  const h = randomBytes(16).toString('hex');
  return `01${h.slice(0, 6)}-0000-${h.slice(6, 10)}-0000-${h.slice(10, 22)}`;
}

export class EmulatorSqlError extends Error {
  /** Filled in by the engine when the statement fails. */
  queryId = '';
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorSqlError';
  }
}

const COMPILATION = 'SQL compilation error:\n';

/** 001003: `syntax error line L at position P unexpected 'X'.` (P is 0-based within the line). */
export function syntaxError(token: Token | undefined, source: string): EmulatorSqlError {
  if (!token) {
    const lines = source.split('\n');
    return new EmulatorSqlError(
      '001003',
      '42000',
      `${COMPILATION}syntax error line ${lines.length} at position ${lines[lines.length - 1].length} unexpected '<EOF>'.`,
    );
  }
  const lineStart = source.lastIndexOf('\n', token.start - 1) + 1;
  const text = source.slice(token.start, token.end);
  return new EmulatorSqlError(
    '001003',
    '42000',
    `${COMPILATION}syntax error line ${token.line} at position ${token.start - lineStart} unexpected '${text}'.`,
  );
}

/** 001003 for a lexing failure (unterminated string and the like). */
export function lexError(line: number, position: number, what: string): EmulatorSqlError {
  return new EmulatorSqlError(
    '001003',
    '42000',
    `${COMPILATION}syntax error line ${line} at position ${position} ${what}.`,
  );
}

/** How a name appears inside an error message: its SQL form, parts joined by dots. */
export function shown(...parts: string[]): string {
  return qualified(...parts);
}

/** 002002: `Object 'X' already exists.` (label lets a kind say e.g. "Warehouse"). */
export function alreadyExists(name: string, label = 'Object'): EmulatorSqlError {
  return new EmulatorSqlError('002002', '42710', `${COMPILATION}${label} '${name}' already exists.`);
}

/** 002003: `<Label> 'X' does not exist or not authorized.` */
export function doesNotExist(label: string, name: string): EmulatorSqlError {
  return new EmulatorSqlError('002003', '02000', `${COMPILATION}${label} '${name}' does not exist or not authorized.`);
}

/**
 * UNDROP with nothing to restore: `Table T did not exist or was purged.` Snowflake documents
 * the message only; 002003 (02000), its code for missing objects, is a best guess.
 */
export function didNotExistOrPurged(label: string, name: string): EmulatorSqlError {
  return new EmulatorSqlError('002003', '02000', `${COMPILATION}${label} ${name} did not exist or was purged.`);
}

/** 002043: SHOW ... IN SCHEMA with no current database, and similar. */
export function cannotPerform(): EmulatorSqlError {
  return new EmulatorSqlError(
    '002043',
    '02000',
    `${COMPILATION}Object does not exist, or operation cannot be performed.`,
  );
}

/** 090105: a statement that needs a current database or schema ran without one. */
export function noCurrent(what: 'database' | 'schema'): EmulatorSqlError {
  return new EmulatorSqlError(
    '090105',
    '22000',
    `Cannot perform ${'CREATE'} ${what === 'database' ? 'SCHEMA' : 'TABLE'}. This session does not have a current ${what}. Call 'USE ${what.toUpperCase()}', or use a qualified name.`,
  );
}

/** A compilation error with free text (invalid values, bad options). */
export function compilationError(text: string, code = '002029', sqlState = '42601'): EmulatorSqlError {
  return new EmulatorSqlError(code, sqlState, `${COMPILATION}${text}`);
}

/** 000002 (0A000): the statement is valid Snowflake but the local emulator does not run it. */
export function unsupported(statement: string): EmulatorSqlError {
  return new EmulatorSqlError(
    '000002',
    '0A000',
    `Unsupported feature '${statement}': the local Snowflake emulator does not support this statement.`,
  );
}
