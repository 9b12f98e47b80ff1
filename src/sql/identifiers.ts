/**
 * The one place where names and literals become SQL text. Rules follow Snowflake and
 * snowflake.core's normalize_name:
 * - a plain identifier (^[A-Za-z_][A-Za-z0-9_$]*$) is case-insensitive and stored uppercase;
 * - an already double-quoted name is kept as written (inner quotes must be doubled);
 * - anything else is taken literally and emitted double-quoted, inner `"` doubled.
 *
 * Two forms of a name travel through snowops: the *stored* name (what SHOW prints, what
 * models return: `PYTHON_API_DB`, `My Table`) and its *SQL* form (`PYTHON_API_DB`,
 * `"My Table"`). `parseName` turns user text into the stored name; `ident` turns a stored
 * name into SQL.
 */
import { invalidInput } from '../errors.js';

export const MAX_IDENTIFIER_LENGTH = 255;

const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const STORED_PLAIN = /^[A-Z_][A-Z0-9_$]*$/;
// Control characters (C0, DEL, C1) are never part of a name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of this pattern
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Invisible formatting (zero-width, bidirectional overrides, line separators) lets two names
// look the same in Slack and in a plan while being different objects.
const INVISIBLE = /[\p{Cf}\u2028\u2029]/u;

/**
 * Words that cannot stand unquoted as an identifier in Snowflake (its reserved keywords).
 * A stored name equal to one of them is emitted quoted.
 */
const RESERVED = new Set(
  (
    'ACCOUNT ALL ALTER AND ANY AS BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONNECTION ' +
    'CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER ' +
    'DATABASE DELETE DISTINCT DROP ELSE EXISTS FALSE FOLLOWING FOR FROM FULL GRANT GROUP ' +
    'GSCLUSTER HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ISSUE JOIN LATERAL ' +
    'LEFT LIKE LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION ' +
    'QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE SCHEMA SELECT SET SOME START TABLE ' +
    'TABLESAMPLE THEN TO TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE USING VALUES VIEW WHEN ' +
    'WHENEVER WHERE WITH'
  ).split(' '),
);

function describe(what: string, text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return `${what} ${JSON.stringify(shown)}`;
}

/**
 * Turns a name as a user wrote it into the name Snowflake stores.
 * `python_api_db` -> `PYTHON_API_DB`; `"My Table"` -> `My Table`; `my table` -> `my table`.
 * Throws invalid_input for empty or blank names, control characters, badly quoted names and
 * names longer than 255 characters.
 */
export function parseName(text: string, what = 'name'): string {
  if (typeof text !== 'string' || text.trim() === '') {
    throw invalidInput(`The ${what} is empty.`, `Give a ${what}, e.g. MY_OBJECT.`);
  }
  if (CONTROL.test(text)) {
    throw invalidInput(
      `${describe(`The ${what}`, text)} contains a control character (newline, tab, NUL or similar).`,
      'Names may not contain control characters; remove them.',
    );
  }
  const invisible = INVISIBLE.exec(text);
  if (invisible) {
    const code = invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw invalidInput(
      `${describe(`The ${what}`, text)} contains an invisible formatting character (U+${code}).`,
      'Names may not contain zero-width or text-direction characters; remove them.',
    );
  }
  let stored: string;
  if (PLAIN.test(text)) {
    stored = text.toUpperCase();
  } else if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    const inner = text.slice(1, -1);
    if (inner.replace(/""/g, '').includes('"')) {
      throw invalidInput(
        `${describe(`The ${what}`, text)} is double-quoted but has an undoubled quote inside.`,
        'Inside a double-quoted name write a quote as two quotes (""), or pass the name unquoted.',
      );
    }
    stored = inner.replace(/""/g, '"');
    if (stored.trim() === '') {
      throw invalidInput(`The ${what} is blank.`, `Give a ${what}, e.g. MY_OBJECT.`);
    }
  } else {
    stored = text;
  }
  if ([...stored].length > MAX_IDENTIFIER_LENGTH) {
    throw invalidInput(
      `The ${what} is ${[...stored].length} characters long; Snowflake allows at most ${MAX_IDENTIFIER_LENGTH}.`,
      'Use a shorter name.',
    );
  }
  return stored;
}

/**
 * For objects Snowflake does not allow quoted (compute pools, services and a service's
 * database and schema): accepts plain identifiers only and returns the stored (uppercase) name.
 */
export function parsePlainName(text: string, what: string): string {
  const stored = parseName(text, what);
  if (!STORED_PLAIN.test(stored)) {
    throw invalidInput(
      `${describe(`The ${what}`, text)} is not a plain identifier; Snowflake does not support quoted or case-sensitive names here.`,
      'Use letters, digits, _ and $ only, starting with a letter or _ (it is stored uppercase).',
    );
  }
  return stored;
}

/** The SQL form of a stored name: bare when Snowflake would resolve it unchanged, else quoted. */
export function ident(stored: string): string {
  if (STORED_PLAIN.test(stored) && !RESERVED.has(stored)) return stored;
  return `"${stored.replace(/"/g, '""')}"`;
}

/** `db.schema.name` in SQL form from stored parts. */
export function qualified(...stored: string[]): string {
  return stored.map(ident).join('.');
}

/** Whether a stored name is a plain identifier (no quoting needed, or only for a keyword). */
export function isPlainStoredName(stored: string): boolean {
  return STORED_PLAIN.test(stored);
}

/**
 * Splits a qualified name written by a person (`db.schema."My Table"`) into stored parts,
 * honouring double quotes. Throws unless it has exactly `parts` parts (or between min and max).
 */
export function parseQualifiedName(text: string, parts: number | [number, number], what = 'name'): string[] {
  const [min, max] = typeof parts === 'number' ? [parts, parts] : parts;
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      if (quoted && text[i + 1] === '"') {
        current += '""';
        i++;
        continue;
      }
      quoted = !quoted;
      current += ch;
    } else if (ch === '.' && !quoted) {
      pieces.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quoted) {
    throw invalidInput(
      `${describe(`The ${what}`, text)} has an unclosed double quote.`,
      'Close the quote: "My Table".',
    );
  }
  pieces.push(current);
  if (pieces.length < min || pieces.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw invalidInput(
      `${describe(`The ${what}`, text)} has ${pieces.length} part(s); expected ${want} separated by dots.`,
      min === 3 ? 'Write it as database.schema.name.' : min === 2 ? 'Write it as database.schema.' : undefined,
    );
  }
  return pieces.map((p) => parseName(p, what));
}

function checkText(value: string): void {
  if (CONTROL.test(value.replace(/[\n\r\t]/g, ''))) {
    // Newlines and tabs are fine inside literals (specs, code); other control characters are not.
    throw invalidInput('A text value contains a control character.', 'Remove control characters from the value.');
  }
}

/** A single-quoted string literal: `'` doubled and backslashes escaped, as Snowflake reads them. */
export function quoteString(value: string): string {
  checkText(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A body as `$$...$$` when that is safe (no `$$` inside), else as a quoted string literal. */
export function dollarQuote(body: string): string {
  checkText(body);
  return body.includes('$$') || body.endsWith('$') ? quoteString(body) : `$$${body}$$`;
}
