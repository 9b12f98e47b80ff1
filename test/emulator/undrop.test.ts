/**
 * Time Travel for dropped databases, schemas and tables on the emulator: UNDROP brings back the
 * latest dropped version still within its retention time (with its contents and rows), SHOW
 * ... HISTORY lists them, names are free again after a drop, expired versions are purged, and
 * a file written before dropped objects were kept still opens. The clock is the test's.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_FILE } from '../../src/client/emulator.js';
import { Engine } from '../../src/emulator/engine.js';
import { openSqlite } from '../../src/sqlite.js';
import { call, freshHomes } from '../cli/process.js';
import { query } from '../helpers/home.js';
import { client, failure, tempHome } from './helpers.js';

const HOUR = 3_600_000;
let now = 0;
let c: ReturnType<typeof client>;
const sql = (text: string) => c.execute(text);
const rowsOf = async (text: string) => (await sql(text)).rows;
const advance = (ms: number) => {
  now += ms;
};
const values = async (table: string) =>
  (await rowsOf(`SELECT * FROM ${table} ORDER BY 1`)).map((r) => Object.values(r).join('|'));
/** The SQLite storage of a live table (`t_<id>`), read from the catalog. */
const storageOf = (name: string) =>
  `t_${(c.engine.db.prepare("SELECT id FROM objects WHERE kind = 'table' AND name = ?").get(name) as { id: number }).id}`;
const storageExists = (storage: string) =>
  c.engine.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(storage) !== undefined;

beforeEach(async () => {
  now = Date.parse('2025-03-01T12:00:00Z');
  c = client({ now: () => new Date(now) });
  await sql('CREATE DATABASE D');
});

