/**
 * Runs that stop half way and are resumed: a step against a missing object fails, the run says
 * how to continue, and `--resume RUN_ID` finishes it without repeating the steps that
 * succeeded (their stored results still feed later templates). Also continue_on_error, params
 * and the refusals around resuming.
 */
import { describe, expect, it } from 'vitest';
import { freshHomes, query, runbook, runbookDir, snowops, storedRun, summary } from './helpers.js';

const HALF_WAY = `name: half-way
title: Fails half way
description: Creates a database and a schema, then a table in a schema that does not exist yet.
params:
  database:
    default: RESUME_DB
    description: The database to create.
  later_schema:
    default: LATER
    description: A schema nobody created.
steps:
  - id: db
    title: Create the database
    tool: create_database
    args: { name: "{{ params.database }}" }
  - id: schema
    title: Create the first schema
    tool: create_schema
    args: { database: "{{ steps.db.object.name }}", name: FIRST }
  - id: table
    title: Create a table in the missing schema
    tool: create_table
    args:
      database: "{{ steps.db.object.name }}"
      schema: "{{ params.later_schema }}"
      name: T1
      columns: [{ name: ID, datatype: int }]
  - id: describe
    title: Describe it
    tool: describe_object
    args: { kind: table, database: "{{ steps.db.object.name }}", schema: "{{ params.later_schema }}", name: T1 }
`;

describe('a run that fails half way', () => {
  it('stops with the resume line, and --resume finishes it without repeating what succeeded', async () => {
    const homes = freshHomes();
    const dir = runbookDir({ 'half-way.yaml': HALF_WAY });

    const first = await runbook(homes, ['run', 'half-way', '--runbooks', dir]);
    expect(first.code, first.stderr).toBe(1);
    const s1 = summary(first);
    expect(s1.status).toBe('failed');
    expect(s1.steps.map((s) => s.status)).toEqual(['done', 'done', 'failed', 'pending']);
    expect(s1.steps[2]!.error).toMatchObject({ code: 'not_found' });
    expect(s1.resume).toBe(`snowops runbook run half-way --resume ${s1.run_id}`);
    expect(first.stderr).toContain(`Continue it with:\nsnowops runbook run half-way --resume ${s1.run_id}\n`);
    const [created] = await query(homes.home, "SHOW DATABASES LIKE 'RESUME_DB'");

    // Someone creates the missing schema; the run then continues where it stopped.
    const made = await snowops(['call', 'create_schema', '{"database":"RESUME_DB","name":"LATER"}'], homes);
    expect(made.code, made.stderr).toBe(0);
    const second = await runbook(homes, ['run', 'half-way', '--runbooks', dir, '--resume', s1.run_id]);
    expect(second.code, second.stderr).toBe(0);
    const s2 = summary(second);
    expect(s2).toMatchObject({ status: 'done', run_id: s1.run_id });
    expect(s2.steps.map((s) => [s.id, s.status, s.earlier ?? false])).toEqual([
      ['db', 'done', true],
      ['schema', 'done', true],
      ['table', 'done', false],
      ['describe', 'done', false],
    ]);
    expect(second.stderr).toContain('[1/4] Create the database: done earlier in this run, not repeated');

    // The database was not created again (a second create would have failed: it exists), and
    // the stored result of step db filled in the table's database.
    const [still] = await query(homes.home, "SHOW DATABASES LIKE 'RESUME_DB'");
    expect(still!.created_on).toEqual(created!.created_on);
    const stored = storedRun(homes.home, s1.run_id);
    expect([...stored.steps.values()].map((s) => [s.step_id, s.status, s.attempts]).sort()).toEqual([
      ['db', 'done', 1],
      ['describe', 'done', 1],
      ['schema', 'done', 1],
      ['table', 'done', 2],
    ]);
    expect((stored.steps.get('describe')!.result!.object as { name: string }).name).toBe('T1');

    // Resuming a finished run runs nothing and says so.
    const third = await runbook(homes, ['run', 'half-way', '--runbooks', dir, '--resume', s1.run_id]);
    expect(third.code, third.stderr).toBe(0);
    expect(summary(third).steps.every((s) => s.earlier)).toBe(true);
    expect(storedRun(homes.home, s1.run_id).steps.get('table')!.attempts).toBe(2);
  });

  it('refuses to resume with other params, another runbook, or an unknown run id', async () => {
    const homes = freshHomes();
    const dir = runbookDir({ 'half-way.yaml': HALF_WAY });
    const first = await runbook(homes, ['run', 'half-way', '--runbooks', dir]);
    const id = summary(first).run_id;

    const params = await runbook(homes, [
      'run',
      'half-way',
      '--runbooks',
      dir,
      '--resume',
      id,
      '--param',
      'database=X',
    ]);
    expect(params.code).toBe(2);
    expect(params.json.error?.message).toMatch(/--param cannot change a run being resumed/);
    const other = await runbook(homes, ['run', 'quickstart', '--runbooks', dir, '--resume', id]);
    expect(other.code).toBe(2);
    expect(other.json.error?.message).toContain(`Run ${id} is a run of runbook "half-way", not "quickstart"`);
    const unknown = await runbook(homes, ['run', 'half-way', '--runbooks', dir, '--resume', 'no-such-run']);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error?.message).toContain('There is no runbook run "no-such-run"');
    // None of these ran a step.
    expect(storedRun(homes.home, id).steps.get('table')!.attempts).toBe(1);
  });
});

