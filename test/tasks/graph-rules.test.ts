import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine, states, type TestEngine } from './helpers.js';

let t: TestEngine;

beforeEach(() => {
  t = openEngine();
  t.q('CREATE DATABASE D');
  t.q('CREATE SCHEMA D.S');
  t.q("CREATE TASK D.S.ROOT WAREHOUSE = COMPUTE_WH SCHEDULE = '1 MINUTE' AS SELECT 1");
  t.q('CREATE TASK D.S.CHILD AFTER D.S.ROOT AS SELECT 2');
});
afterEach(() => t.close());

const NOT_SUSPENDED = 'Unable to update graph with root task D.S.ROOT since that root task is not suspended.';

describe('tasks as SHOW TASKS shows them', () => {
  it('creates tasks suspended, with Snowflake columns and values', () => {
    const rows = t.q('SHOW TASKS IN SCHEMA D.S');
    expect(rows.map((r) => r.name)).toEqual(['CHILD', 'ROOT']);
    const [child, root] = rows;
    expect(root).toMatchObject({
      database_name: 'D',
      schema_name: 'S',
      warehouse: 'COMPUTE_WH',
      schedule: '1 MINUTE',
      predecessors: '[]',
      state: 'suspended',
      definition: 'SELECT 1',
      owner: 'ACCOUNTADMIN',
    });
    expect(JSON.parse(String(child.predecessors))).toEqual(['D.S.ROOT']);
    expect(child.warehouse).toBeNull();
    expect(Object.keys(root)).toEqual(
      expect.arrayContaining([
        'created_on',
        'id',
        'condition',
        'last_committed_on',
        'task_relations',
        'last_suspended_reason',
      ]),
    );
    expect(t.q('SHOW TASKS IN SCHEMA D.S ROOT ONLY').map((r) => r.name)).toEqual(['ROOT']);
    expect(t.q("SHOW TASKS LIKE 'ch%' IN SCHEMA D.S").map((r) => r.name)).toEqual(['CHILD']);
    expect(t.q("SHOW TASKS IN SCHEMA D.S STARTS WITH 'R'").map((r) => r.name)).toEqual(['ROOT']);
    expect(t.q("SHOW TASKS IN SCHEMA D.S LIMIT 1 FROM 'CHILD'").map((r) => r.name)).toEqual(['ROOT']);
    expect(t.q('DESCRIBE TASK D.S.CHILD')[0]).toMatchObject({ name: 'CHILD', state: 'suspended' });
  });

  it('keeps serverless size, cron schedules, WHEN and COMMENT', () => {
    t.q(
      "CREATE TASK D.S.CRON USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL' SCHEDULE = 'USING CRON 0 9 * * MON Europe/Paris' COMMENT = 'weekly' WHEN 1 = 1 AS SELECT 3",
    );
    expect(t.q('DESCRIBE TASK D.S.CRON')[0]).toMatchObject({
      warehouse: null,
      schedule: 'USING CRON 0 9 * * MON Europe/Paris',
      comment: 'weekly',
      condition: '1 = 1',
      definition: 'SELECT 3',
    });
    expect(t.fail("CREATE TASK D.S.BAD SCHEDULE = 'USING CRON 0 25 * * * UTC' AS SELECT 1").message).toMatch(
      /SCHEDULE/,
    );
    expect(
      t.fail(
        "CREATE TASK D.S.BAD WAREHOUSE = COMPUTE_WH USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL' AS SELECT 1",
      ).message,
    ).toMatch(/both WAREHOUSE and USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE/);
  });
});

