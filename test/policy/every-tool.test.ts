/**
 * Rules must not get in the way of what they do not name: every tool of the catalog runs under a
 * policy whose deny rules match nothing here and whose allow rules cover everything used. The
 * plan check reads each tool's own statements, so this proves the resolver can place them all
 * (a statement it could not place would be refused, failing closed).
 */
import { describe, expect, it } from 'vitest';
import { policyFromObject } from '../../src/ops/policy.js';
import { catalog } from '../../tools/index.js';
import { harness } from '../tools/helpers.js';

const SPEC = (image: string) =>
  `spec:\n  containers:\n  - name: web\n    image: ${image}\n  endpoints:\n  - name: ui\n    port: 80\n    public: true\n`;

const POLICIES = {
  deny: policyFromObject(
    {
      deny: [
        { kind: 'database', pattern: 'NOPE_*' },
        { kind: 'table', pattern: '*.*.NOPE' },
        { kind: 'task', pattern: '*.*.NOPE' },
      ],
    },
    '/p/deny.toml',
  ),
  allow: policyFromObject(
    {
      allow: [
        { kind: 'database', pattern: 'OPS_DB' },
        { kind: 'warehouse', pattern: 'OPS_*' },
        { kind: 'compute_pool', pattern: 'OPS_POOL' },
      ],
    },
    '/p/allow.toml',
  ),
};

describe.each(Object.entries(POLICIES))('every tool under %s rules', (_, policy) => {
  it('runs, from create to drop', async () => {
    const h = harness(policy, catalog);
    const used = new Set<string>();
    const run = async (tool: string, args: Record<string, unknown>) => {
      used.add(tool);
      const result = await h.confirmed(tool, args);
      expect(['done', undefined]).toContain(result.status);
      return result;
    };
    const S = { database: 'ops_db', schema: 'app' };
    await run('create_database', { name: 'ops_db' });
    await run('create_schema', { database: 'ops_db', name: 'app', mode: 'or_replace' });
    await run('create_table', {
      ...S,
      name: 'events',
      columns: [{ name: 'id', datatype: 'INT', nullable: false, primary_key: true }],
      cluster_by: ['id'],
    });
    await run('add_column', { ...S, table: 'events', column: { name: 'at', datatype: 'TIMESTAMP_NTZ' } });
    await run('create_stage', { ...S, name: 'files' });
    await run('create_warehouse', { name: 'ops_wh', size: 'SMALL' });
    await run('resize_warehouse', { name: 'ops_wh', size: 'LARGE' });
    await run('suspend_warehouse', { name: 'ops_wh' });
    await run('resume_warehouse', { name: 'ops_wh' });
    await run('create_task', {
      ...S,
      name: 'load',
      warehouse: 'ops_wh',
      schedule: { minutes: 5 },
      definition: { sql: 'INSERT INTO events (id) SELECT 1' },
    });
    await run('create_task', {
      ...S,
      name: 'clean',
      predecessors: ['load'],
      condition: "SYSTEM$STREAM_HAS_DATA('ops_db.app.s')",
      definition: { sql: 'DELETE FROM ops_db.app.events WHERE id < 0' },
    });
    await run('resume_task', { ...S, name: 'load', with_dependents: true });
    await run('suspend_task', { ...S, name: 'load' });
    await run('execute_task', { ...S, name: 'load' });
    const dag = {
      ...S,
      name: 'nightly',
      warehouse: 'ops_wh',
      schedule: { minutes: 60 },
      tasks: [
        { name: 'a', definition: { sql: 'SELECT 1' } },
        { name: 'b', predecessors: ['a'], definition: { sql: 'TRUNCATE TABLE events' } },
      ],
      finalizer: { name: 'fin', definition: { sql: 'SELECT 2' } },
    };
    await run('deploy_dag', dag);
    await run('deploy_dag', { ...dag, mode: 'or_replace' });
    await run('run_dag', { ...S, name: 'nightly' });
    await run('get_dag_runs', { ...S, name: 'nightly' });
    await run('create_compute_pool', { name: 'ops_pool', instance_family: 'CPU_X64_XS', min_nodes: 1, max_nodes: 1 });
    const repo = await run('create_image_repository', { ...S, name: 'images' });
    const url = String((repo.object as { repository_url: string }).repository_url);
    const svc = { database: 'OPS_DB', schema: 'APP', name: 'WEB' };
    await run('create_service', {
      ...svc,
      compute_pool: 'ops_pool',
      spec: SPEC(`${url}/nginx:latest`),
      query_warehouse: 'ops_wh',
    });
    await run('get_service_status', svc);
    await run('get_endpoints', svc);
    await run('get_service_logs', { ...svc, container: 'web' });
    await run('suspend_service', svc);
    await run('resume_service', svc);
    await run('suspend_compute_pool', { name: 'ops_pool' });
    await run('resume_compute_pool', { name: 'ops_pool' });
    await run('list_objects', { kind: 'task', ...S });
    await run('describe_object', { kind: 'table', ...S, name: 'events' });
    await run('run_sql', { sql: 'SELECT COUNT(*) AS n FROM ops_db.app.events' });
    await run('run_sql', { sql: 'UPDATE ops_db.app.events SET id = 2 WHERE id = 1' });
    await run('drop_object', { kind: 'service', ...svc });
    await run('drop_object', { kind: 'compute_pool', name: 'ops_pool' });
    await run('drop_object', { kind: 'dag', ...S, name: 'nightly' });
    await run('drop_object', { kind: 'task', ...S, name: 'clean' });
    await run('drop_object', { kind: 'warehouse', name: 'ops_wh' });
    await run('drop_object', { kind: 'database', name: 'ops_db', cascade: true });
    await run('undrop_object', { kind: 'database', name: 'ops_db' });
    expect(catalog.map((t) => t.name).filter((t) => !used.has(t))).toEqual([]);
  });
});
