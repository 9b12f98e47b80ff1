/**
 * The container-services tools through the real runner and emulator: plans, confirmations,
 * models, spec validation (nothing created on a bad spec) and the endpoint wait.
 */
import { describe, expect, test } from 'vitest';
import { harness, SPEC } from './helpers.js';

const DB = { database: 'SPCS_DB', schema: 'PUBLIC' };

async function setup(h: ReturnType<typeof harness>) {
  await h.call('create_database', { name: 'spcs_db' });
  await h.call('create_compute_pool', { name: 'MyPool', instance_family: 'CPU_X64_XS', min_nodes: 1, max_nodes: 2 });
  const repo = await h.call('create_image_repository', { ...DB, name: 'MyRepo' });
  return String((repo.object as { repository_url: string }).repository_url);
}

describe('compute pools', () => {
  test('create gives the model, STARTING then IDLE; or_replace is not a mode', async () => {
    const h = harness({ manualClock: true, provisionSeconds: 10 });
    const created = await h.call('create_compute_pool', {
      name: 'MyComputePool',
      instance_family: 'cpu_x64_xs',
      min_nodes: 1,
      max_nodes: 2,
    });
    expect(created.status).toBe('done');
    expect(created.object).toMatchObject({
      name: 'MYCOMPUTEPOOL',
      state: 'STARTING',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 2,
      auto_resume: true,
      auto_suspend_secs: 3600,
      num_services: 0,
    });
    expect(created.statements).toEqual([
      expect.objectContaining({
        sql: 'CREATE COMPUTE POOL MYCOMPUTEPOOL MIN_NODES = 1 MAX_NODES = 2 INSTANCE_FAMILY = CPU_X64_XS',
      }),
    ]);
    h.advance(10);
    const described = await h.call('describe_object', { kind: 'compute_pool', name: 'mycomputepool' });
    expect((described.object as { state: string }).state).toBe('IDLE');

    const bad = await h.failure('create_compute_pool', {
      name: 'P2',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 1,
      mode: 'or_replace',
    });
    expect(bad.code).toBe('invalid_input');
    const again = await h.failure('create_compute_pool', {
      name: 'MyComputePool',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 1,
    });
    expect(again.snowflakeCode).toBe('002002');
    const kept = await h.call('create_compute_pool', {
      name: 'MyComputePool',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 1,
      mode: 'if_not_exists',
    });
    expect(kept.status).toBe('done');
    expect((await h.state()).filter((l) => l.startsWith('compute_pool'))).toEqual(['compute_pool MYCOMPUTEPOOL']);
  });

  test('quoted names and unknown families are refused, nothing created', async () => {
    const h = harness();
    const before = await h.state();
    const quoted = await h.failure('create_compute_pool', {
      name: '"my pool"',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 1,
    });
    expect(quoted.code).toBe('invalid_input');
    expect(quoted.message).toMatch(/quoted/);
    const family = await h.failure('create_compute_pool', {
      name: 'P',
      instance_family: 'CPU_X64_HUGE',
      min_nodes: 1,
      max_nodes: 1,
    });
    expect(family.message).toMatch(/INSTANCE_FAMILY/);
    const injection = await h.failure('create_compute_pool', {
      name: 'P',
      instance_family: 'CPU_X64_XS; DROP DATABASE X',
      min_nodes: 1,
      max_nodes: 1,
    });
    expect(injection.code).toBe('invalid_input');
    const nodes = await h.failure('create_compute_pool', {
      name: 'P',
      instance_family: 'CPU_X64_XS',
      min_nodes: 3,
      max_nodes: 1,
    });
    expect(nodes.code).toBe('invalid_input');
    expect(await h.state()).toEqual(before);
  });

  test('stop_all_services is destructive and its plan lists the services it drops', async () => {
    const h = harness();
    const url = await setup(h);
    await h.call('create_service', { ...DB, name: 'svc', compute_pool: 'MyPool', spec: SPEC(`${url}/nginx:latest`) });
    const plain = await h.call('suspend_compute_pool', { name: 'MyPool' });
    expect(plain.status).toBe('confirmation_required');
    expect((plain.plan as { effect: string }).effect).toBe('disruptive');
    const first = await h.call('suspend_compute_pool', { name: 'MyPool', stop_all_services: true });
    expect(first.status).toBe('confirmation_required');
    const plan = first.plan as { effect: string; statements: string[]; impact: string[] };
    expect(plan.effect).toBe('destructive');
    expect(plan.statements).toEqual(['ALTER COMPUTE POOL MYPOOL STOP ALL', 'ALTER COMPUTE POOL MYPOOL SUSPEND']);
    expect(plan.impact.join('\n')).toContain('SPCS_DB.PUBLIC.SVC');
    expect(await h.state()).toContain('service SPCS_DB.PUBLIC.SVC');
    const done = await h.call('suspend_compute_pool', {
      name: 'MyPool',
      stop_all_services: true,
      confirmation_token: first.confirmation_token,
    });
    expect(done.status).toBe('done');
    expect((done.object as { state: string }).state).toMatch(/STOPPING|SUSPENDED/);
    expect(await h.state()).not.toContain('service SPCS_DB.PUBLIC.SVC');
  });
});

