import { describe, expect, it } from 'vitest';
import { client, failure } from './helpers.js';

const DESCRIBE_COLUMNS = [
  'name',
  'type',
  'kind',
  'null?',
  'default',
  'primary key',
  'unique key',
  'check',
  'expression',
  'comment',
  'policy name',
  'privacy domain',
  'schema evolution record',
];

describe('tables', () => {
  it('quickstart steps 1-3: database, schema, table, describe, add column with primary key', async () => {
    const c = client();
    await c.execute('CREATE OR REPLACE DATABASE PYTHON_API_DB');
    expect((await c.execute('CREATE OR REPLACE SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA')).rows[0].status).toBe(
      'Schema PYTHON_API_SCHEMA successfully created.',
    );
    const created = await c.execute(
      'CREATE OR REPLACE TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE (TEMPERATURE int not null, LOCATION string)',
    );
    expect(created.rows[0].status).toBe('Table PYTHON_API_TABLE successfully created.');
    const d = await c.execute('DESCRIBE TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE');
    expect(d.columns.map((x) => x.name)).toEqual(DESCRIBE_COLUMNS);
    expect(d.rows.map((r) => [r.name, r.type, r.kind, r['null?'], r['primary key']])).toEqual([
      ['TEMPERATURE', 'NUMBER(38,0)', 'COLUMN', 'N', 'N'],
      ['LOCATION', 'VARCHAR(16777216)', 'COLUMN', 'Y', 'N'],
    ]);
    const shown = await c.execute("SHOW TABLES LIKE 'PYTHON_API_TABLE' IN SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA");
    expect(shown.rows[0]).toMatchObject({
      name: 'PYTHON_API_TABLE',
      database_name: 'PYTHON_API_DB',
      schema_name: 'PYTHON_API_SCHEMA',
      kind: 'TABLE',
      rows: 0,
      bytes: 0,
      owner: 'ACCOUNTADMIN',
      comment: '',
      automatic_clustering: 'OFF',
      change_tracking: 'OFF',
      search_optimization: 'OFF',
      enable_schema_evolution: 'N',
    });
    await c.execute(
      'alter table "PYTHON_API_DB"."PYTHON_API_SCHEMA"."PYTHON_API_TABLE" add column ELEVATION int not null',
    );
    await c.execute('alter table "PYTHON_API_DB"."PYTHON_API_SCHEMA"."PYTHON_API_TABLE" add  primary key (ELEVATION)');
    const d2 = await c.execute('DESC TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE');
    expect(d2.rows.map((r) => [r.name, r.type, r['null?'], r['primary key']])).toEqual([
      ['TEMPERATURE', 'NUMBER(38,0)', 'N', 'N'],
      ['LOCATION', 'VARCHAR(16777216)', 'Y', 'N'],
      ['ELEVATION', 'NUMBER(38,0)', 'N', 'Y'],
    ]);
    const pk = await c.execute('SHOW PRIMARY KEYS IN TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE');
    expect(pk.columns.map((x) => x.name)).toEqual([
      'created_on',
      'database_name',
      'schema_name',
      'table_name',
      'column_name',
      'key_sequence',
      'constraint_name',
      'rely',
      'comment',
    ]);
    expect(pk.rows).toHaveLength(1);
    expect(pk.rows[0]).toMatchObject({ table_name: 'PYTHON_API_TABLE', column_name: 'ELEVATION', key_sequence: 1 });
    expect(pk.rows[0].constraint_name).toMatch(/^SYS_CONSTRAINT_[0-9a-f-]{36}$/);
    const second = await failure(
      c.execute('ALTER TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE ADD PRIMARY KEY (LOCATION)'),
    );
    expect(second.message).toContain('primary key');
    // Step 8: dropping the database takes everything with it.
    expect((await c.execute('DROP DATABASE PYTHON_API_DB')).rows[0].status).toBe('PYTHON_API_DB successfully dropped.');
    const gone = await failure(c.execute('DESCRIBE TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE'));
    expect(gone.message).toBe("SQL compilation error:\nDatabase 'PYTHON_API_DB' does not exist or not authorized.");
  });

  it('canonicalises types and keeps defaults, comments, constraints and clustering', async () => {
    const c = client();
    await c.execute('CREATE DATABASE tdb');
    await c.execute(
      "CREATE TRANSIENT TABLE t1 (id NUMBER(10,2) PRIMARY KEY, name VARCHAR(100) DEFAULT 'x' COMMENT 'the name', " +
        'ts TIMESTAMP_LTZ DEFAULT CURRENT_TIMESTAMP(), f DOUBLE, b BOOLEAN DEFAULT TRUE, d DATE, ' +
        "CONSTRAINT uq UNIQUE (name)) CLUSTER BY (name, id) COMMENT = 'table comment' CHANGE_TRACKING = TRUE",
    );
    const d = await c.execute('DESCRIBE TABLE t1');
    expect(d.rows.map((r) => [r.name, r.type, r.default, r['primary key'], r['unique key'], r.comment])).toEqual([
      ['ID', 'NUMBER(10,2)', null, 'Y', 'N', null],
      ['NAME', 'VARCHAR(100)', "'x'", 'N', 'Y', 'the name'],
      ['TS', 'TIMESTAMP_LTZ(9)', 'CURRENT_TIMESTAMP()', 'N', 'N', null],
      ['F', 'FLOAT', null, 'N', 'N', null],
      ['B', 'BOOLEAN', 'TRUE', 'N', 'N', null],
      ['D', 'DATE', null, 'N', 'N', null],
    ]);
    const s = (await c.execute("SHOW TABLES LIKE 'T1'")).rows[0];
    expect(s).toMatchObject({
      kind: 'TRANSIENT',
      cluster_by: 'LINEAR(NAME, ID)',
      automatic_clustering: 'ON',
      change_tracking: 'ON',
      comment: 'table comment',
    });
    const keys = await c.execute('SHOW UNIQUE KEYS IN t1');
    expect(keys.rows.map((r) => [r.column_name, r.constraint_name])).toEqual([['NAME', 'UQ']]);
  });

  it('makes primary key columns NOT NULL, refusing a key over NULLs already stored', async () => {
    const c = client();
    await c.execute('CREATE DATABASE kdb');
    await c.execute('CREATE TABLE k1 (a INT, b INT, PRIMARY KEY (a))');
    const nullability = async (t: string) =>
      (await c.execute(`DESCRIBE TABLE ${t}`)).rows.map((r) => [r.name, r['null?'], r['primary key']]);
    expect(await nullability('k1')).toEqual([
      ['A', 'N', 'Y'],
      ['B', 'Y', 'N'],
    ]);
    await c.execute('CREATE TABLE k2 (a INT, b INT)');
    await c.execute('INSERT INTO k2 VALUES (1, NULL)');
    const overNulls = await failure(c.execute('ALTER TABLE k2 ADD PRIMARY KEY (b)'));
    expect(overNulls).toMatchObject({ snowflakeCode: '100072', message: 'NULL result in a non-nullable column' });
    expect((await c.execute('SHOW PRIMARY KEYS IN TABLE k2')).rows).toEqual([]);
    await c.execute('ALTER TABLE k2 ADD PRIMARY KEY (a)');
    expect(await nullability('k2')).toEqual([
      ['A', 'N', 'Y'],
      ['B', 'Y', 'N'],
    ]);
    expect((await failure(c.execute('INSERT INTO k2 VALUES (NULL, 2)'))).snowflakeCode).toBe('100072');
  });

  it('reports errors with Snowflake wording', async () => {
    const c = client();
    await c.execute('CREATE DATABASE edb');
    await c.execute('CREATE TABLE t (a INT)');
    const dup = await failure(c.execute('CREATE TABLE "T" (b INT)'));
    expect(dup.message).toBe("SQL compilation error:\nObject 'T' already exists.");
    const missing = await failure(c.execute('DROP TABLE edb.public.nope'));
    expect(missing.message).toBe("SQL compilation error:\nTable 'EDB.PUBLIC.NOPE' does not exist or not authorized.");
    const noSchema = await failure(c.execute('CREATE TABLE edb.nope.t (a INT)'));
    expect(noSchema.message).toBe("SQL compilation error:\nSchema 'EDB.NOPE' does not exist or not authorized.");
    const badType = await failure(c.execute('CREATE TABLE t2 (a FOO)'));
    expect(badType.message).toBe("SQL compilation error:\nUnsupported data type 'FOO'.");
    const dupCol = await failure(c.execute('CREATE TABLE t3 (a INT, A INT)'));
    expect(dupCol.message).toContain("duplicate column name 'A'");
    const pkCol = await failure(c.execute('CREATE TABLE t4 (a INT, PRIMARY KEY (b))'));
    expect(pkCol.message).toContain("invalid identifier 'B'");
  });

  it('stores hostile table and column names exactly', async () => {
    const c = client();
    await c.execute('CREATE DATABASE hdb');
    await c.execute('CREATE TABLE "we\'ird; DROP TABLE x --" ("col ""q""" INT, "ünï" STRING)');
    const t = await c.execute('SHOW TABLES IN SCHEMA hdb.public');
    expect(t.rows.map((r) => r.name)).toEqual(["we'ird; DROP TABLE x --"]);
    const d = await c.execute('DESCRIBE TABLE "we\'ird; DROP TABLE x --"');
    expect(d.rows.map((r) => r.name)).toEqual(['col "q"', 'ünï']);
  });

  it('alter table: rename, drop and modify columns, properties', async () => {
    const c = client();
    await c.execute('CREATE DATABASE adb');
    await c.execute('CREATE TABLE t (a INT, b STRING, c INT)');
    await c.execute('ALTER TABLE t RENAME COLUMN b TO bb');
    await c.execute('ALTER TABLE t DROP COLUMN c');
    await c.execute("ALTER TABLE t ALTER COLUMN a SET NOT NULL, COLUMN bb COMMENT 'hi'");
    await c.execute("ALTER TABLE t SET COMMENT = 'tc'");
    await c.execute('ALTER TABLE t RENAME TO t_new');
    const d = await c.execute('DESCRIBE TABLE t_new');
    expect(d.rows.map((r) => [r.name, r['null?'], r.comment])).toEqual([
      ['A', 'N', null],
      ['BB', 'Y', 'hi'],
    ]);
    expect((await c.execute("SHOW TABLES LIKE 'T_NEW'")).rows[0].comment).toBe('tc');
    expect((await c.execute('DROP TABLE t_new')).rows[0].status).toBe('T_NEW successfully dropped.');
  });
});

