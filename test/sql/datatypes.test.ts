import { describe, expect, it } from 'vitest';
import { SnowopsError } from '../../src/errors.js';
import { parseDataType } from '../../src/sql/datatypes.js';

function refused(text: string): SnowopsError {
  try {
    parseDataType(text);
  } catch (e) {
    expect(e).toBeInstanceOf(SnowopsError);
    expect((e as SnowopsError).code).toBe('invalid_input');
    return e as SnowopsError;
  }
  throw new Error(`accepted ${JSON.stringify(text)}`);
}

describe('parseDataType: canonical forms DESCRIBE TABLE reports', () => {
  it.each([
    ['int', 'INT', 'NUMBER(38,0)'],
    ['INTEGER', 'INTEGER', 'NUMBER(38,0)'],
    ['bigint', 'BIGINT', 'NUMBER(38,0)'],
    ['smallint', 'SMALLINT', 'NUMBER(38,0)'],
    ['tinyint', 'TINYINT', 'NUMBER(38,0)'],
    ['byteint', 'BYTEINT', 'NUMBER(38,0)'],
    ['number', 'NUMBER', 'NUMBER(38,0)'],
    ['NUMBER(10,2)', 'NUMBER(10,2)', 'NUMBER(10,2)'],
    ['number( 10 , 2 )', 'NUMBER(10,2)', 'NUMBER(10,2)'],
    ['decimal(12)', 'DECIMAL(12)', 'NUMBER(12,0)'],
    ['numeric(38,37)', 'NUMERIC(38,37)', 'NUMBER(38,37)'],
    ['float', 'FLOAT', 'FLOAT'],
    ['float4', 'FLOAT4', 'FLOAT'],
    ['float8', 'FLOAT8', 'FLOAT'],
    ['double', 'DOUBLE', 'FLOAT'],
    ['double   precision', 'DOUBLE PRECISION', 'FLOAT'],
    ['real', 'REAL', 'FLOAT'],
    ['varchar', 'VARCHAR', 'VARCHAR(16777216)'],
    ['varchar(100)', 'VARCHAR(100)', 'VARCHAR(100)'],
    ['VARCHAR(134217728)', 'VARCHAR(134217728)', 'VARCHAR(134217728)'],
    ['string', 'STRING', 'VARCHAR(16777216)'],
    ['text', 'TEXT', 'VARCHAR(16777216)'],
    ['nvarchar(5)', 'NVARCHAR(5)', 'VARCHAR(5)'],
    ['char', 'CHAR', 'VARCHAR(1)'],
    ['character(3)', 'CHARACTER(3)', 'VARCHAR(3)'],
    ['nchar', 'NCHAR', 'VARCHAR(1)'],
    ['char varying(7)', 'CHAR VARYING(7)', 'VARCHAR(7)'],
    ['binary', 'BINARY', 'BINARY(8388608)'],
    ['varbinary(16)', 'VARBINARY(16)', 'BINARY(16)'],
    ['boolean', 'BOOLEAN', 'BOOLEAN'],
    ['date', 'DATE', 'DATE'],
    ['datetime', 'DATETIME', 'TIMESTAMP_NTZ(9)'],
    ['time', 'TIME', 'TIME(9)'],
    ['time(3)', 'TIME(3)', 'TIME(3)'],
    ['timestamp', 'TIMESTAMP', 'TIMESTAMP_NTZ(9)'],
    ['timestamp_ntz(0)', 'TIMESTAMP_NTZ(0)', 'TIMESTAMP_NTZ(0)'],
    ['timestamp_ltz', 'TIMESTAMP_LTZ', 'TIMESTAMP_LTZ(9)'],
    ['timestamp_tz(6)', 'TIMESTAMP_TZ(6)', 'TIMESTAMP_TZ(6)'],
    ['timestamp with time zone', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_TZ(9)'],
    ['variant', 'VARIANT', 'VARIANT'],
    ['object', 'OBJECT', 'OBJECT'],
    ['array', 'ARRAY', 'ARRAY'],
    ['geography', 'GEOGRAPHY', 'GEOGRAPHY'],
    ['geometry', 'GEOMETRY', 'GEOMETRY'],
    ['vector(float, 256)', 'VECTOR(FLOAT, 256)', 'VECTOR(FLOAT, 256)'],
    ['VECTOR(int,3)', 'VECTOR(INT, 3)', 'VECTOR(INT, 3)'],
    ['  int  ', 'INT', 'NUMBER(38,0)'],
  ])('%s -> sql %s, canonical %s', (text, sql, canonical) => {
    const t = parseDataType(text);
    expect(t.sql).toBe(sql);
    expect(t.canonical).toBe(canonical);
  });

  it('reports the name as written and the numbers given', () => {
    expect(parseDataType('Decimal(10, 2)')).toEqual({
      name: 'DECIMAL',
      params: [10, 2],
      sql: 'DECIMAL(10,2)',
      canonical: 'NUMBER(10,2)',
      base: 'NUMBER',
    });
    expect(parseDataType('string')).toMatchObject({ name: 'STRING', params: [], base: 'VARCHAR' });
    expect(parseDataType('timestamp')).toMatchObject({ base: 'TIMESTAMP_NTZ' });
    expect(parseDataType('vector(int, 8)')).toMatchObject({ name: 'VECTOR', params: [8], base: 'VECTOR' });
  });
});

describe('parseDataType: ranges', () => {
  it.each([
    ['NUMBER(0)', 'precision must be between 1 and 38'],
    ['NUMBER(39)', 'precision must be between 1 and 38'],
    ['NUMBER(10,11)', 'scale must be between 0 and 10'],
    ['NUMBER(38,38)', 'scale must be between 0 and 37'],
    ['VARCHAR(0)', 'length must be between 1 and 134217728'],
    ['VARCHAR(134217729)', 'length must be between 1 and 134217728'],
    ['BINARY(67108865)', 'length must be between 1 and 67108864'],
    ['TIMESTAMP_NTZ(10)', 'precision must be between 0 and 9'],
    ['TIME(10)', 'precision must be between 0 and 9'],
    ['VECTOR(FLOAT, 0)', 'dimension must be between 1 and 4096'],
    ['VECTOR(FLOAT, 4097)', 'dimension must be between 1 and 4096'],
  ])('%s is refused: %s', (text, why) => {
    expect(refused(text).message).toContain(why);
  });

  it('accepts the edges', () => {
    expect(parseDataType('NUMBER(1)').canonical).toBe('NUMBER(1,0)');
    expect(parseDataType('NUMBER(38,0)').canonical).toBe('NUMBER(38,0)');
    expect(parseDataType('NUMBER(5,5)').canonical).toBe('NUMBER(5,5)');
    expect(parseDataType('VARCHAR(1)').canonical).toBe('VARCHAR(1)');
    expect(parseDataType('BINARY(67108864)').canonical).toBe('BINARY(67108864)');
    expect(parseDataType('TIMESTAMP_TZ(0)').canonical).toBe('TIMESTAMP_TZ(0)');
    expect(parseDataType('VECTOR(FLOAT, 4096)').canonical).toBe('VECTOR(FLOAT, 4096)');
  });

  it.each([
    ['INT(10)', 'INT takes no parameters'],
    ['BOOLEAN(1)', 'BOOLEAN takes no parameters'],
    ['FLOAT(53)', 'FLOAT takes no parameters'],
    ['VARCHAR(10,2)', 'VARCHAR takes at most 1'],
    ['TIMESTAMP(3,1)', 'TIMESTAMP takes at most 1'],
    ['VECTOR', 'VECTOR takes an element type'],
    ['VECTOR(STRING, 3)', 'VECTOR takes an element type'],
  ])('%s has the wrong parameters: %s', (text, why) => {
    expect(refused(text).message).toContain(why);
  });
});

describe('parseDataType: hostile or unknown text is refused, naming it and giving examples', () => {
  it.each([
    '',
    '   ',
    'INT; DROP TABLE x',
    'INT --',
    'INT -- comment',
    'INT /* x */',
    'VARCHAR(10)) ; DROP TABLE t; --(',
    'NUMBER((10))',
    'NUMBER(10,(2))',
    'ARRAY(INT)',
    'OBJECT(a INT)',
    'VARCHAR(-1)',
    'VARCHAR(1.5)',
    'VARCHAR()',
    'VARCHAR(10',
    'VARCHAR 10)',
    'NUMBER(10,2,3)',
    'INT NOT NULL',
    'INT DEFAULT 1',
    'FOO',
    'VARCHAR2',
    '"INT"',
    "'INT'",
    'INT\nNOT NULL',
    'INT\u0000',
    'ＩＮＴ',
    'int$',
    'VARCHAR(99999999999999999)',
    'X'.repeat(300),
  ])('%j', (text) => {
    const e = refused(text);
    expect(e.message).toMatch(/^The datatype ".*" is not a Snowflake data type: /s);
    expect(e.hint).toContain('NUMBER(38,0)');
    expect(e.hint).toContain('VARCHAR(100)');
  });

  it('names the unknown type in the message', () => {
    expect(refused('foo(3)').message).toContain('unknown type name FOO');
    expect(refused('INT; DROP TABLE x').message).toContain('"INT; DROP TABLE x"');
  });

  it('refuses values that are not strings', () => {
    expect(() => parseDataType(undefined as unknown as string)).toThrow(SnowopsError);
    expect(() => parseDataType(42 as unknown as string)).toThrow(SnowopsError);
  });
});
