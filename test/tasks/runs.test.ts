import { afterEach, describe, expect, it } from 'vitest';
import { minutesLater, openEngine, type TestEngine } from './helpers.js';

const open: TestEngine[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
});

function setup(path?: string): TestEngine {
  const t = openEngine(path);
  open.push(t);
  return t;
}

function withTables(t: TestEngine): void {
  t.q('CREATE DATABASE D');
  t.q('CREATE SCHEMA D.S');
  t.q('CREATE TABLE D.S.RAW (TEMPERATURE INT, LOCATION STRING)');
  t.q('CREATE TABLE D.S.WARM (TEMPERATURE INT, LOCATION STRING)');
  t.q("INSERT INTO D.S.RAW VALUES (12, 'Oslo'), (25, 'Rome'), (31, 'Cairo')");
}

const count = (t: TestEngine, table: string) => Number(t.q(`SELECT COUNT(*) AS N FROM ${table}`)[0].N);
const history = (t: TestEngine) =>
  t
    .q('SELECT NAME, STATE, ERROR_MESSAGE, SCHEDULED_FROM, RUN_ID FROM TABLE(D.INFORMATION_SCHEMA.TASK_HISTORY())')
    .filter((r) => r.STATE !== 'SCHEDULED');
const graphRuns = (t: TestEngine) =>
  t.q("SELECT * FROM TABLE(D.INFORMATION_SCHEMA.COMPLETE_TASK_GRAPHS(ROOT_TASK_NAME => 'ROOT'))");

const PYTHON_BODY =
  "WITH task_handler_sp AS PROCEDURE () RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.11' " +
  "PACKAGES = ('snowflake-snowpark-python') HANDLER = 'task_handler' AS $$def task_handler(session): return 'ok'$$ " +
  'CALL task_handler_sp()';

