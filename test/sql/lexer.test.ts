import { describe, expect, it } from 'vitest';
import { SnowopsError } from '../../src/errors.js';
import { isKeyword, LexError, splitStatements, tokenize, tokenizeInput } from '../../src/sql/lexer.js';

const brief = (sql: string) => tokenize(sql).map((t) => `${t.type}:${t.value}`);

function lexError(sql: string): LexError {
  try {
    tokenize(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(LexError);
    return e as LexError;
  }
  throw new Error(`lexed ${JSON.stringify(sql)}`);
}

describe('tokenize: single-quoted strings', () => {
  it.each([
    ["'abc'", 'abc'],
    ["''", ''],
    ["'it''s'", "it's"],
    ["''''", "'"],
    ["'a\\'b'", "a'b"],
    ["'a\\\\b'", 'a\\b'],
    ["'\\n\\t\\r\\b\\f'", '\n\t\r\b\f'],
    ["'\\0'", '\0'],
    ["'\\101\\x42\\u0043'", 'ABC'],
    ["'\\u00e9\\u4e16'", 'é世'],
    ["'\\q\\%'", 'q%'],
    ["'\\x4'", 'x4'],
    ["'; -- /* $$ \"'", '; -- /* $$ "'],
    ["'multi\nline'", 'multi\nline'],
    ["'unicode 世界 🎉'", 'unicode 世界 🎉'],
  ])('%s -> %j', (sql, value) => {
    const tokens = tokenize(sql);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ type: 'string', value, start: 0, end: sql.length });
  });

  it.each(["'open", "'ends with escaped quote\\'", "'a''"])('refuses the unterminated %j', (sql) => {
    expect(lexError(sql).message).toBe('unterminated string literal');
  });
});

describe('tokenize: quoted names and $$ bodies', () => {
  it.each([
    ['"My Table"', 'My Table'],
    ['"a""b"', 'a"b'],
    ['"a\\"', 'a\\'],
    ['"; DROP TABLE t; --"', '; DROP TABLE t; --'],
    ['"$$"', '$$'],
  ])('quoted %s -> %j', (sql, value) => {
    expect(tokenize(sql)).toEqual([{ type: 'quoted', value, start: 0, end: sql.length, line: 1 }]);
  });

  it('refuses an unterminated quoted name', () => {
    expect(lexError('"open').message).toBe('unterminated quoted identifier');
  });

  it.each([
    ['$$body$$', 'body'],
    ['$$$$', ''],
    ["$$ it's \\n ; -- /* $$", " it's \\n ; -- /* "],
    ['$$a\nb$$', 'a\nb'],
    ['$$$a$$', '$a'],
  ])('body %j -> %j, no escapes inside', (sql, value) => {
    expect(tokenize(sql)).toEqual([{ type: 'dollar', value, start: 0, end: sql.length, line: 1 }]);
  });

  it('refuses an unterminated body', () => {
    expect(lexError('SELECT $$ open').message).toBe('unterminated $$ body');
  });
});

describe('tokenize: comments and white space', () => {
  it.each([
    ['a -- c\nb', ['word:a', 'word:b']],
    ['a // c\nb', ['word:a', 'word:b']],
    ['a /* c \n d */ b', ['word:a', 'word:b']],
    ['a/**/b', ['word:a', 'word:b']],
    ['a /*/ x /*/ b', ['word:a', 'word:b']],
    ['a -- c\rb', ['word:a', 'word:b']],
    ['a -- ; b', ['word:a']],
    ['a\f\vb', ['word:a', 'word:b']],
    ["'--' -- '", ['string:--']],
  ])('%j', (sql, tokens) => {
    expect(brief(sql)).toEqual(tokens);
  });

  it('refuses an unterminated block comment', () => {
    expect(lexError('a /* open').message).toBe('unterminated comment');
  });
});

