import { describe, expect, it } from 'vitest';
import { Parser } from '../../src/emulator/parser.js';
import { rewrite } from '../../src/emulator/query/rewrite.js';
import { typeHint } from '../../src/emulator/query/types.js';
import type { Head, TableFunctionArgs } from '../../src/emulator/registry.js';
import { likeToRegExp, parseShowOptions } from '../../src/emulator/show.js';
import { upperOutsideQuotes } from '../../src/emulator/statements/system.js';
import { parseColumnDef, parseOutOfLineConstraint } from '../../src/emulator/tables/columns.js';
import { tokenize } from '../../src/sql/lexer.js';

const head: Head = { verb: 'SHOW', orReplace: false, orAlter: false, modifiers: [], terse: false };

function rw(sql: string, binds: (string | number)[] = []) {
  const calls: { parts: string[]; args: TableFunctionArgs }[] = [];
  const env = {
    table: (parts: string[]) => `"t_${parts.join('.')}"`,
    tableFunction: (parts: string[], args: TableFunctionArgs) => {
      calls.push({ parts, args });
      return 'temp."tf"';
    },
  };
  return { ...rewrite(tokenize(sql), sql, binds, env), calls };
}

describe('the statement parser', () => {
  it('reads names as Snowflake stores them', () => {
    const p = Parser.of('python_api_db."My Schema"."Tab""le" rest');
    expect(p.qualifiedName(3)).toEqual(['PYTHON_API_DB', 'My Schema', 'Tab"le']);
    expect(p.isKw('REST')).toBe(true);
  });

  it('reports syntax errors at the token, with line and 0-based position', () => {
    const p = Parser.of('CREATE DATABASE x\n   WHAT = 1');
    p.pos = 3;
    expect(() => p.end()).toThrow("SQL compilation error:\nsyntax error line 2 at position 3 unexpected 'WHAT'.");
    const q = Parser.of('SHOW');
    q.next();
    expect(() => q.name()).toThrow("syntax error line 1 at position 4 unexpected '<EOF>'.");
  });

  it('parses column definitions with canonical types and inline constraints', () => {
    expect(parseColumnDef(Parser.of('TEMPERATURE int not null'))).toEqual({
      column: { name: 'TEMPERATURE', type: 'NUMBER(38,0)', nullable: false, default: null, comment: null },
      constraints: [],
    });
    const c = parseColumnDef(Parser.of(`"My Col" string default 'x' comment 'c' constraint pk primary key`));
    expect(c).toEqual({
      column: { name: 'My Col', type: 'VARCHAR(16777216)', nullable: true, default: "'x'", comment: 'c' },
      constraints: [{ name: 'PK', type: 'PRIMARY KEY', columns: ['My Col'] }],
    });
    expect(parseColumnDef(Parser.of('t timestamp default current_timestamp')).column).toMatchObject({
      type: 'TIMESTAMP_NTZ(9)',
      default: 'CURRENT_TIMESTAMP()',
    });
    expect(parseColumnDef(Parser.of('d double precision')).column.type).toBe('FLOAT');
    expect(parseOutOfLineConstraint(Parser.of('FOREIGN KEY (a) REFERENCES db.s.t (b) NOT ENFORCED'))).toEqual({
      name: null,
      type: 'FOREIGN KEY',
      columns: ['A'],
      references: { table: ['DB', 'S', 'T'], columns: ['B'] },
    });
  });

  it('parses SHOW options', () => {
    const p = Parser.of(`LIKE 'A%' IN SCHEMA db."s" STARTS WITH 'A' LIMIT 10 FROM 'AB'`);
    expect(parseShowOptions(p, head, 'schema')).toEqual({
      terse: false,
      history: false,
      like: 'A%',
      in: { kind: 'schema', parts: ['DB', 's'] },
      startsWith: 'A',
      rootOnly: false,
      limit: 10,
      from: 'AB',
    });
    expect(parseShowOptions(Parser.of('IN DATABASE'), head, 'schema').in).toEqual({ kind: 'database' });
    expect(parseShowOptions(Parser.of('IN mydb.sch'), head, 'schema').in).toEqual({
      kind: 'schema',
      parts: ['MYDB', 'SCH'],
    });
    expect(() => parseShowOptions(Parser.of('IN DATABASE x'), head, 'account')).toThrow(/unexpected 'IN'/);
  });

  it("matches SHOW's LIKE case-insensitively with % and _", () => {
    expect(likeToRegExp('python\\_api%').test('PYTHON_API_WH')).toBe(true);
    expect(likeToRegExp('python\\_api%').test('PYTHONXAPI_WH')).toBe(false);
    expect(likeToRegExp('a_c').test('ABC')).toBe(true);
    expect(likeToRegExp('a.c').test('abc')).toBe(false);
  });

  it('names expression columns as Snowflake does', () => {
    expect(upperOutsideQuotes(`current_account()`)).toBe('CURRENT_ACCOUNT()');
    expect(upperOutsideQuotes(`x || "Mixed" || 'lit'`)).toBe(`X || "Mixed" || 'LIT'`);
  });
});