describe('graph rules', () => {
  it('refuses changes to a started graph with 091421 and allows them once the root is suspended', () => {
    t.q('ALTER TASK D.S.CHILD RESUME');
    t.q('ALTER TASK D.S.ROOT RESUME');
    for (const sql of [
      'CREATE TASK D.S.OTHER AFTER D.S.ROOT AS SELECT 3',
      'CREATE OR REPLACE TASK D.S.CHILD AFTER D.S.ROOT AS SELECT 4',
      'ALTER TASK D.S.CHILD SUSPEND',
      'ALTER TASK D.S.CHILD MODIFY AS SELECT 5',
      "ALTER TASK D.S.ROOT SET SCHEDULE = '5 MINUTE'",
      'ALTER TASK D.S.CHILD REMOVE AFTER D.S.ROOT',
      'DROP TASK D.S.CHILD',
      'DROP TASK D.S.ROOT',
    ]) {
      const e = t.fail(sql);
      expect([e.code, e.sqlState, e.message]).toEqual(['091421', '22000', NOT_SUSPENDED]);
    }
    expect(states(t)).toEqual({ CHILD: 'started', ROOT: 'started' });
    t.q('ALTER TASK D.S.ROOT SUSPEND');
    t.q('CREATE TASK D.S.OTHER AFTER D.S.ROOT AS SELECT 3');
    t.q('ALTER TASK D.S.CHILD MODIFY AS SELECT 5');
    expect(t.q('DESCRIBE TASK D.S.CHILD')[0].definition).toBe('SELECT 5');
  });

  it('refuses a schedule on a child, cycles, and predecessors in another schema', () => {
    expect(t.fail("CREATE TASK D.S.X SCHEDULE = '1 MINUTE' AFTER D.S.ROOT AS SELECT 1").message).toMatch(
      /cannot have a schedule/,
    );
    expect(t.fail("ALTER TASK D.S.CHILD SET SCHEDULE = '1 MINUTE'").message).toMatch(/cannot have a schedule/);
    t.q('CREATE TASK D.S.GRAND AFTER D.S.CHILD AS SELECT 3');
    expect(t.fail('ALTER TASK D.S.CHILD ADD AFTER D.S.GRAND').message).toMatch(/cycle/);
    t.q('CREATE TASK D.S.ROOT2 AS SELECT 1');
    expect(t.fail('CREATE TASK D.S.X AFTER D.S.CHILD, D.S.ROOT2 AS SELECT 1').message).toMatch(/one root/);
    expect(t.fail('ALTER TASK D.S.CHILD ADD AFTER D.S.ROOT2').message).toMatch(/one root/);
    t.q('CREATE SCHEMA D.T');
    expect(t.fail('CREATE TASK D.T.X AFTER D.S.ROOT AS SELECT 1').message).toMatch(/one schema/);
    expect(t.fail('CREATE TASK D.S.X AFTER D.S.MISSING AS SELECT 1').code).toBe('002003');
  });

  it('enforces the finalizer rules', () => {
    t.q('CREATE TASK D.S.FIN FINALIZE = D.S.ROOT AS SELECT 9');
    const root = t.q('DESCRIBE TASK D.S.ROOT')[0];
    expect(JSON.parse(String(root.task_relations))).toEqual({ Predecessors: [], FinalizerTask: 'D.S.FIN' });
    expect(JSON.parse(String(t.q('DESCRIBE TASK D.S.FIN')[0].task_relations))).toEqual({
      FinalizedRootTask: 'D.S.ROOT',
      Predecessors: [],
    });
    expect(t.fail('CREATE TASK D.S.FIN2 FINALIZE = D.S.ROOT AS SELECT 9').message).toMatch(/already has a finalizer/);
    expect(t.fail('CREATE TASK D.S.X AFTER D.S.FIN AS SELECT 1').message).toMatch(/finalizer/);
    expect(t.fail('CREATE TASK D.S.FIN3 FINALIZE = D.S.CHILD AS SELECT 9').message).toMatch(/not a root task/);
    expect(t.fail("CREATE TASK D.S.FIN4 SCHEDULE = '1 MINUTE' FINALIZE = D.S.ROOT AS SELECT 9").message).toMatch(
      /finalizer/,
    );
    // SHOW ... ROOT ONLY leaves the finalizer out: it is not a root.
    expect(t.q('SHOW TASKS IN SCHEMA D.S ROOT ONLY').map((r) => r.name)).toEqual(['ROOT']);
  });

  it('turns children of a dropped task into suspended standalone tasks', () => {
    t.q('CREATE TASK D.S.GRAND AFTER D.S.CHILD AS SELECT 3');
    t.q('CREATE TASK D.S.FIN FINALIZE = D.S.ROOT AS SELECT 9');
    t.q('ALTER TASK D.S.GRAND RESUME');
    t.q('ALTER TASK D.S.FIN RESUME');
    t.q('DROP TASK D.S.CHILD');
    const grand = t.q('DESCRIBE TASK D.S.GRAND')[0];
    expect(grand).toMatchObject({ predecessors: '[]', state: 'suspended', last_suspended_reason: 'CHILD_BECAME_ROOT' });
    t.q('DROP TASK D.S.ROOT');
    expect(t.q('DESCRIBE TASK D.S.FIN')[0]).toMatchObject({ last_suspended_reason: 'FINALIZER_BECAME_ROOT' });
    expect(JSON.parse(String(t.q('DESCRIBE TASK D.S.FIN')[0].task_relations))).toEqual({ Predecessors: [] });
    expect(t.q('DROP TASK IF EXISTS D.S.CHILD')[0].status).toMatch(/already dropped/);
    expect(t.fail('DROP TASK D.S.CHILD').code).toBe('002003');
  });

  it('REMOVE AFTER makes a child a suspended root; ADD AFTER joins it again', () => {
    t.q('ALTER TASK D.S.CHILD RESUME');
    t.q('ALTER TASK D.S.CHILD REMOVE AFTER D.S.ROOT');
    expect(t.q('DESCRIBE TASK D.S.CHILD')[0]).toMatchObject({ predecessors: '[]', state: 'suspended' });
    t.q('ALTER TASK D.S.CHILD ADD AFTER D.S.ROOT');
    expect(JSON.parse(String(t.q('DESCRIBE TASK D.S.CHILD')[0].predecessors))).toEqual(['D.S.ROOT']);
  });

  it('executes only standalone or root tasks', () => {
    expect(t.fail('EXECUTE TASK D.S.CHILD').message).toMatch(/not a standalone or root task/);
    expect(t.fail('EXECUTE TASK D.S.NOPE').code).toBe('002003');
  });

  it('SYSTEM$TASK_DEPENDENTS_ENABLE resumes the whole graph', () => {
    t.q('CREATE TASK D.S.GRAND AFTER D.S.CHILD AS SELECT 3');
    t.q("CALL SYSTEM$TASK_DEPENDENTS_ENABLE('D.S.ROOT')");
    expect(states(t)).toEqual({ CHILD: 'started', GRAND: 'started', ROOT: 'started' });
  });
});
