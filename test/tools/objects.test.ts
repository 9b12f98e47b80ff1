import { describe, expect, it } from 'vitest';
import { catalog } from '../../tools/index.js';
import { expectSnowflakeError, harness } from './helpers.js';

const DB = 'PYTHON_API_DB';
const SCHEMA = 'PYTHON_API_SCHEMA';
const TABLE = 'PYTHON_API_TABLE';
const quickstartColumns = [
  { name: 'TEMPERATURE', datatype: 'int', nullable: false },
  { name: 'LOCATION', datatype: 'string' },
];

async function quickstartTable(h: ReturnType<typeof harness>) {
  await h.call('create_database', { name: 'python_api_db', mode: 'or_replace' });
  await h.call('create_schema', { database: DB, name: 'python_api_schema', mode: 'or_replace' });
  await h.call('create_table', {
    database: DB,
    schema: SCHEMA,
    name: 'python_api_table',
    columns: quickstartColumns,
    mode: 'or_replace',
  });
}

describe('the catalog', () => {
  it('holds every core tool once, by its contract name', () => {
    const names = catalog.map((t) => t.name);
    for (const name of [
      'list_objects',
      'describe_object',
      'drop_object',
      'create_database',
      'create_schema',
      'create_table',
      'add_column',
      'create_stage',
      'create_warehouse',
      'resize_warehouse',
      'suspend_warehouse',
      'resume_warehouse',
      'run_sql',
    ]) {
      expect(names.filter((n) => n === name)).toHaveLength(1);
    }
  });
});

describe('create_database', () => {
  it('creates the database, with or_replace over nothing as a plain CREATE', async () => {
    const h = harness();
    const result = await h.call('create_database', { name: 'python_api_db', mode: 'or_replace' });
    expect(result).toMatchObject({ status: 'done', message: 'Database PYTHON_API_DB created.' });
    expect(result.statements).toEqual([{ sql: 'CREATE DATABASE PYTHON_API_DB', query_id: expect.any(String) }]);
    expect(result.object).toMatchObject({ name: DB, kind: 'STANDARD', owner: 'ACCOUNTADMIN' });
    expect(await h.state()).toContain(`database "${DB}" `);
  });

  it('refuses an existing database with Snowflake 002002, and keeps it with if_not_exists', async () => {
    const h = harness();
    await h.call('create_database', { name: DB, comment: 'first' });
    const before = await h.state();
    expectSnowflakeError(await h.failure('create_database', { name: DB }), 'already_exists', '002002');
    const kept = await h.call('create_database', { name: DB, mode: 'if_not_exists', comment: 'second' });
    expect(kept.status).toBe('done');
    expect(kept.object).toMatchObject({ comment: 'first' });
    expect(kept.message).toBe('Database PYTHON_API_DB already exists; nothing changes.');
    expect(await h.state()).toEqual(before);
  });

  it('asks before replacing an existing database, listing what goes with it', async () => {
    const h = harness();
    await quickstartTable(h);
    const before = await h.state();
    const first = await h.call('create_database', { name: DB, mode: 'or_replace' });
    expect(first.status).toBe('confirmation_required');
    const plan = first.plan as { effect: string; statements: string[]; impact: string[] };
    expect(plan.effect).toBe('destructive');
    expect(plan.statements).toEqual(['CREATE OR REPLACE DATABASE PYTHON_API_DB']);
    expect(plan.impact).toEqual([
      'replaces database PYTHON_API_DB',
      'drops schema PYTHON_API_DB.PUBLIC',
      'drops schema PYTHON_API_DB.PYTHON_API_SCHEMA',
      'drops table PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE (0 rows, 0 bytes)',
    ]);
    expect(await h.state()).toEqual(before);
    const done = await h.call('create_database', {
      name: DB,
      mode: 'or_replace',
      confirmation_token: first.confirmation_token,
    });
    expect(done).toMatchObject({ status: 'done', message: 'Database PYTHON_API_DB replaced.' });
    const after = await h.state();
    expect(after.some((l) => l.includes(SCHEMA))).toBe(false);
  });

  it('plans without running on dry_run', async () => {
    const h = harness();
    const before = await h.state();
    const result = await h.call('create_database', { name: DB, dry_run: true, data_retention_time_in_days: 3 });
    expect(result).toMatchObject({
      status: 'planned',
      plan: { effect: 'write', statements: ['CREATE DATABASE PYTHON_API_DB DATA_RETENTION_TIME_IN_DAYS = 3'] },
    });
    expect(await h.state()).toEqual(before);
  });
});

