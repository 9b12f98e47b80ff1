/**
 * A cursor over the shared lexer's tokens with the helpers every statement parser needs.
 * Every failure is Snowflake's 001003 syntax error pointing at the offending token.
 */
import { LexError, type Token, tokenize } from '../sql/lexer.js';
import { compilationError, lexError, syntaxError } from './errors.js';

/** A literal value as written: strings, numbers, TRUE/FALSE, NULL, or a bare word. */
export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number; text: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  | { type: 'word'; value: string };

export function lex(sql: string): Token[] {
  try {
    return tokenize(sql);
  } catch (e) {
    if (e instanceof LexError) throw lexError(e.line, e.position, e.message);
    throw e;
  }
}

export class Parser {
  pos = 0;
  constructor(
    readonly tokens: Token[],
    readonly source: string,
  ) {}

  static of(sql: string): Parser {
    return new Parser(lex(sql), sql);
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw this.fail();
    this.pos++;
    return t;
  }

  /** The syntax error Snowflake reports at the current token (or at end of input). */
  fail(at: Token | undefined = this.peek()): Error {
    return syntaxError(at, this.source);
  }

  /** True when the next tokens are these keywords (each may be a phrase like 'IF NOT EXISTS'). */
  isKw(phrase: string, offset = 0): boolean {
    const words = phrase.split(' ');
    return words.every((w, i) => {
      const t = this.tokens[this.pos + offset + i];
      return t !== undefined && t.type === 'word' && t.value.toUpperCase() === w;
    });
  }

  acceptKw(phrase: string): boolean {
    if (!this.isKw(phrase)) return false;
    this.pos += phrase.split(' ').length;
    return true;
  }

  expectKw(phrase: string): void {
    for (const w of phrase.split(' ')) {
      if (!this.isKw(w)) throw this.fail();
      this.pos++;
    }
  }

  /** Accepts the first of the given keywords present and returns it (uppercase), else null. */
  acceptOneOf(...keywords: string[]): string | null {
    for (const k of keywords) if (this.acceptKw(k)) return k;
    return null;
  }

  expectOneOf(...keywords: string[]): string {
    const k = this.acceptOneOf(...keywords);
    if (k === null) throw this.fail();
    return k;
  }

  isPunct(p: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t !== undefined && t.type === 'punct' && t.value === p;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.pos++;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw this.fail();
  }

  /** Requires the end of the statement. */
  end(): void {
    if (!this.atEnd()) throw this.fail();
  }

  /** One identifier as Snowflake stores it: unquoted words uppercased, quoted names exact. */
  name(): string {
    const t = this.peek();
    if (t?.type === 'word') {
      this.pos++;
      return checkLength(t.value.toUpperCase());
    }
    if (t?.type === 'quoted') {
      if (t.value === '') throw compilationError('zero-length delimited identifier', '001003', '42000');
      this.pos++;
      return checkLength(t.value);
    }
    throw this.fail();
  }

  isName(offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && (t.type === 'word' || t.type === 'quoted');
  }

  /** `a`, `a.b` or `a.b.c` (up to `max` parts) as stored names. */
  qualifiedName(max = 3): string[] {
    const parts = [this.name()];
    while (parts.length < max && this.isPunct('.')) {
      this.pos++;
      parts.push(this.name());
    }
    return parts;
  }

  string(): string {
    const t = this.peek();
    if (t?.type !== 'string' && t?.type !== 'dollar') throw this.fail();
    this.pos++;
    return t.value;
  }

  /** An integer, optionally signed. */
  integer(): number {
    const negative = this.acceptPunct('-');
    const t = this.peek();
    if (t?.type !== 'number' || !/^\d+$/.test(t.value)) throw this.fail();
    this.pos++;
    return negative ? -Number(t.value) : Number(t.value);
  }

  /** A literal or bare word, as property values are written (`= 'x'`, `= 60`, `= TRUE`, `= SMALL`). */
  literal(): Literal {
    const t = this.peek();
    if (!t) throw this.fail();
    if (t.type === 'string' || t.type === 'dollar') {
      this.pos++;
      return { type: 'string', value: t.value };
    }
    if (t.type === 'number' || (t.type === 'punct' && t.value === '-' && this.peek(1)?.type === 'number')) {
      const negative = this.acceptPunct('-');
      const n = this.next();
      const text = (negative ? '-' : '') + n.value;
      return { type: 'number', value: Number(text), text };
    }
    if (t.type === 'word') {
      this.pos++;
      const up = t.value.toUpperCase();
      if (up === 'TRUE' || up === 'FALSE') return { type: 'boolean', value: up === 'TRUE' };
      if (up === 'NULL') return { type: 'null' };
      return { type: 'word', value: up };
    }
    if (t.type === 'quoted') {
      this.pos++;
      return { type: 'word', value: t.value };
    }
    throw this.fail();
  }

  /** The source text from token index `from` up to (not including) the current token. */
  textFrom(from: number): string {
    if (from >= this.pos) return '';
    return this.source.slice(this.tokens[from].start, this.tokens[this.pos - 1].end);
  }
}

function checkLength(stored: string): string {
  if ([...stored].length > 255) {
    throw compilationError(`identifier '${stored.slice(0, 32)}...' is too long`, '001003', '42000');
  }
  return stored;
}
