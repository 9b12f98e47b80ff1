/**
 * DESIGN §9 through `snowops call --connection emu`, each call its own process: snowops speaks
 * to `snowops emulator serve` with the real snowflake-sdk, configured only by a connections.toml
 * in a temporary SNOWFLAKE_HOME (host 127.0.0.1, the server's port, protocol "http").
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../tools/index.js';
import { DB, IN, names, nginxSpec, python, type Result, SPCS, taskStates as states } from '../helpers/quickstart.js';
import { type Served, serve, snowops, tempDir, wireSection, writeConnections } from './helpers.js';

const has = (tool: string) => catalog.some((t) => t.name === tool);

let served: Served;
let serverHome: string;
let cliHome: string;
let sfHome: string;

beforeAll(async () => {
  serverHome = tempDir('qs-server');
  cliHome = tempDir('qs-cli');
  sfHome = tempDir('qs-sf');
  served = await serve(serverHome, [], { SNOWOPS_EMULATOR_PROVISION_SECONDS: '12' });
  writeConnections(sfHome, wireSection('emu', served.port));
});

afterAll(async () => {
  await served?.stop();
  for (const d of [serverHome, cliHome, sfHome]) if (d) rmSync(d, { recursive: true, force: true });
});

/** `snowops call TOOL ARGS --connection emu --yes`: its JSON result and exit code. */
async function run(tool: string, args: Result): Promise<{ code: number | null; json: Result; stderr: string }> {
  const r = await snowops(['call', tool, JSON.stringify(args), '--connection', 'emu', '--yes'], {
    SNOWOPS_HOME: cliHome,
    SNOWFLAKE_HOME: sfHome,
  });
  return { code: r.code, json: JSON.parse(r.stdout) as Result, stderr: r.stderr };
}

async function ok(tool: string, args: Result): Promise<Result> {
  const r = await run(tool, args);
  expect(r.code, `${tool}: ${r.stderr}`).toBe(0);
  return r.json;
}

const taskStates = () => states(ok);

