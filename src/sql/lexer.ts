/**
 * Snowflake's lexical rules, shared by the statement classifier and the emulator's parser so
 * both agree on where strings, quoted names, dollar-quoted bodies and comments begin and end.
 */
import { invalidInput } from '../errors.js';

export type TokenType =
  | 'word' // unquoted identifier or keyword: letters, digits, _ and $
  | 'quoted' // "double-quoted identifier" (value: the stored name, "" undone)
  | 'string' // 'single-quoted literal' (value: the text, escapes undone)
  | 'dollar' // $$dollar-quoted body$$ (value: the body)
  | 'number'
  | 'bind' // ? or :1 placeholder
  | 'stage' // @stage reference, e.g. @db.schema.stage/path (value without the @)
  | 'punct'; // operators and punctuation: ( ) , . ; = < > <= >= <> != || :: + - * / % => -> ->>

export interface Token {
  type: TokenType;
  /** For word: the text as written; for quoted/string/dollar: the decoded content. */
  value: string;
  /** Offset of the token's first character in the source. */
  start: number;
  end: number;
  /** 1-based line of the token's first character. */
  line: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const PUNCT3 = ['<=>', '->>'];
const PUNCT2 = ['<=', '>=', '<>', '!=', '||', '::', '=>', '->'];
const PUNCT1 = '(),.;=<>+-*/%[]{}:!^|&~';
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/** Where a lexing error happened, in Snowflake's terms. */
export class LexError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly position: number,
  ) {
    super(message);
  }
}

/**
 * Splits SQL text into tokens, dropping comments (`--`, `//`, `/* *\/`) and white space.
 * Throws LexError for an unterminated string, quoted name, body or comment.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = sql.length;
  const advanceLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (sql[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
  };
  const fail = (what: string, at: number): never => {
    throw new LexError(what, line, at - lineStart);
  };

  while (i < n) {
    const ch = sql[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\f' || ch === '\v') {
      if (ch === '\n') {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    if ((ch === '-' && sql[i + 1] === '-') || (ch === '/' && sql[i + 1] === '/')) {
      // A bare carriage return ends the comment too: never hide text Snowflake may run.
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) fail('unterminated comment', i);
      advanceLines(i, close + 2);
      i = close + 2;
      continue;
    }
    const start = i;
    const startLine = line;
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) fail('unterminated string literal', start);
        const c = sql[i];
        if (c === '\\' && i + 1 < n) {
          // Snowflake's escapes: \ooo octal, \xhh, \uhhhh, the C letters; any other char stands for itself.
          const code = /^(?:[0-7]{3}|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4})/.exec(sql.slice(i + 1, i + 6))?.[0];
          if (code) {
            value += String.fromCharCode(
              code[0] === 'x' || code[0] === 'u' ? parseInt(code.slice(1), 16) : parseInt(code, 8),
            );
            i += 1 + code.length;
            continue;
          }
          const e = sql[i + 1];
          value += ESCAPES[e] ?? e;
          i += 2;
        } else if (c === "'") {
          if (sql[i + 1] === "'") {
            value += "'";
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          value += c;
          i++;
        }
      }
      advanceLines(start, i);
      tokens.push({ type: 'string', value, start, end: i, line: startLine });
      continue;
    }
    if (ch === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) fail('unterminated quoted identifier', start);
        if (sql[i] === '"') {
          if (sql[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          value += sql[i];
          i++;
        }
      }
      advanceLines(start, i);
      tokens.push({ type: 'quoted', value, start, end: i, line: startLine });
      continue;
    }
    if (ch === '$' && sql[i + 1] === '$') {
      const close = sql.indexOf('$$', i + 2);
      if (close < 0) fail('unterminated $$ body', start);
      advanceLines(start, close + 2);
      tokens.push({ type: 'dollar', value: sql.slice(i + 2, close), start, end: close + 2, line: startLine });
      i = close + 2;
      continue;
    }
    if (ch === '@') {
      i++;
      while (i < n && !/[\s,;()]/.test(sql[i])) {
        if (sql[i] === '"') {
          const close = sql.indexOf('"', i + 1);
          if (close < 0) fail('unterminated quoted identifier', i);
          i = close + 1;
        } else i++;
      }
      tokens.push({ type: 'stage', value: sql.slice(start + 1, i), start, end: i, line: startLine });
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      while (i < n && /[0-9]/.test(sql[i])) i++;
      if (sql[i] === '.' && /[0-9]/.test(sql[i + 1] ?? '')) {
        i++;
        while (i < n && /[0-9]/.test(sql[i])) i++;
      } else if (sql[i] === '.' && !/[A-Za-z_]/.test(sql[i + 1] ?? '')) {
        i++;
      }
      if (/[eE]/.test(sql[i] ?? '') && /[-+0-9]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < n && /[0-9]/.test(sql[i])) i++;
      }
      tokens.push({ type: 'number', value: sql.slice(start, i), start, end: i, line: startLine });
      continue;
    }
    // $name (a session variable) and $1 (a staged file's column) read as words.
    if (WORD_START.test(ch) || (ch === '$' && /[A-Za-z0-9_]/.test(sql[i + 1] ?? ''))) {
      i++;
      while (i < n && WORD_PART.test(sql[i])) i++;
      tokens.push({ type: 'word', value: sql.slice(start, i), start, end: i, line: startLine });
      continue;
    }
    if (ch === '?') {
      i++;
      tokens.push({ type: 'bind', value: '?', start, end: i, line: startLine });
      continue;
    }
    if (ch === ':' && /[0-9]/.test(sql[i + 1] ?? '')) {
      i++;
      while (i < n && /[0-9]/.test(sql[i])) i++;
      tokens.push({ type: 'bind', value: sql.slice(start, i), start, end: i, line: startLine });
      continue;
    }
    const three = sql.slice(i, i + 3);
    const two = sql.slice(i, i + 2);
    const punct = PUNCT3.includes(three) ? three : PUNCT2.includes(two) ? two : PUNCT1.includes(ch) ? ch : null;
    if (punct === null) fail(`unexpected character '${ch}'`, i);
    i += (punct as string).length;
    tokens.push({ type: 'punct', value: punct as string, start, end: i, line: startLine });
  }
  return tokens;
}

/** True when the token is the given keyword (case-insensitive, unquoted words only). */
export function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token !== undefined && token.type === 'word' && token.value.toUpperCase() === keyword;
}

/**
 * Splits source text into statements at top-level semicolons, returning each statement's
 * tokens. Empty statements (`;;`, a trailing `;`) are dropped.
 */
export function splitStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.type === 'punct' && t.value === ';') {
      if (current.length) out.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length) out.push(current);
  return out;
}

/** tokenize() for user input: a lexing error becomes invalid_input with the position. */
export function tokenizeInput(sql: string, what = 'SQL'): Token[] {
  try {
    return tokenize(sql);
  } catch (e) {
    if (e instanceof LexError) {
      throw invalidInput(`The ${what} does not parse: ${e.message} (line ${e.line}, position ${e.position}).`);
    }
    throw e;
  }
}
