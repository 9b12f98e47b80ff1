/**
 * The "quickstart" prompt: walks an assistant through DESIGN §9 with the exact tool calls in
 * order, stopping for the person at every confirmation. Steps are data; the prompt renders
 * them, so a runbook prompt of the same name (added later) can replace it.
 */
import type { McpPrompt } from './types.js';

interface Call {
  tool: string;
  args: Record<string, unknown>;
  expect?: string;
  /** The call needs the person's approval (destructive or disruptive). */
  confirm?: boolean;
}

interface Step {
  title: string;
  calls: Call[];
}

const DB = 'PYTHON_API_DB';
const SC = 'PYTHON_API_SCHEMA';
const TABLE = { database: DB, schema: SC, name: 'PYTHON_API_TABLE' };
const TRUNC_CODE = [
  'def trunc(session, from_table, to_table, count):',
  '    session.table(from_table).limit(count).write.save_as_table(to_table)',
  '    return "Truncated table successfully created!"',
].join('\n');
const FILTER_CODE = [
  'from snowflake.snowpark.functions import col',
  'def filter_by_shipmode(session, mode):',
  '    session.table("snowflake_sample_data.tpch_sf100.lineitem").filter(col("L_SHIPMODE") == mode).limit(10).write.save_as_table("filter_table")',
  '    return "Filter table successfully created!"',
].join('\n');
const python = (code: string, handler: string) => ({
  python: { code, handler, packages: ['snowflake-snowpark-python'] },
});
const TRUNC = python(TRUNC_CODE, 'trunc');
const FILTER = python(FILTER_CODE, 'filter_by_shipmode');
const SPCS = { database: 'SPCS_PYTHON_API_DB', schema: 'PUBLIC' };

