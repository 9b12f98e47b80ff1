import { describe, expect, it } from 'vitest';
import { SnowopsError } from '../../src/errors.js';
import {
  dollarQuote,
  ident,
  isPlainStoredName,
  MAX_IDENTIFIER_LENGTH,
  parseName,
  parsePlainName,
  parseQualifiedName,
  qualified,
  quoteString,
} from '../../src/sql/identifiers.js';
import { tokenize } from '../../src/sql/lexer.js';

function refused(fn: () => unknown): SnowopsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SnowopsError);
    expect((e as SnowopsError).code).toBe('invalid_input');
    return e as SnowopsError;
  }
  throw new Error('accepted');
}

/** What Snowflake would resolve a SQL identifier to: its stored name. */
function storedBySql(sql: string): string {
  const tokens = tokenize(sql);
  expect(tokens).toHaveLength(1);
  return tokens[0].type === 'word' ? tokens[0].value.toUpperCase() : tokens[0].value;
}

const HOSTILE = [
  'a"b',
  '"; DROP TABLE t; --',
  'x; DROP DATABASE d',
  'a -- b',
  'a /* b */',
  '$$ body $$',
  "it's",
  'back\\slash',
  'My Table',
  'schéma',
  '表',
  '🎉 party',
  'select',
  'a.b',
  '   padded   ',
];

describe('parseName: DESIGN §2 rules', () => {
  it.each([
    ['python_api_db', 'PYTHON_API_DB'],
    ['Python_Api_Db', 'PYTHON_API_DB'],
    ['_x1$', '_X1$'],
    ['a', 'A'],
  ])('a plain identifier %j is case-insensitive and stored uppercase: %j', (text, stored) => {
    expect(parseName(text)).toBe(stored);
  });

  it.each([
    ['"My Table"', 'My Table'],
    ['"lower"', 'lower'],
    ['"UPPER"', 'UPPER'],
    ['"a""b"', 'a"b'],
    ['""""', '"'],
    ['"a.b"', 'a.b'],
    ['"  x  "', '  x  '],
  ])('an already double-quoted name %j is kept: %j', (text, stored) => {
    expect(parseName(text)).toBe(stored);
  });

  it.each([
    ['my table', 'my table'],
    ['1abc', '1abc'],
    ['a-b', 'a-b'],
    ['a"b', 'a"b'],
    ['"abc', '"abc'],
    ['abc"', 'abc"'],
    ['"', '"'],
    ['schéma', 'schéma'],
    [' abc ', ' abc '],
  ])('anything else %j is taken literally: %j', (text, stored) => {
    expect(parseName(text)).toBe(stored);
  });

  it('refuses a double-quoted name with an undoubled quote inside', () => {
    const e = refused(() => parseName('"a"b"', 'table name'));
    expect(e.message).toBe('The table name "\\"a\\"b\\"" is double-quoted but has an undoubled quote inside.');
    expect(e.hint).toContain('two quotes');
  });

  it.each(['', ' ', '\t ', '""', '"   "'])('refuses empty or blank %j', (text) => {
    expect(refused(() => parseName(text, 'database name')).message).toMatch(/^The database name is (empty|blank)\.$/);
  });

  it.each(['a\u0000b', 'a\nb', '"a\nb"', 'a\tb', 'a\rb', '\u001b[31m', 'a\u007fb', 'a\u0085b'])(
    'refuses control characters %j',
    (text) => {
      expect(refused(() => parseName(text)).message).toContain('control character');
    },
  );

  it.each([
    ['P\u200bROD_DB', '200B'],
    ['PROD\u202eBD_', '202E'],
    ['\ufeffPROD', 'FEFF'],
    ['a\u2028b', '2028'],
    ['"x\u2066y"', '2066'],
  ])('refuses invisible formatting characters %j (U+%s)', (text, code) => {
    expect(refused(() => parseName(text)).message).toContain(`invisible formatting character (U+${code})`);
  });

  it('allows 255 characters and refuses 256, quoted or not', () => {
    expect(MAX_IDENTIFIER_LENGTH).toBe(255);
    expect(parseName('a'.repeat(255))).toBe('A'.repeat(255));
    expect(parseName(`"${'b'.repeat(255)}"`)).toBe('b'.repeat(255));
    expect(parseName('é'.repeat(255))).toBe('é'.repeat(255));
    expect(parseName('🎉'.repeat(255))).toBe('🎉'.repeat(255));
    expect(refused(() => parseName('a'.repeat(256))).message).toBe(
      'The name is 256 characters long; Snowflake allows at most 255.',
    );
    refused(() => parseName(`"${'b'.repeat(256)}"`));
    refused(() => parseName('🎉'.repeat(256)));
  });

  it('shortens long names in messages', () => {
    const e = refused(() => parseName(`${'x'.repeat(300)}\n`));
    expect(e.message).toContain(`${'x'.repeat(60)}…`);
    expect(e.message.length).toBeLessThan(200);
  });

  it('refuses values that are not strings', () => {
    refused(() => parseName(undefined as unknown as string));
    refused(() => parseName(5 as unknown as string));
  });
});