describe('tokenize: words, numbers, binds, stages, punctuation', () => {
  it('reads words with $ and unicode, and $variables', () => {
    expect(brief('a$$b SYSTEM$X café $var $1 _x')).toEqual([
      'word:a$$b',
      'word:SYSTEM$X',
      'word:café',
      'word:$var',
      'word:$1',
      'word:_x',
    ]);
  });

  it('reads numbers', () => {
    expect(brief('1 1.5 .5 1. 1e5 2E-3 1x')).toEqual([
      'number:1',
      'number:1.5',
      'number:.5',
      'number:1.',
      'number:1e5',
      'number:2E-3',
      'number:1',
      'word:x',
    ]);
  });

  it('reads binds', () => {
    expect(brief('? :1 :a')).toEqual(['bind:?', 'bind::1', 'punct::', 'word:a']);
  });

  it('reads stage references', () => {
    expect(brief('@db.s.st/p/a.csv, @~/x @%t @"a b;c"/d;')).toEqual([
      'stage:db.s.st/p/a.csv',
      'punct:,',
      'stage:~/x',
      'stage:%t',
      'stage:"a b;c"/d',
      'punct:;',
    ]);
  });

  it('refuses an unterminated quote in a stage reference instead of swallowing the rest', () => {
    expect(lexError('LIST @"open; DROP TABLE t').message).toBe('unterminated quoted identifier');
  });

  it('reads the longest operator', () => {
    expect(brief('a::b => c -> d <=> e != f <> g || h <= i >= j ->> k')).toEqual([
      'word:a',
      'punct:::',
      'word:b',
      'punct:=>',
      'word:c',
      'punct:->',
      'word:d',
      'punct:<=>',
      'word:e',
      'punct:!=',
      'word:f',
      'punct:<>',
      'word:g',
      'punct:||',
      'word:h',
      'punct:<=',
      'word:i',
      'punct:>=',
      'word:j',
      'punct:->>',
      'word:k',
    ]);
  });

  it.each(['a # b', 'a ` b', 'a $ b', 'a \\ b'])('refuses an unexpected character in %j', (sql) => {
    expect(lexError(sql).message).toMatch(/^unexpected character/);
  });
});

describe('tokenize: positions', () => {
  it('gives offsets and 1-based lines across multi-line tokens and comments', () => {
    const sql = 'a\n  \'x\ny\' b -- c\n"q" /* \n */ $$\n$$ c';
    const tokens = tokenize(sql);
    expect(tokens.map((t) => [t.type, t.line, t.start, t.end])).toEqual([
      ['word', 1, 0, 1],
      ['string', 2, 4, 9],
      ['word', 3, 10, 11],
      ['quoted', 4, 17, 20],
      ['dollar', 5, 29, 34],
      ['word', 6, 35, 36],
    ]);
    for (const t of tokens) expect(sql.slice(t.start, t.end).length).toBe(t.end - t.start);
    expect(sql.slice(tokens[1].start, tokens[1].end)).toBe("'x\ny'");
  });

  it('reports the line and 0-based position of an error', () => {
    const e = lexError("a\n  b 'open");
    expect([e.line, e.position]).toEqual([2, 4]);
    const f = lexError('x /* a\n b */ y\n  #');
    expect([f.line, f.position]).toEqual([3, 2]);
  });
});

describe('helpers', () => {
  it('isKeyword matches unquoted words case-insensitively', () => {
    const [w, q, s] = tokenize('select "SELECT" \'SELECT\'');
    expect(isKeyword(w, 'SELECT')).toBe(true);
    expect(isKeyword(q, 'SELECT')).toBe(false);
    expect(isKeyword(s, 'SELECT')).toBe(false);
    expect(isKeyword(undefined, 'SELECT')).toBe(false);
  });

  it('splitStatements splits at top-level semicolons and drops empty ones', () => {
    const parts = splitStatements(tokenize('a \'x;y\'; ;b "c;d" $$;$$;;'));
    expect(parts.map((p) => p.map((t) => t.value))).toEqual([
      ['a', 'x;y'],
      ['b', 'c;d', ';'],
    ]);
  });

  it('tokenizeInput turns a lexing error into invalid_input with the position', () => {
    try {
      tokenizeInput("x\n 'open", 'definition');
      throw new Error('lexed');
    } catch (e) {
      expect(e).toBeInstanceOf(SnowopsError);
      expect((e as SnowopsError).code).toBe('invalid_input');
      expect((e as SnowopsError).message).toBe(
        'The definition does not parse: unterminated string literal (line 2, position 1).',
      );
    }
  });
});
