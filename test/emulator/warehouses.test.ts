import { describe, expect, it } from 'vitest';
import { client, failure } from './helpers.js';

describe('warehouses', () => {
  it('a fresh account has COMPUTE_WH, X-Small, suspended, auto-resume', async () => {
    const c = client();
    const r = await c.execute('SHOW WAREHOUSES');
    expect(r.rows.map((x) => x.name)).toEqual(['COMPUTE_WH']);
    expect(r.rows[0]).toMatchObject({
      state: 'SUSPENDED',
      type: 'STANDARD',
      size: 'X-Small',
      auto_resume: 'true',
      auto_suspend: 600,
      owner: 'ACCOUNTADMIN',
      resource_monitor: 'null',
    });
    expect(r.columns.slice(0, 6).map((x) => x.name)).toEqual([
      'name',
      'state',
      'type',
      'size',
      'min_cluster_count',
      'max_cluster_count',
    ]);
    expect(r.columns.find((x) => x.name === 'auto_suspend')?.type).toBe('fixed');
  });

  it('quickstart step 4: create SMALL, list with LIKE, resize to LARGE', async () => {
    const c = client();
    const created = await c.execute('CREATE WAREHOUSE PYTHON_API_WH WAREHOUSE_SIZE = SMALL AUTO_SUSPEND = 500');
    expect(created.rows[0].status).toBe('Warehouse PYTHON_API_WH successfully created.');
    const listed = await c.execute("SHOW WAREHOUSES LIKE 'PYTHON_API_WH'");
    expect(listed.rows).toHaveLength(1);
    expect(listed.rows[0]).toMatchObject({
      name: 'PYTHON_API_WH',
      state: 'STARTED',
      size: 'Small',
      auto_suspend: 500,
      auto_resume: 'true',
      is_current: 'Y',
    });
    expect(listed.rows[0].created_on).toBeInstanceOf(Date);
    const d = await c.execute('DESCRIBE WAREHOUSE python_api_wh');
    expect(d.rows).toEqual([{ created_on: listed.rows[0].created_on, name: 'PYTHON_API_WH', kind: 'WAREHOUSE' }]);
    expect(
      (await c.execute('ALTER WAREHOUSE PYTHON_API_WH SET WAREHOUSE_SIZE = LARGE AUTO_SUSPEND = 500')).rows,
    ).toEqual([{ status: 'Statement executed successfully.' }]);
    const after = await c.execute("SHOW WAREHOUSES LIKE 'python_api_wh'");
    expect(after.rows[0]).toMatchObject({ size: 'Large', state: 'STARTED' });
  });

  it('accepts size synonyms and the other properties', async () => {
    const c = client();
    await c.execute(
      "CREATE WAREHOUSE w2 WITH WAREHOUSE_SIZE = '2X-LARGE' WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' AUTO_RESUME = FALSE " +
        "INITIALLY_SUSPENDED = TRUE MIN_CLUSTER_COUNT = 1 MAX_CLUSTER_COUNT = 3 COMMENT = 'big' " +
        'MAX_CONCURRENCY_LEVEL = 4 STATEMENT_TIMEOUT_IN_SECONDS = 60 STATEMENT_QUEUED_TIMEOUT_IN_SECONDS = 5',
    );
    const r = (await c.execute("SHOW WAREHOUSES LIKE 'W2'")).rows[0];
    expect(r).toMatchObject({
      size: '2X-Large',
      type: 'SNOWPARK-OPTIMIZED',
      auto_resume: 'false',
      state: 'SUSPENDED',
      max_cluster_count: 3,
      comment: 'big',
    });
    await c.execute('ALTER WAREHOUSE w2 SET WAREHOUSE_SIZE = X6LARGE, COMMENT = NULL');
    await c.execute('ALTER WAREHOUSE w2 UNSET AUTO_RESUME, MAX_CLUSTER_COUNT');
    const u = (await c.execute("SHOW WAREHOUSES LIKE 'W2'")).rows[0];
    expect(u).toMatchObject({ size: '6X-Large', comment: '', auto_resume: 'true', max_cluster_count: 1 });
    const bad = await failure(c.execute('CREATE WAREHOUSE w3 WAREHOUSE_SIZE = HUGE'));
    expect(bad.message).toContain('HUGE');
  });

  it('suspend and resume follow Snowflake, including errors in the wrong state', async () => {
    const c = client();
    await c.execute('CREATE WAREHOUSE w INITIALLY_SUSPENDED = TRUE');
    const e = await failure(c.execute('ALTER WAREHOUSE w SUSPEND'));
    expect(e).toMatchObject({ snowflakeCode: '090064', sqlState: '22000' });
    expect(e.message).toBe("Invalid state. Warehouse 'W' cannot be suspended.");
    await c.execute('ALTER WAREHOUSE w RESUME');
    expect((await c.execute("SHOW WAREHOUSES LIKE 'W'")).rows[0].state).toBe('STARTED');
    const again = await failure(c.execute('ALTER WAREHOUSE w RESUME'));
    expect(again.message).toBe("Invalid state. Warehouse 'W' cannot be resumed.");
    await c.execute('ALTER WAREHOUSE w RESUME IF SUSPENDED');
    await c.execute('USE WAREHOUSE w');
    await c.execute('ALTER WAREHOUSE SUSPEND');
    expect((await c.execute("SHOW WAREHOUSES LIKE 'W'")).rows[0].state).toBe('SUSPENDED');
    const missing = await failure(c.execute('ALTER WAREHOUSE nope RESUME'));
    expect(missing.message).toBe("SQL compilation error:\nWarehouse 'NOPE' does not exist or not authorized.");
    expect((await c.execute('DROP WAREHOUSE w')).rows[0].status).toBe('W successfully dropped.');
  });

  it('auto-suspend is derived from the clock', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const c = client({ now: () => now });
    await c.execute('CREATE WAREHOUSE idle AUTO_SUSPEND = 60');
    expect((await c.execute("SHOW WAREHOUSES LIKE 'IDLE'")).rows[0].state).toBe('STARTED');
    now = new Date('2025-01-01T00:01:01Z');
    expect((await c.execute("SHOW WAREHOUSES LIKE 'IDLE'")).rows[0].state).toBe('SUSPENDED');
  });
});