describe('UNDROP TABLE', () => {
  it('brings back the same columns, rows and created_on, once; a live table of the name blocks it', async () => {
    await sql("CREATE TABLE D.PUBLIC.T (ID INT NOT NULL PRIMARY KEY, NOTE VARCHAR(10) DEFAULT 'x', AT TIMESTAMP_NTZ)");
    await sql("INSERT INTO D.PUBLIC.T VALUES (1, 'one', '2024-01-01 10:00:00'), (2, 'two', NULL)");
    const described = (await rowsOf('DESCRIBE TABLE D.PUBLIC.T')).map((r) => ({ ...r }));
    const shown = (await rowsOf("SHOW TABLES LIKE 'T' IN SCHEMA D.PUBLIC"))[0];
    const data = await values('D.PUBLIC.T');

    expect(await sql('DROP TABLE D.PUBLIC.T')).toMatchObject({ rows: [{ status: 'T successfully dropped.' }] });
    expect((await failure(sql('SELECT * FROM D.PUBLIC.T'))).snowflakeCode).toBe('002003');
    advance(HOUR);
    expect((await sql('UNDROP TABLE D.PUBLIC.T')).rows).toEqual([{ status: 'Table T successfully restored.' }]);
    expect(await rowsOf('DESCRIBE TABLE D.PUBLIC.T')).toEqual(described);
    expect(await values('D.PUBLIC.T')).toEqual(data);
    expect((await rowsOf("SHOW TABLES LIKE 'T' IN SCHEMA D.PUBLIC"))[0]).toEqual(shown);

    const again = await failure(sql('UNDROP TABLE D.PUBLIC.T'));
    expect(again).toMatchObject({ snowflakeCode: '002002', sqlState: '42710' });
    expect(again.message).toContain("Object 'T' already exists.");

    await sql('DROP TABLE D.PUBLIC.T');
    await sql('UNDROP TABLE D.PUBLIC.T');
    await sql('DROP TABLE D.PUBLIC.T');
    await sql('CREATE TABLE D.PUBLIC.T (OTHER INT)');
    await sql('INSERT INTO D.PUBLIC.T VALUES (7)');
    const blocked = await failure(sql('USE SCHEMA D.PUBLIC').then(() => sql('UNDROP TABLE T')));
    expect(blocked).toMatchObject({ snowflakeCode: '002002', sqlState: '42710' });
    expect(blocked.message).toContain("Object 'T' already exists.");
    expect(await values('D.PUBLIC.T')).toEqual(['7']);
    // Still kept: once the name is free it comes back.
    await sql('ALTER TABLE D.PUBLIC.T RENAME TO D.PUBLIC.NEWER');
    await sql('UNDROP TABLE D.PUBLIC.T');
    expect(await values('D.PUBLIC.T')).toEqual(data);

    const never = await failure(sql('UNDROP TABLE D.PUBLIC.NEVER'));
    expect(never).toMatchObject({ snowflakeCode: '002003', sqlState: '02000' });
    expect(never.message).toContain('Table NEVER did not exist or was purged.');
  });

  it('a second UNDROP of one drop finds nothing; a missing schema or database is said as usual', async () => {
    await sql('CREATE TABLE D.PUBLIC.T (A INT)');
    await sql('DROP TABLE D.PUBLIC.T');
    await sql('UNDROP TABLE D.PUBLIC.T');
    await sql('ALTER TABLE D.PUBLIC.T RENAME TO D.PUBLIC.T2');
    const second = await failure(sql('UNDROP TABLE D.PUBLIC.T'));
    expect(second).toMatchObject({ snowflakeCode: '002003', sqlState: '02000' });
    expect(second.message).toBe('SQL compilation error:\nTable T did not exist or was purged.');
    expect((await failure(sql('UNDROP TABLE D.NOPE.T'))).message).toContain(
      "Schema 'D.NOPE' does not exist or not authorized.",
    );
    expect((await failure(sql('UNDROP TABLE NODB.PUBLIC.T'))).message).toContain(
      "Database 'NODB' does not exist or not authorized.",
    );
    expect((await failure(sql('UNDROP SCHEMA NODB.S'))).message).toContain(
      "Database 'NODB' does not exist or not authorized.",
    );
  });

  it('restores the latest of several dropped versions of one name', async () => {
    for (const v of [1, 2, 3]) {
      await sql('CREATE TABLE D.PUBLIC.T (V INT)');
      await sql(`INSERT INTO D.PUBLIC.T VALUES (${v})`);
      await sql('DROP TABLE D.PUBLIC.T');
      advance(60_000);
    }
    const history = await rowsOf("SHOW TABLES HISTORY LIKE 'T' IN SCHEMA D.PUBLIC");
    expect(history.map((r) => r.dropped_on)).toEqual([
      new Date(now - 60_000),
      new Date(now - 120_000),
      new Date(now - 180_000),
    ]);
    await sql('UNDROP TABLE D.PUBLIC.T');
    expect(await values('D.PUBLIC.T')).toEqual(['3']);
    await sql('ALTER TABLE D.PUBLIC.T RENAME TO D.PUBLIC.T3');
    await sql('UNDROP TABLE D.PUBLIC.T');
    expect(await values('D.PUBLIC.T')).toEqual(['2']);
  });

  it('CREATE OR REPLACE keeps the replaced table as a dropped version', async () => {
    await sql('CREATE TABLE D.PUBLIC.T (V INT)');
    await sql('INSERT INTO D.PUBLIC.T VALUES (1)');
    await sql('CREATE OR REPLACE TABLE D.PUBLIC.T (W INT)');
    expect(await values('D.PUBLIC.T')).toEqual([]);
    await sql('ALTER TABLE D.PUBLIC.T RENAME TO D.PUBLIC.NEW_T');
    await sql('UNDROP TABLE D.PUBLIC.T');
    expect(await values('D.PUBLIC.T')).toEqual(['1']);
  });
});