export const QUICKSTART_STEPS: Step[] = [
  {
    title: 'Database, schema and table',
    calls: [
      { tool: 'create_database', args: { name: DB, mode: 'or_replace' } },
      { tool: 'create_schema', args: { database: DB, name: SC, mode: 'or_replace' } },
      {
        tool: 'create_table',
        args: {
          ...TABLE,
          columns: [
            { name: 'TEMPERATURE', datatype: 'int', nullable: false },
            { name: 'LOCATION', datatype: 'string' },
          ],
          mode: 'or_replace',
        },
      },
      {
        tool: 'describe_object',
        args: { kind: 'table', ...TABLE },
        expect: '2 columns: TEMPERATURE NUMBER(38,0) not null, LOCATION VARCHAR(16777216); rows 0',
      },
    ],
  },
  {
    title: 'Add a primary-key column',
    calls: [
      {
        tool: 'add_column',
        args: {
          database: DB,
          schema: SC,
          table: 'PYTHON_API_TABLE',
          column: { name: 'ELEVATION', datatype: 'int', nullable: false },
          primary_key: true,
        },
      },
      {
        tool: 'describe_object',
        args: { kind: 'table', ...TABLE },
        expect: '3 columns and a PRIMARY KEY constraint on ELEVATION',
      },
    ],
  },
  {
    title: 'Warehouse',
    calls: [
      { tool: 'create_warehouse', args: { name: 'PYTHON_API_WH', size: 'SMALL', auto_suspend: 500 } },
      { tool: 'describe_object', args: { kind: 'warehouse', name: 'PYTHON_API_WH' } },
      { tool: 'list_objects', args: { kind: 'warehouse', like: 'PYTHON_API_WH' }, expect: 'finds PYTHON_API_WH' },
      { tool: 'resize_warehouse', args: { name: 'PYTHON_API_WH', size: 'LARGE' } },
      { tool: 'describe_object', args: { kind: 'warehouse', name: 'PYTHON_API_WH' }, expect: 'warehouse_size LARGE' },
    ],
  },
  {
    title: 'Tasks',
    calls: [
      { tool: 'create_stage', args: { database: DB, schema: SC, name: 'TASKS_STAGE' } },
      {
        tool: 'create_task',
        args: {
          database: DB,
          schema: SC,
          name: 'TASK_PYTHON_API_TRUNC',
          definition: TRUNC,
          warehouse: 'COMPUTE_WH',
          schedule: { minutes: 1 },
        },
      },
      {
        tool: 'create_task',
        args: {
          database: DB,
          schema: SC,
          name: 'TASK_PYTHON_API_FILTER',
          definition: FILTER,
          warehouse: 'COMPUTE_WH',
          predecessors: ['TASK_PYTHON_API_TRUNC'],
        },
      },
      { tool: 'list_objects', args: { kind: 'task', database: DB, schema: SC }, expect: 'both suspended' },
      { tool: 'resume_task', args: { database: DB, schema: SC, name: 'TASK_PYTHON_API_TRUNC' } },
      {
        tool: 'list_objects',
        args: { kind: 'task', database: DB, schema: SC },
        expect: 'TASK_PYTHON_API_FILTER suspended, TASK_PYTHON_API_TRUNC started',
      },
      { tool: 'suspend_task', args: { database: DB, schema: SC, name: 'TASK_PYTHON_API_TRUNC' }, confirm: true },
      {
        tool: 'drop_object',
        args: { kind: 'task', database: DB, schema: SC, name: 'TASK_PYTHON_API_TRUNC' },
        confirm: true,
      },
      {
        tool: 'drop_object',
        args: { kind: 'task', database: DB, schema: SC, name: 'TASK_PYTHON_API_FILTER' },
        confirm: true,
      },
    ],
  },
  {
    title: 'A task graph (DAG)',
    calls: [
      {
        tool: 'deploy_dag',
        args: {
          database: DB,
          schema: SC,
          name: 'PYTHON_API_DAG',
          schedule: { minutes: 1440 },
          warehouse: 'COMPUTE_WH',
          tasks: [
            { name: 'TASK_PYTHON_API_TRUNC', definition: TRUNC },
            { name: 'TASK_PYTHON_API_FILTER', definition: FILTER, predecessors: ['TASK_PYTHON_API_TRUNC'] },
          ],
          mode: 'or_replace',
        },
        expect:
          'tasks PYTHON_API_DAG, PYTHON_API_DAG$TASK_PYTHON_API_TRUNC, PYTHON_API_DAG$TASK_PYTHON_API_FILTER, all started',
      },
      { tool: 'run_dag', args: { database: DB, schema: SC, name: 'PYTHON_API_DAG' } },
      { tool: 'get_dag_runs', args: { database: DB, schema: SC, name: 'PYTHON_API_DAG' }, expect: 'one graph run' },
      { tool: 'drop_object', args: { kind: 'dag', database: DB, schema: SC, name: 'PYTHON_API_DAG' }, confirm: true },
    ],
  },
  {
    title: 'Snowpark Container Services',
    calls: [
      {
        tool: 'create_database',
        args: { name: SPCS.database, mode: 'or_replace' },
        expect: 'its PUBLIC schema comes with it',
      },
      {
        tool: 'create_compute_pool',
        args: { name: 'MyComputePool', instance_family: 'CPU_X64_XS', min_nodes: 1, max_nodes: 2 },
      },
      { tool: 'create_image_repository', args: { ...SPCS, name: 'MyImageRepository' } },
      {
        tool: 'describe_object',
        args: { kind: 'image_repository', ...SPCS, name: 'MyImageRepository' },
        expect: 'repository_url: use it as <repository_url> below',
      },
      {
        tool: 'create_service',
        args: {
          ...SPCS,
          name: 'MyService',
          compute_pool: 'MyComputePool',
          spec: [
            'spec:',
            '  containers:',
            '  - name: web-server',
            '    image: <repository_url>/nginx:latest',
            '  endpoints:',
            '  - name: ui',
            '    port: 80',
            '    public: true',
          ].join('\n'),
          min_instances: 1,
          max_instances: 1,
        },
      },
      { tool: 'get_service_status', args: { ...SPCS, name: 'MyService' } },
      { tool: 'get_endpoints', args: { ...SPCS, name: 'MyService' }, expect: 'first: still provisioning' },
      {
        tool: 'get_endpoints',
        args: { ...SPCS, name: 'MyService', wait_seconds: 120 },
        expect: 'the ui URL; show it to the person',
      },
      { tool: 'suspend_service', args: { ...SPCS, name: 'MyService' }, confirm: true },
      { tool: 'suspend_compute_pool', args: { name: 'MyComputePool' }, confirm: true },
      {
        tool: 'drop_object',
        args: { kind: 'service', ...SPCS, name: 'MyService' },
        confirm: true,
        expect: 'drop the service before its pool: Snowflake refuses to drop a pool that still has services',
      },
      { tool: 'drop_object', args: { kind: 'compute_pool', name: 'MyComputePool' }, confirm: true },
    ],
  },
  {
    title: 'Clean up',
    calls: [
      {
        tool: 'drop_object',
        args: { kind: 'database', name: DB },
        confirm: true,
        expect: 'the plan lists what goes with it',
      },
      { tool: 'drop_object', args: { kind: 'database', name: SPCS.database }, confirm: true },
    ],
  },
];

const PREAMBLE = `Walk me through the Snowflake Python API quickstart with the snowops tools, one call at a time, in this order.

Rules:
- Make exactly the calls below, with these arguments; after each, tell me in one line what happened and check the expectation when one is given.
- When a call needs confirmation: if my client shows a confirmation dialog, I answer there. Otherwise the result is "confirmation_required": show me the plan's summary, impact and SQL, ask me, and only if I approve call the same tool again with the same arguments plus the confirmation_token. If I decline, do not retry; say what was skipped.
- If a call fails, show me the error and its hint, and stop until I say how to go on.
- Calls marked [asks first] need my approval; any other call that returns confirmation_required does too (for example or_replace over an object that exists).
- If a tool is not available (a toolset is switched off), say so and skip that step.`;

export function renderQuickstart(steps: readonly Step[] = QUICKSTART_STEPS): string {
  const parts = [PREAMBLE];
  steps.forEach((step, i) => {
    const lines = [`## ${i + 1}. ${step.title}`];
    for (const call of step.calls) {
      const mark = call.confirm ? ' [asks first]' : '';
      lines.push(`- ${call.tool}${mark} ${JSON.stringify(call.args)}`);
      if (call.expect) lines.push(`  expect: ${call.expect}`);
    }
    parts.push(lines.join('\n'));
  });
  return parts.join('\n\n');
}

export const quickstartPrompt: McpPrompt = {
  name: 'quickstart',
  title: 'Snowflake quickstart, step by step',
  description:
    'Walks through the Snowflake Python API quickstart with snowops tools: database, schema, table, warehouse, tasks, a DAG, container services, clean-up; stops for the person at every confirmation.',
  render: () => renderQuickstart(),
};
