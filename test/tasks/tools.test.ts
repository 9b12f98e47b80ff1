/** Task and DAG tools through the real runner on the real emulator. */
import { describe, expect, it } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import { defaultPolicy } from '../../src/ops/policy.js';
import { createRunner } from '../../src/ops/runner.js';
import type { Plan, Progress } from '../../src/ops/types.js';
import { dagTools } from '../../tools/dags.js';
import { objectTools } from '../../tools/objects.js';
import { sqlTools } from '../../tools/sql.js';
import { taskTools } from '../../tools/tasks.js';
import { harness } from '../tools/helpers.js';
import { tempDir } from './helpers.js';

const tools = [...objectTools, ...taskTools, ...dagTools, ...sqlTools];
const SCOPE = { database: 'python_api_db', schema: 'python_api_schema' };

async function setup() {
  const h = harness(defaultPolicy(), tools);
  await h.sql('CREATE DATABASE PYTHON_API_DB');
  await h.sql('CREATE SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA');
  await h.sql('CREATE TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.RAW (TEMPERATURE INT, LOCATION STRING)');
  await h.sql('CREATE TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.WARM (TEMPERATURE INT, LOCATION STRING)');
  await h.sql("INSERT INTO PYTHON_API_DB.PYTHON_API_SCHEMA.RAW VALUES (12, 'Oslo'), (25, 'Rome'), (31, 'Cairo')");
  return h;
}

async function taskNames(h: Awaited<ReturnType<typeof setup>>): Promise<string[]> {
  return (await h.sql('SHOW TASKS IN SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA')).rows.map((r) => String(r.name));
}

const python = { python: { code: 'def main(session, n):\n    return str(n)', handler: 'main', args: [3] } };