describe('services', () => {
  test('a bad spec is refused before anything runs, pointing at the problem', async () => {
    const h = harness();
    await setup(h);
    const before = await h.state();
    const cases: [string, RegExp][] = [
      ['spec:\n  endpoints: []\n', /missing 'containers'/],
      ['spec:\n  containers: []\n', /at least one container/],
      ['spec:\n  containers:\n  - name: web\n', /missing 'image' for 'spec.containers\[0\]' \(line 3\)/],
      ['spec:\n  containers:\n  - name: web\n    image: [x\n', /YAML does not parse.*line/],
      ['spec:\n  containers:\n  - name: web\n    image: x\n  endpoints:\n  - name: ui\n', /missing 'port'/],
      ['spec:\n  containers:\n  - name: Web_Server\n    image: x\n', /lowercase/],
    ];
    for (const [spec, message] of cases) {
      const e = await h.failure('create_service', { ...DB, name: 'svc', compute_pool: 'MyPool', spec });
      expect(e.code).toBe('invalid_input');
      expect(e.message).toMatch(message);
    }
    expect(await h.state()).toEqual(before);
  });

  test('quoted names are refused for the service, its database and schema and its pool', async () => {
    const h = harness();
    await setup(h);
    const spec = SPEC('/spcs_db/public/myrepo/nginx:latest');
    for (const args of [
      { ...DB, name: '"My Service"', compute_pool: 'MyPool' },
      { ...DB, database: '"spcs db"', name: 'svc', compute_pool: 'MyPool' },
      { ...DB, name: 'svc', compute_pool: '"My Pool"' },
    ]) {
      const e = await h.failure('create_service', { ...args, spec });
      expect(e.code).toBe('invalid_input');
      expect(e.message).toMatch(/does not support quoted/);
    }
    const neither = await h.failure('create_service', { ...DB, name: 'svc', compute_pool: 'MyPool' });
    expect(neither.code).toBe('invalid_input');
    expect(await h.state()).not.toContain('service SPCS_DB.PUBLIC.SVC');
  });

  test('a spec file on a stage: the stage must exist, and the local stage holds no file', async () => {
    const h = harness();
    await setup(h);
    const missing = await h.failure('create_service', {
      ...DB,
      name: 'svc',
      compute_pool: 'MyPool',
      spec_file: { stage: 'nostage', path: 'spec.yaml' },
    });
    expect(missing.snowflakeCode).toBe('002003');
    expect(missing.message).toContain("Stage 'SPCS_DB.PUBLIC.NOSTAGE' does not exist");
    await h.sql('CREATE STAGE SPCS_DB.PUBLIC.SPECS');
    const plan = await h.call('create_service', {
      ...DB,
      name: 'svc',
      compute_pool: 'MyPool',
      spec_file: { stage: '@specs', path: 'echo/spec.yaml' },
      dry_run: true,
    });
    expect((plan.plan as { statements: string[] }).statements).toEqual([
      "CREATE SERVICE SPCS_DB.PUBLIC.SVC IN COMPUTE POOL MYPOOL FROM @SPCS_DB.PUBLIC.SPECS SPECIFICATION_FILE = 'echo/spec.yaml'",
    ]);
    const nofile = await h.failure('create_service', {
      ...DB,
      name: 'svc',
      compute_pool: 'MyPool',
      spec_file: { stage: 'specs', path: 'echo/spec.yaml' },
    });
    expect(nofile.message).toContain("'echo/spec.yaml' does not exist on stage '@SPCS_DB.PUBLIC.SPECS'");
    expect(await h.state()).not.toContain('service SPCS_DB.PUBLIC.SVC');
  });

  test('status, logs and endpoints follow the clock; suspend and resume', async () => {
    const h = harness({ manualClock: true, provisionSeconds: 5 });
    const url = await setup(h);
    const image = `${url}/nginx:latest`;
    const created = await h.call('create_service', {
      ...DB,
      name: 'MyService',
      compute_pool: 'MyPool',
      spec: SPEC(image),
      min_instances: 1,
      max_instances: 1,
    });
    expect(created.object).toMatchObject({ name: 'MYSERVICE', compute_pool: 'MYPOOL', status: 'PENDING' });
    const svc = { ...DB, name: 'myservice' };
    const pending = await h.call('get_service_status', svc);
    expect(pending.containers).toEqual([
      expect.objectContaining({ container_name: 'web-server', instance_id: '0', status: 'PENDING', image }),
    ]);
    expect((await h.call('get_service_logs', { ...svc, container: 'web-server' })).logs).toBe('');
    const provisioning = await h.call('get_endpoints', svc);
    expect(provisioning).toMatchObject({
      ready: false,
      endpoints: [{ name: 'ui', port: 80, is_public: true, url: null }],
    });
    expect(provisioning.message).toContain('Endpoints provisioning in progress');

    h.advance(5);
    const ready = await h.call('get_service_status', svc);
    expect((ready.containers as { status: string }[])[0].status).toBe('READY');
    const logs = String((await h.call('get_service_logs', { ...svc, container: 'web-server' })).logs);
    expect(logs).toContain('web-server');
    expect(logs).toContain(image);
    const pool = await h.call('describe_object', { kind: 'compute_pool', name: 'MyPool' });
    expect(pool.object).toMatchObject({ state: 'ACTIVE', num_services: 1 });
    const unknown = await h.failure('get_service_logs', { ...svc, container: 'nope' });
    expect(unknown.message).toContain("Container 'nope'");

    h.advance(5);
    const endpoints = await h.call('get_endpoints', svc);
    expect(endpoints.ready).toBe(true);
    const ui = (endpoints.endpoints as { url: string; ingress_url: string }[])[0];
    expect(ui.url).toBe(`https://${ui.ingress_url}`);
    expect(ui.ingress_url).toMatch(/^[0-9a-f]+-snowops-local\.snowflakecomputing\.app$/);

    const suspend = await h.confirmed('suspend_service', svc);
    expect((suspend.object as { status: string }).status).toMatch(/SUSPENDING|SUSPENDED/);
    h.advance(5);
    expect((await h.call('get_service_status', svc)).containers).toEqual([]);
    const resumed = await h.call('resume_service', svc);
    expect((resumed.object as { status: string }).status).toBe('PENDING');
  });

  test('get_endpoints waits with progress until the ingress host exists', async () => {
    const h = harness({ provisionSeconds: 1 });
    const url = await setup(h);
    await h.call('create_service', { ...DB, name: 'web', compute_pool: 'MyPool', spec: SPEC(`${url}/nginx:latest`) });
    const progress: string[] = [];
    const result = await h.call('get_endpoints', { ...DB, name: 'web', wait_seconds: 30 }, (p) =>
      progress.push(String(p.message)),
    );
    expect(result.ready).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toContain('provisioning');
  });
});
