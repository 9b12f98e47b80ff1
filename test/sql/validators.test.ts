import { describe, expect, it } from 'vitest';
import { SnowopsError } from '../../src/errors.js';
import { tokenize } from '../../src/sql/lexer.js';
import { literal, parseClusterBy, parseCondition, parseDefault } from '../../src/sql/validators.js';

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

describe('parseDefault', () => {
  it.each([
    ['0', '0'],
    ['42', '42'],
    [' -1.5 ', '-1.5'],
    ['+3', '+3'],
    ['.5', '.5'],
    ['1e10', '1e10'],
    ['6.02E-23', '6.02E-23'],
    ['true', 'TRUE'],
    ['False', 'FALSE'],
    ['null', 'NULL'],
    ["'hello'", "'hello'"],
    ["'it''s'", "'it''s'"],
    ["'back\\\\slash'", "'back\\\\slash'"],
    ["'semi; -- colon'", "'semi; -- colon'"],
    ["'tab\\there'", "'tab\there'"],
    ["''", "''"],
    ["'世界 🎉'", "'世界 🎉'"],
    ['current_timestamp', 'CURRENT_TIMESTAMP()'],
    ['CURRENT_TIMESTAMP()', 'CURRENT_TIMESTAMP()'],
    ['current_date ( )', 'CURRENT_DATE()'],
    ['CURRENT_TIME', 'CURRENT_TIME()'],
    ['current_user()', 'CURRENT_USER()'],
    ['CURRENT_ROLE', 'CURRENT_ROLE()'],
    ['sysdate()', 'SYSDATE()'],
    ['uuid_string', 'UUID_STRING()'],
    ['LOCALTIMESTAMP', 'LOCALTIMESTAMP()'],
  ])('%j -> %s', (text, sql) => {
    expect(parseDefault(text)).toBe(sql);
  });

  it('re-quotes a string so the emitted literal reads back as the same value', () => {
    const out = parseDefault("'a''b\\\\c'");
    const [t] = tokenize(out);
    expect(t).toMatchObject({ type: 'string', value: "a'b\\c" });
  });

  it.each([
    '',
    '   ',
    'hello',
    '"hello"',
    "'unterminated",
    "'a' 'b'",
    "'a' -- x",
    "'a'; DROP TABLE t",
    "'a' || 'b'",
    '1; DROP TABLE t',
    '1 -- x',
    '1 + 1',
    '0x10',
    '1,000',
    'CURRENT_TIMESTAMP(3)',
    'CURRENT_TIMESTAMP() + 1',
    'NOW()',
    'seq.NEXTVAL',
    'SYSTEM$CANCEL_ALL_QUERIES(1)',
    '(SELECT 1)',
    `${'9'.repeat(101)}`,
  ])('refuses %j, listing the allowed forms', (text) => {
    const e = refused(() => parseDefault(text));
    expect(e.message).toMatch(/^The default .* is not allowed: a default must be a number, a 'quoted string', TRUE/s);
    expect(e.message).toContain('CURRENT_TIMESTAMP()');
  });
});

describe('parseDefault: control characters', () => {
  it('refuses a string default that decodes to a control character', () => {
    expect(refused(() => parseDefault("'nul\\0'")).message).toContain('control character');
    expect(refused(() => parseDefault("'bell\\x07'")).message).toContain('control character');
  });
});

describe('parseClusterBy', () => {
  it('turns column names into identifiers', () => {
    expect(parseClusterBy(['a', 'Created_On', '"My Col"', 'with space', 'select', '"x""y"'])).toEqual([
      'A',
      'CREATED_ON',
      '"My Col"',
      '"with space"',
      '"SELECT"',
      '"x""y"',
    ]);
  });

  it('quotes anything that is not a plain name, so expressions stay names', () => {
    expect(parseClusterBy(['a); DROP TABLE t; --'])).toEqual(['"a); DROP TABLE t; --"']);
    expect(parseClusterBy(['TO_DATE(ts)'])).toEqual(['"TO_DATE(ts)"']);
  });

  it('accepts an empty list', () => {
    expect(parseClusterBy([])).toEqual([]);
  });

  it.each([[''], ['  '], ['a\nb'], ['x'.repeat(256)]])('refuses a bad name %j', (name) => {
    expect(refused(() => parseClusterBy(['ok', name])).message).toContain('cluster_by column');
  });

  it('refuses something that is not a list', () => {
    refused(() => parseClusterBy('a' as unknown as string[]));
  });
});