describe('SHOW scoping and paging', () => {
  it('scopes by IN, filters by LIKE and STARTS WITH, pages with LIMIT n FROM', async () => {
    const c = client();
    await c.execute('CREATE DATABASE p1');
    for (const n of ['A1', 'A2', 'B1', 'B2', 'C1']) await c.execute(`CREATE TABLE ${n} (x INT)`);
    await c.execute('CREATE SCHEMA p1.other');
    await c.execute('CREATE TABLE p1.other.A9 (x INT)');
    const names = async (sql: string) => (await c.execute(sql)).rows.map((r) => r.name);
    expect(await names('SHOW TABLES IN SCHEMA p1.public')).toEqual(['A1', 'A2', 'B1', 'B2', 'C1']);
    expect(await names('SHOW TABLES IN DATABASE p1')).toEqual(['A9', 'A1', 'A2', 'B1', 'B2', 'C1']);
    expect(await names("SHOW TABLES LIKE 'a%' IN DATABASE p1")).toEqual(['A9', 'A1', 'A2']);
    expect(await names("SHOW TABLES IN SCHEMA p1.public STARTS WITH 'B'")).toEqual(['B1', 'B2']);
    expect(await names("SHOW TABLES IN SCHEMA p1.public STARTS WITH 'b'")).toEqual([]);
    expect(await names('SHOW TABLES IN SCHEMA p1.public LIMIT 2')).toEqual(['A1', 'A2']);
    expect(await names("SHOW TABLES IN SCHEMA p1.public LIMIT 2 FROM 'A2'")).toEqual(['B1', 'B2']);
    const terse = await c.execute("SHOW TERSE TABLES LIKE 'C1' IN SCHEMA p1.public");
    expect(terse.rows).toEqual([
      {
        created_on: terse.rows[0].created_on,
        name: 'C1',
        kind: 'TABLE',
        database_name: 'P1',
        schema_name: 'PUBLIC',
      },
    ]);
    const missing = await failure(c.execute('SHOW TABLES IN SCHEMA p1.nope'));
    expect(missing.message).toBe("SQL compilation error:\nSchema 'P1.NOPE' does not exist or not authorized.");
    const noDb = await failure(c.execute('SHOW SCHEMAS IN DATABASE nope'));
    expect(noDb.message).toBe("SQL compilation error:\nDatabase 'NOPE' does not exist or not authorized.");
  });
});

