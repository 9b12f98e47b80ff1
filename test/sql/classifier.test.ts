import { describe, expect, it } from 'vitest';
import { SnowopsError } from '../../src/errors.js';
import { classifyStatement } from '../../src/sql/classifier.js';

const effect = (sql: string) => classifyStatement(sql).effect;

function refused(sql: string, subject?: string): SnowopsError {
  try {
    classifyStatement(sql, subject);
  } catch (e) {
    expect(e).toBeInstanceOf(SnowopsError);
    expect((e as SnowopsError).code).toBe('invalid_input');
    return e as SnowopsError;
  }
  throw new Error(`accepted ${JSON.stringify(sql)}`);
}

describe('classifyStatement: reads', () => {
  it.each([
    ['SELECT 1', 'SELECT'],
    ['sElEcT * FROM t', 'SELECT'],
    ['(SELECT 1)', 'SELECT'],
    ['((select 1)) union (select 2)', 'SELECT'],
    ['SHOW TABLES IN DATABASE d', 'SHOW'],
    ['DESCRIBE TABLE t', 'DESCRIBE'],
    ['desc table t', 'DESC'],
    ['EXPLAIN SELECT 1', 'EXPLAIN'],
    ['EXPLAIN DROP TABLE t', 'EXPLAIN'],
    ['LIST @my_stage', 'LIST'],
    ['ls @my_stage/path', 'LS'],
    ['USE DATABASE d', 'USE'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH'],
    ['WITH RECURSIVE x (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x WHERE n < 3) SELECT n FROM x', 'WITH'],
    ['with a as (select 1), "b c" as (select 2) (select * from a, "b c")', 'WITH'],
    ['select "SYSTEM$X" from t', 'SELECT'],
    ["SELECT 'SYSTEM$CANCEL_ALL_QUERIES(1)'", 'SELECT'],
    ["SELECT * FROM TABLE(FLATTEN(input => parse_json('[1]')))", 'SELECT'],
    ['SELECT * FROM TABLE(d.INFORMATION_SCHEMA.TASK_HISTORY())', 'SELECT'],
    ['SELECT * FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))', 'SELECT'],
    ["SELECT * FROM TABLE('my_table')", 'SELECT'],
    ['SELECT * FROM TABLE(my_table)', 'SELECT'],
    ["SELECT * FROM IDENTIFIER('my_table')", 'SELECT'],
    ['SELECT $1 FROM @stage', 'SELECT'],
    ['SELECT "into" FROM t', 'SELECT'],
  ])('%s is a read (%s)', (sql, verb) => {
    expect(classifyStatement(sql)).toMatchObject({ effect: 'read', verb });
  });
});

describe('classifyStatement: writes', () => {
  it.each([
    ['INSERT INTO t VALUES (1)', 'INSERT'],
    ['insert all into t values (1) select 1', 'INSERT'],
    ['UPDATE t SET a = 1', 'UPDATE'],
    ['DELETE FROM t WHERE a = 1', 'DELETE'],
    ['MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET b = s.b', 'MERGE'],
    ['COPY INTO t FROM @s', 'COPY INTO'],
    ['COPY INTO "My Table" FROM @s', 'COPY INTO'],
    ['CREATE TABLE t (a INT)', 'CREATE'],
    ['CREATE TABLE IF NOT EXISTS t (a INT)', 'CREATE'],
    ['SET x = 1', 'SET'],
    ['UNSET x', 'UNSET'],
    ['WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x', 'WITH'],
    ['SELECT s.NEXTVAL', 'SELECT'],
  ])('%s is a write (%s)', (sql, verb) => {
    expect(classifyStatement(sql)).toMatchObject({ effect: 'write', verb });
  });
});

describe('classifyStatement: destructive', () => {
  it.each([
    ['DROP TABLE t', 'DROP'],
    ['TRUNCATE TABLE t', 'TRUNCATE'],
    ['CREATE OR REPLACE TABLE t (a INT)', 'CREATE OR REPLACE'],
    ['create or alter table t (a int)', 'CREATE OR ALTER'],
    ['ALTER TABLE t DROP COLUMN a', 'ALTER'],
    ['GRANT SELECT ON t TO ROLE r', 'GRANT'],
    ['REVOKE SELECT ON t FROM ROLE r', 'REVOKE'],
    ['CALL p()', 'CALL'],
    ["EXECUTE IMMEDIATE 'DROP TABLE t'", 'EXECUTE IMMEDIATE'],
    ['EXECUTE TASK t', 'EXECUTE TASK'],
    ['PUT file:///tmp/x @s', 'PUT'],
    ['GET @s file:///tmp/', 'GET'],
    ['REMOVE @s', 'REMOVE'],
    ['UNDROP TABLE t', 'UNDROP'],
    ['BEGIN', 'BEGIN'],
    ['COMMIT', 'COMMIT'],
    ['ROLLBACK', 'ROLLBACK'],
    ['INSERT OVERWRITE INTO t SELECT 1', 'INSERT OVERWRITE'],
    ['COPY INTO @s FROM t', 'COPY INTO'],
    ["COPY INTO 's3://bucket/x' FROM t", 'COPY INTO'],
    ['COPY t', 'COPY'],
    ['FROBNICATE everything', 'FROBNICATE'],
    ["'just a string'", 'UNKNOWN'],
    ['SELECT SYSTEM$CANCEL_ALL_QUERIES(1)', 'SELECT'],
    ['select system$cancel_all_queries(1)', 'SELECT'],
    ['SELECT a, SYSTEM$WAIT(1) FROM t', 'SELECT'],
    ['SELECT * FROM t WHERE x = (SELECT SYSTEM$ABORT_SESSION(1))', 'SELECT'],
    ['SELECT "SYSTEM$CANCEL_ALL_QUERIES"(1)', 'SELECT'],
    ["SELECT IDENTIFIER('SYSTEM$CANCEL_ALL_QUERIES')(1)", 'SELECT'],
    ['SELECT IDENTIFIER($fn)(1)', 'SELECT'],
    ['SELECT * FROM TABLE(my_procedure(1))', 'SELECT'],
    ['SELECT * FROM TABLE(other_db.s.TASK_HISTORY())', 'SELECT'],
    ['WITH x AS (SELECT SYSTEM$WAIT(1)) SELECT * FROM x', 'WITH'],
    ['INSERT INTO t SELECT SYSTEM$WAIT(1)', 'INSERT'],
    ['CREATE TABLE t AS SELECT SYSTEM$WAIT(1) AS a', 'CREATE'],
    ["WITH p AS PROCEDURE () RETURNS STRING LANGUAGE PYTHON HANDLER = 'run' AS $$x$$ CALL p()", 'WITH'],
    ['WITH x AS (SELECT 1) CALL p()', 'WITH'],
    ['WITH x AS (SELECT 1) DROP TABLE t', 'WITH'],
    ['WITH x AS SELECT 1', 'WITH'],
    ['WITH x AS (SELECT 1', 'WITH'],
    ['SELECT 1 INTO :v', 'SELECT'],
    ['DECLARE x INT; BEGIN RETURN 1; END'.split(';')[0], 'DECLARE'],
  ])('%s is destructive (%s)', (sql, verb) => {
    expect(classifyStatement(sql)).toMatchObject({ effect: 'destructive', verb });
  });
});

describe('classifyStatement: exactly one statement', () => {
  it('refuses a second statement after ;', () => {
    const e = refused('SELECT 1; DROP TABLE t');
    expect(e.message).toBe("run_sql takes one statement, but this SQL has 2 separated by ';'.");
  });

  it('names the subject in messages', () => {
    expect(refused('SELECT 1; SELECT 2', "A task's sql definition").message).toMatch(
      /^A task's sql definition takes one/,
    );
  });

  it.each(['', '   ', '-- only a comment', '/* c */', ';', ';;'])('refuses empty SQL %j', (sql) => {
    expect(refused(sql).message).toContain('the SQL is empty');
  });

  it.each([
    ['SELECT 1;', 'SELECT 1'],
    ['SELECT 1 ;  \n', 'SELECT 1'],
    ['SELECT 1; -- x', 'SELECT 1'],
    ['SELECT 1; /* DROP TABLE t; */', 'SELECT 1'],
    ['SELECT 1 /* ; */', 'SELECT 1'],
    ['SELECT 1 -- ; DROP TABLE t', 'SELECT 1'],
    ['SELECT 1 // ; DROP TABLE t', 'SELECT 1'],
    ['  -- lead\nSELECT /* mid */ 1 -- tail', 'SELECT 1'],
    ["SELECT 'a;b'", "SELECT 'a;b'"],
    ["SELECT 'it''s; -- not a comment'", "SELECT 'it''s; -- not a comment'"],
    ["SELECT 'back\\'slash; still string'", "SELECT 'back\\'slash; still string'"],
    ['SELECT "a;b" FROM t', 'SELECT "a;b" FROM t'],
    ['SELECT "a"";--b" FROM t', 'SELECT "a"";--b" FROM t'],
    ['SELECT $$ ; DROP TABLE t; -- $$', 'SELECT $$ ; DROP TABLE t; -- $$'],
    ['SELECT $$/* not a comment */$$', 'SELECT $$/* not a comment */$$'],
    ['SELECT 1\n\n  FROM t', 'SELECT 1\n\n  FROM t'],
  ])('%j is one statement: %j', (sql, text) => {
    expect(classifyStatement(sql).sql).toBe(text);
  });

  it.each([
    'SELECT 1; -- x\n DROP TABLE t',
    'SELECT 1 /* ; */; DROP TABLE t',
    "SELECT 'a'; DROP TABLE t",
    'SELECT "x"; DROP TABLE t',
    'SELECT $$x$$; DROP TABLE t',
    'SELECT 1;;DROP TABLE t',
    'SELECT 1 -- x\r; DROP TABLE t',
  ])('refuses a second statement hidden around comments or quotes: %j', (sql) => {
    expect(refused(sql).message).toContain('takes one statement');
  });

  it.each([
    "SELECT 'unterminated",
    'SELECT "unterminated',
    'SELECT $$ unterminated',
    'SELECT 1 /* unterminated',
    'LIST @"unterminated; DROP TABLE t',
  ])('refuses text that does not lex: %j', (sql) => {
    expect(refused(sql).message).toMatch(/does not parse: unterminated .* \(line 1, position \d+\)/);
  });

  it('keeps string and body contents byte-exact, unicode included', () => {
    const sql = 'select \'héllo -- 世界 /* x */\', $$ 🎉\n;$$ /* gone */ from "tàble";';
    expect(classifyStatement(sql)).toEqual({
      effect: 'read',
      verb: 'SELECT',
      sql: 'select \'héllo -- 世界 /* x */\', $$ 🎉\n;$$ from "tàble"',
    });
  });

  it('never returns a comment marker outside strings, so appended text cannot be swallowed', () => {
    const { sql } = classifyStatement('SELECT 1 -- trailing');
    expect(`${sql}\nUNION SELECT 2`).toBe('SELECT 1\nUNION SELECT 2');
  });

  it('handles very long input', () => {
    const long = `SELECT ${Array.from({ length: 20000 }, (_, i) => `'${'x'.repeat(40)}' AS c${i}`).join(', ')} /* end */;`;
    const r = classifyStatement(long);
    expect(r.effect).toBe('read');
    expect(r.sql.endsWith(`AS c19999`)).toBe(true);
    const bad = `${long} DROP TABLE t`;
    expect(refused(bad).message).toContain('has 2');
  });

  it('refuses non-text', () => {
    expect(() => classifyStatement(42 as unknown as string)).toThrow(SnowopsError);
  });

  it('rates by the effect helper too', () => {
    expect(effect('select 1')).toBe('read');
  });
});

describe('classifyStatement: pipe chains (->>) run every part', () => {
  it.each([
    ['SHOW WAREHOUSES ->> SELECT "name" FROM $1', 'read', 'SHOW ->> SELECT'],
    ['SHOW TABLES ->> DROP TABLE t', 'destructive', 'SHOW ->> DROP'],
    ['SELECT 1->>DROP TABLE t', 'destructive', 'SELECT ->> DROP'],
    ['SELECT 1 ->> INSERT INTO t SELECT * FROM $1', 'write', 'SELECT ->> INSERT'],
    ['SELECT 1 ->> SELECT SYSTEM$WAIT(1)', 'destructive', 'SELECT ->> SELECT'],
    ['SELECT 1 ->>', 'destructive', 'SELECT ->> UNKNOWN'],
    ['SELECT (1 ->> 2)', 'destructive', 'SELECT'],
  ] as const)('%s is %s (%s)', (sql, effect, verb) => {
    expect(classifyStatement(sql)).toMatchObject({ effect, verb });
  });

  it('keeps a lambda arrow and a JSON-looking string as they are', () => {
    expect(classifyStatement("SELECT FILTER(a, x -> x > 1), '->>' FROM t")).toMatchObject({ effect: 'read' });
  });
});
