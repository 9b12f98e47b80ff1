/**
 * Validators for the fields that are SQL by nature (DESIGN §2): a column default, cluster_by
 * entries, a task's WHEN condition and procedure-call arguments. Each returns the text to
 * emit, rebuilt from what it recognised, or throws invalid_input saying what is allowed.
 */
import { invalidInput } from '../errors.js';
import { withoutComments } from './classifier.js';
import { ident, parseName, quoteString } from './identifiers.js';
import { isKeyword, tokenizeInput } from './lexer.js';

function show(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DEFAULT_FUNCTIONS = [
  'CURRENT_TIMESTAMP',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_USER',
  'CURRENT_ROLE',
  'SYSDATE',
  'UUID_STRING',
  'LOCALTIMESTAMP',
];
const DEFAULT_CALL = /^([A-Za-z_]+)[ \t]*(?:\([ \t]*\))?$/;

/**
 * A column DEFAULT: a number, a 'string' (re-quoted), TRUE, FALSE, NULL or one of a few
 * argument-less functions (emitted with parentheses).
 */
export function parseDefault(text: string): string {
  const source = typeof text === 'string' ? text.trim() : '';
  if (source.length > 0 && source.length <= 100 && NUMERIC.test(source)) return source;
  const upper = source.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE' || upper === 'NULL') return upper;
  const call = DEFAULT_CALL.exec(source);
  if (call && DEFAULT_FUNCTIONS.includes(call[1].toUpperCase())) return `${call[1].toUpperCase()}()`;
  if (source.startsWith("'")) {
    let tokens: ReturnType<typeof tokenizeInput> = [];
    try {
      tokens = tokenizeInput(source, 'default');
    } catch {
      // reported below with the allowed forms
    }
    if (tokens.length === 1 && tokens[0].type === 'string' && tokens[0].end === source.length) {
      return quoteString(tokens[0].value);
    }
  }
  throw invalidInput(
    `The default ${show(String(text ?? ''))} is not allowed: a default must be a number, a 'quoted string', ` +
      `TRUE, FALSE, NULL or one of ${DEFAULT_FUNCTIONS.map((f) => `${f}()`).join(', ')}.`,
    "Write text defaults in single quotes, e.g. 'unknown' (double any quote inside: 'it''s').",
  );
}

/** cluster_by entries are column names: each becomes its SQL identifier. */
export function parseClusterBy(entries: string[]): string[] {
  if (!Array.isArray(entries)) throw invalidInput('cluster_by must be a list of column names.');
  return entries.map((e) => ident(parseName(e, 'cluster_by column')));
}

const STATEMENT_WORDS = new Set(
  (
    'SELECT INSERT UPDATE DELETE MERGE CREATE DROP ALTER CALL EXECUTE GRANT REVOKE TRUNCATE COPY ' +
    'PUT GET USE SET UNSET BEGIN COMMIT ROLLBACK WITH SHOW DESCRIBE DESC EXPLAIN LIST LS REMOVE RM ' +
    'UNDROP DECLARE START'
  ).split(' '),
);
const CONDITION_FUNCTIONS = new Set(['SYSTEM$STREAM_HAS_DATA', 'SYSTEM$GET_PREDECESSOR_RETURN_VALUE']);

/**
 * A task's WHEN condition: one boolean expression. Returned without comments, so nothing in
 * it can hide the rest of the CREATE TASK statement it is placed into.
 */
export function parseCondition(text: string): string {
  const refuse = (why: string): never => {
    throw invalidInput(
      `The condition ${show(String(text ?? ''))} is not allowed: ${why}.`,
      "A condition is one boolean expression, e.g. SYSTEM$STREAM_HAS_DATA('MY_STREAM') or " +
        "SYSTEM$GET_PREDECESSOR_RETURN_VALUE('TASK_A') = 'ok'.",
    );
  };
  if (typeof text !== 'string' || text.trim() === '') refuse('it is empty');
  const tokens = tokenizeInput(text, 'condition');
  if (tokens.length === 0) refuse('it is empty');
  const first = tokens[0];
  if (first.type === 'word' && STATEMENT_WORDS.has(first.value.toUpperCase())) {
    refuse(`it starts with ${first.value.toUpperCase()}, a statement, not an expression`);
  }
  let depth = 0;
  for (const t of tokens) {
    if (t.type === 'punct' && t.value === ';') refuse("it contains ';' (one expression only)");
    if (t.type === 'bind' || t.type === 'stage')
      refuse(`${t.type === 'bind' ? 'binds' : 'stage references'} do not belong in it`);
    if (t.type === 'punct' && t.value === '(') depth++;
    if (t.type === 'punct' && t.value === ')' && --depth < 0) refuse("a ')' has no matching '('");
    // AS outside parentheses would end the WHEN clause and start the task body.
    if (depth === 0 && isKeyword(t, 'AS')) refuse('AS is only allowed inside parentheses, e.g. CAST(x AS INT)');
    if (t.type === 'word' && /^SYSTEM\$/i.test(t.value) && !CONDITION_FUNCTIONS.has(t.value.toUpperCase())) {
      refuse(`${t.value.toUpperCase()} is not one of ${[...CONDITION_FUNCTIONS].join(', ')}`);
    }
  }
  if (depth !== 0) refuse(`${depth} '(' not closed`);
  return withoutComments(text, tokens);
}

/** A SQL literal for a procedure argument. */
export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw invalidInput(
        `The argument ${value} is not a finite number.`,
        'Pass a finite number, a string, a boolean or null.',
      );
    }
    return String(value);
  }
  if (typeof value === 'string') return quoteString(value);
  throw invalidInput(
    `An argument of type ${Array.isArray(value) ? 'array' : typeof value} cannot be passed.`,
    'Pass a string, a number, a boolean or null.',
  );
}
