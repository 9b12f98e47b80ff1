/**
 * DESIGN §9 end to end through `snowops mcp` as a child process and the SDK's stdio client:
 * once with a client that declares elicitation (accepting every question), once declining the
 * final drop (which must change nothing), once with a client that cannot ask (token flow).
 * Also: every call of the quickstart prompts (runbooks) satisfies its tool's input schema.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { loadLibrary, runbookDirs } from '../../src/runbooks/library.js';
import { runbookPrompts } from '../../src/runbooks/mcp.js';
import { catalog } from '../../tools/index.js';
import { DB, IN, names, nginxSpec, python, type Result, SPCS, taskStates as states } from '../helpers/quickstart.js';
import { accept, decline, freshDir, type Session, startSession, text } from './helpers.js';

type Mode = 'elicit' | 'token';

/** A call that needs the person: a question (elicit) or a token round trip (token). */
async function confirmed(s: Session, mode: Mode, tool: string, args: Result): Promise<CallToolResult> {
  if (mode === 'elicit') {
    const before = s.questions.length;
    const result = await s.call(tool, args);
    expect(s.questions.length, `${tool} should have asked`).toBe(before + 1);
    return result;
  }
  const first = await s.call(tool, args);
  const asked = first.structuredContent as Result;
  expect(asked.status, `${tool} should ask first: ${text(first)}`).toBe('confirmation_required');
  expect(text(first)).toContain(`confirmation_token "${String(asked.confirmation_token)}"`);
  return s.call(tool, { ...args, confirmation_token: asked.confirmation_token });
}

async function done(s: Session, mode: Mode, tool: string, args: Result): Promise<Result> {
  const result = await confirmed(s, mode, tool, args);
  expect(result.isError, text(result)).toBeFalsy();
  expect((result.structuredContent as Result).status).toBe('done');
  return result.structuredContent as Result;
}

const taskStates = (s: Session) => states(s.ok);

async function tablesAndWarehouse(s: Session) {
  for (const [tool, args] of [
    ['create_database', { name: DB, mode: 'or_replace' }],
    ['create_schema', { database: DB, name: IN.schema, mode: 'or_replace' }],
    [
      'create_table',
      {
        ...IN,
        name: 'PYTHON_API_TABLE',
        columns: [
          { name: 'TEMPERATURE', datatype: 'int', nullable: false },
          { name: 'LOCATION', datatype: 'string' },
        ],
        mode: 'or_replace',
      },
    ],
  ] as const) {
    expect((await s.ok(tool, args)).status, tool).toBe('done');
  }
  const table = { kind: 'table', ...IN, name: 'PYTHON_API_TABLE' };
  let model = (await s.ok('describe_object', table)).object as Result;
  expect(model.columns).toMatchObject([
    { name: 'TEMPERATURE', datatype: 'NUMBER(38,0)', nullable: false },
    { name: 'LOCATION', datatype: 'VARCHAR(16777216)', nullable: true },
  ]);
  expect(model.rows).toBe(0);

  await s.ok('add_column', {
    ...IN,
    table: 'PYTHON_API_TABLE',
    column: { name: 'ELEVATION', datatype: 'int', nullable: false },
    primary_key: true,
  });
  model = (await s.ok('describe_object', table)).object as Result;
  expect((model.columns as unknown[]).length).toBe(3);
  expect(model.constraints).toMatchObject([{ constraint_type: 'PRIMARY KEY', column_names: ['ELEVATION'] }]);

  await s.ok('create_warehouse', { name: 'PYTHON_API_WH', size: 'SMALL', auto_suspend: 500 });
  const wh = { kind: 'warehouse', name: 'PYTHON_API_WH' };
  expect((await s.ok('describe_object', wh)).object).toMatchObject({ warehouse_size: 'SMALL', auto_suspend: 500 });
  expect(names(await s.ok('list_objects', { kind: 'warehouse', like: 'PYTHON_API_WH' }))).toEqual(['PYTHON_API_WH']);
  await s.ok('resize_warehouse', { name: 'PYTHON_API_WH', size: 'LARGE' });
  expect((await s.ok('describe_object', wh)).object).toMatchObject({ warehouse_size: 'LARGE' });
}

