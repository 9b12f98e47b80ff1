import { describe, expect, it } from 'vitest';
import { policyFromObject } from '../../src/ops/policy.js';
import { expectSnowflakeError, harness } from './helpers.js';

async function withTable(h: ReturnType<typeof harness>) {
  await h.call('create_database', { name: 'D' });
  await h.call('create_table', {
    database: 'D',
    schema: 'PUBLIC',
    name: 'T',
    columns: [
      { name: 'N', datatype: 'int' },
      { name: 'S', datatype: 'string' },
    ],
  });
}

describe('run_sql', () => {
  it('runs a read at once and returns columns, rows and truncated', async () => {
    const h = harness();
    await withTable(h);
    for (const n of [1, 2, 3]) await h.call('run_sql', { sql: `INSERT INTO D.PUBLIC.T VALUES (${n}, 'x${n}')` });
    const all = await h.call('run_sql', { sql: 'SELECT N, S FROM D.PUBLIC.T ORDER BY N' });
    expect(all).toMatchObject({ status: 'done', truncated: false, rows: [{ N: 1, S: 'x1' }, { N: 2 }, { N: 3 }] });
    expect((all.columns as { name: string }[]).map((c) => c.name)).toEqual(['N', 'S']);
    const cut = await h.call('run_sql', { sql: '-- first two\nSELECT N FROM D.PUBLIC.T ORDER BY N;', limit: 2 });
    expect(cut).toMatchObject({ truncated: true, rows: [{ N: 1 }, { N: 2 }] });
  });

  it('returns dates as YYYY-MM-DD and timestamps as ISO-8601 instants', async () => {
    const h = harness();
    const result = await h.call('run_sql', {
      sql: "SELECT OBSERVED_ON, '2024-06-01 10:30:00'::TIMESTAMP_NTZ AS TS FROM SNOWOPS_SAMPLE_DATA.PUBLIC.WEATHER ORDER BY OBSERVED_ON",
      limit: 1,
    });
    expect(result.rows).toEqual([{ OBSERVED_ON: '2024-06-01', TS: '2024-06-01T10:30:00.000Z' }]);
  });

  it('asks before a destructive statement and runs it once confirmed', async () => {
    const h = harness();
    await withTable(h);
    const before = await h.state();
    const first = await h.call('run_sql', { sql: 'DROP TABLE D.PUBLIC.T' });
    expect(first).toMatchObject({
      status: 'confirmation_required',
      plan: { effect: 'destructive', statements: ['DROP TABLE D.PUBLIC.T'] },
    });
    expect(await h.state()).toEqual(before);
    const done = await h.call('run_sql', {
      sql: 'DROP TABLE D.PUBLIC.T',
      confirmation_token: first.confirmation_token,
    });
    expect(done.status).toBe('done');
    const gone = (await h.state()).filter((l) => l.includes('["D","PUBLIC","T"'));
    expect(gone).toEqual([]);
    expect(before.filter((l) => l.includes('["D","PUBLIC","T"')).length).toBeGreaterThan(0);
  });

  it('plans a DROP with what goes with it, and names the objects other statements touch', async () => {
    const h = harness();
    await withTable(h);
    await h.call('run_sql', { sql: "INSERT INTO D.PUBLIC.T VALUES (1, 'a')" });
    const drop = await h.call('run_sql', { sql: 'DROP SCHEMA d.public' });
    expect((drop.plan as { impact: string[] }).impact).toEqual([
      'drops schema D.PUBLIC',
      expect.stringMatching(/^drops table D\.PUBLIC\.T \(1 row/),
    ]);
    const alter = await h.call('run_sql', { sql: 'ALTER TABLE D.PUBLIC.T ADD COLUMN X INT' });
    expect((alter.plan as { impact: string[] }).impact).toEqual([
      expect.stringMatching(/^may drop, replace or alter/),
      'touches table D.PUBLIC.T',
    ]);
  });

  it('refuses more than one statement, and reports Snowflake errors', async () => {
    const h = harness();
    await withTable(h);
    const before = await h.state();
    for (const sql of ['SELECT 1; DROP DATABASE D', 'SELECT 1 /* ; */ ; DROP DATABASE D', '', '  -- nothing']) {
      expect((await h.failure('run_sql', { sql })).code).toBe('invalid_input');
    }
    expect(await h.state()).toEqual(before);
    expectSnowflakeError(await h.failure('run_sql', { sql: 'SELECT * FROM D.PUBLIC.NOPE' }), 'not_found', '002003');
  });

  it('accepts reads only under a read_only policy', async () => {
    const h = harness(policyFromObject({ read_only: true }, null));
    const read = await h.call('run_sql', { sql: 'SHOW WAREHOUSES' });
    expect(read.status).toBe('done');
    expect((read.rows as { name: string }[]).map((r) => r.name)).toContain('COMPUTE_WH');
    const before = await h.state();
    expect((await h.failure('run_sql', { sql: 'CREATE DATABASE X' })).code).toBe('policy_denied');
    expect((await h.failure('create_database', { name: 'X' })).code).toBe('policy_denied');
    expect(await h.state()).toEqual(before);
  });
});