describe('create_schema and create_stage', () => {
  it('create a schema and a stage in it', async () => {
    const h = harness();
    await h.call('create_database', { name: DB });
    const schema = await h.call('create_schema', { database: DB, name: SCHEMA, managed_access: true, comment: 'c' });
    expect(schema.object).toMatchObject({ name: SCHEMA, database_name: DB, managed_access: true, comment: 'c' });
    const stage = await h.call('create_stage', { database: DB, schema: SCHEMA, name: 'tasks_stage' });
    expect(stage.statements).toEqual([
      { sql: 'CREATE STAGE PYTHON_API_DB.PYTHON_API_SCHEMA.TASKS_STAGE', query_id: expect.any(String) },
    ]);
    expect(stage.object).toMatchObject({ name: 'TASKS_STAGE', schema_name: SCHEMA, kind: 'PERMANENT' });
  });

  it('report a missing database or an existing stage as Snowflake does', async () => {
    const h = harness();
    const missing = await h.failure('create_schema', { database: 'MISSING_DB', name: 'S' });
    expectSnowflakeError(missing, 'not_found', '002003');
    expect(missing.message).toContain("'MISSING_DB' does not exist or not authorized");
    await h.call('create_database', { name: DB });
    await h.call('create_stage', { database: DB, schema: 'PUBLIC', name: 'ST' });
    expectSnowflakeError(
      await h.failure('create_stage', { database: DB, schema: 'PUBLIC', name: 'st' }),
      'already_exists',
      '002002',
    );
  });
});

