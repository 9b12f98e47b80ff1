/**
 * CREATE TABLE ... AS SELECT on the emulator: the new table holds the query's rows in storage of
 * its own, with the query's names and canonical types (renamed and cast by a column list), and
 * nothing else of the source (no constraints, defaults or NOT NULL). The query fails as the
 * same SELECT would, and CREATE's modes are the usual ones.
 */
import { beforeEach, expect, describe as group, it } from 'vitest';
import { call, freshHomes } from '../cli/process.js';
import { query } from '../helpers/home.js';
import { client, failure } from './helpers.js';

let c: ReturnType<typeof client>;
const sql = (text: string) => c.execute(text);
const rowsOf = async (text: string) => (await sql(text)).rows;
const statusOf = async (text: string) => (await rowsOf(text))[0]?.status;
const names = async (text: string) => (await rowsOf(text)).map((r) => r.name);
/** Each row as `a|b|c`, in the first column's order. */
const values = async (table: string) =>
  (await rowsOf(`SELECT * FROM ${table} ORDER BY 1`)).map((r) =>
    Object.values(r)
      .map((v) => (v instanceof Date ? v.toISOString() : String(v)))
      .join('|'),
  );
/** DESCRIBE TABLE as `NAME TYPE null? default pk uk` lines. */
const described = async (table: string) =>
  (await rowsOf(`DESCRIBE TABLE ${table}`)).map((r) =>
    [r.name, r.type, r['null?'], r.default ?? '-', r['primary key'], r['unique key']].join(' '),
  );
const tables = (like: string) => names(`SHOW TABLES LIKE '${like}' IN SCHEMA D.PUBLIC`);

beforeEach(async () => {
  c = client();
  await sql('CREATE DATABASE D');
  await sql(
    "CREATE TABLE D.PUBLIC.SRC (ID INT NOT NULL PRIMARY KEY, NAME VARCHAR(20) NOT NULL DEFAULT 'x' UNIQUE, " +
      'AT TIMESTAMP_NTZ, OK BOOLEAN, AMT NUMBER(10,2), RATIO FLOAT, DAY DATE, PARENT INT REFERENCES SRC (ID))',
  );
  await sql(
    "INSERT INTO D.PUBLIC.SRC VALUES (1, 'one', '2024-01-01 10:00:00', TRUE, 9.5, 0.25, '2024-02-02', NULL), " +
      "(2, 'two', NULL, FALSE, 20, 1.5, NULL, 1), (3, 'three', '2024-03-03 08:30:00', TRUE, 7.25, NULL, '2024-03-03', 1)",
  );
});

