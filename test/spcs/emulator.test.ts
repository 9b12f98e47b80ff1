/**
 * The emulator's compute pools, image repositories and services in SQL, with a clock the test
 * moves and P = 10 provision seconds: states over time, Snowflake's errors, SHOW columns.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { client, failure } from '../emulator/helpers.js';

const P = 10;
let now = 0;
let c: ReturnType<typeof client>;
const sql = (text: string) => c.execute(text);
const rowsOf = async (text: string) => (await sql(text)).rows;
const advance = (seconds: number) => {
  now += seconds * 1000;
};

const SPEC = `spec:
  containers:
  - name: web-server
    image: /spcs_db/public/repo/nginx:latest
  - name: sidecar
    image: /spcs_db/public/repo/sidecar:1
  endpoints:
  - name: ui
    port: 80
    public: true
  - name: metrics
    port: 9090
`;

async function pool(name = 'POOL', extra = '') {
  await sql(`CREATE COMPUTE POOL ${name} MIN_NODES = 1 MAX_NODES = 2 INSTANCE_FAMILY = CPU_X64_XS ${extra}`);
}

async function service(name = 'SVC', poolName = 'POOL', extra = '') {
  await sql(
    `CREATE SERVICE SPCS_DB.PUBLIC.${name} IN COMPUTE POOL ${poolName} FROM SPECIFICATION $$${SPEC}$$ ${extra}`,
  );
}

const poolState = async (name = 'POOL') => (await rowsOf(`SHOW COMPUTE POOLS LIKE '${name}'`))[0]?.state;
const serviceStatus = async (name = 'SVC') =>
  (await rowsOf(`SHOW SERVICES LIKE '${name}' IN SCHEMA SPCS_DB.PUBLIC`))[0]?.status;

beforeEach(async () => {
  now = Date.parse('2025-03-01T12:00:00Z');
  c = client({ provisionSeconds: P, now: () => new Date(now) });
  await sql('CREATE DATABASE SPCS_DB');
});

describe('compute pools', () => {
  it('STARTING for P seconds, IDLE, ACTIVE with a service, STOPPING then SUSPENDED, RESUME starts again', async () => {
    await pool();
    expect(await poolState()).toBe('STARTING');
    advance(P - 1);
    expect(await poolState()).toBe('STARTING');
    advance(1);
    expect(await poolState()).toBe('IDLE');
    await service();
    expect(await poolState()).toBe('ACTIVE');
    await sql('ALTER COMPUTE POOL POOL SUSPEND');
    expect(await poolState()).toBe('STOPPING');
    expect(await serviceStatus()).toBe('SUSPENDING');
    advance(P / 2);
    expect(await poolState()).toBe('SUSPENDED');
    expect(await serviceStatus()).toBe('SUSPENDED');
    await sql('ALTER COMPUTE POOL POOL RESUME');
    expect(await poolState()).toBe('STARTING');
    advance(P);
    // Its services stay suspended until resumed themselves.
    expect(await poolState()).toBe('IDLE');
    expect(await serviceStatus()).toBe('SUSPENDED');
  });

  it('SHOW COMPUTE POOLS has Snowflake columns and values', async () => {
    await pool('MyComputePool', "AUTO_SUSPEND_SECS = 600 AUTO_RESUME = FALSE COMMENT = 'p'");
    const r = await sql('SHOW COMPUTE POOLS');
    expect(r.columns.map((col) => col.name)).toEqual([
      'name',
      'state',
      'min_nodes',
      'max_nodes',
      'instance_family',
      'num_services',
      'num_jobs',
      'auto_suspend_secs',
      'auto_resume',
      'active_nodes',
      'idle_nodes',
      'target_nodes',
      'created_on',
      'resumed_on',
      'updated_on',
      'owner',
      'comment',
      'is_exclusive',
      'application',
      'budget',
      'placement_group',
    ]);
    expect(r.rows[0]).toMatchObject({
      name: 'MYCOMPUTEPOOL',
      state: 'STARTING',
      min_nodes: 1,
      max_nodes: 2,
      instance_family: 'CPU_X64_XS',
      num_services: 0,
      auto_suspend_secs: 600,
      auto_resume: 'false',
      target_nodes: 1,
      comment: 'p',
      owner: 'ACCOUNTADMIN',
    });
    expect(r.rows[0].created_on).toEqual(new Date(now));
    await pool('OTHER_POOL');
    expect((await rowsOf("SHOW COMPUTE POOLS STARTS WITH 'OTHER'")).map((x) => x.name)).toEqual(['OTHER_POOL']);
    expect((await rowsOf("SHOW COMPUTE POOLS LIMIT 1 FROM 'MYCOMPUTEPOOL'")).map((x) => x.name)).toEqual([
      'OTHER_POOL',
    ]);
    expect((await rowsOf('DESCRIBE COMPUTE POOL MYCOMPUTEPOOL'))[0].name).toBe('MYCOMPUTEPOOL');
  });

  it('INITIALLY_SUSPENDED, ALTER SET/UNSET, and auto-suspend after AUTO_SUSPEND_SECS without services', async () => {
    await pool('SLEEPY', 'INITIALLY_SUSPENDED = TRUE AUTO_SUSPEND_SECS = 60');
    expect(await poolState('SLEEPY')).toBe('SUSPENDED');
    await sql('ALTER COMPUTE POOL SLEEPY RESUME');
    advance(P);
    expect(await poolState('SLEEPY')).toBe('IDLE');
    advance(59);
    expect(await poolState('SLEEPY')).toBe('IDLE');
    advance(1);
    expect(await poolState('SLEEPY')).toBe('STOPPING');
    await sql("ALTER COMPUTE POOL SLEEPY SET MAX_NODES = 5 COMMENT = 'x'");
    await sql('ALTER COMPUTE POOL SLEEPY UNSET AUTO_SUSPEND_SECS, COMMENT');
    expect((await rowsOf("SHOW COMPUTE POOLS LIKE 'SLEEPY'"))[0]).toMatchObject({
      max_nodes: 5,
      auto_suspend_secs: 3600,
      comment: null,
    });
    const busy = await failure(sql('ALTER COMPUTE POOL POOLX SUSPEND'));
    expect(busy.message).toContain("Compute pool 'POOLX' does not exist or not authorized.");
    await sql('ALTER COMPUTE POOL IF EXISTS POOLX SUSPEND');
  });

  it('refuses OR REPLACE, quoted names, unknown families, missing options and bad node counts', async () => {
    const replace = await failure(
      sql('CREATE OR REPLACE COMPUTE POOL P MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS'),
    );
    expect(replace.snowflakeCode).toBe('001003');
    expect(replace.message).toContain("unexpected 'COMPUTE'");
    const quoted = await failure(
      sql('CREATE COMPUTE POOL "my pool" MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS'),
    );
    expect(quoted.message).toContain('quoted names');
    const family = await failure(
      sql('CREATE COMPUTE POOL P MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XXL'),
    );
    expect(family.message).toContain("invalid value [CPU_X64_XXL] for parameter 'INSTANCE_FAMILY'");
    const missing = await failure(sql('CREATE COMPUTE POOL P MIN_NODES = 1 MAX_NODES = 1'));
    expect(missing.message).toContain('Missing option(s): [INSTANCE_FAMILY]');
    const nodes = await failure(sql('CREATE COMPUTE POOL P MIN_NODES = 3 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS'));
    expect(nodes.message).toContain('MAX_NODES');
    expect(await rowsOf('SHOW COMPUTE POOLS')).toEqual([]);
    await pool();
    expect(
      (await failure(sql('CREATE COMPUTE POOL pool MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS')))
        .snowflakeCode,
    ).toBe('002002');
    expect(
      (
        await rowsOf('CREATE COMPUTE POOL IF NOT EXISTS pool MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_S')
      )[0].status,
    ).toBe('POOL already exists, statement succeeded.');
  });

  it('DROP is refused while any service exists, running or suspended; STOP ALL drops them', async () => {
    await pool();
    await service('A');
    await service('B');
    await sql('ALTER SERVICE SPCS_DB.PUBLIC.A SUSPEND');
    const refused = await failure(sql('DROP COMPUTE POOL POOL'));
    expect(refused.message).toContain('You must stop all running services before you can drop a compute pool');
    expect(refused.message).toContain('SPCS_DB.PUBLIC.A, SPCS_DB.PUBLIC.B');
    await sql('ALTER COMPUTE POOL POOL STOP ALL');
    expect(await rowsOf('SHOW SERVICES IN ACCOUNT')).toEqual([]);
    expect((await rowsOf('DROP COMPUTE POOL POOL'))[0].status).toBe('POOL successfully dropped.');
    expect((await failure(sql('DROP COMPUTE POOL POOL'))).snowflakeCode).toBe('002003');
    expect((await rowsOf('DROP COMPUTE POOL IF EXISTS POOL'))[0].status).toContain('already dropped');
  });
});

describe('image repositories', () => {
  it('has Snowflake’s repository_url form, lower-cased, holds no images, and can be replaced and dropped', async () => {
    await sql('CREATE IMAGE REPOSITORY SPCS_DB.PUBLIC.MyImageRepository');
    const r = await sql("SHOW IMAGE REPOSITORIES LIKE 'myimage%' IN SCHEMA SPCS_DB.PUBLIC");
    expect(r.columns.map((col) => col.name)).toEqual([
      'created_on',
      'name',
      'database_name',
      'schema_name',
      'repository_url',
      'owner',
      'owner_role_type',
      'comment',
      'encryption',
    ]);
    expect(r.rows[0]).toMatchObject({
      name: 'MYIMAGEREPOSITORY',
      repository_url: 'snowops-local.registry.snowflakecomputing.com/spcs_db/public/myimagerepository',
    });
    expect(await rowsOf('SHOW IMAGES IN IMAGE REPOSITORY SPCS_DB.PUBLIC.MYIMAGEREPOSITORY')).toEqual([]);
    expect((await failure(sql('SHOW IMAGES IN IMAGE REPOSITORY SPCS_DB.PUBLIC.NOPE'))).snowflakeCode).toBe('002003');
    expect((await failure(sql('CREATE IMAGE REPOSITORY SPCS_DB.PUBLIC.MYIMAGEREPOSITORY'))).snowflakeCode).toBe(
      '002002',
    );
    await sql('CREATE OR REPLACE IMAGE REPOSITORY SPCS_DB.PUBLIC.MYIMAGEREPOSITORY');
    await sql('DROP IMAGE REPOSITORY SPCS_DB.PUBLIC.MYIMAGEREPOSITORY');
    expect(await rowsOf('SHOW IMAGE REPOSITORIES IN ACCOUNT')).toEqual([]);
  });
});

describe('services', () => {
  it('PENDING for P seconds after creation, RUNNING, SUSPENDING then SUSPENDED, PENDING again after RESUME', async () => {
    await pool();
    advance(P);
    await service('SVC', 'POOL', 'MIN_INSTANCES = 2 MAX_INSTANCES = 3');
    expect(await serviceStatus()).toBe('PENDING');
    advance(P);
    const row = (await rowsOf("SHOW SERVICES LIKE 'SVC' IN SCHEMA SPCS_DB.PUBLIC"))[0];
    expect(row).toMatchObject({
      status: 'RUNNING',
      compute_pool: 'POOL',
      current_instances: 2,
      min_instances: 2,
      max_instances: 3,
      auto_resume: 'true',
    });
    expect(String(row.dns_name)).toMatch(/^svc\.[0-9a-f]+\.svc\.spcs\.internal$/);
    await sql('ALTER SERVICE SPCS_DB.PUBLIC.SVC SUSPEND');
    expect(await serviceStatus()).toBe('SUSPENDING');
    advance(P / 2);
    expect(await serviceStatus()).toBe('SUSPENDED');
    await sql('ALTER SERVICE SPCS_DB.PUBLIC.SVC RESUME');
    expect(await serviceStatus()).toBe('PENDING');
    advance(P);
    expect(await serviceStatus()).toBe('RUNNING');
  });

  it('waits for its pool: a suspended auto-resume pool starts, one without auto-resume refuses', async () => {
    await pool('LAZY', 'INITIALLY_SUSPENDED = TRUE');
    advance(100);
    await service('SVC', 'LAZY');
    expect(await poolState('LAZY')).toBe('STARTING');
    advance(P);
    expect(await serviceStatus()).toBe('RUNNING');
    await pool('STRICT', 'INITIALLY_SUSPENDED = TRUE AUTO_RESUME = FALSE');
    const refused = await failure(service('OTHER', 'STRICT'));
    expect(refused.message).toContain('Compute pool STRICT is suspended');
    expect((await failure(service('OTHER', 'NOPOOL'))).message).toContain("Compute pool 'NOPOOL' does not exist");
  });

  it('SHOW ENDPOINTS: the provisioning text until 2P seconds after creation, then a local host', async () => {
    await pool();
    await service();
    const ep = await sql('SHOW ENDPOINTS IN SERVICE SPCS_DB.PUBLIC.SVC');
    expect(ep.columns.map((col) => col.name)).toEqual([
      'name',
      'port',
      'port_range',
      'protocol',
      'is_public',
      'ingress_url',
      'privatelink_ingress_url',
    ]);
    expect(ep.rows).toMatchObject([
      {
        name: 'ui',
        port: 80,
        protocol: 'HTTP',
        is_public: 'true',
        ingress_url: 'Endpoints provisioning in progress... check back in a few minutes',
      },
      { name: 'metrics', port: 9090, is_public: 'false', ingress_url: '' },
    ]);
    advance(2 * P - 1);
    expect((await rowsOf('SHOW ENDPOINTS IN SERVICE SPCS_DB.PUBLIC.SVC'))[0].ingress_url).toContain('provisioning');
    advance(1);
    const host = String((await rowsOf('SHOW ENDPOINTS IN SERVICE SPCS_DB.PUBLIC.SVC'))[0].ingress_url);
    expect(host).toMatch(/^[0-9a-f]{8}-snowops-local\.snowflakecomputing\.app$/);
  });

  it('SYSTEM$GET_SERVICE_STATUS gives one entry per container and instance; logs follow the state', async () => {
    await pool();
    await service('SVC', 'POOL', 'MIN_INSTANCES = 2');
    const status = async () =>
      JSON.parse(String(Object.values((await rowsOf("CALL SYSTEM$GET_SERVICE_STATUS('SPCS_DB.PUBLIC.SVC')"))[0])[0]));
    const pending = await status();
    expect(pending).toHaveLength(4);
    expect(pending[0]).toEqual({
      status: 'PENDING',
      message: 'Pending scheduling',
      containerName: 'web-server',
      instanceId: '0',
      serviceName: 'SVC',
      image: '/spcs_db/public/repo/nginx:latest',
      restartCount: 0,
      startTime: '',
    });
    const logs = async (args: string) =>
      String(Object.values((await rowsOf(`CALL SYSTEM$GET_SERVICE_LOGS('SPCS_DB.PUBLIC.SVC', ${args})`))[0])[0]);
    expect(await logs("'0', 'web-server'")).toBe('');
    advance(P);
    const ready = await status();
    expect(
      ready.map(
        (s: { status: string; containerName: string; instanceId: string }) =>
          `${s.instanceId}/${s.containerName}/${s.status}`,
      ),
    ).toEqual(['0/web-server/READY', '0/sidecar/READY', '1/web-server/READY', '1/sidecar/READY']);
    expect(ready[0].startTime).toBe('2025-03-01T12:00:10Z');
    const all = (await logs("'1', 'sidecar'")).split('\n');
    expect(all.length).toBeGreaterThan(2);
    expect(all.join('\n')).toContain('/spcs_db/public/repo/sidecar:1');
    expect((await logs("'1', 'sidecar', 1")).split('\n')).toEqual(all.slice(-1));
    expect(
      (await failure(sql("CALL SYSTEM$GET_SERVICE_LOGS('SPCS_DB.PUBLIC.SVC', '2', 'sidecar')"))).message,
    ).toContain("Container 'sidecar' with instance id '2' does not exist");
    await sql('ALTER SERVICE SPCS_DB.PUBLIC.SVC SUSPEND');
    advance(P);
    expect(await status()).toEqual([]);
    expect((await failure(sql("CALL SYSTEM$GET_SERVICE_STATUS('SPCS_DB.PUBLIC.NOPE')"))).snowflakeCode).toBe('002003');
  });

  it('DESCRIBE SERVICE adds the spec; SHOW SERVICES IN COMPUTE POOL; dropping the database takes its services', async () => {
    await pool();
    await pool('OTHER');
    await service('A');
    await service('B', 'OTHER');
    const d = await sql('DESCRIBE SERVICE SPCS_DB.PUBLIC.A');
    expect(d.columns.at(-1)?.name).toBe('spec');
    expect(d.rows[0].spec).toBe(SPEC);
    expect((await rowsOf('SHOW SERVICES IN COMPUTE POOL OTHER')).map((r) => r.name)).toEqual(['B']);
    await sql('DROP DATABASE SPCS_DB');
    expect(await rowsOf('SHOW SERVICES IN ACCOUNT')).toEqual([]);
    await sql('DROP COMPUTE POOL POOL');
  });

  it('refuses OR REPLACE, quoted names, a bad spec (with its line) and a missing stage file', async () => {
    await pool();
    const replace = await failure(
      sql(`CREATE OR REPLACE SERVICE SPCS_DB.PUBLIC.S IN COMPUTE POOL POOL FROM SPECIFICATION $$${SPEC}$$`),
    );
    expect(replace.snowflakeCode).toBe('001003');
    const quoted = await failure(
      sql(`CREATE SERVICE SPCS_DB.PUBLIC."my svc" IN COMPUTE POOL POOL FROM SPECIFICATION $$${SPEC}$$`),
    );
    expect(quoted.message).toContain('quoted names');
    await sql('CREATE DATABASE "lower db"');
    const quotedDb = await failure(
      sql(`CREATE SERVICE "lower db".PUBLIC.S IN COMPUTE POOL POOL FROM SPECIFICATION $$${SPEC}$$`),
    );
    expect(quotedDb.message).toContain('the database of a service');
    const bad = await failure(
      sql(
        "CREATE SERVICE SPCS_DB.PUBLIC.S IN COMPUTE POOL POOL FROM SPECIFICATION 'spec:\n  containers:\n  - name: web\n'",
      ),
    );
    expect(bad.snowflakeCode).toBe('395018');
    expect(bad.message).toBe("Invalid spec: missing 'image' for 'spec.containers[0]' (line 3).");
    await sql('CREATE STAGE SPCS_DB.PUBLIC.SPECS');
    const file = await failure(
      sql(
        "CREATE SERVICE SPCS_DB.PUBLIC.S IN COMPUTE POOL POOL FROM @SPCS_DB.PUBLIC.SPECS/dir SPECIFICATION_FILE = 'spec.yaml'",
      ),
    );
    expect(file.message).toContain(
      "Specification file 'dir/spec.yaml' does not exist on stage '@SPCS_DB.PUBLIC.SPECS'",
    );
    expect(await rowsOf('SHOW SERVICES IN ACCOUNT')).toEqual([]);
  });
});
