/**
 * DESIGN §9 steps 5 and 6, and scheduled catch-up, as separate `snowops call` processes sharing
 * one SNOWOPS_HOME, the way a user or a script runs them. Needs `npm run build` (npm test does).
 */
import { describe, expect, it } from 'vitest';
import { call, freshHomes, type Run, snowops } from '../cli/process.js';

const SCOPE = { database: 'python_api_db', schema: 'python_api_schema' };
const DB = 'PYTHON_API_DB.PYTHON_API_SCHEMA';

// The quickstart's handler: a Snowpark procedure the local emulator parses but cannot run.
const trunc = {
  python: {
    code: 'def trunc(session, from_table, to_table, count):\n    return "Truncated table"',
    handler: 'trunc',
    packages: ['snowflake-snowpark-python'],
    args: ['python_api_table', 'python_api_table_trunc', 10],
  },
};
const filter = {
  python: {
    code: 'def filter_by_shipmode(session, mode):\n    return "Created table"',
    handler: 'filter_by_shipmode',
    args: ['FOB'],
  },
};

function ok(run: Run): Run['json'] {
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stdout} ${run.stderr}`);
  return run.json;
}

async function prepare(homes: ReturnType<typeof freshHomes>, env?: Record<string, string>) {
  const with_ = (tool: string, args: Record<string, unknown>) =>
    snowops(['call', tool, JSON.stringify(args)], homes, env ? { env } : {});
  ok(await with_('create_database', { name: 'python_api_db' }));
  ok(await with_('create_schema', { database: 'python_api_db', name: 'python_api_schema' }));
}

async function taskStates(homes: ReturnType<typeof freshHomes>): Promise<[string, string][]> {
  const listed = ok(await call(homes, 'list_objects', { kind: 'task', ...SCOPE }));
  return (listed.objects as { name: string; state: string }[]).map((t) => [t.name, t.state]);
}

describe('quickstart step 5: tasks', () => {
  it('creates both tasks suspended, resumes TRUNC only, suspends with confirmation and drops by token', async () => {
    const homes = freshHomes();
    await prepare(homes);
    ok(await call(homes, 'create_stage', { ...SCOPE, name: 'tasks_stage' }));
    const t1 = ok(
      await call(homes, 'create_task', {
        ...SCOPE,
        name: 'task_python_api_trunc',
        definition: trunc,
        warehouse: 'compute_wh',
        schedule: { minutes: 1 },
        mode: 'or_replace',
      }),
    );
    expect(t1.object).toMatchObject({ name: 'TASK_PYTHON_API_TRUNC', state: 'suspended', schedule: { minutes: 1 } });
    const t2 = ok(
      await call(homes, 'create_task', {
        ...SCOPE,
        name: 'task_python_api_filter',
        definition: filter,
        warehouse: 'compute_wh',
        predecessors: ['task_python_api_trunc'],
        mode: 'or_replace',
      }),
    );
    expect(t2.object).toMatchObject({ state: 'suspended', predecessors: [`${DB}.TASK_PYTHON_API_TRUNC`] });
    expect(await taskStates(homes)).toEqual([
      ['TASK_PYTHON_API_FILTER', 'suspended'],
      ['TASK_PYTHON_API_TRUNC', 'suspended'],
    ]);

    ok(await call(homes, 'resume_task', { ...SCOPE, name: 'task_python_api_trunc' }));
    expect(await taskStates(homes)).toEqual([
      ['TASK_PYTHON_API_FILTER', 'suspended'],
      ['TASK_PYTHON_API_TRUNC', 'started'],
    ]);

    const ask = await call(homes, 'suspend_task', { ...SCOPE, name: 'task_python_api_trunc' });
    expect(ask.code).toBe(3);
    expect(ask.json.status).toBe('confirmation_required');
    expect(await taskStates(homes)).toContainEqual(['TASK_PYTHON_API_TRUNC', 'started']);
    ok(await call(homes, 'suspend_task', { ...SCOPE, name: 'task_python_api_trunc' }, '--yes'));
    expect(await taskStates(homes)).toContainEqual(['TASK_PYTHON_API_TRUNC', 'suspended']);

    for (const name of ['task_python_api_trunc', 'task_python_api_filter']) {
      const args = { kind: 'task', ...SCOPE, name };
      const plan = await call(homes, 'drop_object', args);
      expect(plan.code).toBe(3);
      ok(await call(homes, 'drop_object', { ...args, confirmation_token: plan.json.confirmation_token }));
    }
    expect(await taskStates(homes)).toEqual([]);
  });
});

describe('quickstart step 6: the DAG', () => {
  it('deploys three started tasks, records a graph run whose Python tasks fail, and drops all three', async () => {
    const homes = freshHomes();
    await prepare(homes);
    const dag = {
      ...SCOPE,
      name: 'python_api_dag',
      schedule: { minutes: 1440 },
      tasks: [
        { name: 'task_python_api_trunc', definition: trunc, warehouse: 'compute_wh' },
        {
          name: 'task_python_api_filter',
          definition: filter,
          warehouse: 'compute_wh',
          predecessors: ['task_python_api_trunc'],
        },
      ],
      mode: 'or_replace',
    };
    const deployed = ok(await call(homes, 'deploy_dag', dag));
    expect(deployed.object).toMatchObject({ name: 'PYTHON_API_DAG', state: 'started', task_count: 3 });
    expect(await taskStates(homes)).toEqual([
      ['PYTHON_API_DAG', 'started'],
      ['PYTHON_API_DAG$TASK_PYTHON_API_FILTER', 'started'],
      ['PYTHON_API_DAG$TASK_PYTHON_API_TRUNC', 'started'],
    ]);
    const dags = ok(await call(homes, 'list_objects', { kind: 'dag', ...SCOPE }));
    expect((dags.objects as { name: string }[]).map((d) => d.name)).toEqual(['PYTHON_API_DAG']);

    const ran = ok(await call(homes, 'run_dag', { ...SCOPE, name: 'python_api_dag' }));
    expect(ran.object).toMatchObject({
      state: 'FAILED',
      first_error_task_name: 'PYTHON_API_DAG$TASK_PYTHON_API_TRUNC',
    });
    expect(String((ran.object as { first_error_message: string }).first_error_message)).toMatch(
      /local Snowflake emulator cannot run Python/,
    );
    const runs = ok(await call(homes, 'get_dag_runs', { ...SCOPE, name: 'python_api_dag', state: 'complete' }));
    expect(runs.runs).toHaveLength(1);

    const plan = await call(homes, 'drop_object', { kind: 'dag', ...SCOPE, name: 'python_api_dag' });
    expect(plan.code).toBe(3);
    expect((plan.json.plan as { impact: string[] }).impact.join('\n')).toMatch(
      /PYTHON_API_DAG\$TASK_PYTHON_API_FILTER, PYTHON_API_DAG\$TASK_PYTHON_API_TRUNC, PYTHON_API_DAG$/,
    );
    ok(
      await call(homes, 'drop_object', {
        kind: 'dag',
        ...SCOPE,
        name: 'python_api_dag',
        confirmation_token: plan.json.confirmation_token,
      }),
    );
    expect(await taskStates(homes)).toEqual([]);
  });
});

describe('scheduled tasks by catch-up, across processes', () => {
  it('runs once per due time with two processes writing, never on reads, and once after an idle hour', async () => {
    const homes = freshHomes();
    const at = (iso: string) => ({ SNOWOPS_TEST_NOW: iso });
    const run = (iso: string, tool: string, args: Record<string, unknown>, ...flags: string[]) =>
      snowops(['call', tool, JSON.stringify(args), ...flags], homes, { env: at(iso) });
    const T0 = '2024-01-01T09:00:00Z';
    await prepare(homes, at(T0));
    ok(await run(T0, 'run_sql', { sql: `CREATE TABLE ${DB}.TICKS (AT TIMESTAMP_NTZ)` }, '--yes'));
    ok(
      await run(T0, 'create_task', {
        ...SCOPE,
        name: 'tick',
        schedule: { minutes: 1 },
        definition: { sql: `INSERT INTO ${DB}.TICKS SELECT CURRENT_TIMESTAMP()` },
      }),
    );
    ok(await run(T0, 'resume_task', { ...SCOPE, name: 'tick' }));

    const runsSeen = async (iso: string) => {
      const r = ok(
        await run(iso, 'run_sql', {
          sql: "SELECT SCHEDULED_TIME FROM TABLE(PYTHON_API_DB.INFORMATION_SCHEMA.COMPLETE_TASK_GRAPHS(ROOT_TASK_NAME => 'TICK'))",
        }),
      );
      return (r.rows as { SCHEDULED_TIME: string }[]).map((x) => new Date(x.SCHEDULED_TIME).toISOString());
    };

    // One minute later two processes write at the same time: the due run happens once.
    const T1 = '2024-01-01T09:01:10Z';
    const both = await Promise.all([
      run(T1, 'create_database', { name: 'writer_a' }),
      run(T1, 'create_database', { name: 'writer_b' }),
    ]);
    for (const r of both) ok(r);
    expect(await runsSeen(T1)).toEqual(['2024-01-01T09:01:00.000Z']);

    // Reads, however late, run nothing.
    expect(await runsSeen('2024-01-01T09:45:00Z')).toEqual(['2024-01-01T09:01:00.000Z']);
    ok(await run('2024-01-01T09:45:00Z', 'list_objects', { kind: 'task', ...SCOPE }));

    // An idle hour, then one write: one run (the latest due time), not sixty.
    const T2 = '2024-01-01T10:01:30Z';
    ok(await run(T2, 'create_database', { name: 'writer_c' }));
    expect(await runsSeen(T2)).toEqual(['2024-01-01T10:01:00.000Z', '2024-01-01T09:01:00.000Z']);
    const ticks = ok(await run(T2, 'run_sql', { sql: `SELECT COUNT(*) AS N FROM ${DB}.TICKS` }));
    expect(ticks.rows).toEqual([{ N: 2 }]);
  });
});