group('CREATE TABLE ... AS SELECT', () => {
  it('copies the rows with canonical types, nullable columns and no constraints', async () => {
    expect(await statusOf('CREATE TABLE D.PUBLIC.BAK AS SELECT * FROM D.PUBLIC.SRC')).toBe(
      'Table BAK successfully created.',
    );
    expect(await described('D.PUBLIC.BAK')).toEqual([
      'ID NUMBER(38,0) Y - N N',
      'NAME VARCHAR(20) Y - N N',
      'AT TIMESTAMP_NTZ(9) Y - N N',
      'OK BOOLEAN Y - N N',
      'AMT NUMBER(10,2) Y - N N',
      'RATIO FLOAT Y - N N',
      'DAY DATE Y - N N',
      'PARENT NUMBER(38,0) Y - N N',
    ]);
    // The source keeps what the copy does not get.
    expect((await described('D.PUBLIC.SRC')).slice(0, 2)).toEqual([
      'ID NUMBER(38,0) N - Y N',
      "NAME VARCHAR(20) N 'x' N Y",
    ]);
    expect(await values('D.PUBLIC.BAK')).toEqual(await values('D.PUBLIC.SRC'));
    expect(await values('D.PUBLIC.BAK')).toEqual([
      '1|one|2024-01-01T10:00:00.000Z|true|9.5|0.25|2024-02-02T00:00:00.000Z|null',
      '2|two|null|false|20|1.5|null|1',
      '3|three|2024-03-03T08:30:00.000Z|true|7.25|null|2024-03-03T00:00:00.000Z|1',
    ]);
    expect(await rowsOf('SHOW PRIMARY KEYS IN TABLE D.PUBLIC.BAK')).toEqual([]);
    expect(await rowsOf('SHOW UNIQUE KEYS IN TABLE D.PUBLIC.BAK')).toEqual([]);
    const catalog = c.engine.db.prepare("SELECT props FROM objects WHERE kind = 'table' AND name = 'BAK'").get() as {
      props: string;
    };
    expect(JSON.parse(catalog.props).constraints).toEqual([]);
    // NOT NULL and the default are gone from the copy's storage too.
    await sql('INSERT INTO D.PUBLIC.BAK (ID) VALUES (NULL)');
    expect((await rowsOf('SELECT NAME FROM D.PUBLIC.BAK WHERE ID IS NULL'))[0]).toEqual({ NAME: null });
    expect((await failure(sql('INSERT INTO D.PUBLIC.SRC (ID) VALUES (NULL)'))).snowflakeCode).toBe('100072');
  });

  it('the copy and its source change independently', async () => {
    await sql('CREATE TABLE D.PUBLIC.BAK AS SELECT * FROM D.PUBLIC.SRC');
    await sql("UPDATE D.PUBLIC.SRC SET NAME = 'uno' WHERE ID = 1");
    await sql('DELETE FROM D.PUBLIC.BAK WHERE ID = 3');
    await sql("INSERT INTO D.PUBLIC.BAK (ID, NAME) VALUES (9, 'nine')");
    expect((await rowsOf('SELECT ID, NAME FROM D.PUBLIC.SRC ORDER BY ID')).map((r) => `${r.ID}:${r.NAME}`)).toEqual([
      '1:uno',
      '2:two',
      '3:three',
    ]);
    expect((await rowsOf('SELECT ID, NAME FROM D.PUBLIC.BAK ORDER BY ID')).map((r) => `${r.ID}:${r.NAME}`)).toEqual([
      '1:one',
      '2:two',
      '9:nine',
    ]);
    const shown = await rowsOf("SHOW TABLES LIKE '%' IN SCHEMA D.PUBLIC");
    expect(shown.map((t) => [t.name, t.rows])).toEqual([
      ['BAK', 3],
      ['SRC', 3],
    ]);
  });

  it('takes a WHERE clause, aliased expressions, COUNT(*) with GROUP BY and WITH', async () => {
    await sql('CREATE TABLE D.PUBLIC.BIG AS SELECT ID, NAME FROM D.PUBLIC.SRC WHERE AMT > 9');
    expect(await values('D.PUBLIC.BIG')).toEqual(['1|one', '2|two']);
    expect(await described('D.PUBLIC.BIG')).toEqual(['ID NUMBER(38,0) Y - N N', 'NAME VARCHAR(20) Y - N N']);

    await sql(
      "CREATE TABLE D.PUBLIC.EXPR AS SELECT ID, UPPER(NAME) AS SHOUT, ID * 10 AS TENFOLD, 'abc' AS TAG, " +
        '42 AS ANSWER, CAST(AMT AS VARCHAR(8)) AS AMOUNT_TEXT, AT::DATE AS ON_DAY FROM D.PUBLIC.SRC',
    );
    expect(await described('D.PUBLIC.EXPR')).toEqual([
      'ID NUMBER(38,0) Y - N N',
      'SHOUT VARCHAR(16777216) Y - N N',
      'TENFOLD NUMBER(38,0) Y - N N',
      'TAG VARCHAR(3) Y - N N',
      'ANSWER NUMBER(2,0) Y - N N',
      'AMOUNT_TEXT VARCHAR(8) Y - N N',
      'ON_DAY DATE Y - N N',
    ]);
    expect(await values('D.PUBLIC.EXPR')).toEqual([
      '1|ONE|10|abc|42|9.5|2024-01-01T00:00:00.000Z',
      '2|TWO|20|abc|42|20|null',
      '3|THREE|30|abc|42|7.25|2024-03-03T00:00:00.000Z',
    ]);

    await sql('CREATE TABLE D.PUBLIC.COUNTS AS SELECT OK, COUNT(*) AS N FROM D.PUBLIC.SRC GROUP BY OK');
    expect(await described('D.PUBLIC.COUNTS')).toEqual(['OK BOOLEAN Y - N N', 'N NUMBER(18,0) Y - N N']);
    expect(await values('D.PUBLIC.COUNTS')).toEqual(['false|1', 'true|2']);

    await sql(
      'CREATE TABLE D.PUBLIC.CHILDREN AS WITH KIDS AS (SELECT ID, PARENT FROM D.PUBLIC.SRC WHERE PARENT IS NOT NULL) ' +
        'SELECT PARENT, COUNT(*) AS KIDS FROM KIDS GROUP BY PARENT',
    );
    expect(await values('D.PUBLIC.CHILDREN')).toEqual(['1|2']);
    expect(await described('D.PUBLIC.CHILDREN')).toEqual(['PARENT NUMBER(38,0) Y - N N', 'KIDS NUMBER(18,0) Y - N N']);
  });

  it('an expression without an alias has no column name: refused unless a column list names it', async () => {
    for (const statement of [
      'CREATE TABLE D.PUBLIC.X AS SELECT COUNT(*) FROM D.PUBLIC.SRC',
      'CREATE TABLE D.PUBLIC.X AS SELECT ID, ID + 1 FROM D.PUBLIC.SRC',
      "CREATE TABLE D.PUBLIC.X AS SELECT 'x'",
    ]) {
      const e = await failure(sql(statement));
      expect(e.message, statement).toBe('SQL compilation error:\nMissing column specification');
    }
    expect(await tables('X')).toEqual([]);
    await sql('CREATE TABLE D.PUBLIC.X (N) AS SELECT COUNT(*) FROM D.PUBLIC.SRC');
    expect(await values('D.PUBLIC.X')).toEqual(['3']);
    expect(await described('D.PUBLIC.X')).toEqual(['N NUMBER(18,0) Y - N N']);
  });

  it('a column list renames the columns; with types, the values are cast to them', async () => {
    await sql('CREATE TABLE D.PUBLIC.RENAMED (KEY, LABEL) AS SELECT ID, NAME FROM D.PUBLIC.SRC');
    expect(await described('D.PUBLIC.RENAMED')).toEqual(['KEY NUMBER(38,0) Y - N N', 'LABEL VARCHAR(20) Y - N N']);
    expect(await values('D.PUBLIC.RENAMED')).toEqual(['1|one', '2|two', '3|three']);

    await sql(
      'CREATE TABLE D.PUBLIC.TYPED (ID_TEXT VARCHAR(5), WHOLE INT, ON_DAY DATE, "Flag" STRING, SAME) ' +
        'AS SELECT ID, AMT, AT, OK, RATIO FROM D.PUBLIC.SRC',
    );
    expect(await described('D.PUBLIC.TYPED')).toEqual([
      'ID_TEXT VARCHAR(5) Y - N N',
      'WHOLE NUMBER(38,0) Y - N N',
      'ON_DAY DATE Y - N N',
      'Flag VARCHAR(16777216) Y - N N',
      'SAME FLOAT Y - N N',
    ]);
    const rows = await rowsOf('SELECT * FROM D.PUBLIC.TYPED ORDER BY ID_TEXT');
    expect(rows).toEqual([
      { ID_TEXT: '1', WHOLE: 10, ON_DAY: new Date('2024-01-01T00:00:00Z'), Flag: 'true', SAME: 0.25 },
      { ID_TEXT: '2', WHOLE: 20, ON_DAY: null, Flag: 'false', SAME: 1.5 },
      { ID_TEXT: '3', WHOLE: 7, ON_DAY: new Date('2024-03-03T00:00:00Z'), Flag: 'true', SAME: null },
    ]);
    // Stored as cast: DATE holds the day alone, NUMBER(38,0) whole numbers.
    expect(await rowsOf("SELECT COUNT(*) AS N FROM D.PUBLIC.TYPED WHERE ON_DAY = '2024-01-01' AND WHOLE = 10")).toEqual(
      [{ N: 1 }],
    );
  });

  it('a column list of another length is refused, and nothing is created', async () => {
    for (const statement of [
      'CREATE TABLE D.PUBLIC.X (A, B) AS SELECT ID FROM D.PUBLIC.SRC',
      'CREATE TABLE D.PUBLIC.X (A) AS SELECT ID, NAME FROM D.PUBLIC.SRC',
      'CREATE TABLE D.PUBLIC.X (A INT, B INT, C INT) AS SELECT * FROM D.PUBLIC.SRC',
    ]) {
      const e = await failure(sql(statement));
      expect(e, statement).toMatchObject({ snowflakeCode: '002026', sqlState: '42601' });
      expect(e.message, statement).toBe('SQL compilation error:\nInvalid column definition list');
    }
    expect(await tables('X')).toEqual([]);
  });

  it('TRANSIENT, CLUSTER BY, COMMENT and properties apply; names resolve against the session; (query) is a query', async () => {
    await sql('USE SCHEMA D.PUBLIC');
    await sql(
      "CREATE TRANSIENT TABLE SCRATCH (K) CLUSTER BY (K) DATA_RETENTION_TIME_IN_DAYS = 0 COMMENT = 'scratch' " +
        'AS (SELECT ID FROM SRC WHERE OK)',
    );
    const [row] = await rowsOf("SHOW TABLES LIKE 'SCRATCH' IN SCHEMA D.PUBLIC");
    expect(row).toMatchObject({
      kind: 'TRANSIENT',
      comment: 'scratch',
      cluster_by: 'LINEAR(K)',
      retention_time: '0',
      rows: 2,
    });
    expect(await values('D.PUBLIC.SCRATCH')).toEqual(['1', '3']);
  });

  it('what the grammar does not allow is a syntax error, and nothing is created', async () => {
    for (const [statement, at] of [
      ['CREATE TABLE D.PUBLIC.X (A INT NOT NULL) AS SELECT ID FROM D.PUBLIC.SRC', 'NOT'],
      ['CREATE TABLE D.PUBLIC.X (A PRIMARY KEY) AS SELECT ID FROM D.PUBLIC.SRC', 'PRIMARY'],
      ['CREATE TABLE D.PUBLIC.X (A DEFAULT 1) AS SELECT ID FROM D.PUBLIC.SRC', 'DEFAULT'],
      ['CREATE TABLE D.PUBLIC.X AS', '<EOF>'],
      ["CREATE TABLE D.PUBLIC.X AS 'SELECT 1'", "'SELECT 1'"],
      ['CREATE TABLE D.PUBLIC.X AS UPDATE D.PUBLIC.SRC SET ID = 1', 'UPDATE'],
      ['CREATE TABLE D.PUBLIC.X (A) (B) AS SELECT 1 AS A', '('],
      ['CREATE TABLE D.PUBLIC.X LIMIT 1 AS SELECT 1 AS A', 'LIMIT'],
    ]) {
      const e = await failure(sql(statement));
      expect(e, statement).toMatchObject({ snowflakeCode: '001003' });
      expect(e.message, statement).toContain(`unexpected '${at}'.`);
    }
    expect(await tables('X')).toEqual([]);
  });
});