describe('EXECUTE TASK', () => {
  it('runs the graph inside the statement: SQL bodies move rows, predecessors first, finalizer last', () => {
    const t = setup();
    withTables(t);
    t.q("CREATE TASK D.S.ROOT SCHEDULE = '60 MINUTE' AS SELECT 'dag root'");
    t.q('CREATE TASK D.S.FILTER AFTER D.S.ROOT AS INSERT INTO D.S.WARM SELECT * FROM D.S.RAW WHERE TEMPERATURE > 20');
    t.q('CREATE TASK D.S.TRIM AFTER D.S.FILTER AS DELETE FROM D.S.RAW WHERE TEMPERATURE > 20');
    t.q("CREATE TASK D.S.DONE FINALIZE = D.S.ROOT AS INSERT INTO D.S.WARM VALUES (0, 'finalizer')");
    t.q("SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('D.S.FILTER')");
    t.q('ALTER TASK D.S.DONE RESUME');
    expect(t.q('EXECUTE TASK D.S.ROOT')[0].status).toBe('Task ROOT is scheduled to run immediately.');
    expect(count(t, 'D.S.WARM')).toBe(3);
    expect(count(t, 'D.S.RAW')).toBe(1);
    expect(history(t).map((r) => [r.NAME, r.STATE, r.SCHEDULED_FROM])).toEqual([
      ['DONE', 'SUCCEEDED', 'EXECUTE_TASK'],
      ['TRIM', 'SUCCEEDED', 'EXECUTE_TASK'],
      ['FILTER', 'SUCCEEDED', 'EXECUTE_TASK'],
      ['ROOT', 'SUCCEEDED', 'EXECUTE_TASK'],
    ]);
    const [run] = graphRuns(t);
    expect(run).toMatchObject({
      STATE: 'SUCCEEDED',
      FIRST_ERROR_TASK_NAME: null,
      DATABASE_NAME: 'D',
      SCHEMA_NAME: 'S',
    });
    expect(run.COMPLETED_TIME).toBeInstanceOf(Date);
    // The root stays suspended: EXECUTE TASK runs it without resuming it.
    expect(t.q('DESCRIBE TASK D.S.ROOT')[0].state).toBe('suspended');
  });

  it('skips suspended children but runs what follows them; a failed body rolls back and stops its dependents', () => {
    const t = setup();
    withTables(t);
    t.q('CREATE TASK D.S.ROOT AS SELECT 1');
    t.q("CREATE TASK D.S.PAUSED AFTER D.S.ROOT AS INSERT INTO D.S.WARM VALUES (1, 'paused')");
    t.q("CREATE TASK D.S.AFTER_PAUSED AFTER D.S.PAUSED AS INSERT INTO D.S.WARM VALUES (2, 'after paused')");
    t.q('CREATE TASK D.S.BROKEN AFTER D.S.ROOT AS INSERT INTO D.S.WARM SELECT * FROM D.S.MISSING');
    t.q("CREATE TASK D.S.AFTER_BROKEN AFTER D.S.BROKEN AS INSERT INTO D.S.WARM VALUES (3, 'after broken')");
    for (const name of ['AFTER_PAUSED', 'BROKEN', 'AFTER_BROKEN']) t.q(`ALTER TASK D.S.${name} RESUME`);
    t.q('EXECUTE TASK D.S.ROOT');
    expect(t.q('SELECT LOCATION FROM D.S.WARM').map((r) => r.LOCATION)).toEqual(['after paused']);
    const byName = Object.fromEntries(history(t).map((r) => [r.NAME, r]));
    expect(Object.keys(byName).sort()).toEqual(['AFTER_PAUSED', 'BROKEN', 'ROOT']);
    expect(byName.BROKEN).toMatchObject({ STATE: 'FAILED' });
    expect(String(byName.BROKEN.ERROR_MESSAGE)).toMatch(/MISSING/);
    expect(graphRuns(t)[0]).toMatchObject({ STATE: 'FAILED', FIRST_ERROR_TASK_NAME: 'BROKEN' });
  });

  it('parses anonymous Python procedures and fails their runs with a clear message', () => {
    const t = setup();
    withTables(t);
    t.q(`CREATE TASK D.S.ROOT WAREHOUSE = COMPUTE_WH AS ${PYTHON_BODY}`);
    expect(t.q('DESCRIBE TASK D.S.ROOT')[0].definition).toBe(PYTHON_BODY);
    t.q('EXECUTE TASK D.S.ROOT');
    const [run] = history(t);
    expect(run.STATE).toBe('FAILED');
    expect(run.ERROR_MESSAGE).toMatch(/local Snowflake emulator cannot run Python/);
    expect(graphRuns(t)[0]).toMatchObject({ STATE: 'FAILED', FIRST_ERROR_TASK_NAME: 'ROOT', FIRST_ERROR_CODE: 2 });
    // A malformed anonymous procedure is a syntax error at CREATE time.
    expect(t.fail('CREATE TASK D.S.BAD AS WITH p AS PROCEDURE () RETURNS STRING AS $$x$$ CALL p()').code).toBe(
      '001003',
    );
  });

  it('skips a task whose WHEN condition is false', () => {
    const t = setup();
    withTables(t);
    t.q('CREATE TASK D.S.ROOT AS SELECT 1');
    t.q("CREATE TASK D.S.NEVER AFTER D.S.ROOT WHEN 1 = 2 AS INSERT INTO D.S.WARM VALUES (1, 'x')");
    t.q('ALTER TASK D.S.NEVER RESUME');
    t.q('EXECUTE TASK D.S.ROOT');
    expect(count(t, 'D.S.WARM')).toBe(0);
    expect(history(t).map((r) => [r.NAME, r.STATE])).toEqual([
      ['NEVER', 'SKIPPED'],
      ['ROOT', 'SUCCEEDED'],
    ]);
  });
});