describe('parsePlainName', () => {
  it('accepts plain identifiers, stored uppercase', () => {
    expect(parsePlainName('tutorial_compute_pool', 'compute pool name')).toBe('TUTORIAL_COMPUTE_POOL');
    expect(parsePlainName('"ALREADY_UPPER"', 'compute pool name')).toBe('ALREADY_UPPER');
  });

  it.each(['"Mixed Case"', '"lower"', 'my pool', 'a-b', 'schéma'])(
    'refuses %j, saying quoted names are not supported',
    (text) => {
      const e = refused(() => parsePlainName(text, 'compute pool name'));
      expect(e.message).toContain(
        'is not a plain identifier; Snowflake does not support quoted or case-sensitive names here',
      );
    },
  );

  it('keeps the general rules', () => {
    expect(refused(() => parsePlainName('', 'service name')).message).toBe('The service name is empty.');
    refused(() => parsePlainName('A'.repeat(256), 'service name'));
  });
});

describe('ident and qualified', () => {
  it.each([
    ['PYTHON_API_DB', 'PYTHON_API_DB'],
    ['_X1$', '_X1$'],
    ['My Table', '"My Table"'],
    ['lower', '"lower"'],
    ['a"b', '"a""b"'],
    ['"', '""""'],
    ['1ABC', '"1ABC"'],
    ['SELECT', '"SELECT"'],
    ['TABLE', '"TABLE"'],
    ['select', '"select"'],
    ['CURRENT_DATE', '"CURRENT_DATE"'],
  ])('%j -> %s', (stored, sql) => {
    expect(ident(stored)).toBe(sql);
  });

  it('a reserved word typed unquoted is stored uppercase and emitted quoted', () => {
    expect(ident(parseName('select'))).toBe('"SELECT"');
    expect(ident(parseName('"select"'))).toBe('"select"');
  });

  it.each(HOSTILE)('round-trips the hostile name %j: the SQL names exactly the stored name', (text) => {
    const stored = parseName(text);
    const sql = ident(stored);
    expect(storedBySql(sql)).toBe(stored);
  });

  it('joins parts with dots, each quoted on its own', () => {
    expect(qualified('PYTHON_API_DB', 'PUBLIC', 'My Table')).toBe('PYTHON_API_DB.PUBLIC."My Table"');
    expect(qualified('a.b', 'C')).toBe('"a.b".C');
    const tokens = tokenize(qualified('X', 'y;z', 'W"'));
    expect(tokens.map((t) => t.value)).toEqual(['X', '.', 'y;z', '.', 'W"']);
  });

  it('knows plain stored names', () => {
    expect(isPlainStoredName('ABC_1')).toBe(true);
    expect(isPlainStoredName('SELECT')).toBe(true);
    expect(isPlainStoredName('abc')).toBe(false);
    expect(isPlainStoredName('A B')).toBe(false);
  });
});