group("CREATE's modes and failing queries", () => {
  beforeEach(async () => {
    await sql('CREATE TABLE D.PUBLIC.OLD (NOTE VARCHAR)');
    await sql("INSERT INTO D.PUBLIC.OLD VALUES ('old')");
  });

  it('OR REPLACE replaces an existing table, which Time Travel keeps for UNDROP', async () => {
    expect(await statusOf('CREATE OR REPLACE TABLE D.PUBLIC.OLD AS SELECT ID, NAME FROM D.PUBLIC.SRC')).toBe(
      'Table OLD successfully created.',
    );
    expect(await values('D.PUBLIC.OLD')).toEqual(['1|one', '2|two', '3|three']);
    await sql('ALTER TABLE D.PUBLIC.OLD RENAME TO D.PUBLIC.NEW');
    expect(await statusOf('UNDROP TABLE D.PUBLIC.OLD')).toBe('Table OLD successfully restored.');
    expect(await values('D.PUBLIC.OLD')).toEqual(['old']);
    expect(await values('D.PUBLIC.NEW')).toEqual(['1|one', '2|two', '3|three']);
  });

  it('OR REPLACE may read the table it replaces (filtering a table in place)', async () => {
    await sql('CREATE OR REPLACE TABLE D.PUBLIC.SRC AS SELECT * FROM D.PUBLIC.SRC WHERE OK');
    expect((await values('D.PUBLIC.SRC')).map((v) => v.split('|')[0])).toEqual(['1', '3']);
    expect((await described('D.PUBLIC.SRC'))[0]).toBe('ID NUMBER(38,0) Y - N N');
    await sql('ALTER TABLE D.PUBLIC.SRC RENAME TO D.PUBLIC.KEPT');
    await sql('UNDROP TABLE D.PUBLIC.SRC');
    expect((await values('D.PUBLIC.SRC')).map((v) => v.split('|')[0])).toEqual(['1', '2', '3']);
  });

  it('IF NOT EXISTS over an existing table succeeds without running the query or changing it', async () => {
    // The query names a missing table: running it would fail.
    expect(await statusOf('CREATE TABLE IF NOT EXISTS D.PUBLIC.OLD AS SELECT * FROM D.PUBLIC.NOPE')).toBe(
      'OLD already exists, statement succeeded.',
    );
    expect(await values('D.PUBLIC.OLD')).toEqual(['old']);
    expect(await described('D.PUBLIC.OLD')).toEqual(['NOTE VARCHAR(16777216) Y - N N']);
    expect(await statusOf('CREATE TABLE IF NOT EXISTS D.PUBLIC.FRESH AS SELECT ID FROM D.PUBLIC.SRC')).toBe(
      'Table FRESH successfully created.',
    );
    expect(await values('D.PUBLIC.FRESH')).toEqual(['1', '2', '3']);
  });

  it('an existing table without OR REPLACE or IF NOT EXISTS is 002002 and stays as it was', async () => {
    const e = await failure(sql('CREATE TABLE D.PUBLIC.OLD AS SELECT ID FROM D.PUBLIC.SRC'));
    expect(e).toMatchObject({ snowflakeCode: '002002', sqlState: '42710', code: 'already_exists' });
    expect(e.message).toBe("SQL compilation error:\nObject 'OLD' already exists.");
    expect(await values('D.PUBLIC.OLD')).toEqual(['old']);
    const both = await failure(sql('CREATE OR REPLACE TABLE IF NOT EXISTS D.PUBLIC.OLD AS SELECT 1 AS A'));
    expect(both.message).toBe('SQL compilation error:\nOR REPLACE and IF NOT EXISTS are incompatible.');
  });

  it('a failing query fails as the same SELECT does, and nothing is created or replaced', async () => {
    for (const select of [
      'SELECT * FROM D.PUBLIC.NOPE',
      'SELECT * FROM NOPE_DB.PUBLIC.SRC',
      'SELECT NOPE FROM D.PUBLIC.SRC',
      'SELECT ID FROM D.PUBLIC.SRC QUALIFY ID > 1',
    ]) {
      const alone = await failure(sql(select));
      for (const create of ['CREATE TABLE D.PUBLIC.X AS ', 'CREATE OR REPLACE TABLE D.PUBLIC.OLD AS ']) {
        const e = await failure(sql(create + select));
        expect(e.message, create + select).toBe(alone.message);
        expect(e.snowflakeCode, create + select).toBe(alone.snowflakeCode);
      }
    }
    const missing = await failure(sql('CREATE TABLE D.PUBLIC.X AS SELECT * FROM D.PUBLIC.NOPE'));
    expect(missing).toMatchObject({ snowflakeCode: '002003', sqlState: '02000', code: 'not_found' });
    expect(missing.message).toBe("SQL compilation error:\nObject 'D.PUBLIC.NOPE' does not exist or not authorized.");
    const mismatch = await failure(sql('CREATE OR REPLACE TABLE D.PUBLIC.OLD (A, B) AS SELECT ID FROM D.PUBLIC.SRC'));
    expect(mismatch.snowflakeCode).toBe('002026');

    expect(await tables('X')).toEqual([]);
    expect(await values('D.PUBLIC.OLD')).toEqual(['old']);
    expect(await names("SHOW TABLES HISTORY LIKE 'OLD' IN SCHEMA D.PUBLIC")).toEqual(['OLD']);
  });

  it('a missing target schema or database is the usual 002003', async () => {
    for (const [statement, message] of [
      ['CREATE TABLE D.NOPE.X AS SELECT 1 AS A', "Schema 'D.NOPE' does not exist or not authorized."],
      ['CREATE TABLE NODB.PUBLIC.X AS SELECT 1 AS A', "Database 'NODB' does not exist or not authorized."],
    ]) {
      const e = await failure(sql(statement));
      expect(e, statement).toMatchObject({ snowflakeCode: '002003' });
      expect(e.message).toBe(`SQL compilation error:\n${message}`);
    }
  });
});

