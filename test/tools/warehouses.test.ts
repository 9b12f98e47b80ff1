import { describe, expect, it } from 'vitest';
import { expectSnowflakeError, harness } from './helpers.js';

const WH = 'PYTHON_API_WH';

describe('create_warehouse (quickstart step 4)', () => {
  it('creates a started SMALL warehouse and describes it', async () => {
    const h = harness();
    const result = await h.call('create_warehouse', { name: 'python_api_wh', size: 'Small', auto_suspend: 500 });
    expect(result.statements).toEqual([
      { sql: 'CREATE WAREHOUSE PYTHON_API_WH WAREHOUSE_SIZE = SMALL AUTO_SUSPEND = 500', query_id: expect.any(String) },
    ]);
    expect(result.object).toMatchObject({
      name: WH,
      state: 'STARTED',
      warehouse_size: 'SMALL',
      warehouse_type: 'STANDARD',
      auto_suspend: 500,
      auto_resume: true,
    });
    const { object } = await h.call('describe_object', { kind: 'warehouse', name: WH });
    expect(object).toMatchObject({ name: WH, warehouse_size: 'SMALL', max_concurrency_level: 8 });
    const listed = (await h.call('list_objects', { kind: 'warehouse', like: WH })) as { objects: { name: string }[] };
    expect(listed.objects.map((o) => o.name)).toEqual([WH]);
  });

  it('accepts the common size spellings and refuses others', async () => {
    const h = harness();
    const result = await h.call('create_warehouse', { name: 'W2', size: '2X-Large', initially_suspended: true });
    expect(result.object).toMatchObject({ warehouse_size: 'XXLARGE', state: 'SUSPENDED' });
    const before = await h.state();
    expect((await h.failure('create_warehouse', { name: 'W3', size: 'enormous' })).code).toBe('invalid_input');
    expect(await h.state()).toEqual(before);
  });

  it('refuses an existing warehouse with Snowflake 002002', async () => {
    const h = harness();
    expectSnowflakeError(await h.failure('create_warehouse', { name: 'compute_wh' }), 'already_exists', '002002');
    // Replacing it is destructive, and its plan does not call the new warehouse "empty".
    const replace = await h.call('create_warehouse', { name: 'compute_wh', mode: 'or_replace', dry_run: true });
    expect(replace.plan).toMatchObject({
      effect: 'destructive',
      summary: 'Replace the existing warehouse COMPUTE_WH with a new one as given here.',
    });
  });
});

describe('resize_warehouse', () => {
  it('shows old -> new and resizes', async () => {
    const h = harness();
    await h.call('create_warehouse', { name: WH, size: 'SMALL', auto_suspend: 500 });
    const planned = await h.call('resize_warehouse', { name: WH, size: 'large', dry_run: true });
    expect(planned).toMatchObject({
      status: 'planned',
      plan: {
        effect: 'write',
        summary: 'Resize warehouse PYTHON_API_WH from SMALL to LARGE.',
        statements: ['ALTER WAREHOUSE PYTHON_API_WH SET WAREHOUSE_SIZE = LARGE'],
      },
    });
    const done = await h.call('resize_warehouse', { name: WH, size: 'LARGE' });
    expect(done.object).toMatchObject({ warehouse_size: 'LARGE' });
    const same = await h.call('resize_warehouse', { name: WH, size: 'Large' });
    expect(same).toMatchObject({ status: 'done', message: 'Warehouse PYTHON_API_WH is already LARGE; nothing to do.' });
    expect(same.statements).toEqual([]);
  });

  it('reports a missing warehouse with Snowflake 002003', async () => {
    const h = harness();
    expectSnowflakeError(await h.failure('resize_warehouse', { name: 'NOPE', size: 'SMALL' }), 'not_found', '002003');
  });
});

describe('suspend_warehouse and resume_warehouse', () => {
  it('suspends after confirmation and resumes at once', async () => {
    const h = harness();
    await h.call('create_warehouse', { name: WH });
    const first = await h.call('suspend_warehouse', { name: WH });
    expect(first).toMatchObject({ status: 'confirmation_required', plan: { effect: 'disruptive' } });
    const suspended = await h.call('suspend_warehouse', { name: WH, confirmation_token: first.confirmation_token });
    expect(suspended.object).toMatchObject({ state: 'SUSPENDED' });
    const resumed = await h.call('resume_warehouse', { name: WH });
    expect(resumed).toMatchObject({ status: 'done', object: { state: 'STARTED' } });
  });

  it('reports the wrong state as Snowflake does', async () => {
    const h = harness();
    await h.call('create_warehouse', { name: WH });
    const before = await h.state();
    const resume = await h.failure('resume_warehouse', { name: WH });
    expect(resume.snowflakeCode).toMatch(/^\d{6}$/);
    expect(resume.message).toContain(WH);
    expect(resume.hint ?? '').not.toBe('');
    await h.confirmed('suspend_warehouse', { name: WH });
    const suspend = await h.failure('suspend_warehouse', { name: WH, confirmation_token: 'x' });
    expect(suspend.code).toBe('confirmation_invalid');
    const first = await h.call('suspend_warehouse', { name: WH });
    const again = await h.failure('suspend_warehouse', { name: WH, confirmation_token: first.confirmation_token });
    expect(again.snowflakeCode).toMatch(/^\d{6}$/);
    // The hint speaks of what a tool user can do, not of SQL they did not write.
    expect(again.hint).toBe(
      'The warehouse is already in that state, so there is nothing to do; describe_object shows its state.',
    );
    expect((await h.state()).filter((l) => !l.startsWith(`warehouse "${WH}"`))).toEqual(
      before.filter((l) => !l.startsWith(`warehouse "${WH}"`)),
    );
  });

  it('reports a missing warehouse with Snowflake 002003', async () => {
    const h = harness();
    expectSnowflakeError(await h.failure('resume_warehouse', { name: 'NOPE' }), 'not_found', '002003');
    const missing = await h.failure('suspend_warehouse', { name: 'NOPE' });
    expectSnowflakeError(missing, 'not_found', '002003');
    // A warehouse is an account object: the hint does not send the user to its database and schema.
    expect(missing.hint).toBe('Check the name; list_objects with kind "warehouse" shows what exists.');
  });
});
