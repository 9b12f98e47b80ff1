/**
 * CREATE TASK / ALTER TASK grammar: properties, AFTER, WHEN, AS <body>. The body is kept as
 * text; an anonymous procedure body (`WITH p AS PROCEDURE ... CALL p(...)`) is checked here
 * so a malformed one fails at CREATE, as Snowflake compiles it there.
 */
import type { Token } from '../../sql/lexer.js';
import { compilationError } from '../errors.js';
import type { Literal, Parser } from '../parser.js';
import { parseSchedule, ScheduleError } from './cron.js';

export type ParamValue = string | number | boolean | null;

export interface TaskClauses {
  warehouse?: string;
  managedSize?: string;
  schedule?: string;
  comment?: string | null;
  finalize?: string[];
  params: Record<string, ParamValue>;
  after?: string[][];
  when?: string;
  body?: string;
}

const STOP = new Set(['AFTER', 'WHEN', 'AS']);

function literalValue(lit: Literal): ParamValue {
  switch (lit.type) {
    case 'string':
    case 'word':
      return lit.value;
    case 'number':
      return lit.value;
    case 'boolean':
      return lit.value;
    case 'null':
      return null;
  }
}

function badValue(key: string, shownValue: string): Error {
  return compilationError(`invalid value [${shownValue}] for parameter '${key}'`, '002063', '22023');
}

/** Checks a SCHEDULE string as Snowflake does at CREATE/ALTER time. */
export function checkSchedule(text: string): string {
  try {
    parseSchedule(text);
  } catch (e) {
    if (e instanceof ScheduleError) throw badValue('SCHEDULE', `'${text}': ${e.message}`);
    throw e;
  }
  return text.trim();
}

/**
 * `KEY = value` pairs (blank or comma separated) until AFTER / WHEN / AS / end. WAREHOUSE,
 * the serverless size, SCHEDULE, COMMENT and FINALIZE have a meaning of their own; any other
 * key (CONFIG, USER_TASK_TIMEOUT_MS, session parameters) is kept as a parameter.
 */
export function parseTaskProps(p: Parser, c: TaskClauses, allowFinalize = true): void {
  for (;;) {
    p.acceptPunct(',');
    const t = p.peek();
    if (t?.type !== 'word' || STOP.has(t.value.toUpperCase()) || !p.isPunct('=', 1)) return;
    const key = t.value.toUpperCase();
    p.next();
    p.expectPunct('=');
    if (key === 'WAREHOUSE') {
      const lit = p.literal();
      if (lit.type !== 'word' && lit.type !== 'string') throw badValue(key, String(literalValue(lit)));
      c.warehouse = lit.value;
    } else if (key === 'USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE') {
      const lit = p.literal();
      if (lit.type !== 'word' && lit.type !== 'string') throw badValue(key, String(literalValue(lit)));
      c.managedSize = lit.value.toUpperCase();
    } else if (key === 'SCHEDULE') {
      c.schedule = checkSchedule(p.string());
    } else if (key === 'COMMENT') {
      const lit = p.literal();
      c.comment = lit.type === 'null' ? null : String(literalValue(lit));
    } else if (key === 'FINALIZE') {
      if (!allowFinalize) throw p.fail(t);
      c.finalize = p.qualifiedName(3);
    } else {
      c.params[key] = literalValue(p.literal());
    }
    if (c.warehouse !== undefined && c.managedSize !== undefined) {
      throw compilationError('Cannot specify both WAREHOUSE and USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE.');
    }
  }
}

/** `a, db.s.b, ...` */
export function parseNameList(p: Parser): string[][] {
  const out = [p.qualifiedName(3)];
  while (p.acceptPunct(',')) out.push(p.qualifiedName(3));
  return out;
}

/** The WHEN expression: tokens up to a top-level AS (or the end). */
export function parseWhen(p: Parser, untilAs: boolean): string {
  const from = p.pos;
  let depth = 0;
  while (!p.atEnd()) {
    const t = p.peek()!;
    if (t.type === 'punct' && t.value === '(') depth++;
    if (t.type === 'punct' && t.value === ')') depth--;
    if (untilAs && depth === 0 && t.type === 'word' && t.value.toUpperCase() === 'AS') break;
    p.next();
  }
  if (p.pos === from) throw p.fail();
  return p.textFrom(from);
}

/** `AS <body>`: everything to the end of the statement, checked when it is an anonymous procedure. */
export function parseBody(p: Parser): string {
  if (p.atEnd()) throw p.fail();
  const from = p.pos;
  checkAnonymousProcedure(p);
  p.pos = p.tokens.length;
  return p.textFrom(from);
}

/** The whole clause list of CREATE TASK after the name. */
export function parseCreateClauses(p: Parser): TaskClauses {
  const c: TaskClauses = { params: {} };
  if (p.isKw('WITH TAG') || p.isKw('TAG'))
    throw compilationError('Tags are not supported by the local emulator.', '000002', '0A000');
  parseTaskProps(p, c);
  if (p.acceptKw('AFTER')) c.after = parseNameList(p);
  if (p.acceptKw('WHEN')) c.when = parseWhen(p, true);
  p.expectKw('AS');
  c.body = parseBody(p);
  return c;
}

// ---- anonymous procedures -----------------------------------------------------------------

export interface AnonymousProcedure {
  name: string;
  language: string;
  handler: string | null;
}

function isWord(t: Token | undefined, w: string): boolean {
  return t?.type === 'word' && t.value.toUpperCase() === w;
}

/**
 * When the parser is at `WITH <name> AS PROCEDURE`, parses the whole construct
 * (`(args) RETURNS <type> LANGUAGE <lang> [props] AS <body> CALL <name>(args)`) and returns it;
 * otherwise returns null and consumes nothing.
 */
export function parseAnonymousProcedure(p: Parser): AnonymousProcedure | null {
  if (!(isWord(p.peek(), 'WITH') && p.isName(1) && isWord(p.peek(2), 'AS') && isWord(p.peek(3), 'PROCEDURE')))
    return null;
  p.next();
  const name = p.name();
  p.expectKw('AS PROCEDURE');
  p.expectPunct('(');
  let depth = 1;
  while (depth > 0) {
    const t = p.next();
    if (t.type === 'punct' && t.value === '(') depth++;
    if (t.type === 'punct' && t.value === ')') depth--;
  }
  p.expectKw('RETURNS');
  let language = '';
  let handler: string | null = null;
  // Return type, language and properties, up to the body.
  while (!p.isKw('AS')) {
    const t = p.next();
    if (isWord(t, 'LANGUAGE')) language = p.next().value.toUpperCase();
    if (isWord(t, 'HANDLER') && p.acceptPunct('=')) handler = p.string();
  }
  p.expectKw('AS');
  p.string();
  if (!language) throw p.fail();
  p.expectKw('CALL');
  const called = p.name();
  if (called !== name) throw compilationError(`Unknown function ${called}`, '002140', '42601');
  p.expectPunct('(');
  depth = 1;
  while (depth > 0) {
    const t = p.next();
    if (t.type === 'punct' && t.value === '(') depth++;
    if (t.type === 'punct' && t.value === ')') depth--;
  }
  p.end();
  return { name, language, handler };
}

function checkAnonymousProcedure(p: Parser): void {
  const at = p.pos;
  parseAnonymousProcedure(p);
  p.pos = at;
}
