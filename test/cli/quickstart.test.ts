/**
 * DESIGN §9 steps 1-4 and 8, each call a separate `snowops call` process on one fresh
 * SNOWOPS_HOME, as a script would drive it: create database, schema and table; describe;
 * add a primary-key column; create, list and resize a warehouse; drop the database. Along the
 * way, the confirmation protocol across processes: a replace of an existing table stops with
 * exit 3 and changes nothing, its token runs it once and never twice, a token with other
 * arguments is refused and stays usable, and dry_run creates nothing.
 */
import { describe, expect, it } from 'vitest';
import { call, freshHomes } from './process.js';

const homes = freshHomes();
const TABLE = { database: 'python_api_db', schema: 'python_api_schema', name: 'python_api_table' };
const COLUMNS = [
  { name: 'temperature', datatype: 'int', nullable: false },
  { name: 'location', datatype: 'string' },
];

interface TableModel {
  name: string;
  rows: number;
  comment: string | null;
  created_on: string;
  columns: { name: string; datatype: string; nullable: boolean }[];
  constraints: { name: string; constraint_type: string; column_names: string[] }[];
}

async function describeTable(): Promise<TableModel> {
  const run = await call(homes, 'describe_object', { kind: 'table', ...TABLE });
  expect(run.code, run.stderr).toBe(0);
  return run.json.object as TableModel;
}

async function names(kind: string, like: string): Promise<string[]> {
  const run = await call(homes, 'list_objects', { kind, like });
  expect(run.code, run.stderr).toBe(0);
  return (run.json.objects as { name: string }[]).map((o) => o.name);
}

