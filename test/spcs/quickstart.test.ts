/**
 * DESIGN §9 step 7 (the second notebook) through `snowops call` processes sharing one
 * SNOWOPS_HOME, with SNOWOPS_EMULATOR_PROVISION_SECONDS small so states move within the test.
 */
import { describe, expect, it } from 'vitest';
import { freshHomes, type Run, snowops } from '../cli/process.js';

const P = 3;
const homes = freshHomes();
const SVC = { database: 'spcs_python_api_db', schema: 'public', name: 'MyService' };

function call(tool: string, args: Record<string, unknown>, flags: string[] = [], env: Record<string, string> = {}) {
  return snowops(['call', tool, JSON.stringify(args), ...flags], homes, {
    env: { SNOWOPS_EMULATOR_PROVISION_SECONDS: String(P), ...env },
  });
}

function done(run: Run): Run['json'] {
  expect(run.json?.status).toBe('done');
  expect(run.code).toBe(0);
  return run.json;
}

function read(run: Run): Record<string, unknown> {
  expect(run.code).toBe(0);
  return run.json;
}

describe('quickstart step 7: an NGINX service on container services', () => {
  it('creates the pool, repository and service, waits for the endpoint, suspends and drops', async () => {
    done(await call('create_database', { name: 'spcs_python_api_db' }));
    const schemas = read(await call('list_objects', { kind: 'schema', database: 'spcs_python_api_db' }));
    expect((schemas.objects as { name: string }[]).map((s) => s.name)).toContain('PUBLIC');

    const pool = done(
      await call('create_compute_pool', {
        name: 'MyComputePool',
        instance_family: 'CPU_X64_XS',
        min_nodes: 1,
        max_nodes: 2,
      }),
    );
    expect(pool.object).toMatchObject({ name: 'MYCOMPUTEPOOL', instance_family: 'CPU_X64_XS', max_nodes: 2 });

    done(
      await call('create_image_repository', {
        database: 'spcs_python_api_db',
        schema: 'public',
        name: 'MyImageRepository',
      }),
    );
    const repo = read(
      await call('describe_object', {
        kind: 'image_repository',
        database: 'spcs_python_api_db',
        schema: 'public',
        name: 'MyImageRepository',
      }),
    );
    const url = (repo.object as { repository_url: string }).repository_url;
    expect(url).toBe('snowops-local.registry.snowflakecomputing.com/spcs_python_api_db/public/myimagerepository');

    const spec = `spec:
  containers:
  - name: web-server
    image: ${url}/nginx:latest
  endpoints:
  - name: ui
    port: 80
    public: true
`;
    // The service is created, and first looked at, at one fixed instant: its endpoint is provisioning.
    const created = new Date().toISOString();
    const service = done(
      await call(
        'create_service',
        { ...SVC, compute_pool: 'MyComputePool', spec, min_instances: 1, max_instances: 1 },
        [],
        { SNOWOPS_TEST_NOW: created },
      ),
    );
    expect(service.object).toMatchObject({ name: 'MYSERVICE', compute_pool: 'MYCOMPUTEPOOL', status: 'PENDING' });
    expect((service.object as { spec: string }).spec).toContain(`${url}/nginx:latest`);
    const early = read(await call('get_endpoints', SVC, [], { SNOWOPS_TEST_NOW: created }));
    expect(early).toMatchObject({ ready: false, endpoints: [{ name: 'ui', port: 80, is_public: true, url: null }] });
    expect(early.message).toBe('Endpoints provisioning in progress... check back in a few minutes');

    const status = read(await call('get_service_status', { ...SVC, timeout_seconds: 5 }));
    expect(status.containers).toEqual([
      expect.objectContaining({ container_name: 'web-server', instance_id: '0', image: `${url}/nginx:latest` }),
    ]);

    const endpoints = read(await call('get_endpoints', { ...SVC, wait_seconds: 60 }));
    expect(endpoints.ready).toBe(true);
    const ui = (endpoints.endpoints as { name: string; url: string; ingress_url: string }[])[0];
    expect(ui.name).toBe('ui');
    expect(ui.url).toBe(`https://${ui.ingress_url}`);
    expect(ui.ingress_url).toMatch(/-snowops-local\.snowflakecomputing\.app$/);

    // Suspends are disruptive: without --yes (and no terminal) the CLI stops with the plan.
    const unconfirmed = await call('suspend_service', SVC);
    expect(unconfirmed.code).toBe(3);
    expect(unconfirmed.json.status).toBe('confirmation_required');
    const suspended = done(await call('suspend_service', SVC, ['--yes']));
    expect((suspended.object as { status: string }).status).toMatch(/^SUSPEND(ING|ED)$/);
    expect((await call('suspend_compute_pool', { name: 'MyComputePool' })).code).toBe(3);
    const poolSuspended = done(await call('suspend_compute_pool', { name: 'MyComputePool' }, ['--yes']));
    expect((poolSuspended.object as { state: string }).state).toMatch(/^(STOPPING|SUSPENDED)$/);

    // The notebook drops the pool first; Snowflake refuses while the pool has a service.
    const poolFirst = await call('drop_object', { kind: 'compute_pool', name: 'MyComputePool' }, ['--yes']);
    expect(poolFirst.code).toBe(1);
    expect(poolFirst.json.status).toBe('error');
    expect(String(poolFirst.json.error?.message)).toContain(
      'You must stop all running services before you can drop a compute pool',
    );
    expect(String(poolFirst.json.error?.hint)).toContain('stop_all_services: true');

    done(await call('drop_object', { kind: 'service', ...SVC }, ['--yes']));
    done(await call('drop_object', { kind: 'compute_pool', name: 'MyComputePool' }, ['--yes']));
    const pools = read(await call('list_objects', { kind: 'compute_pool' }));
    expect(pools.objects).toEqual([]);
    const services = read(await call('list_objects', { kind: 'service', database: 'spcs_python_api_db' }));
    expect(services.objects).toEqual([]);
  }, 120_000);
});