describe('parseQualifiedName', () => {
  it.each([
    ['db.schema."My Table"', 3, ['DB', 'SCHEMA', 'My Table']],
    ['"My.DB"."My.Schema"."Table.1"', 3, ['My.DB', 'My.Schema', 'Table.1']],
    ['"a""b".c', 2, ['a"b', 'C']],
    ['python_api_db', 1, ['PYTHON_API_DB']],
  ] as const)('%j with %d parts', (text, parts, stored) => {
    expect(parseQualifiedName(text, parts)).toEqual(stored);
  });

  it('accepts a range of part counts', () => {
    expect(parseQualifiedName('a.b', [1, 3])).toEqual(['A', 'B']);
    expect(parseQualifiedName('a', [1, 3])).toEqual(['A']);
  });

  it('refuses the wrong number of parts, saying the expected form', () => {
    const e = refused(() => parseQualifiedName('a.b', 3, 'table'));
    expect(e.message).toBe('The table "a.b" has 2 part(s); expected 3 separated by dots.');
    expect(e.hint).toBe('Write it as database.schema.name.');
    expect(refused(() => parseQualifiedName('a.b.c.d', [1, 3])).message).toContain('expected 1 to 3');
    expect(refused(() => parseQualifiedName('a', 2)).hint).toBe('Write it as database.schema.');
  });

  it('refuses an unclosed quote', () => {
    expect(refused(() => parseQualifiedName('db."open', 2)).message).toContain('has an unclosed double quote');
  });

  it('refuses empty parts and bad parts', () => {
    expect(refused(() => parseQualifiedName('a..b', 3)).message).toBe('The name is empty.');
    refused(() => parseQualifiedName('a.b\n.c', 3));
    refused(() => parseQualifiedName(`a.b.${'c'.repeat(256)}`, 3));
  });
});

describe('quoteString', () => {
  it.each([
    ['abc', "'abc'"],
    ["it's", "'it''s'"],
    ['a\\b', "'a\\\\b'"],
    ["\\'", "'\\\\'''"],
    ['', "''"],
    ['line\nbreak\ttab\r', "'line\nbreak\ttab\r'"],
  ])('%j -> %s', (value, sql) => {
    expect(quoteString(value)).toBe(sql);
  });

  it.each([
    ...HOSTILE,
    "'; DROP TABLE t; --",
    "\\'; DROP TABLE t; --",
    'x\\',
    '$$',
    "'''",
    'multi\nline -- with comment\n/* and */',
  ])('reads back as exactly %j', (value) => {
    const tokens = tokenize(quoteString(value));
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ type: 'string', value });
  });

  it.each(['\u0000', 'a\u0007b', '\u001b', '\u007f', '\u009b'])('refuses the control character in %j', (value) => {
    expect(refused(() => quoteString(value)).message).toBe('A text value contains a control character.');
  });
});

describe('dollarQuote', () => {
  it.each([
    ['SELECT 1', '$$SELECT 1$$'],
    ['', '$$$$'],
    ["it's \\ raw", "$$it's \\ raw$$"],
    ['$a', '$$$a$$'],
  ])('uses $$ when the body has no $$: %j', (body, sql) => {
    expect(dollarQuote(body)).toBe(sql);
  });

  it.each([
    ['a $$ b', "'a $$ b'"],
    ['ends with $', "'ends with $'"],
    ["$$'; DROP TABLE t; --$$", "'$$''; DROP TABLE t; --$$'"],
  ])('falls back to a quoted literal otherwise: %j', (body, sql) => {
    expect(dollarQuote(body)).toBe(sql);
  });

  it.each([
    'def run(session):\n    return "ok"\n',
    'a $$ b',
    'x$',
    '$',
    '$$',
    "quote ' and backslash \\",
    '/* not a comment */ -- nor this',
  ])('reads back as exactly %j', (body) => {
    const tokens = tokenize(dollarQuote(body));
    expect(tokens).toHaveLength(1);
    expect(tokens[0].value).toBe(body);
  });

  it('refuses control characters like quoteString', () => {
    refused(() => dollarQuote('a\u0000b'));
  });
});