describe('create_task', () => {
  it('emits the exact SQL of each definition form and creates the task suspended', async () => {
    const h = await setup();
    const a = await h.call('create_task', {
      ...SCOPE,
      name: 'task_python_api_trunc',
      definition: python,
      warehouse: 'compute_wh',
      schedule: { minutes: 1 },
    });
    expect(a.status).toBe('done');
    expect((a.statements as { sql: string }[])[0].sql).toBe(
      "CREATE TASK PYTHON_API_DB.PYTHON_API_SCHEMA.TASK_PYTHON_API_TRUNC WAREHOUSE = COMPUTE_WH SCHEDULE = '1 MINUTE' " +
        "AS WITH main_sp AS PROCEDURE (ARG1 NUMBER) RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.11' " +
        "PACKAGES = ('snowflake-snowpark-python') HANDLER = 'main' AS $$def main(session, n):\n    return str(n)$$ CALL main_sp(3)",
    );
    expect(a.object).toMatchObject({
      name: 'TASK_PYTHON_API_TRUNC',
      state: 'suspended',
      warehouse: 'COMPUTE_WH',
      schedule: { minutes: 1 },
      predecessors: [],
    });
    const b = await h.call('create_task', {
      ...SCOPE,
      name: 'task_python_api_filter',
      definition: { call: { procedure: 'cleanup', args: ["it's", 2, true, null] } },
      predecessors: ['task_python_api_trunc'],
      condition: "SYSTEM$GET_PREDECESSOR_RETURN_VALUE('TASK_PYTHON_API_TRUNC') = 'ok' -- why",
    });
    expect((b.statements as { sql: string }[])[0].sql).toBe(
      'CREATE TASK PYTHON_API_DB.PYTHON_API_SCHEMA.TASK_PYTHON_API_FILTER AFTER PYTHON_API_DB.PYTHON_API_SCHEMA.TASK_PYTHON_API_TRUNC ' +
        "WHEN SYSTEM$GET_PREDECESSOR_RETURN_VALUE('TASK_PYTHON_API_TRUNC') = 'ok' AS CALL cleanup('it''s', 2, TRUE, NULL)".replace(
          'cleanup',
          'CLEANUP',
        ),
    );
    expect(b.object).toMatchObject({
      predecessors: ['PYTHON_API_DB.PYTHON_API_SCHEMA.TASK_PYTHON_API_TRUNC'],
      warehouse: null,
      schedule: null,
    });
    const c = await h.call('create_task', {
      ...SCOPE,
      name: 'nightly',
      definition: { sql: 'INSERT INTO warm SELECT * FROM raw /* all */' },
      schedule: { cron: '0 2 * * MON-FRI', timezone: 'Europe/Paris' },
    });
    expect(c.object).toMatchObject({ schedule: { cron: '0 2 * * MON-FRI', timezone: 'Europe/Paris' } });
  });

  it('makes the call destructive when the sql body is, and refuses bad input without creating anything', async () => {
    const h = await setup();
    const first = await h.call('create_task', { ...SCOPE, name: 'wipe', definition: { sql: 'TRUNCATE TABLE raw' } });
    expect(first.status).toBe('confirmation_required');
    expect((first.plan as Plan).effect).toBe('destructive');
    expect((first.plan as Plan).impact.join('\n')).toMatch(/destructive statement \(TRUNCATE\)/);
    expect(await taskNames(h)).toEqual([]);
    const bad = [
      { definition: { sql: 'SELECT 1; DROP TABLE raw' } },
      { definition: { sql: 'SELECT 1' }, schedule: { minutes: 1 }, predecessors: ['x'] },
      { definition: { sql: 'SELECT 1' }, schedule: { minutes: 0 } },
      { definition: { sql: 'SELECT 1' }, schedule: { cron: '0 2 * *', timezone: 'UTC' } },
      { definition: { sql: 'SELECT 1' }, schedule: { cron: '0 2 * * *', timezone: "UTC'; DROP" } },
      { definition: { sql: 'SELECT 1' }, condition: '1 = 1 AS SELECT 2' },
      { definition: { sql: 'SELECT 1' }, predecessors: ['other_db.s.t'] },
      { definition: { python: { code: 'def f(s): pass', handler: 'f; DROP' } } },
      { definition: { python: { code: 'def f(s): pass', handler: 'f', packages: ["pandas') DROP"] } } },
    ];
    for (const args of bad) {
      const e = await h.failure('create_task', { ...SCOPE, name: 't', ...args });
      expect(e.code).toBe('invalid_input');
    }
    expect(await taskNames(h)).toEqual([]);
  });
});

