import { describe, expect, it } from 'vitest';
import { client, failure } from './helpers.js';

async function setup() {
  const c = client();
  await c.execute('CREATE DATABASE ddb');
  await c.execute(
    "CREATE TABLE weather (city VARCHAR(40) NOT NULL, temperature INT, rainy BOOLEAN, day DATE, seen TIMESTAMP_LTZ, note STRING DEFAULT 'none')",
  );
  return c;
}

describe('DML on emulated tables', () => {
  it('inserts, selects with Snowflake names and types, updates and deletes', async () => {
    const c = await setup();
    const ins = await c.execute(
      "INSERT INTO weather (city, temperature, rainy, day, seen) VALUES ('Oslo', 3, TRUE, '2025-01-02', '2025-01-02 10:00:00'), (?, ?, ?, ?, NULL)",
      ['Lima', 22, false, '2025-01-03'],
    );
    expect(ins.columns).toEqual([{ name: 'number of rows inserted', type: 'fixed' }]);
    expect(ins.rows).toEqual([{ 'number of rows inserted': 2 }]);
    const r = await c.execute('select city, temperature, rainy, day, seen, note from weather order by city');
    expect(r.columns).toEqual([
      { name: 'CITY', type: 'text' },
      { name: 'TEMPERATURE', type: 'fixed' },
      { name: 'RAINY', type: 'boolean' },
      { name: 'DAY', type: 'date' },
      { name: 'SEEN', type: 'timestamp_ltz' },
      { name: 'NOTE', type: 'text' },
    ]);
    expect(r.rows[0]).toMatchObject({ CITY: 'Lima', TEMPERATURE: 22, RAINY: false, SEEN: null, NOTE: 'none' });
    expect(r.rows[1]).toMatchObject({ CITY: 'Oslo', RAINY: true });
    expect(r.rows[1].DAY).toEqual(new Date('2025-01-02T00:00:00Z'));
    expect(r.rows[1].SEEN).toEqual(new Date('2025-01-02T10:00:00Z'));
    const upd = await c.execute('UPDATE weather SET temperature = temperature + 1 WHERE city = ?', ['Oslo']);
    expect(upd.rows[0]).toEqual({ 'number of rows updated': 1, 'number of multi-joined rows updated': 0 });
    const agg = await c.execute('SELECT count(*), sum(temperature) AS total, max(city) m FROM ddb.public.weather');
    expect(agg.columns.map((x) => x.name)).toEqual(['COUNT(*)', 'TOTAL', 'M']);
    expect(agg.rows[0]).toEqual({ 'COUNT(*)': 2, TOTAL: 26, M: 'Oslo' });
    const del = await c.execute("DELETE FROM weather WHERE city = 'Lima'");
    expect(del.rows).toEqual([{ 'number of rows deleted': 1 }]);
    expect((await c.execute('SHOW TABLES LIKE ?'.replace('?', "'WEATHER'"))).rows[0].rows).toBe(1);
  });

  it('INSERT ... SELECT moves rows between tables, across schemas', async () => {
    const c = await setup();
    await c.execute("INSERT INTO weather (city, temperature) VALUES ('A', 1), ('B', 2), ('C', 3)");
    await c.execute('CREATE SCHEMA other');
    await c.execute('CREATE TABLE hot (name STRING, t NUMBER(10,2))');
    const moved = await c.execute(
      'INSERT INTO ddb.other.hot SELECT city, temperature FROM ddb.public.weather WHERE temperature >= 2',
    );
    expect(moved.rows[0]['number of rows inserted']).toBe(2);
    const r = await c.execute('SELECT h.name, h.t::varchar AS t FROM hot h ORDER BY 1');
    expect(r.rows).toEqual([
      { NAME: 'B', T: '2' },
      { NAME: 'C', T: '3' },
    ]);
    expect(r.columns[1]).toEqual({ name: 'T', type: 'text' });
  });

  it('session functions and casts', async () => {
    const c = await setup();
    const r = await c.execute(
      'SELECT CURRENT_ACCOUNT(), CURRENT_ROLE(), CURRENT_WAREHOUSE(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_USER(), CURRENT_VERSION()',
    );
    expect(r.columns.map((x) => x.name)).toEqual([
      'CURRENT_ACCOUNT()',
      'CURRENT_ROLE()',
      'CURRENT_WAREHOUSE()',
      'CURRENT_DATABASE()',
      'CURRENT_SCHEMA()',
      'CURRENT_USER()',
      'CURRENT_VERSION()',
    ]);
    expect(r.rows[0]).toMatchObject({
      'CURRENT_ROLE()': 'ACCOUNTADMIN',
      'CURRENT_WAREHOUSE()': 'COMPUTE_WH',
      'CURRENT_DATABASE()': 'DDB',
      'CURRENT_SCHEMA()': 'PUBLIC',
    });
    const t = await c.execute("select current_timestamp() as now, '2024-05-06'::date d, 1 + 1, iff(true, 'y', 'n') x");
    expect(t.columns).toEqual([
      { name: 'NOW', type: 'timestamp_ltz' },
      { name: 'D', type: 'date' },
      { name: '1 + 1', type: 'fixed' },
      { name: 'X', type: 'text' },
    ]);
    expect(t.rows[0].NOW).toBeInstanceOf(Date);
    expect(t.rows[0].D).toEqual(new Date('2024-05-06T00:00:00Z'));
    expect(t.rows[0].X).toBe('y');
  });

  it('errors: missing table, missing column, NOT NULL, no warehouse', async () => {
    const c = await setup();
    const missing = await failure(c.execute('SELECT * FROM nope'));
    expect(missing).toMatchObject({ snowflakeCode: '002003', sqlState: '02000' });
    expect(missing.message).toBe("SQL compilation error:\nObject 'DDB.PUBLIC.NOPE' does not exist or not authorized.");
    const col = await failure(c.execute('SELECT bogus FROM weather'));
    expect(col).toMatchObject({ snowflakeCode: '000904' });
    expect(col.message).toContain("invalid identifier 'BOGUS'");
    const nn = await failure(c.execute('INSERT INTO weather (temperature) VALUES (1)'));
    expect(nn).toMatchObject({ snowflakeCode: '100072', sqlState: '22000' });
    await c.execute('DROP WAREHOUSE COMPUTE_WH');
    const wh = await failure(c.execute('SELECT * FROM weather'));
    expect(wh).toMatchObject({ snowflakeCode: '000606', sqlState: '57P03' });
    const nothing = await c.execute('SELECT 1 AS one');
    expect(nothing.rows).toEqual([{ ONE: 1 }]);
  });

  it('refuses what it cannot run, naming the statement', async () => {
    const c = await setup();
    const merge = await failure(c.execute('MERGE INTO weather USING weather w2 ON 1=1 WHEN MATCHED THEN DELETE'));
    expect(merge).toMatchObject({ snowflakeCode: '000002', sqlState: '0A000' });
    expect(merge.message).toContain("'MERGE'");
    const q = await failure(c.execute('SELECT city FROM weather QUALIFY row_number() over (order by city) = 1'));
    expect(q.message).toContain('QUALIFY');
  });

  it('two clients on one file see each other’s rows', async () => {
    const a = await setup();
    const home = (a.engine.db.name as string).replace(/\/emulator\.sqlite$/, '');
    const b = client({ home });
    await b.execute('USE SCHEMA ddb.public');
    await a.execute("INSERT INTO weather (city) VALUES ('X')");
    expect((await b.execute('SELECT city FROM weather')).rows).toEqual([{ CITY: 'X' }]);
    await b.execute('TRUNCATE TABLE weather');
    expect((await a.execute('SELECT count(*) AS n FROM weather')).rows).toEqual([{ N: 0 }]);
  });
});

describe('a fresh local account', () => {
  it('has a sample database with a few rows to read, and COMPUTE_WH stays suspended', async () => {
    const c = client();
    const r = await c.execute(
      'SELECT city, temperature_c FROM snowops_sample_data.public.weather ORDER BY city, observed_on',
    );
    expect(r.rows.length).toBeGreaterThan(3);
    expect(r.columns).toEqual([
      { name: 'CITY', type: 'text' },
      { name: 'TEMPERATURE_C', type: 'fixed' },
    ]);
    const show = await c.execute('SHOW TABLES IN DATABASE SNOWOPS_SAMPLE_DATA');
    expect(show.rows[0]).toMatchObject({ name: 'WEATHER', rows: r.rows.length });
    expect((await c.execute("SHOW WAREHOUSES LIKE 'COMPUTE_WH'")).rows[0].state).toBe('SUSPENDED');
  });
});