describe('the quickstart through snowops call against the wire server', { timeout: 180_000 }, () => {
  it('1-4: database, schema, table, columns and warehouse', async () => {
    await ok('create_database', { name: DB, mode: 'or_replace' });
    await ok('create_schema', { database: DB, name: IN.schema, mode: 'or_replace' });
    await ok('create_table', {
      ...IN,
      name: 'PYTHON_API_TABLE',
      columns: [
        { name: 'TEMPERATURE', datatype: 'int', nullable: false },
        { name: 'LOCATION', datatype: 'string' },
      ],
      mode: 'or_replace',
    });
    const table = { kind: 'table', ...IN, name: 'PYTHON_API_TABLE' };
    let model = (await ok('describe_object', table)).object as Result;
    expect(model.columns).toMatchObject([
      { name: 'TEMPERATURE', datatype: 'NUMBER(38,0)', nullable: false },
      { name: 'LOCATION', datatype: 'VARCHAR(16777216)', nullable: true },
    ]);
    expect(model.rows).toBe(0);
    await ok('add_column', {
      ...IN,
      table: 'PYTHON_API_TABLE',
      column: { name: 'ELEVATION', datatype: 'int', nullable: false },
      primary_key: true,
    });
    model = (await ok('describe_object', table)).object as Result;
    expect(model.columns as unknown[]).toHaveLength(3);
    expect(model.constraints).toMatchObject([{ constraint_type: 'PRIMARY KEY', column_names: ['ELEVATION'] }]);

    await ok('create_warehouse', { name: 'PYTHON_API_WH', size: 'SMALL', auto_suspend: 500 });
    const wh = { kind: 'warehouse', name: 'PYTHON_API_WH' };
    expect((await ok('describe_object', wh)).object).toMatchObject({ warehouse_size: 'SMALL', auto_suspend: 500 });
    expect(names(await ok('list_objects', { kind: 'warehouse', like: 'PYTHON_API_WH' }))).toEqual(['PYTHON_API_WH']);
    await ok('resize_warehouse', { name: 'PYTHON_API_WH', size: 'LARGE' });
    expect((await ok('describe_object', wh)).object).toMatchObject({ warehouse_size: 'LARGE' });
  });

  it('5: stage and tasks', async () => {
    await ok('create_stage', { ...IN, name: 'TASKS_STAGE' });
    await ok('create_task', {
      ...IN,
      name: 'TASK_PYTHON_API_TRUNC',
      definition: python('trunc'),
      warehouse: 'COMPUTE_WH',
      schedule: { minutes: 1 },
    });
    await ok('create_task', {
      ...IN,
      name: 'TASK_PYTHON_API_FILTER',
      definition: python('filter_by_shipmode'),
      warehouse: 'COMPUTE_WH',
      predecessors: ['TASK_PYTHON_API_TRUNC'],
    });
    expect(await taskStates()).toEqual({ TASK_PYTHON_API_FILTER: 'suspended', TASK_PYTHON_API_TRUNC: 'suspended' });
    await ok('resume_task', { ...IN, name: 'TASK_PYTHON_API_TRUNC' });
    expect(await taskStates()).toEqual({ TASK_PYTHON_API_FILTER: 'suspended', TASK_PYTHON_API_TRUNC: 'started' });
    await ok('suspend_task', { ...IN, name: 'TASK_PYTHON_API_TRUNC' });
    await ok('drop_object', { kind: 'task', ...IN, name: 'TASK_PYTHON_API_TRUNC' });
    await ok('drop_object', { kind: 'task', ...IN, name: 'TASK_PYTHON_API_FILTER' });
    expect(await taskStates()).toEqual({});
  });

  it('6: the task graph', async () => {
    await ok('deploy_dag', {
      ...IN,
      name: 'PYTHON_API_DAG',
      schedule: { minutes: 1440 },
      warehouse: 'COMPUTE_WH',
      tasks: [
        { name: 'TASK_PYTHON_API_TRUNC', definition: python('trunc') },
        {
          name: 'TASK_PYTHON_API_FILTER',
          definition: python('filter_by_shipmode'),
          predecessors: ['TASK_PYTHON_API_TRUNC'],
        },
      ],
      mode: 'or_replace',
    });
    expect(await taskStates()).toEqual({
      PYTHON_API_DAG: 'started',
      PYTHON_API_DAG$TASK_PYTHON_API_FILTER: 'started',
      PYTHON_API_DAG$TASK_PYTHON_API_TRUNC: 'started',
    });
    await ok('run_dag', { ...IN, name: 'PYTHON_API_DAG' });
    const runs = await ok('get_dag_runs', { ...IN, name: 'PYTHON_API_DAG' });
    expect((runs.runs as unknown[]).length).toBeGreaterThanOrEqual(1);
    await ok('drop_object', { kind: 'dag', ...IN, name: 'PYTHON_API_DAG' });
    expect(await taskStates()).toEqual({});
  });

  it.runIf(has('create_compute_pool'))('7: container services', async () => {
    await ok('create_database', { name: SPCS.database, mode: 'or_replace' });
    expect(names(await ok('list_objects', { kind: 'schema', database: SPCS.database }))).toContain('PUBLIC');
    await ok('create_compute_pool', {
      name: 'MyComputePool',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 2,
    });
    await ok('create_image_repository', { ...SPCS, name: 'MyImageRepository' });
    const repo = (await ok('describe_object', { kind: 'image_repository', ...SPCS, name: 'MyImageRepository' }))
      .object as Result;
    expect(repo.repository_url).toMatch(/myimagerepository$/i);
    const spec = nginxSpec(String(repo.repository_url));
    await ok('create_service', { ...SPCS, name: 'MyService', compute_pool: 'MyComputePool', spec });
    // Asked right after creation (provisioning takes 12 s on this server): not ready yet.
    const early = await ok('get_endpoints', { ...SPCS, name: 'MyService' });
    expect(early.ready).toBe(false);
    const status = await ok('get_service_status', { ...SPCS, name: 'MyService' });
    expect(status.containers).toMatchObject([{ container_name: 'web-server' }]);
    const ready = await ok('get_endpoints', { ...SPCS, name: 'MyService', wait_seconds: 60 });
    expect(ready.ready).toBe(true);
    expect(ready.endpoints).toMatchObject([{ name: 'ui', url: expect.stringMatching(/^https:\/\//) }]);
    await ok('suspend_service', { ...SPCS, name: 'MyService' });
    await ok('suspend_compute_pool', { name: 'MyComputePool' });
    const poolFirst = await run('drop_object', { kind: 'compute_pool', name: 'MyComputePool' });
    expect(poolFirst.code, 'a pool with a service cannot be dropped').toBe(1);
    expect((poolFirst.json.error as Result).snowflake_code).toBeTruthy();
    await ok('drop_object', { kind: 'service', ...SPCS, name: 'MyService' });
    await ok('drop_object', { kind: 'compute_pool', name: 'MyComputePool' });
  });

  it('8: clean up, with the plan listing what goes', async () => {
    const planned = await snowops(
      ['call', 'drop_object', JSON.stringify({ kind: 'database', name: DB }), '--connection', 'emu', '--dry-run'],
      { SNOWOPS_HOME: cliHome, SNOWFLAKE_HOME: sfHome },
    );
    const plan = (JSON.parse(planned.stdout) as Result).plan as { statements: string[]; impact: string[] };
    expect(plan.statements).toEqual([`DROP DATABASE ${DB}`]);
    expect(plan.impact.join('\n')).toMatch(/PYTHON_API_SCHEMA|PYTHON_API_TABLE/);
    await ok('drop_object', { kind: 'database', name: DB });
    if (has('create_compute_pool')) await ok('drop_object', { kind: 'database', name: SPCS.database });
    expect(names(await ok('list_objects', { kind: 'database', like: '%PYTHON_API%' }))).toEqual([]);
  });
});