describe('scheduled runs by catch-up', () => {
  it('runs once per due time across two engines on one file; an idle hour gives one run; reads never run tasks', () => {
    const a = setup();
    withTables(a);
    a.q(
      "CREATE TASK D.S.ROOT SCHEDULE = '1 MINUTE' AS INSERT INTO D.S.WARM SELECT * FROM D.S.RAW WHERE TEMPERATURE > 30",
    );
    a.q('ALTER TASK D.S.ROOT RESUME');
    const b = setup(a.path);
    b.clock.now = a.clock.now;

    // Nothing is due yet.
    a.q("INSERT INTO D.S.RAW VALUES (1, 'tick')");
    expect(count(a, 'D.S.WARM')).toBe(0);

    // One minute later both engines write; only the first runs the due time.
    minutesLater(a, 1);
    minutesLater(b, 1);
    b.q("INSERT INTO D.S.RAW VALUES (2, 'tick')");
    a.q("INSERT INTO D.S.RAW VALUES (3, 'tick')");
    expect(count(a, 'D.S.WARM')).toBe(1);

    // Reads, however late, run nothing.
    minutesLater(b, 30);
    expect(b.q('SHOW TASKS IN SCHEMA D.S')).toHaveLength(1);
    expect(count(b, 'D.S.WARM')).toBe(1);
    const pending = b.q(
      "SELECT STATE, SCHEDULED_TIME FROM TABLE(D.INFORMATION_SCHEMA.CURRENT_TASK_GRAPHS(ROOT_TASK_NAME => 'ROOT'))",
    );
    expect(pending).toEqual([{ STATE: 'SCHEDULED', SCHEDULED_TIME: new Date('2024-01-01T09:31:00Z') }]);

    // An idle hour, then one write: one run, for the latest due time.
    minutesLater(b, 30);
    b.q("INSERT INTO D.S.RAW VALUES (4, 'tick')");
    minutesLater(a, 60);
    a.q("INSERT INTO D.S.RAW VALUES (5, 'tick')");
    const runs = graphRuns(a).map((r) => [r.SCHEDULED_FROM, r.SCHEDULED_TIME]);
    expect(runs).toEqual([
      ['SCHEDULE', new Date('2024-01-01T10:01:00Z')],
      ['SCHEDULE', new Date('2024-01-01T09:01:00Z')],
    ]);
    expect(count(a, 'D.S.WARM')).toBe(2);
  });

  it('suspends a root after SUSPEND_TASK_AFTER_NUM_FAILURES failed runs in a row', () => {
    const t = setup();
    withTables(t);
    t.q(
      "CREATE TASK D.S.ROOT SCHEDULE = '1 MINUTE' SUSPEND_TASK_AFTER_NUM_FAILURES = 2 AS INSERT INTO D.S.NOPE VALUES (1)",
    );
    t.q('ALTER TASK D.S.ROOT RESUME');
    for (let i = 0; i < 2; i++) {
      minutesLater(t, 1);
      t.q('CREATE SCHEMA IF NOT EXISTS D.TICK');
      expect(t.q('DESCRIBE TASK D.S.ROOT')[0].state).toBe(i === 0 ? 'started' : 'suspended');
    }
    expect(t.q('DESCRIBE TASK D.S.ROOT')[0].last_suspended_reason).toBe('SUSPENDED_DUE_TO_ERRORS');
    expect(graphRuns(t).map((r) => r.STATE)).toEqual(['FAILED', 'FAILED']);
  });

  it('follows cron schedules in their time zone and stops when suspended', () => {
    const t = setup();
    withTables(t);
    // 10:30 in Paris is 09:30 UTC in January.
    t.q(
      "CREATE TASK D.S.ROOT SCHEDULE = 'USING CRON 30 10 * * * Europe/Paris' AS INSERT INTO D.S.WARM VALUES (1, 'cron')",
    );
    t.q('ALTER TASK D.S.ROOT RESUME');
    minutesLater(t, 29);
    t.q('CREATE SCHEMA D.T');
    expect(count(t, 'D.S.WARM')).toBe(0);
    minutesLater(t, 1);
    t.q('CREATE SCHEMA D.U');
    expect(count(t, 'D.S.WARM')).toBe(1);
    expect(graphRuns(t)[0].SCHEDULED_TIME).toEqual(new Date('2024-01-01T09:30:00Z'));
    t.q('ALTER TASK D.S.ROOT SUSPEND');
    minutesLater(t, 24 * 60);
    t.q('CREATE SCHEMA D.V');
    expect(count(t, 'D.S.WARM')).toBe(1);
  });
});