describe('ALTER TABLE ADD COLUMN on a table with rows', () => {
  it('refuses a NOT NULL column without a default, and fills one with a default', async () => {
    const c = client();
    await c.execute('CREATE DATABASE nn');
    await c.execute('CREATE TABLE t (a INT)');
    await c.execute('INSERT INTO t VALUES (1), (2)');
    const e = await failure(c.execute('ALTER TABLE t ADD COLUMN b_varchar VARCHAR NOT NULL'));
    expect(e.message).toBe(
      "SQL compilation error:\nNon-nullable column 'B_VARCHAR' cannot be added to non-empty table 'T' unless it has a non-null default value.",
    );
    await c.execute("ALTER TABLE t ADD COLUMN b VARCHAR DEFAULT 'x' NOT NULL, c TIMESTAMP WITH LOCAL TIME ZONE");
    const r = await c.execute('SELECT a, b, c FROM t ORDER BY a');
    expect(r.rows).toEqual([
      { A: 1, B: 'x', C: null },
      { A: 2, B: 'x', C: null },
    ]);
    expect((await c.execute('DESCRIBE TABLE t')).rows.map((x) => x.type)).toEqual([
      'NUMBER(38,0)',
      'VARCHAR(16777216)',
      'TIMESTAMP_LTZ(9)',
    ]);
  });
});