describe('resume, suspend, execute', () => {
  it('resumes one task or a graph, needs confirmation to suspend, and answers 091421 for a started graph', async () => {
    const h = await setup();
    await h.call('create_task', { ...SCOPE, name: 'root', definition: { sql: 'SELECT 1' }, schedule: { minutes: 5 } });
    await h.call('create_task', { ...SCOPE, name: 'child', definition: { sql: 'SELECT 2' }, predecessors: ['root'] });
    const resumed = await h.call('resume_task', { ...SCOPE, name: 'root', with_dependents: true });
    expect((resumed.statements as { sql: string }[])[0].sql).toBe(
      "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('PYTHON_API_DB.PYTHON_API_SCHEMA.ROOT')",
    );
    expect(resumed.object).toMatchObject({ state: 'started' });
    const e = await h.failure('create_task', {
      ...SCOPE,
      name: 'late',
      definition: { sql: 'SELECT 3' },
      predecessors: ['root'],
    });
    expect([e.code, e.snowflakeCode]).toEqual(['wrong_state', '091421']);
    expect(e.message).toBe(
      'Unable to update graph with root task PYTHON_API_DB.PYTHON_API_SCHEMA.ROOT since that root task is not suspended.',
    );
    const ask = await h.call('suspend_task', { ...SCOPE, name: 'root' });
    expect(ask.status).toBe('confirmation_required');
    expect((ask.plan as Plan).impact.join('\n')).toMatch(/root of a graph: the 1 task\(s\) after it stop/);
    const done = await h.call('suspend_task', { ...SCOPE, name: 'root', confirmation_token: ask.confirmation_token });
    expect(done.object).toMatchObject({ state: 'suspended' });
    expect((await h.failure('execute_task', { ...SCOPE, name: 'child' })).code).toBe('invalid_input');
    const ran = await h.call('execute_task', { ...SCOPE, name: 'root' });
    expect(ran.status).toBe('done');
    const history = await h.sql('SELECT NAME, STATE FROM TABLE(PYTHON_API_DB.INFORMATION_SCHEMA.TASK_HISTORY())');
    expect(history.rows.filter((r) => r.STATE !== 'SCHEDULED').map((r) => r.NAME)).toEqual(['CHILD', 'ROOT']);
  });

  it('plans a task drop with what happens to its children', async () => {
    const h = await setup();
    await h.call('create_task', { ...SCOPE, name: 'root', definition: { sql: 'SELECT 1' } });
    await h.call('create_task', { ...SCOPE, name: 'child', definition: { sql: 'SELECT 2' }, predecessors: ['root'] });
    const ask = await h.call('drop_object', { kind: 'task', ...SCOPE, name: 'root' });
    expect((ask.plan as Plan).impact).toEqual([
      'drops task PYTHON_API_DB.PYTHON_API_SCHEMA.ROOT (suspended)',
      'task CHILD loses its only predecessor: it becomes a standalone task, suspended',
    ]);
  });
});

const DAG = {
  ...SCOPE,
  name: 'python_api_dag',
  schedule: { minutes: 1440 },
  tasks: [
    {
      name: 'task_python_api_trunc',
      definition: { sql: 'INSERT INTO warm SELECT * FROM raw WHERE temperature > 20' },
    },
    {
      name: 'task_python_api_filter',
      predecessors: ['task_python_api_trunc'],
      definition: { sql: 'DELETE FROM raw WHERE temperature > 20' },
    },
  ],
  finalizer: { name: 'done', definition: { sql: "INSERT INTO warm VALUES (0, 'finalizer')" } },
};

const ROOT = 'PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_DAG';
const TRUNC = `${ROOT}$TASK_PYTHON_API_TRUNC`;
const FILTER = `${ROOT}$TASK_PYTHON_API_FILTER`;
const DONE = `${ROOT}$DONE`;