describe('UNDROP DATABASE and SCHEMA', () => {
  it('a dropped database comes back with its schemas, tables and rows, stages, and tasks suspended', async () => {
    await sql('CREATE SCHEMA D.S');
    await sql('CREATE SCHEMA D.S2');
    await sql('CREATE TABLE D.S.T (V INT)');
    await sql('INSERT INTO D.S.T VALUES (1), (2)');
    await sql("CREATE TABLE D.S2.U (N VARCHAR(5), M INT) COMMENT = 'kept'");
    await sql("INSERT INTO D.S2.U VALUES ('a', 1)");
    await sql('CREATE STAGE D.S.ST');
    await sql("CREATE TASK D.S.TICK WAREHOUSE = COMPUTE_WH SCHEDULE = '1 MINUTE' AS INSERT INTO D.S.T VALUES (99)");
    await sql('ALTER TASK D.S.TICK RESUME');
    const schemas = await rowsOf('SHOW SCHEMAS IN DATABASE D');
    const tables = await rowsOf('SHOW TABLES IN DATABASE D');

    await sql('DROP DATABASE D');
    expect(await rowsOf("SHOW DATABASES LIKE 'D'")).toEqual([]);
    advance(10 * 60_000);
    expect((await sql('UNDROP DATABASE D')).rows).toEqual([{ status: 'Database D successfully restored.' }]);
    expect((await rowsOf('SHOW SCHEMAS IN DATABASE D')).map((r) => ({ ...r, is_current: 'N' }))).toEqual(
      schemas.map((r) => ({ ...r, is_current: 'N' })),
    );
    expect(await rowsOf('SHOW TABLES IN DATABASE D')).toEqual(tables);
    expect(await values('D.S.T')).toEqual(['1', '2']);
    expect(await values('D.S2.U')).toEqual(['a|1']);
    expect((await rowsOf('SHOW STAGES IN SCHEMA D.S')).map((r) => r.name)).toEqual(['ST']);
    expect((await rowsOf('SHOW TASKS IN SCHEMA D.S'))[0]).toMatchObject({ name: 'TICK', state: 'suspended' });
    // Suspended, its schedule does not catch up on the next writes.
    advance(10 * 60_000);
    await sql('CREATE TABLE D.S.OTHER (A INT)');
    advance(10 * 60_000);
    await sql('INSERT INTO D.S.OTHER VALUES (1)');
    expect(await values('D.S.T')).toEqual(['1', '2']);
  });

  it('container services are dropped for good with their database', async () => {
    await sql('CREATE COMPUTE POOL POOL MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS');
    await sql('CREATE SCHEMA D.S');
    await sql('CREATE TABLE D.S.T (A INT)');
    await sql(
      'CREATE SERVICE D.S.SVC IN COMPUTE POOL POOL FROM SPECIFICATION $$spec:\n  containers:\n  - name: web\n    image: /d/s/repo/web:1\n$$',
    );
    expect((await rowsOf('SHOW SERVICES IN SCHEMA D.S')).map((r) => r.name)).toEqual(['SVC']);
    await sql('DROP DATABASE D');
    await sql('UNDROP DATABASE D');
    expect((await rowsOf('SHOW TABLES IN SCHEMA D.S')).map((r) => r.name)).toEqual(['T']);
    expect(await rowsOf('SHOW SERVICES IN SCHEMA D.S')).toEqual([]);
  });

  it('a table dropped before its schema stays out of UNDROP SCHEMA and comes back on its own', async () => {
    await sql('CREATE SCHEMA D.S');
    await sql('CREATE TABLE D.S.T (A INT)');
    await sql('INSERT INTO D.S.T VALUES (5)');
    await sql('CREATE TABLE D.S.KEEP (A INT)');
    await sql('DROP TABLE D.S.T');
    await sql('DROP SCHEMA D.S');
    expect((await failure(sql('UNDROP TABLE D.S.T'))).message).toContain(
      "Schema 'D.S' does not exist or not authorized.",
    );
    expect((await sql('UNDROP SCHEMA D.S')).rows).toEqual([{ status: 'Schema S successfully restored.' }]);
    expect((await rowsOf('SHOW TABLES IN SCHEMA D.S')).map((r) => r.name)).toEqual(['KEEP']);
    await sql('UNDROP TABLE D.S.T');
    expect(await values('D.S.T')).toEqual(['5']);
    expect((await failure(sql('UNDROP SCHEMA D.S'))).snowflakeCode).toBe('002002');
  });
});