describe('create_table, add_column and describe_object (quickstart steps 1-3)', () => {
  it('creates the table and describes it with Snowflake datatypes', async () => {
    const h = harness();
    await quickstartTable(h);
    const { object } = (await h.call('describe_object', {
      kind: 'table',
      database: 'python_api_db',
      schema: 'python_api_schema',
      name: 'python_api_table',
    })) as { object: Record<string, unknown> };
    expect(object).toMatchObject({ name: TABLE, database_name: DB, schema_name: SCHEMA, kind: 'TABLE', rows: 0 });
    expect(object.columns).toEqual([
      { name: 'TEMPERATURE', datatype: 'NUMBER(38,0)', nullable: false, default: null, comment: null },
      { name: 'LOCATION', datatype: 'VARCHAR(16777216)', nullable: true, default: null, comment: null },
    ]);
    expect(object.constraints).toEqual([]);
  });

  it('adds a NOT NULL primary key column', async () => {
    const h = harness();
    await quickstartTable(h);
    const result = await h.call('add_column', {
      database: DB,
      schema: SCHEMA,
      table: TABLE,
      column: { name: 'elevation', datatype: 'int', nullable: false },
      primary_key: true,
    });
    expect((result.statements as { sql: string }[]).map((s) => s.sql)).toEqual([
      'ALTER TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE ADD COLUMN ELEVATION INT NOT NULL',
      'ALTER TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE ADD PRIMARY KEY (ELEVATION)',
    ]);
    const object = result.object as { columns: { name: string }[]; constraints: unknown[] };
    expect(object.columns.map((c) => c.name)).toEqual(['TEMPERATURE', 'LOCATION', 'ELEVATION']);
    expect(object.constraints).toEqual([
      { name: expect.any(String), constraint_type: 'PRIMARY KEY', column_names: ['ELEVATION'] },
    ]);
    const again = await h.failure('add_column', {
      database: DB,
      schema: SCHEMA,
      table: TABLE,
      column: { name: 'OTHER', datatype: 'int' },
      primary_key: true,
    });
    expect(again.code).toBe('invalid_input');
  });

  it('refuses a NOT NULL column without default on a table with rows, as Snowflake does', async () => {
    const h = harness();
    await quickstartTable(h);
    await h.call('run_sql', { sql: `INSERT INTO ${DB}.${SCHEMA}.${TABLE} VALUES (20, 'here')` });
    const before = await h.state();
    const e = await h.failure('add_column', {
      database: DB,
      schema: SCHEMA,
      table: TABLE,
      column: { name: 'ELEVATION', datatype: 'int', nullable: false },
    });
    expect(e.snowflakeCode).toMatch(/^\d{6}$/);
    expect(e.message).toContain("Non-nullable column 'ELEVATION' cannot be added to non-empty table");
    expect(e.hint).toBe('Give the column a non-null default value (column.default), or add it with nullable: true.');
    expect(await h.state()).toEqual(before);
  });

  it('asks before replacing a table with rows', async () => {
    const h = harness();
    await quickstartTable(h);
    await h.call('run_sql', { sql: `INSERT INTO ${DB}.${SCHEMA}.${TABLE} VALUES (20, 'here')` });
    const first = await h.call('create_table', {
      database: DB,
      schema: SCHEMA,
      name: TABLE,
      columns: [{ name: 'X', datatype: 'int' }],
      mode: 'or_replace',
    });
    expect(first).toMatchObject({
      status: 'confirmation_required',
      plan: {
        effect: 'destructive',
        impact: [expect.stringMatching(/^replaces table PYTHON_API_DB\.PYTHON_API_SCHEMA\.PYTHON_API_TABLE \(1 row, /)],
      },
    });
  });

  it('reports missing objects with Snowflake 002003 and a hint', async () => {
    const h = harness();
    await h.call('create_database', { name: DB });
    expectSnowflakeError(
      await h.failure('create_table', { database: DB, schema: 'NOPE', name: 'T', columns: quickstartColumns }),
      'not_found',
      '002003',
    );
    expectSnowflakeError(
      await h.failure('add_column', {
        database: DB,
        schema: 'PUBLIC',
        table: 'NOPE',
        column: { name: 'C', datatype: 'int' },
      }),
      'not_found',
      '002003',
    );
    const e = await h.failure('describe_object', { kind: 'table', database: DB, schema: 'PUBLIC', name: 'nope' });
    expectSnowflakeError(e, 'not_found', '002003');
    expect(e.message).toBe("Table 'PYTHON_API_DB.PUBLIC.NOPE' does not exist or not authorized.");
  });
});

describe('list_objects', () => {
  it('pages databases in name order with an opaque cursor', async () => {
    const h = harness();
    for (const n of ['D_E', 'D_A', 'D_C', 'D_B', 'D_D', 'OTHER']) await h.call('create_database', { name: n });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await h.call('list_objects', { kind: 'database', like: 'D\\_%', limit: 2, cursor })) as {
        objects: { name: string }[];
        next_cursor: string | null;
      };
      seen.push(...page.objects.map((o) => o.name));
      cursor = page.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(['D_A', 'D_B', 'D_C', 'D_D', 'D_E']);
    expect(pages).toBe(3);
    const bad = await h.failure('list_objects', { kind: 'database', cursor: 'not-a-cursor' });
    expect(bad.code).toBe('invalid_input');
  });

  it('pages tables across schemas without losing any', async () => {
    const h = harness();
    await h.call('create_database', { name: DB });
    for (const s of ['S1', 'S2']) {
      await h.call('create_schema', { database: DB, name: s });
      for (const t of ['A', 'B', 'C']) {
        await h.call('create_table', { database: DB, schema: s, name: t, columns: [{ name: 'X', datatype: 'int' }] });
      }
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await h.call('list_objects', { kind: 'table', database: DB, limit: 4, cursor })) as {
        objects: { name: string; schema_name: string }[];
        next_cursor: string | null;
      };
      seen.push(...page.objects.map((o) => `${o.schema_name}.${o.name}`));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['S1.A', 'S2.A', 'S1.B', 'S2.B', 'S1.C', 'S2.C']);
    const one = (await h.call('list_objects', { kind: 'table', database: DB, schema: 'S2', starts_with: 'B' })) as {
      objects: { name: string }[];
    };
    expect(one.objects.map((o) => o.name)).toEqual(['B']);
  });

  it('reports a missing database as Snowflake does', async () => {
    const h = harness();
    expectSnowflakeError(
      await h.failure('list_objects', { kind: 'schema', database: 'MISSING_DB' }),
      'not_found',
      '002003',
    );
  });
});