async function tasksAndDag(s: Session, mode: Mode) {
  await s.ok('create_stage', { ...IN, name: 'TASKS_STAGE' });
  await s.ok('create_task', {
    ...IN,
    name: 'TASK_PYTHON_API_TRUNC',
    definition: python('trunc'),
    warehouse: 'COMPUTE_WH',
    schedule: { minutes: 1 },
  });
  await s.ok('create_task', {
    ...IN,
    name: 'TASK_PYTHON_API_FILTER',
    definition: python('filter_by_shipmode'),
    warehouse: 'COMPUTE_WH',
    predecessors: ['TASK_PYTHON_API_TRUNC'],
  });
  expect(await taskStates(s)).toEqual({ TASK_PYTHON_API_FILTER: 'suspended', TASK_PYTHON_API_TRUNC: 'suspended' });
  await s.ok('resume_task', { ...IN, name: 'TASK_PYTHON_API_TRUNC' });
  expect(await taskStates(s)).toEqual({ TASK_PYTHON_API_FILTER: 'suspended', TASK_PYTHON_API_TRUNC: 'started' });
  await done(s, mode, 'suspend_task', { ...IN, name: 'TASK_PYTHON_API_TRUNC' });
  await done(s, mode, 'drop_object', { kind: 'task', ...IN, name: 'TASK_PYTHON_API_TRUNC' });
  await done(s, mode, 'drop_object', { kind: 'task', ...IN, name: 'TASK_PYTHON_API_FILTER' });
  expect(await taskStates(s)).toEqual({});

  await s.ok('deploy_dag', {
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
  expect(await taskStates(s)).toEqual({
    PYTHON_API_DAG: 'started',
    PYTHON_API_DAG$TASK_PYTHON_API_FILTER: 'started',
    PYTHON_API_DAG$TASK_PYTHON_API_TRUNC: 'started',
  });
  await s.ok('run_dag', { ...IN, name: 'PYTHON_API_DAG' });
  const runs = await s.ok('get_dag_runs', { ...IN, name: 'PYTHON_API_DAG' });
  expect((runs.runs as unknown[]).length).toBeGreaterThanOrEqual(1);
  await done(s, mode, 'drop_object', { kind: 'dag', ...IN, name: 'PYTHON_API_DAG' });
  expect(await taskStates(s)).toEqual({});
}

async function containerServices(s: Session, mode: Mode) {
  await s.ok('create_database', { name: SPCS.database, mode: 'or_replace' });
  expect(names(await s.ok('list_objects', { kind: 'schema', database: SPCS.database }))).toContain('PUBLIC');
  await s.ok('create_compute_pool', {
    name: 'MyComputePool',
    instance_family: 'CPU_X64_XS',
    min_nodes: 1,
    max_nodes: 2,
  });
  await s.ok('create_image_repository', { ...SPCS, name: 'MyImageRepository' });
  const repo = (await s.ok('describe_object', { kind: 'image_repository', ...SPCS, name: 'MyImageRepository' }))
    .object as Result;
  expect(repo.repository_url).toMatch(/myimagerepository$/i);
  const spec = nginxSpec(String(repo.repository_url));
  await s.ok('create_service', { ...SPCS, name: 'MyService', compute_pool: 'MyComputePool', spec });
  const status = await s.ok('get_service_status', { ...SPCS, name: 'MyService' });
  expect(status.containers).toMatchObject([{ container_name: 'web-server' }]);
  const early = await s.ok('get_endpoints', { ...SPCS, name: 'MyService' });
  expect(early.ready).toBe(false);
  const ready = await s.ok('get_endpoints', { ...SPCS, name: 'MyService', wait_seconds: 20 });
  expect(ready.ready).toBe(true);
  expect(ready.endpoints).toMatchObject([{ name: 'ui', url: expect.stringMatching(/^https:\/\//) }]);
  await done(s, mode, 'suspend_service', { ...SPCS, name: 'MyService' });
  await done(s, mode, 'suspend_compute_pool', { name: 'MyComputePool' });
  const poolFirst = await confirmed(s, mode, 'drop_object', { kind: 'compute_pool', name: 'MyComputePool' });
  expect(poolFirst.isError, 'a pool with a service cannot be dropped').toBe(true);
  await done(s, mode, 'drop_object', { kind: 'service', ...SPCS, name: 'MyService' });
  await done(s, mode, 'drop_object', { kind: 'compute_pool', name: 'MyComputePool' });
}

async function runQuickstart(s: Session, mode: Mode) {
  await tablesAndWarehouse(s);
  await tasksAndDag(s, mode);
  await containerServices(s, mode);
  const drop = await done(s, mode, 'drop_object', { kind: 'database', name: DB });
  expect(drop.message).toBeTruthy();
  await done(s, mode, 'drop_object', { kind: 'database', name: SPCS.database });
  const left = names(await s.ok('list_objects', { kind: 'database', like: '%PYTHON_API%' }));
  expect(left).toEqual([]);
}

describe('the quickstart over MCP', () => {
  it('runs with a client that asks the person (elicitation, accepted)', async () => {
    const s = await startSession({ elicit: accept, record: true });
    try {
      await runQuickstart(s, 'elicit');
      const dropDb = s.questions.find((q) => q.message.includes(`DROP DATABASE ${DB}`));
      expect(dropDb?.message).toMatch(/Impact:[\s\S]*PYTHON_API_SCHEMA|PYTHON_API_TABLE/);
    } finally {
      await s.close();
    }
    for (const line of s.stdoutLines()) expect((JSON.parse(line) as { jsonrpc: string }).jsonrpc).toBe('2.0');
  });

  it('changes nothing when the person declines a step', async () => {
    const s = await startSession({
      elicit: (q) => (q.message.includes(`DROP DATABASE ${DB}`) ? decline() : accept()),
    });
    try {
      await tablesAndWarehouse(s);
      await tasksAndDag(s, 'elicit');
      await containerServices(s, 'elicit');
      const asked = s.questions.length;
      const before = await s.ok('describe_object', { kind: 'table', ...IN, name: 'PYTHON_API_TABLE' });
      const result = await s.call('drop_object', { kind: 'database', name: DB });
      expect(result.structuredContent).toMatchObject({ status: 'cancelled' });
      expect(text(result)).toMatch(/^Cancelled, nothing ran/);
      expect(s.questions).toHaveLength(asked + 1);
      const after = await s.ok('describe_object', { kind: 'table', ...IN, name: 'PYTHON_API_TABLE' });
      expect(after).toEqual(before);
    } finally {
      await s.close();
    }
  });

  it('runs with a client that cannot ask (confirmation tokens)', async () => {
    const s = await startSession();
    try {
      await runQuickstart(s, 'token');
    } finally {
      await s.close();
    }
  });
});

describe('the quickstart prompts', () => {
  it('use each tool with arguments its input schema accepts', () => {
    const library = loadLibrary(runbookDirs(freshDir('snowops-quickstart-prompts-')), catalog);
    const prompts = runbookPrompts(library.runbooks, catalog);
    const tour = ['quickstart', 'spcs-quickstart', 'quickstart-cleanup'];
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(tour));
    for (const prompt of prompts.filter((p) => tour.includes(p.name))) {
      const calls = [...prompt.render({}).matchAll(/^ {3}([a-z_]+) (\{.*\})/gm)];
      expect(calls.length, prompt.name).toBeGreaterThan(0);
      for (const [, name, json] of calls) {
        const tool = catalog.find((t) => t.name === name);
        expect(tool, `${name} is in the catalog`).toBeDefined();
        const parsed = tool!.input.safeParse(JSON.parse(json!));
        expect(parsed.success, `${prompt.name}: ${name} ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
    }
  });
});