describe('retention', () => {
  it('0 days: gone at once; 1 day: back at +23h, purged (storage too) by a write at +25h', async () => {
    await sql('CREATE TABLE D.PUBLIC.ZERO (A INT) DATA_RETENTION_TIME_IN_DAYS = 0');
    const zeroStorage = storageOf('ZERO');
    await sql('DROP TABLE D.PUBLIC.ZERO');
    expect(storageExists(zeroStorage)).toBe(false);
    expect((await failure(sql('UNDROP TABLE D.PUBLIC.ZERO'))).message).toContain(
      'Table ZERO did not exist or was purged.',
    );
    await sql('CREATE DATABASE NOKEEP DATA_RETENTION_TIME_IN_DAYS = 0');
    await sql('DROP DATABASE NOKEEP');
    expect((await failure(sql('UNDROP DATABASE NOKEEP'))).message).toContain(
      'Database NOKEEP did not exist or was purged.',
    );

    await sql('CREATE TABLE D.PUBLIC.DAY (A INT)');
    await sql('INSERT INTO D.PUBLIC.DAY VALUES (1)');
    await sql('DROP TABLE D.PUBLIC.DAY');
    advance(23 * HOUR);
    await sql('UNDROP TABLE D.PUBLIC.DAY');
    expect(await values('D.PUBLIC.DAY')).toEqual(['1']);

    const storage = storageOf('DAY');
    await sql('DROP TABLE D.PUBLIC.DAY');
    advance(25 * HOUR);
    // A read neither lists nor purges it.
    expect(await rowsOf("SHOW TABLES HISTORY LIKE 'DAY' IN SCHEMA D.PUBLIC")).toEqual([]);
    expect(storageExists(storage)).toBe(true);
    await sql('CREATE TABLE D.PUBLIC.ANY (A INT)');
    expect(storageExists(storage)).toBe(false);
    expect((await failure(sql('UNDROP TABLE D.PUBLIC.DAY'))).message).toContain(
      'Table DAY did not exist or was purged.',
    );
  });

  it("a dropped database's tables are kept (and purged) with the database's retention", async () => {
    await sql('CREATE DATABASE TWO DATA_RETENTION_TIME_IN_DAYS = 2');
    await sql('CREATE TABLE TWO.PUBLIC.T (A INT) DATA_RETENTION_TIME_IN_DAYS = 0');
    await sql('INSERT INTO TWO.PUBLIC.T VALUES (3)');
    const storage = storageOf('T');
    await sql('DROP DATABASE TWO');
    advance(47 * HOUR);
    await sql('UNDROP DATABASE TWO');
    expect(await values('TWO.PUBLIC.T')).toEqual(['3']);
    await sql('DROP DATABASE TWO');
    advance(49 * HOUR);
    await sql('CREATE DATABASE OTHER');
    expect(storageExists(storage)).toBe(false);
    expect((await failure(sql('UNDROP DATABASE TWO'))).message).toContain('Database TWO did not exist or was purged.');
  });
});

describe('SHOW ... HISTORY', () => {
  it('SHOW TABLES HISTORY lists live and dropped tables with dropped_on after retention_time', async () => {
    await sql('CREATE TABLE D.PUBLIC.A (X INT)');
    await sql('CREATE TABLE D.PUBLIC.B (X INT)');
    await sql('INSERT INTO D.PUBLIC.B VALUES (1), (2)');
    const dropTime = new Date(now);
    await sql('DROP TABLE D.PUBLIC.B');
    advance(HOUR);
    await sql('CREATE TABLE D.PUBLIC.C (X INT)');
    const plain = await sql('SHOW TABLES IN SCHEMA D.PUBLIC');
    expect(plain.columns.map((x) => x.name)).not.toContain('dropped_on');
    expect(plain.rows.map((r) => r.name)).toEqual(['A', 'C']);

    const history = await sql('SHOW TABLES HISTORY IN SCHEMA D.PUBLIC');
    const names = history.columns.map((x) => x.name);
    expect(names.slice(names.indexOf('retention_time'), names.indexOf('retention_time') + 3)).toEqual([
      'retention_time',
      'dropped_on',
      'automatic_clustering',
    ]);
    expect(history.columns.find((x) => x.name === 'dropped_on')?.type).toBe('timestamp_ltz');
    expect(history.rows.map((r) => [r.name, r.dropped_on])).toEqual([
      ['A', null],
      ['B', dropTime],
      ['C', null],
    ]);
    expect(history.rows[1]).toMatchObject({ rows: 2, retention_time: '1' });
    expect(names.filter((n) => n !== 'dropped_on')).toEqual(plain.columns.map((x) => x.name));
    expect((await sql('SHOW TERSE TABLES HISTORY IN SCHEMA D.PUBLIC')).rows.map((r) => r.name)).toEqual([
      'A',
      'B',
      'C',
    ]);
  });

  it('SHOW DATABASES HISTORY and SHOW SCHEMAS HISTORY list dropped ones, never as current', async () => {
    await sql('CREATE DATABASE GONE');
    await sql('CREATE SCHEMA D.S');
    await sql('DROP SCHEMA D.S');
    await sql('DROP DATABASE GONE');
    await sql('CREATE DATABASE GONE');
    await sql('DROP DATABASE GONE');
    const dbs = await sql("SHOW DATABASES HISTORY LIKE 'GONE'");
    const cols = dbs.columns.map((x) => x.name);
    expect(cols[cols.indexOf('retention_time') + 1]).toBe('dropped_on');
    expect(dbs.rows).toHaveLength(2);
    expect(dbs.rows.every((r) => r.dropped_on instanceof Date && r.is_current === 'N')).toBe(true);
    const schemas = await sql('SHOW SCHEMAS HISTORY IN DATABASE D');
    expect(schemas.rows.map((r) => [r.name, r.dropped_on === null])).toEqual([
      ['INFORMATION_SCHEMA', true],
      ['PUBLIC', true],
      ['S', false],
    ]);
    expect(schemas.columns.map((x) => x.name)[schemas.columns.findIndex((x) => x.name === 'retention_time') + 1]).toBe(
      'dropped_on',
    );
    expect((await sql('SHOW SCHEMAS IN DATABASE D')).rows.map((r) => r.name)).toEqual(['INFORMATION_SCHEMA', 'PUBLIC']);
  });
});