describe('the query rewrite', () => {
  it('resolves table references, names the select list and keeps binds in order', () => {
    const r = rw('SELECT a, b AS x, count(*) n, t.c FROM db.s.t WHERE c = ?', ['v']);
    expect(r.sql).toBe(
      'SELECT a AS "A" , b AS "X" , count ( * ) "N" , t . c AS "C" FROM "t_DB.S.T" AS "T" WHERE c = ?',
    );
    expect(r.binds).toEqual(['v']);
    expect(r.tables).toBe(1);
    expect(r.hints.get('N')).toBe('fixed');
  });

  it('leaves CTE names alone and finds tables in joins, subqueries and comma lists', () => {
    expect(rw('WITH recent AS (SELECT * FROM t) SELECT r.a FROM recent r JOIN u ON r.a = u.a').sql).toBe(
      'WITH recent AS ( SELECT * FROM "t_T" AS "T" ) SELECT r . a AS "A" FROM "RECENT" r JOIN "t_U" AS "U" ON r . a = u . a',
    );
    expect(rw('UPDATE t SET a = 1 WHERE b IN (SELECT b FROM u)').sql).toBe(
      'UPDATE "t_T" AS "T" SET a = 1 WHERE b IN ( SELECT b FROM "t_U" AS "U" )',
    );
    expect(rw('SELECT 1 FROM a, b x').tables).toBe(2);
  });

  it('turns casts, clock functions, ILIKE and date parts into SQLite forms', () => {
    const r = rw("SELECT x::int, CAST(y AS DATE), DATEADD(day, 1, d) FROM t WHERE n ILIKE 'a%'");
    expect(r.sql).toBe(
      `SELECT SF_CAST( x , 'INT') AS "X::INT" , SF_CAST ( y , 'DATE' ) AS "CAST(Y AS DATE)" , DATEADD('DAY' , 1 , d ) AS "DATEADD(DAY, 1, D)" FROM "t_T" AS "T" WHERE n LIKE 'a%'`,
    );
    expect(r.hints.get('X::INT')).toBe('fixed');
    expect(r.hints.get('CAST(Y AS DATE)')).toBe('date');
    expect(rw('SELECT current_timestamp').sql).toBe('SELECT SF_CURRENT_TIMESTAMP() AS "CURRENT_TIMESTAMP"');
  });

  it('expands :n binds and reads TABLE(...) calls', () => {
    const r = rw('INSERT INTO t (a, b) VALUES (:2, :1)', ['one', 'two']);
    expect(r.sql).toBe('INSERT INTO "t_T" ( a , b ) VALUES ( ? , ? )');
    expect(r.binds).toEqual(['two', 'one']);
    const f = rw("SELECT name FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'T', RESULT_LIMIT => 5))");
    expect(f.sql).toBe('SELECT name AS "NAME" FROM temp."tf" AS "TASK_HISTORY"');
    expect(f.calls).toEqual([
      {
        parts: ['INFORMATION_SCHEMA', 'TASK_HISTORY'],
        args: {
          named: { TASK_NAME: { type: 'string', value: 'T' }, RESULT_LIMIT: { type: 'number', value: 5, text: '5' } },
          positional: [],
        },
      },
    ]);
  });

  it('derives types from select-list text', () => {
    expect(typeHint(tokenize("'2024-01-01'::timestamp_ltz"))).toBe('timestamp_ltz');
    expect(typeHint(tokenize('CURRENT_DATE()'))).toBe('date');
    expect(typeHint(tokenize('TRUE'))).toBe('boolean');
    expect(typeHint(tokenize('a + b'))).toBeNull();
  });
});