describe('DAGs', () => {
  it('deploys parents first, resumes children then the root, and reads back as a DAG', async () => {
    const h = await setup();
    const result = await h.call('deploy_dag', DAG);
    expect(result.status).toBe('done');
    expect((result.statements as { sql: string }[]).map((s) => s.sql)).toEqual([
      `CREATE TASK ${ROOT} SCHEDULE = '1440 MINUTE' AS SELECT 'dag root'`,
      `CREATE TASK ${TRUNC} AFTER ${ROOT} AS INSERT INTO warm SELECT * FROM raw WHERE temperature > 20`,
      `CREATE TASK ${DONE} FINALIZE = ${ROOT} AS INSERT INTO warm VALUES (0, 'finalizer')`,
      `CREATE TASK ${FILTER} AFTER ${TRUNC} AS DELETE FROM raw WHERE temperature > 20`,
      `ALTER TASK ${TRUNC} RESUME`,
      `ALTER TASK ${FILTER} RESUME`,
      `ALTER TASK ${DONE} RESUME`,
      `ALTER TASK ${ROOT} RESUME`,
    ]);
    expect(result.object).toMatchObject({
      name: 'PYTHON_API_DAG',
      state: 'started',
      schedule: { minutes: 1440 },
      task_count: 4,
      tasks: [
        { name: 'PYTHON_API_DAG', state: 'started', predecessors: [] },
        { name: 'PYTHON_API_DAG$TASK_PYTHON_API_TRUNC', state: 'started', predecessors: [ROOT] },
        { name: 'PYTHON_API_DAG$TASK_PYTHON_API_FILTER', state: 'started', predecessors: [TRUNC] },
      ],
      finalizer: { name: 'PYTHON_API_DAG$DONE', state: 'started' },
    });
    const listed = await h.call('list_objects', { kind: 'dag', ...SCOPE });
    expect(listed.objects).toEqual([
      {
        name: 'PYTHON_API_DAG',
        database_name: 'PYTHON_API_DB',
        schema_name: 'PYTHON_API_SCHEMA',
        state: 'started',
        schedule: { minutes: 1440 },
        task_count: 4,
      },
    ]);
    const again = await h.failure('deploy_dag', DAG);
    expect(again.code).toBe('already_exists');
    const kept = await h.call('deploy_dag', { ...DAG, mode: 'if_not_exists' });
    expect(kept.statements).toEqual([]);
  });

  it('reports progress once per statement', async () => {
    const home = tempDir();
    const client = createEmulatorClient({ home });
    await client.execute('CREATE DATABASE PYTHON_API_DB');
    await client.execute('CREATE SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA');
    const runner = createRunner({ catalog: tools, client, home, policy: defaultPolicy() });
    const seen: Progress[] = [];
    await runner.call('deploy_dag', DAG, { frontEnd: 'mcp', actor: 'test', onProgress: (p) => seen.push(p) });
    runner.close();
    await client.close();
    expect(seen.map((p) => p.progress)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.every((p) => p.total === 8)).toBe(true);
    expect(seen[0].message).toBe(`CREATE TASK ${ROOT}`);
    expect(seen[7].message).toBe(`ALTER TASK ${ROOT} RESUME`);
  });

  it('runs a SQL DAG that really moves rows, and lists its runs newest first', async () => {
    const h = await setup();
    await h.call('deploy_dag', { ...DAG, schedule: undefined });
    const run = await h.call('run_dag', { ...SCOPE, name: 'python_api_dag' });
    expect((run.statements as { sql: string }[]).map((s) => s.sql)).toEqual([`EXECUTE TASK ${ROOT}`]);
    expect(run.object).toMatchObject({ state: 'SUCCEEDED', first_error_task_name: null });
    const warm = await h.sql('SELECT LOCATION FROM PYTHON_API_DB.PYTHON_API_SCHEMA.WARM ORDER BY TEMPERATURE');
    expect(warm.rows.map((r) => r.LOCATION)).toEqual(['finalizer', 'Rome', 'Cairo']);
    expect((await h.sql('SELECT COUNT(*) AS N FROM PYTHON_API_DB.PYTHON_API_SCHEMA.RAW')).rows[0].N).toBe(1);
    await h.sql("INSERT INTO PYTHON_API_DB.PYTHON_API_SCHEMA.RAW VALUES (40, 'Aswan')");
    const second = await h.call('run_dag', { ...SCOPE, name: 'python_api_dag' });
    const runs = await h.call('get_dag_runs', { ...SCOPE, name: 'python_api_dag' });
    const list = runs.runs as { run_id: number; state: string }[];
    expect(list.map((r) => r.run_id)).toEqual([
      (second.object as { run_id: number }).run_id,
      (run.object as { run_id: number }).run_id,
    ]);
    expect(list[0].run_id).toBeGreaterThan(list[1].run_id);
    expect((await h.call('get_dag_runs', { ...SCOPE, name: 'python_api_dag', state: 'current' })).runs).toEqual([]);
    expect((await h.call('get_dag_runs', { ...SCOPE, name: 'python_api_dag', limit: 1 })).runs).toHaveLength(1);
  });

  it('replaces a graph only with confirmation, listing the tasks it replaces', async () => {
    const h = await setup();
    await h.call('deploy_dag', DAG);
    const next = {
      ...DAG,
      tasks: [{ name: 'only', definition: { sql: 'SELECT 1' } }],
      finalizer: undefined,
      mode: 'or_replace',
    };
    const ask = await h.call('deploy_dag', next);
    expect(ask.status).toBe('confirmation_required');
    const plan = ask.plan as Plan;
    expect(plan.effect).toBe('destructive');
    expect(plan.impact[0]).toBe(
      'replaces the existing DAG PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_DAG: drops its 4 task(s) PYTHON_API_DAG$DONE, PYTHON_API_DAG$TASK_PYTHON_API_FILTER, PYTHON_API_DAG$TASK_PYTHON_API_TRUNC, PYTHON_API_DAG',
    );
    expect(plan.statements.slice(0, 5)).toEqual([
      `ALTER TASK ${ROOT} SUSPEND`,
      `DROP TASK ${DONE}`,
      `DROP TASK ${FILTER}`,
      `DROP TASK ${TRUNC}`,
      `DROP TASK ${ROOT}`,
    ]);
    expect(await taskNames(h)).toHaveLength(4);
    await h.call('deploy_dag', { ...next, confirmation_token: ask.confirmation_token });
    expect(await taskNames(h)).toEqual(['PYTHON_API_DAG', 'PYTHON_API_DAG$ONLY']);
  });

  it('drops a DAG leaves first and root last, listing every task', async () => {
    const h = await setup();
    await h.call('deploy_dag', DAG);
    await h.call('create_task', { ...SCOPE, name: 'bystander', definition: { sql: 'SELECT 1' } });
    const ask = await h.call('drop_object', { kind: 'dag', ...SCOPE, name: 'python_api_dag' });
    const plan = ask.plan as Plan;
    expect(plan.statements).toEqual([
      `ALTER TASK ${ROOT} SUSPEND`,
      `DROP TASK ${DONE}`,
      `DROP TASK ${FILTER}`,
      `DROP TASK ${TRUNC}`,
      `DROP TASK ${ROOT}`,
    ]);
    expect(plan.impact.join('\n')).toMatch(
      /drops 4 tasks, leaves first: .*PYTHON_API_DAG\$TASK_PYTHON_API_TRUNC, PYTHON_API_DAG$/,
    );
    await h.call('drop_object', {
      kind: 'dag',
      ...SCOPE,
      name: 'python_api_dag',
      confirmation_token: ask.confirmation_token,
    });
    expect(await taskNames(h)).toEqual(['BYSTANDER']);
    expect((await h.failure('describe_object', { kind: 'dag', ...SCOPE, name: 'python_api_dag' })).code).toBe(
      'not_found',
    );
  });

  it('joins names before quoting, keeps hostile names exact and refuses names over 255 characters', async () => {
    const h = await setup();
    await h.call('deploy_dag', {
      ...SCOPE,
      name: '"My ""Dag"""',
      tasks: [{ name: 'step; DROP', definition: { sql: 'SELECT 1' } }],
    });
    expect(await taskNames(h)).toEqual(['My "Dag"', 'My "Dag"$step; DROP']);
    const long = await h.failure('deploy_dag', {
      ...SCOPE,
      name: 'D'.repeat(200),
      tasks: [{ name: 'T'.repeat(60), definition: { sql: 'SELECT 1' } }],
    });
    expect(long.code).toBe('invalid_input');
    expect(long.message).toMatch(/261 characters/);
    const cycle = await h.failure('deploy_dag', {
      ...SCOPE,
      name: 'cyc',
      tasks: [
        { name: 'a', predecessors: ['b'], definition: { sql: 'SELECT 1' } },
        { name: 'b', predecessors: ['a'], definition: { sql: 'SELECT 1' } },
      ],
    });
    expect(cycle.message).toMatch(/cycle/);
    expect(await taskNames(h)).toEqual(['My "Dag"', 'My "Dag"$step; DROP']);
  });
});
