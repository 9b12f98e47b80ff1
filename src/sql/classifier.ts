/**
 * Rates one SQL statement as read, write or destructive (DESIGN §3). run_sql and task bodies
 * both use it, and it decides whether a human must confirm. Anything it does not recognise
 * is destructive: a wrong "destructive" costs a confirmation, a wrong "read" could cost data.
 *
 * Callers run the returned `sql`, never the original text: it is the statement without
 * comments, so whatever this module saw is exactly what reaches Snowflake.
 */
import { invalidInput } from '../errors.js';
import { isKeyword, splitStatements, type Token, tokenizeInput } from './lexer.js';

export type StatementEffect = 'read' | 'write' | 'destructive';

export interface ClassifiedStatement {
  effect: StatementEffect;
  /** Leading keyword(s), uppercase: SELECT, CREATE OR REPLACE, COPY INTO, INSERT OVERWRITE, ... */
  verb: string;
  /** The statement without comments and without a trailing `;`; strings and bodies byte-exact. */
  sql: string;
}

/**
 * The source from the first to the last token with every comment replaced by one space, so
 * no comment can hide or swallow text after it; the tokens' own text is kept byte-exact.
 */
export function withoutComments(source: string, tokens: Token[]): string {
  let out = '';
  for (let k = 0; k < tokens.length; k++) {
    if (k > 0) {
      const gap = source.slice(tokens[k - 1].end, tokens[k].start);
      out += /^\s*$/.test(gap) ? gap : ' ';
    }
    out += source.slice(tokens[k].start, tokens[k].end);
  }
  return out;
}

// USE changes only the session's defaults, so it counts as a read; SET/UNSET write session variables.
const READ_VERBS = new Set(['SELECT', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'LIST', 'LS', 'USE']);
const WRITE_VERBS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'SET', 'UNSET']);

const word = (t: Token | undefined): string => (t?.type === 'word' ? t.value.toUpperCase() : '');
const isPunct = (t: Token | undefined, p: string): boolean => t?.type === 'punct' && t.value === p;

/** Index just past the parenthesised group that opens at `i`, or -1 when it does not close. */
function skipGroup(tokens: Token[], i: number): number {
  let depth = 0;
  for (let k = i; k < tokens.length; k++) {
    if (isPunct(tokens[k], '(')) depth++;
    else if (isPunct(tokens[k], ')') && --depth === 0) return k + 1;
  }
  return -1;
}

/**
 * Where the main statement after `WITH` common table expressions starts, or -1 when a CTE is
 * not a plain `name [(cols)] AS (query)`: anonymous procedures (`AS PROCEDURE`) and anything
 * unrecognised land there.
 */
function afterCtes(tokens: Token[], i: number): number {
  let k = i + 1;
  if (word(tokens[k]) === 'RECURSIVE') k++;
  for (;;) {
    if (tokens[k]?.type !== 'word' && tokens[k]?.type !== 'quoted') return -1;
    k++;
    if (isPunct(tokens[k], '(')) k = skipGroup(tokens, k);
    if (k < 0 || !isKeyword(tokens[k], 'AS') || !isPunct(tokens[k + 1], '(')) return -1;
    k = skipGroup(tokens, k + 1);
    if (k < 0) return -1;
    if (!isPunct(tokens[k], ',')) return k;
    k++;
  }
}

/** Table functions that only read: anything else in TABLE(...) may be a stored procedure. */
const READ_ONLY_TABLE_FUNCTIONS = new Set(
  (
    'FLATTEN GENERATOR RESULT_SCAN SPLIT_TO_TABLE STRTOK_SPLIT_TO_TABLE INFER_SCHEMA VALIDATE ' +
    'TASK_HISTORY TASK_DEPENDENTS COMPLETE_TASK_GRAPHS CURRENT_TASK_GRAPHS QUERY_HISTORY ' +
    'QUERY_HISTORY_BY_SESSION QUERY_HISTORY_BY_USER QUERY_HISTORY_BY_WAREHOUSE WAREHOUSE_LOAD_HISTORY ' +
    'WAREHOUSE_METERING_HISTORY COPY_HISTORY LOGIN_HISTORY LOGIN_HISTORY_BY_USER'
  ).split(' '),
);

/**
 * A call with side effects inside an otherwise harmless statement: a SYSTEM$ function,
 * IDENTIFIER(...) naming a function we cannot see, or TABLE(f(...)) where f may be a stored
 * procedure (Snowflake lets SELECT ... FROM TABLE(proc()) run one).
 */
function callsWithSideEffects(tokens: Token[]): boolean {
  return tokens.some((t, k) => {
    const next = tokens[k + 1];
    if (t.type === 'quoted') {
      // A quoted name is a column unless it is called: "SYSTEM$X"(...) is the function.
      return /^SYSTEM\$/i.test(t.value) && isPunct(next, '(');
    }
    if (t.type !== 'word') return false;
    if (/^SYSTEM\$/i.test(t.value)) return true;
    const upper = t.value.toUpperCase();
    if (upper === 'IDENTIFIER' && isPunct(next, '(')) {
      const arg = tokens[k + 2];
      return !(arg && (arg.type === 'string' || arg.type === 'quoted') && !/SYSTEM\$/i.test(arg.value));
    }
    if (upper === 'TABLE' && isPunct(next, '(')) {
      const parts: string[] = [];
      let j = k + 2;
      while (tokens[j]?.type === 'word' || tokens[j]?.type === 'quoted') {
        parts.push(tokens[j].type === 'word' ? tokens[j].value.toUpperCase() : tokens[j].value);
        j++;
        if (!isPunct(tokens[j], '.')) break;
        j++;
      }
      if (!isPunct(tokens[j], '(')) return false; // TABLE(name) or TABLE('name'): a table reference
      const fn = parts[parts.length - 1];
      const scope = parts.length === 1 || parts[parts.length - 2] === 'INFORMATION_SCHEMA';
      return !(scope && READ_ONLY_TABLE_FUNCTIONS.has(fn));
    }
    return false;
  });
}