describe('parseCondition', () => {
  it.each([
    ["SYSTEM$STREAM_HAS_DATA('MY_STREAM')", "SYSTEM$STREAM_HAS_DATA('MY_STREAM')"],
    ["  system$stream_has_data('db.s.st') ", "system$stream_has_data('db.s.st')"],
    ["SYSTEM$GET_PREDECESSOR_RETURN_VALUE('TASK_A') = 'ok'", "SYSTEM$GET_PREDECESSOR_RETURN_VALUE('TASK_A') = 'ok'"],
    [
      "SYSTEM$STREAM_HAS_DATA('A') AND NOT SYSTEM$STREAM_HAS_DATA('B')",
      "SYSTEM$STREAM_HAS_DATA('A') AND NOT SYSTEM$STREAM_HAS_DATA('B')",
    ],
    [
      "CAST(SYSTEM$GET_PREDECESSOR_RETURN_VALUE('T') AS INT) > 1",
      "CAST(SYSTEM$GET_PREDECESSOR_RETURN_VALUE('T') AS INT) > 1",
    ],
    ["SYSTEM$GET_PREDECESSOR_RETURN_VALUE('T')::INT >= 2", "SYSTEM$GET_PREDECESSOR_RETURN_VALUE('T')::INT >= 2"],
    ['1 = 1', '1 = 1'],
    ["'a;b' = 'a;b'", "'a;b' = 'a;b'"],
    ['TRUE /* comment */ AND TRUE -- tail', 'TRUE AND TRUE'],
  ])('%j -> %j', (text, out) => {
    expect(parseCondition(text)).toBe(out);
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['-- only a comment', 'empty'],
    ['TRUE; DROP TABLE t', "contains ';'"],
    ['TRUE;', "contains ';'"],
    ['SELECT 1', 'starts with SELECT'],
    ['drop table t', 'starts with DROP'],
    ['(TRUE', "'(' not closed"],
    ['TRUE)', "no matching '('"],
    ['TRUE AS DROP TABLE t', 'AS is only allowed inside parentheses'],
    ['SYSTEM$CANCEL_ALL_QUERIES(1) = 1', 'SYSTEM$CANCEL_ALL_QUERIES is not one of'],
    ['x = ?', 'binds'],
    ['x = @stage', 'stage references'],
  ])('refuses %j (%s)', (text, why) => {
    const e = refused(() => parseCondition(text));
    expect(e.message).toContain(why);
    expect(e.hint).toContain('SYSTEM$STREAM_HAS_DATA');
  });

  it('refuses text that does not lex', () => {
    expect(refused(() => parseCondition("x = 'open")).message).toContain('does not parse');
  });

  it('drops comments so nothing appended after the condition can be commented out', () => {
    const out = parseCondition('TRUE -- AS SELECT 1');
    expect(`WHEN ${out} AS SELECT 2`).toBe('WHEN TRUE AS SELECT 2');
  });
});

describe('literal', () => {
  it.each([
    [null, 'NULL'],
    [true, 'TRUE'],
    [false, 'FALSE'],
    [0, '0'],
    [-12.5, '-12.5'],
    [1e21, '1e+21'],
    ['x', "'x'"],
    ["it's", "'it''s'"],
    ['a\\b', "'a\\\\b'"],
    ["'); DROP TABLE t; --", "'''); DROP TABLE t; --'"],
    ['', "''"],
  ])('%j -> %s', (value, sql) => {
    expect(literal(value)).toBe(sql);
  });

  it('emits literals that read back as the same value', () => {
    for (const v of ["a'b", 'c\\d', "'; --", '$$x$$', 'line\nbreak', 'ünï', 3.25, -7]) {
      const tokens = tokenize(literal(v));
      const back = tokens.length === 2 ? `-${tokens[1].value}` : tokens[0].value;
      expect(back).toBe(String(v));
    }
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %s', (n) => {
    expect(refused(() => literal(n)).message).toContain('not a finite number');
  });

  it('refuses other types and control characters', () => {
    refused(() => literal({} as unknown as string));
    refused(() => literal([1] as unknown as string));
    refused(() => literal(undefined as unknown as string));
    refused(() => literal('nul\u0000'));
  });
});