group('through the snowops command', () => {
  it('run_sql CREATE TABLE ... AS SELECT --yes; describe_object shows the new table with its rows', async () => {
    const homes = freshHomes();
    await query(homes.home, 'CREATE DATABASE SHOP');
    await query(
      homes.home,
      'CREATE TABLE SHOP.PUBLIC.ORDERS (ID INT PRIMARY KEY, AMOUNT NUMBER(10,2), NOTE VARCHAR(30))',
    );
    await query(homes.home, "INSERT INTO SHOP.PUBLIC.ORDERS VALUES (1, 9.5, 'a'), (2, 20, NULL), (3, 7.25, 'c')");

    const created = await call(
      homes,
      'run_sql',
      { sql: 'CREATE TABLE SHOP.PUBLIC.ORDERS_BACKUP AS SELECT * FROM SHOP.PUBLIC.ORDERS' },
      '--yes',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.json.status).toBe('done');
    expect(created.json.rows).toEqual([{ status: 'Table ORDERS_BACKUP successfully created.' }]);

    const table = { kind: 'table', database: 'shop', schema: 'public', name: 'orders_backup' };
    const shown = await call(homes, 'describe_object', table);
    expect(shown.code, shown.stderr).toBe(0);
    const object = shown.json.object as {
      rows: number;
      columns: { name: string; datatype: string; nullable: boolean }[];
    };
    expect(object).toMatchObject({ name: 'ORDERS_BACKUP', database_name: 'SHOP', rows: 3, constraints: [] });
    expect(object.columns.map((col) => [col.name, col.datatype, col.nullable])).toEqual([
      ['ID', 'NUMBER(38,0)', true],
      ['AMOUNT', 'NUMBER(10,2)', true],
      ['NOTE', 'VARCHAR(30)', true],
    ]);
    expect(await query(homes.home, 'SELECT SUM(AMOUNT) AS TOTAL FROM SHOP.PUBLIC.ORDERS_BACKUP')).toEqual([
      { TOTAL: 36.75 },
    ]);
  });
});
