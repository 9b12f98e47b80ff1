/**
 * The generic operations over the object-kind table, against the real emulator, with the exact
 * statements they send recorded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import { kindSpec } from '../../src/resources/kinds.js';
import { describeObject, dropPlan, exactLikePattern, findRow, listObjects } from '../../src/resources/objects.js';
import { recording } from '../tools/helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function setup() {
  const home = mkdtempSync(join(tmpdir(), 'snowops-res-'));
  const emulator = createEmulatorClient({ home, provisionSeconds: 0 });
  cleanups.push(async () => {
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  });
  const client = recording(emulator);
  const fresh = () => client.statements.splice(0);
  return { client, fresh, sql: (s: string) => emulator.execute(s) };
}

describe('the object-kind table', () => {
  it('answers unknown kinds with invalid_input naming the supported ones', () => {
    expect(() => kindSpec('view')).toThrow(/Unknown object kind "view"/);
    for (const k of ['database', 'schema', 'table', 'stage', 'warehouse']) expect(kindSpec(k).kind).toBe(k);
  });
});

describe('find', () => {
  it('escapes LIKE wildcards and matches the stored name exactly', async () => {
    const { client, fresh, sql } = setup();
    await sql('CREATE DATABASE "a_b"');
    await sql('CREATE DATABASE A_B');
    await sql('CREATE DATABASE AXB');
    fresh();
    expect(exactLikePattern('a_b%\\')).toBe('a\\_b\\%\\\\');
    const row = await findRow(client, { kind: 'database', name: 'a_b' });
    expect(row?.name).toBe('a_b');
    expect(fresh()).toEqual(["SHOW DATABASES LIKE 'a\\\\_b'"]);
    expect((await findRow(client, { kind: 'database', name: 'A_B' }))?.name).toBe('A_B');
    expect(await findRow(client, { kind: 'database', name: 'A%' })).toBeNull();
  });

  it('looks in the scope of the kind', async () => {
    const { client, fresh, sql } = setup();
    await sql('CREATE DATABASE D');
    await sql('CREATE SCHEMA D."My Schema"');
    fresh();
    const row = await findRow(client, { kind: 'schema', database: 'D', name: 'My Schema' });
    expect(row?.name).toBe('My Schema');
    expect(fresh()).toEqual(["SHOW SCHEMAS LIKE 'My Schema' IN DATABASE D"]);
  });
});

describe('describe', () => {
  it('reads a table from SHOW TABLES, DESCRIBE TABLE and SHOW PRIMARY KEYS', async () => {
    const { client, fresh, sql } = setup();
    await sql('CREATE DATABASE D');
    await sql("CREATE TABLE D.PUBLIC.T_1 (ID INT NOT NULL, NAME STRING DEFAULT 'x', PRIMARY KEY (ID))");
    fresh();
    const table = await describeObject(client, { kind: 'table', database: 'D', schema: 'PUBLIC', name: 'T_1' });
    expect(fresh()).toEqual([
      "SHOW TABLES LIKE 'T\\\\_1' IN SCHEMA D.PUBLIC",
      'DESCRIBE TABLE D.PUBLIC.T_1',
      'SHOW PRIMARY KEYS IN TABLE D.PUBLIC.T_1',
    ]);
    expect(table).toMatchObject({
      name: 'T_1',
      kind: 'TABLE',
      rows: 0,
      data_retention_time_in_days: 1,
      enable_schema_evolution: false,
      columns: [
        { name: 'ID', datatype: 'NUMBER(38,0)', nullable: false, default: null },
        { name: 'NAME', datatype: 'VARCHAR(16777216)', nullable: true, default: "'x'" },
      ],
      constraints: [{ constraint_type: 'PRIMARY KEY', column_names: ['ID'] }],
    });
  });

  it('reads a warehouse from SHOW WAREHOUSES and SHOW PARAMETERS', async () => {
    const { client, fresh } = setup();
    const wh = await describeObject(client, { kind: 'warehouse', name: 'COMPUTE_WH' });
    expect(fresh()).toEqual(["SHOW WAREHOUSES LIKE 'COMPUTE\\\\_WH'", 'SHOW PARAMETERS IN WAREHOUSE COMPUTE_WH']);
    expect(wh).toMatchObject({
      name: 'COMPUTE_WH',
      state: 'SUSPENDED',
      warehouse_size: 'XSMALL',
      auto_resume: true,
      max_concurrency_level: 8,
      statement_timeout_in_seconds: 172800,
      statement_queued_timeout_in_seconds: 0,
    });
  });
});

describe('list', () => {
  it('pages in SHOW with LIMIT ... FROM within one container', async () => {
    const { client, fresh, sql } = setup();
    for (const n of ['A', 'B', 'C']) await sql(`CREATE DATABASE ${n}`);
    fresh();
    const first = await listObjects(client, 'database', { limit: 2, startsWith: 'A' });
    expect(fresh()).toEqual(["SHOW DATABASES STARTS WITH 'A' LIMIT 4"]);
    expect(first.objects.map((o) => o.name)).toEqual(['A']);
    expect(first.next_cursor).toBeNull();
    const page1 = await listObjects(client, 'database', { limit: 2 });
    const page2 = await listObjects(client, 'database', { limit: 2, cursor: page1.next_cursor! });
    expect(fresh()).toEqual(['SHOW DATABASES LIMIT 4', "SHOW DATABASES LIMIT 4 FROM 'B'"]);
    expect([...page1.objects, ...page2.objects].map((o) => o.name)).toEqual(expect.arrayContaining(['A', 'B', 'C']));
  });

  it('pages across schemas in snowops, never with FROM', async () => {
    const { client, fresh, sql } = setup();
    await sql('CREATE DATABASE D');
    await sql('CREATE SCHEMA D.S2');
    await sql('CREATE TABLE D.PUBLIC.B (X INT)');
    await sql('CREATE TABLE D.S2.A (X INT)');
    await sql('CREATE TABLE D.S2.B (X INT)');
    fresh();
    const page1 = await listObjects(client, 'table', { database: 'D', limit: 2 });
    const page2 = await listObjects(client, 'table', { database: 'D', limit: 2, cursor: page1.next_cursor! });
    expect(fresh()).toEqual(['SHOW TABLES IN DATABASE D', 'SHOW TABLES IN DATABASE D']);
    expect([...page1.objects, ...page2.objects].map((o) => `${o.schema_name}.${o.name}`)).toEqual([
      'S2.A',
      'PUBLIC.B',
      'S2.B',
    ]);
    expect(page2.next_cursor).toBeNull();
  });
});

describe('drop plan', () => {
  it('names a table with its rows, and how to undo it', async () => {
    const { client, fresh, sql } = setup();
    await sql('CREATE DATABASE D');
    await sql('CREATE TABLE D.PUBLIC.T (X INT)');
    await sql('INSERT INTO D.PUBLIC.T VALUES (1), (2)');
    fresh();
    const plan = await dropPlan(
      client,
      { kind: 'table', database: 'D', schema: 'PUBLIC', name: 'T' },
      {
        ifExists: false,
        cascade: false,
      },
    );
    expect(plan.statements).toEqual(['DROP TABLE D.PUBLIC.T']);
    expect(plan.impact).toEqual([expect.stringMatching(/^drops table D\.PUBLIC\.T \(2 rows, \d+ bytes\)$/)]);
    expect(plan.reversible).toBe('UNDROP TABLE D.PUBLIC.T within 1 day (DATA_RETENTION_TIME_IN_DAYS)');
  });

  it('has no UNDROP for a warehouse or a database kept 0 days', async () => {
    const { client, sql } = setup();
    await sql('CREATE DATABASE Z DATA_RETENTION_TIME_IN_DAYS = 0');
    const db = await dropPlan(client, { kind: 'database', name: 'Z' }, { ifExists: false, cascade: true });
    expect(db.statements).toEqual(['DROP DATABASE Z CASCADE']);
    expect(db.reversible).toBeNull();
    const wh = await dropPlan(client, { kind: 'warehouse', name: 'COMPUTE_WH' }, { ifExists: true, cascade: false });
    expect(wh).toEqual({
      statements: ['DROP WAREHOUSE IF EXISTS COMPUTE_WH'],
      impact: ['drops warehouse COMPUTE_WH'],
      reversible: null,
    });
  });
});