/** seq.NEXTVAL advances a sequence: a read that uses it is a write. */
const advancesSequence = (tokens: Token[]): boolean =>
  tokens.some((t, k) => isKeyword(t, 'NEXTVAL') && isPunct(tokens[k - 1], '.'));

function rate(tokens: Token[]): { effect: StatementEffect; verb: string } {
  let i = 0;
  while (isPunct(tokens[i], '(')) i++;
  const first = word(tokens[i]);
  const second = word(tokens[i + 1]);
  if (!first) return { effect: 'destructive', verb: 'UNKNOWN' };

  switch (first) {
    case 'WITH': {
      // The main statement after the CTEs decides; an anonymous procedure never is a read.
      let main = afterCtes(tokens, i);
      while (main >= 0 && isPunct(tokens[main], '(')) main++;
      const inner = main < 0 ? '' : word(tokens[main]);
      if (['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(inner)) {
        return { effect: rate(tokens.slice(main)).effect, verb: first };
      }
      return { effect: 'destructive', verb: first };
    }
    case 'SELECT':
      // SELECT ... INTO is not Snowflake SQL outside scripting blocks; do not guess.
      return { effect: tokens.some((t) => isKeyword(t, 'INTO')) ? 'destructive' : 'read', verb: first };
    case 'CREATE':
      if (second === 'OR' && (word(tokens[i + 2]) === 'REPLACE' || word(tokens[i + 2]) === 'ALTER')) {
        return { effect: 'destructive', verb: `CREATE OR ${word(tokens[i + 2])}` };
      }
      return { effect: 'write', verb: first };
    case 'INSERT':
      // INSERT OVERWRITE truncates the table first.
      if (second === 'OVERWRITE') return { effect: 'destructive', verb: 'INSERT OVERWRITE' };
      return { effect: 'write', verb: first };
    case 'COPY': {
      if (second !== 'INTO') return { effect: 'destructive', verb: first };
      // COPY INTO @stage or 's3://...' unloads files, overwriting what is there.
      const target = tokens[i + 2];
      const intoTable = target?.type === 'word' || target?.type === 'quoted';
      return { effect: intoTable ? 'write' : 'destructive', verb: 'COPY INTO' };
    }
    case 'EXECUTE':
      return { effect: 'destructive', verb: second === 'IMMEDIATE' || second === 'TASK' ? `EXECUTE ${second}` : first };
  }
  if (READ_VERBS.has(first)) return { effect: 'read', verb: first };
  if (WRITE_VERBS.has(first)) return { effect: 'write', verb: first };
  return { effect: 'destructive', verb: first };
}

/**
 * Classifies exactly one statement. `subject` names what takes it, for messages
 * ("run_sql", "A task's sql definition").
 */
export function classifyStatement(sql: string, subject = 'run_sql'): ClassifiedStatement {
  if (typeof sql !== 'string') throw invalidInput(`${subject} takes one SQL statement as text.`);
  const tokens = tokenizeInput(sql, 'SQL');
  const statements = splitStatements(tokens);
  if (statements.length === 0) {
    throw invalidInput(`${subject} takes one statement, but the SQL is empty (or only comments).`, 'Give a statement.');
  }
  if (statements.length > 1) {
    throw invalidInput(
      `${subject} takes one statement, but this SQL has ${statements.length} separated by ';'.`,
      'Send each statement in its own call.',
    );
  }
  const statement = statements[0];
  const text = withoutComments(sql, statement);
  const chain = splitChain(statement);
  if (!chain) return { effect: 'destructive', verb: rate(statement).verb, sql: text };
  const parts = chain.map(rateOne);
  const effect = parts.reduce<StatementEffect>((worst, p) => (RANK[p.effect] > RANK[worst] ? p.effect : worst), 'read');
  return { effect, verb: parts.map((p) => p.verb).join(' ->> '), sql: text };
}

const RANK: Record<StatementEffect, number> = { read: 0, write: 1, destructive: 2 };

function rateOne(tokens: Token[]): { effect: StatementEffect; verb: string } {
  const { effect, verb } = rate(tokens);
  if (effect !== 'destructive' && callsWithSideEffects(tokens)) return { effect: 'destructive', verb };
  if (effect === 'read' && advancesSequence(tokens)) return { effect: 'write', verb };
  return { effect, verb };
}

/**
 * Splits a `a ->> b ->> c` pipe chain (Snowflake runs every part, so each is rated), or null
 * when `->>` shows up inside parentheses, which is nothing we understand.
 */
function splitChain(tokens: Token[]): Token[][] | null {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    if (isPunct(t, '->>')) {
      if (depth !== 0) return null;
      parts.push([]);
    } else parts[parts.length - 1].push(t);
  }
  return parts;
}