describe('a file written before dropped objects were kept', () => {
  it('still opens, read-only and writable, and its tables drop and come back', async () => {
    const home = tempHome();
    const old = client({ home });
    await old.execute('CREATE DATABASE OLD');
    await old.execute('CREATE TABLE OLD.PUBLIC.T (A INT)');
    await old.execute('INSERT INTO OLD.PUBLIC.T VALUES (1), (2)');
    await old.close();
    // What the previous catalog left: no dropped_objects table and its indexes.
    const path = join(home, EMULATOR_FILE);
    const raw = openSqlite(path);
    raw.exec('DROP TABLE dropped_objects');
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'dropped%'").all()).toEqual([]);
    raw.close();

    const ro = Engine.open({ path, readOnly: true });
    try {
      const session = ro.newSession();
      const r = ro.execute('SHOW TABLES HISTORY IN SCHEMA OLD.PUBLIC', [], session);
      expect(r.rows.map((x) => [x.name, x.rows, x.dropped_on])).toEqual([['T', 2, null]]);
      expect(ro.execute("SHOW DATABASES HISTORY LIKE 'OLD'", [], session).rows).toHaveLength(1);
    } finally {
      ro.close();
    }

    const again = client({ home });
    await again.execute('DROP TABLE OLD.PUBLIC.T');
    await again.execute('UNDROP TABLE OLD.PUBLIC.T');
    expect((await again.execute('SELECT A FROM OLD.PUBLIC.T ORDER BY A')).rows).toEqual([{ A: 1 }, { A: 2 }]);
  });
});

describe('through the snowops command', () => {
  it('drop_object --yes, then run_sql UNDROP TABLE --yes, then describe_object shows it with its rows', async () => {
    const homes = freshHomes();
    await query(homes.home, 'CREATE DATABASE CLI_DB');
    await query(homes.home, 'CREATE TABLE CLI_DB.PUBLIC.T (A INT)');
    await query(homes.home, 'INSERT INTO CLI_DB.PUBLIC.T VALUES (1), (2), (3)');
    const table = { kind: 'table', database: 'cli_db', schema: 'public', name: 't' };

    const dropped = await call(homes, 'drop_object', table, '--yes');
    expect(dropped.code, dropped.stderr).toBe(0);
    const gone = await call(homes, 'describe_object', table);
    expect(gone.json.error).toMatchObject({ code: 'not_found' });

    const undrop = await call(homes, 'run_sql', { sql: 'UNDROP TABLE CLI_DB.PUBLIC.T' }, '--yes');
    expect(undrop.code, undrop.stderr).toBe(0);
    expect(undrop.json.status).toBe('done');
    const back = await call(homes, 'describe_object', table);
    expect(back.code, back.stderr).toBe(0);
    expect(back.json.object).toMatchObject({ name: 'T', rows: 3 });
  });
});