describe('the quickstart through separate snowops processes', () => {
  it('step 1: creates the database, schema and table (or_replace on nothing is a plain create)', async () => {
    const db = await call(homes, 'create_database', { name: 'python_api_db', mode: 'or_replace' });
    expect(db.code, db.stderr).toBe(0);
    expect(db.json).toMatchObject({
      status: 'done',
      object: { name: 'PYTHON_API_DB' },
      statements: [{ sql: 'CREATE DATABASE PYTHON_API_DB', query_id: expect.any(String) }],
    });
    // Said once, on stderr: no connection configured, so the embedded emulator.
    expect(db.stderr.match(/local emulator/g)).toHaveLength(1);
    const schema = await call(homes, 'create_schema', {
      database: 'python_api_db',
      name: 'python_api_schema',
      mode: 'or_replace',
    });
    expect(schema.code, schema.stderr).toBe(0);
    const table = await call(homes, 'create_table', { ...TABLE, columns: COLUMNS, mode: 'or_replace' });
    expect(table.code, table.stderr).toBe(0);
    expect(table.json.status).toBe('done');
  });

  it('dry_run returns the plan and creates nothing', async () => {
    const dry = await call(homes, 'create_database', { name: 'dry_db', mode: 'or_replace' }, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json).toEqual({
      status: 'planned',
      plan: expect.objectContaining({ tool: 'create_database', statements: ['CREATE DATABASE DRY_DB'] }),
    });
    const inArgs = await call(homes, 'create_schema', { database: 'python_api_db', name: 'dry_schema', dry_run: true });
    expect(inArgs.code, inArgs.stderr).toBe(0);
    expect(inArgs.json.status).toBe('planned');
    expect(await names('database', 'DRY_DB')).toEqual([]);
    const schemas = await call(homes, 'list_objects', { kind: 'schema', database: 'python_api_db' });
    expect((schemas.json.objects as { name: string }[]).map((o) => o.name)).not.toContain('DRY_SCHEMA');
  });

  it('step 2: describe shows two columns, NUMBER(38,0) not null and VARCHAR(16777216), and no rows', async () => {
    const table = await describeTable();
    expect(table.name).toBe('PYTHON_API_TABLE');
    expect(table.rows).toBe(0);
    expect(table.columns.map((c) => [c.name, c.datatype, c.nullable])).toEqual([
      ['TEMPERATURE', 'NUMBER(38,0)', false],
      ['LOCATION', 'VARCHAR(16777216)', true],
    ]);
  });

  it('a replace of the existing table needs confirmation; its token runs it once, never twice', async () => {
    const before = await describeTable();
    const replace = { ...TABLE, columns: COLUMNS, mode: 'or_replace', comment: 'replaced' };

    const asked = await call(homes, 'create_table', replace);
    expect(asked.code, asked.stderr).toBe(3);
    expect(asked.json).toMatchObject({
      status: 'confirmation_required',
      plan: {
        tool: 'create_table',
        effect: 'destructive',
        statements: [
          expect.stringMatching(/^CREATE OR REPLACE TABLE PYTHON_API_DB\.PYTHON_API_SCHEMA\.PYTHON_API_TABLE /),
        ],
      },
      confirmation_token: expect.any(String),
      expires_at: expect.any(String),
    });
    expect(asked.stderr).toMatch(/^snowops: confirmation required: /m);
    const token = asked.json.confirmation_token as string;
    expect(await describeTable()).toEqual(before);

    // Other arguments: refused, nothing changes, and the token is not used up.
    const other = await call(homes, 'create_table', {
      ...replace,
      comment: 'something else',
      confirmation_token: token,
    });
    expect(other.code).toBe(2);
    expect(other.json.error).toMatchObject({ code: 'confirmation_invalid' });
    expect(other.json.error?.message).toMatch(/other arguments/);
    const dropWithIt = await call(homes, 'drop_object', { kind: 'table', ...TABLE, confirmation_token: token });
    expect(dropWithIt.code).toBe(2);
    expect(await describeTable()).toEqual(before);

    // The same arguments (keys in another order, the name spelled as stored) run it once.
    const { name: _name, ...rest } = replace;
    const confirmed = await call(homes, 'create_table', {
      comment: 'replaced',
      confirmation_token: token,
      name: 'PYTHON_API_TABLE',
      ...rest,
    });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.json).toMatchObject({
      status: 'done',
      statements: [{ sql: expect.stringMatching(/^CREATE OR REPLACE TABLE /), query_id: expect.any(String) }],
    });
    const after = await describeTable();
    expect(after.comment).toBe('replaced');
    expect(after.created_on >= before.created_on).toBe(true);

    const twice = await call(homes, 'create_table', { ...replace, confirmation_token: token });
    expect(twice.code).toBe(2);
    expect(twice.json.error).toMatchObject({ code: 'confirmation_invalid' });
    expect(twice.json.error?.message).toMatch(/already used/);
    expect(await describeTable()).toEqual(after);
  });

  it('step 3: add_column ELEVATION int not null as the primary key', async () => {
    const added = await call(homes, 'add_column', {
      database: 'python_api_db',
      schema: 'python_api_schema',
      table: 'python_api_table',
      column: { name: 'elevation', datatype: 'int', nullable: false },
      primary_key: true,
    });
    expect(added.code, added.stderr).toBe(0);
    const table = await describeTable();
    expect(table.columns.map((c) => c.name)).toEqual(['TEMPERATURE', 'LOCATION', 'ELEVATION']);
    expect(table.columns[2]).toMatchObject({ datatype: 'NUMBER(38,0)', nullable: false });
    expect(table.constraints).toEqual([
      expect.objectContaining({ constraint_type: 'PRIMARY KEY', column_names: ['ELEVATION'] }),
    ]);
  });

  it('step 4: create, describe, list and resize a warehouse', async () => {
    const created = await call(homes, 'create_warehouse', { name: 'python_api_wh', size: 'Small', auto_suspend: 500 });
    expect(created.code, created.stderr).toBe(0);
    const describeWarehouse = async () => {
      const run = await call(homes, 'describe_object', { kind: 'warehouse', name: 'python_api_wh' });
      expect(run.code, run.stderr).toBe(0);
      return run.json.object as { name: string; warehouse_size: string; auto_suspend: number };
    };
    expect(await describeWarehouse()).toMatchObject({
      name: 'PYTHON_API_WH',
      warehouse_size: 'SMALL',
      auto_suspend: 500,
    });
    expect(await names('warehouse', 'PYTHON_API_WH')).toEqual(['PYTHON_API_WH']);
    const resized = await call(homes, 'resize_warehouse', { name: 'python_api_wh', size: 'LARGE' });
    expect(resized.code, resized.stderr).toBe(0);
    expect((await describeWarehouse()).warehouse_size).toBe('LARGE');
  });

  it('step 8: dropping the database shows what goes with it, and runs with --yes', async () => {
    const asked = await call(homes, 'drop_object', { kind: 'database', name: 'python_api_db' });
    expect(asked.code, asked.stderr).toBe(3);
    const plan = asked.json.plan as { effect: string; impact: string[]; statements: string[] };
    expect(plan.effect).toBe('destructive');
    expect(plan.statements).toEqual(['DROP DATABASE PYTHON_API_DB']);
    expect(plan.impact.join('\n')).toMatch(/PYTHON_API_SCHEMA/);
    expect(plan.impact.join('\n')).toMatch(/PYTHON_API_TABLE/);
    expect(await names('database', 'PYTHON_API_DB')).toEqual(['PYTHON_API_DB']);

    const dropped = await call(homes, 'drop_object', { kind: 'database', name: 'python_api_db' }, '--yes');
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.json).toMatchObject({ status: 'done', statements: [{ sql: 'DROP DATABASE PYTHON_API_DB' }] });
    expect(await names('database', 'PYTHON_API_DB')).toEqual([]);
  });
});