describe('SHOW PARAMETERS', () => {
  it('reports warehouse, database, schema, table and session parameters with their level', async () => {
    const c = client();
    await c.execute('CREATE WAREHOUSE pw MAX_CONCURRENCY_LEVEL = 4 STATEMENT_TIMEOUT_IN_SECONDS = 60');
    const w = await c.execute('SHOW PARAMETERS IN WAREHOUSE pw');
    expect(w.columns.map((x) => x.name)).toEqual(['key', 'value', 'default', 'level', 'description', 'type']);
    expect(w.rows.map((r) => [r.key, r.value, r.level])).toEqual([
      ['MAX_CONCURRENCY_LEVEL', '4', 'WAREHOUSE'],
      ['STATEMENT_QUEUED_TIMEOUT_IN_SECONDS', '0', ''],
      ['STATEMENT_TIMEOUT_IN_SECONDS', '60', 'WAREHOUSE'],
    ]);
    await c.execute('CREATE DATABASE pdb DATA_RETENTION_TIME_IN_DAYS = 3');
    const d = await c.execute("SHOW PARAMETERS LIKE 'DATA_RETENTION%' IN DATABASE pdb");
    expect(d.rows).toMatchObject([{ key: 'DATA_RETENTION_TIME_IN_DAYS', value: '3', level: 'DATABASE' }]);
    await c.execute('CREATE TABLE pt (a INT)');
    expect((await c.execute('SHOW PARAMETERS IN TABLE pt')).rows.length).toBeGreaterThan(0);
    expect((await c.execute('SHOW PARAMETERS IN SCHEMA pdb.public')).rows.length).toBeGreaterThan(0);
    await c.execute("ALTER SESSION SET QUERY_TAG = 'tagged'");
    const s = await c.execute("SHOW PARAMETERS LIKE 'QUERY_TAG'");
    expect(s.rows).toMatchObject([{ key: 'QUERY_TAG', value: 'tagged', level: 'SESSION' }]);
    const missing = await failure(c.execute('SHOW PARAMETERS IN WAREHOUSE nope'));
    expect(missing.message).toBe("SQL compilation error:\nWarehouse 'NOPE' does not exist or not authorized.");
  });
});