describe('params and continue_on_error', () => {
  const TOLERANT = `name: tolerant
title: Goes on after an allowed failure
description: Drops a database that may not exist, then creates one.
params:
  name:
    default: TOLERANT_DB
    description: The database.
  retention:
    default: 1
    description: Days of time travel.
steps:
  - id: drop_old
    title: Drop the old database
    tool: drop_object
    args: { kind: database, name: "OLD_{{ params.name }}" }
    continue_on_error: true
  - id: create
    title: Create the database
    tool: create_database
    args: { name: "{{ params.name }}", data_retention_time_in_days: "{{ params.retention }}" }
`;

  it('records the allowed failure, goes on, and exits 0', async () => {
    const homes = freshHomes();
    const dir = runbookDir({ 'tolerant.yaml': TOLERANT });
    const run = await runbook(homes, ['run', 'tolerant', '--runbooks', dir, '--yes', '--param', 'retention=3']);
    expect(run.code, run.stderr).toBe(0);
    const s = summary(run);
    expect(s.status).toBe('done');
    expect(s.params).toEqual({ name: 'TOLERANT_DB', retention: 3 });
    expect(s.steps.map((step) => step.status)).toEqual(['failed', 'done']);
    expect(s.steps[0]!.error).toMatchObject({ code: 'not_found' });
    const [db] = await query(homes.home, "SHOW DATABASES LIKE 'TOLERANT_DB'");
    expect(Number(db!.retention_time)).toBe(3);
  });

  it('refuses an unknown param or a value of the wrong type before anything runs', async () => {
    const homes = freshHomes();
    const dir = runbookDir({ 'tolerant.yaml': TOLERANT });
    const unknown = await runbook(homes, ['run', 'tolerant', '--runbooks', dir, '--param', 'nmae=X']);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error?.message).toBe('Runbook tolerant has no param "nmae".');
    const wrong = await runbook(homes, ['run', 'tolerant', '--runbooks', dir, '--param', 'retention=many']);
    expect(wrong.code).toBe(2);
    expect(wrong.json.error?.message).toBe('Param retention must be a number, got "many".');
    const bad = await runbook(homes, ['run', 'tolerant', '--runbooks', dir, '--param', 'retention=-4']);
    expect(bad.code).toBe(2);
    expect(bad.json.error?.message).toMatch(
      /tolerant\.yaml:\d+: step "create" \(create_database\): data_retention_time_in_days/,
    );
    expect(await query(homes.home, "SHOW DATABASES LIKE 'TOLERANT_DB'")).toEqual([]);
  });
});
