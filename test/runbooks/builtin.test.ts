/**
 * The built-in runbooks end to end: `snowops runbook run quickstart --yes` and
 * `spcs-quickstart --yes` as child processes on a fresh home complete, and leave the account as
 * DESIGN §9 says; the quickstart runs again on the same home (its creates replace);
 * `quickstart-cleanup` drops what is left, and runs again with nothing left to drop.
 */
import { describe, expect, it } from 'vitest';
import { freshHomes, names, query, runbook, snowops, storedRun, summary } from './helpers.js';

describe('snowops runbook run quickstart --yes', () => {
  const homes = freshHomes();

  it('completes on a fresh home, each step through the ops runner', async () => {
    const run = await runbook(homes, ['run', 'quickstart', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    const s = summary(run);
    expect(s.status).toBe('done');
    expect(s.steps).toHaveLength(24);
    expect(s.steps.every((step) => step.status === 'done')).toBe(true);
    expect(s.resume).toBeUndefined();
    // Progress on stderr: each step's title, its status and duration.
    expect(run.stderr).toMatch(/\[1\/24\] Create the database: done in \d+\.\d\d s: Database PYTHON_API_DB created\./);
    expect(run.stderr).toMatch(/\[24\/24\] Drop the DAG \(all its tasks\): done in \d+\.\d\d s/);
    expect(run.stderr).toMatch(/quickstart complete: 24 of 24 steps done/);

    // The account as the quickstart leaves it: table with three columns, warehouse LARGE, no tasks.
    const columns = await query(homes.home, 'DESCRIBE TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE');
    expect(columns.map((c) => c.name)).toEqual(['TEMPERATURE', 'LOCATION', 'ELEVATION']);
    const [warehouse] = await query(homes.home, "SHOW WAREHOUSES LIKE 'PYTHON_API_WH'");
    expect(String(warehouse!.size).toUpperCase()).toBe('LARGE');
    expect(await names(homes.home, 'SHOW TASKS IN SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA')).toEqual([]);
    expect(await names(homes.home, 'SHOW STAGES IN SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA')).toEqual(['TASKS_STAGE']);

    // Results are stored per step: the DAG ran once as a graph, the listing found both tasks.
    const stored = storedRun(homes.home, s.run_id);
    expect(stored.runbook).toBe('quickstart');
    const listed = stored.steps.get('list_tasks_resumed')!.result!.objects as { name: string; state: string }[];
    expect(Object.fromEntries(listed.map((t) => [t.name, t.state]))).toEqual({
      TASK_PYTHON_API_FILTER: 'suspended',
      TASK_PYTHON_API_TRUNC: 'started',
    });
    const runs = stored.steps.get('dag_runs')!.result!.runs as unknown[];
    expect(runs.length).toBeGreaterThan(0);
    // Every change went through the ops runner: one audit record each, marked as a runbook's.
    const audit = await snowops(['audit', '--json', '--limit', '1000'], homes);
    const records = JSON.parse(audit.stdout) as { front_end: string; tool: string; confirmation: unknown }[];
    expect(records).toHaveLength(16);
    expect(records.every((r) => r.front_end === 'runbook')).toBe(true);
    expect(records[0]).toMatchObject({ tool: 'drop_object', confirmation: { how: 'interactive', via: '--yes' } });
    const deployed = stored.steps.get('dag')!.result!.object as { tasks: { name: string }[] };
    expect(deployed.tasks.map((t) => t.name)).toEqual([
      'PYTHON_API_DAG',
      'PYTHON_API_DAG$TASK_PYTHON_API_TRUNC',
      'PYTHON_API_DAG$TASK_PYTHON_API_FILTER',
    ]);
  });

  it('runs again on the same home: the or_replace creates are confirmed with --yes', async () => {
    const before = await query(homes.home, "SHOW DATABASES LIKE 'PYTHON_API_DB'");
    const run = await runbook(homes, ['run', 'quickstart', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(summary(run).status).toBe('done');
    expect(run.stderr).toContain('Create the database: done');
    expect(run.stderr).toMatch(/Database PYTHON_API_DB replaced\./);
    expect(run.stderr).toMatch(/Warehouse PYTHON_API_WH replaced\./);
    const after = await query(homes.home, "SHOW DATABASES LIKE 'PYTHON_API_DB'");
    expect((after[0]!.created_on as Date).getTime()).toBeGreaterThanOrEqual((before[0]!.created_on as Date).getTime());
  });

  it('without --yes and without a terminal, stops at the first step that needs confirmation (exit 3)', async () => {
    const run = await runbook(homes, ['run', 'quickstart']);
    expect(run.code, run.stderr).toBe(3);
    const s = summary(run);
    expect(s.status).toBe('confirmation_required');
    expect(s.steps[0]).toMatchObject({ id: 'database', status: 'confirmation_required' });
    expect(s.steps.slice(1).every((step) => step.status === 'pending')).toBe(true);
    expect(run.stderr).toContain('CREATE OR REPLACE DATABASE PYTHON_API_DB;');
    expect(run.stderr).toContain(`snowops runbook run quickstart --resume ${s.run_id} --yes`);
  });

  it('quickstart-cleanup drops what the quickstart left, each drop confirmed; a second run finds nothing', async () => {
    const run = await runbook(homes, ['run', 'quickstart-cleanup', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(summary(run).steps.map((step) => [step.id, step.status])).toEqual([
      ['drop_database', 'done'],
      ['drop_spcs_database', 'done'],
      ['drop_warehouse', 'done'],
    ]);
    expect(await names(homes.home, "SHOW DATABASES LIKE '%PYTHON_API%'")).toEqual([]);
    expect(await names(homes.home, "SHOW WAREHOUSES LIKE 'PYTHON_API_WH'")).toEqual([]);
    const audit = await snowops(['audit', '--json', '--tool', 'drop_object', '--since', '1h'], homes);
    const drops = (JSON.parse(audit.stdout) as { args: { name: string }; confirmation: unknown }[]).slice(0, 3);
    expect(drops.map((r) => r.args.name).sort()).toEqual(['PYTHON_API_DB', 'PYTHON_API_WH', 'SPCS_PYTHON_API_DB']);
    for (const r of drops) expect(r.confirmation).toMatchObject({ via: '--yes' });

    const again = await runbook(homes, ['run', 'quickstart-cleanup', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(summary(again).steps.every((step) => step.status === 'done')).toBe(true);
  });
});

describe('snowops runbook run spcs-quickstart --yes', () => {
  it('completes on a fresh home: the spec uses the repository URL, the endpoint is waited for, all dropped in order', async () => {
    const homes = freshHomes();
    const run = await runbook(homes, ['run', 'spcs-quickstart', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    const s = summary(run);
    expect(s.status).toBe('done');
    expect(s.steps.map((step) => step.status)).toEqual(Array(10).fill('done'));

    const stored = storedRun(homes.home, s.run_id);
    const url = (stored.steps.get('repo')!.result!.object as { repository_url: string }).repository_url;
    expect(url).toMatch(/myimagerepository$/i);
    const service = stored.steps.get('service')!.result!.object as { spec: string };
    expect(service.spec).toContain(`${url}/nginx:latest`);
    const endpoints = stored.steps.get('endpoints')!.result! as {
      ready: boolean;
      endpoints: { name: string; url: string }[];
    };
    expect(endpoints.ready).toBe(true);
    expect(endpoints.endpoints).toEqual([
      expect.objectContaining({ name: 'ui', url: expect.stringMatching(/^https:\/\//) }),
    ]);

    expect(await names(homes.home, 'SHOW COMPUTE POOLS')).not.toContain('MYCOMPUTEPOOL');
    expect(await names(homes.home, 'SHOW SERVICES IN SCHEMA SPCS_PYTHON_API_DB.PUBLIC')).toEqual([]);
    expect(await names(homes.home, 'SHOW IMAGE REPOSITORIES IN SCHEMA SPCS_PYTHON_API_DB.PUBLIC')).toEqual([
      'MYIMAGEREPOSITORY',
    ]);
  });
});