describe('drop_object', () => {
  it('shows what goes with a database and how to undo it, then drops it once confirmed', async () => {
    const h = harness();
    await quickstartTable(h);
    const first = await h.call('drop_object', { kind: 'database', name: 'python_api_db' });
    expect(first).toMatchObject({
      status: 'confirmation_required',
      plan: {
        effect: 'destructive',
        statements: ['DROP DATABASE PYTHON_API_DB'],
        impact: [
          'drops database PYTHON_API_DB',
          'drops schema PYTHON_API_DB.PUBLIC',
          'drops schema PYTHON_API_DB.PYTHON_API_SCHEMA',
          'drops table PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE (0 rows, 0 bytes)',
        ],
        reversible: 'UNDROP DATABASE PYTHON_API_DB within 1 day (DATA_RETENTION_TIME_IN_DAYS)',
      },
    });
    const done = await h.confirmed('drop_object', { kind: 'database', name: DB });
    expect(done.status).toBe('done');
    expect((await h.state()).filter((l) => l.includes(DB))).toEqual([]);
  });

  it('reports a missing object, and succeeds with if_exists', async () => {
    const h = harness();
    expectSnowflakeError(await h.failure('drop_object', { kind: 'database', name: 'NOPE' }), 'not_found', '002003');
    const planned = await h.call('drop_object', { kind: 'database', name: 'NOPE', if_exists: true, dry_run: true });
    expect(planned.plan).toMatchObject({
      summary: 'Database NOPE does not exist; nothing to drop.',
      statements: ['DROP DATABASE IF EXISTS NOPE'],
    });
    const result = await h.confirmed('drop_object', { kind: 'database', name: 'NOPE', if_exists: true });
    expect(result).toMatchObject({ status: 'done', message: 'Database NOPE did not exist; nothing was dropped.' });
    // Kinds with a drop of their own (tasks, compute pools, DAGs) say so too.
    const task = { kind: 'task', database: 'SNOWOPS_SAMPLE_DATA', schema: 'PUBLIC', name: 'NOPE', if_exists: true };
    expect(await h.confirmed('drop_object', task)).toMatchObject({
      message: 'Task SNOWOPS_SAMPLE_DATA.PUBLIC.NOPE did not exist; nothing was dropped.',
    });
    expect(await h.confirmed('drop_object', { kind: 'compute_pool', name: 'NOPE', if_exists: true })).toMatchObject({
      message: 'Compute pool NOPE did not exist; nothing was dropped.',
    });
    const cascade = await h.failure('drop_object', { kind: 'warehouse', name: 'COMPUTE_WH', cascade: true });
    expect(cascade.code).toBe('invalid_input');
  });
});

describe('undrop_object', () => {
  it('brings a dropped database back with its schemas and table rows, without asking', async () => {
    const h = harness();
    await quickstartTable(h);
    await h.call('run_sql', { sql: `INSERT INTO ${DB}.${SCHEMA}.${TABLE} VALUES (20, 'here'), (21, 'there')` });
    const before = await h.state();
    await h.confirmed('drop_object', { kind: 'database', name: DB });

    const planned = await h.call('undrop_object', { kind: 'database', name: 'python_api_db', dry_run: true });
    expect(planned.plan).toMatchObject({
      effect: 'write',
      summary: `Restore database ${DB}.`,
      statements: [`UNDROP DATABASE ${DB}`],
      impact: [
        expect.stringMatching(new RegExp(`^restores database ${DB}, dropped \\d{4}-\\d\\d-\\d\\dT`)),
        'with the schemas, tables and other objects it held when it was dropped',
      ],
      reversible: `DROP DATABASE ${DB}`,
    });
    const done = await h.call('undrop_object', { kind: 'database', name: 'python_api_db' });
    expect(done).toMatchObject({ status: 'done', message: `Database ${DB} restored.`, object: { name: DB } });
    expect(await h.state()).toEqual(before);
    const table = await h.call('describe_object', { kind: 'table', database: DB, schema: SCHEMA, name: TABLE });
    expect(table.object).toMatchObject({ rows: 2 });
  });

  it('refuses when a live object has the name or nothing is kept, and changes nothing', async () => {
    const h = harness();
    await quickstartTable(h);
    const table = { kind: 'table', database: DB, schema: SCHEMA, name: TABLE };
    const live = await h.failure('undrop_object', table);
    expect(live).toMatchObject({
      code: 'already_exists',
      message: `Table ${DB}.${SCHEMA}.${TABLE} exists, so a dropped one cannot take its name.`,
    });

    await h.confirmed('drop_object', table);
    const state = await h.state();
    const never = await h.failure('undrop_object', { ...table, name: 'NEVER_THERE' });
    expect(never).toMatchObject({
      code: 'not_found',
      message: `No dropped table ${DB}.${SCHEMA}.NEVER_THERE is kept to restore.`,
    });
    expect(never.hint).toContain('SHOW TABLES HISTORY');
    expect(await h.state()).toEqual(state);

    // Two dropped versions: the latest comes back, the plan says the older one stays.
    await h.call('create_table', {
      database: DB,
      schema: SCHEMA,
      name: TABLE,
      columns: [{ name: 'NEWER', datatype: 'int' }],
    });
    await h.confirmed('drop_object', table);
    const plan = (await h.call('undrop_object', { ...table, dry_run: true })).plan as { impact: string[] };
    expect(plan.impact[1]).toBe('1 older dropped version(s) stay kept');
    await h.call('undrop_object', table);
    const restored = await h.call('describe_object', table);
    expect((restored.object as { columns: { name: string }[] }).columns.map((c) => c.name)).toEqual(['NEWER']);
  });

  it('takes only the kinds UNDROP restores', async () => {
    const h = harness();
    const warehouse = await h.failure('undrop_object', { kind: 'warehouse', name: 'COMPUTE_WH' });
    expect(warehouse.code).toBe('invalid_input');
    expect(warehouse.message).toContain('kind');
  });
});
