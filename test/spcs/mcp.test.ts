/**
 * The container-services tools over MCP: the SDK client checks every structured result against
 * the tool's output schema, and get_endpoints with wait_seconds sends progress notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, startSession } from '../mcp/helpers.js';
import { SPEC } from './helpers.js';

const IN = { database: 'spcs_db', schema: 'public' };
let s: Session;

beforeAll(async () => {
  s = await startSession({ env: { SNOWOPS_EMULATOR_PROVISION_SECONDS: '1' } });
  await s.client.listTools(); // the client validates structured results against the listed output schemas
});

afterAll(async () => {
  await s?.close();
});

describe('container services over MCP', () => {
  it('returns results that match the output schemas, and reports progress while waiting', async () => {
    await s.ok('create_database', { name: 'spcs_db' });
    const pool = await s.ok('create_compute_pool', {
      name: 'MyComputePool',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 2,
    });
    expect(pool.object).toMatchObject({ name: 'MYCOMPUTEPOOL' });
    const repo = await s.ok('create_image_repository', { ...IN, name: 'repo' });
    const url = (repo.object as { repository_url: string }).repository_url;
    const svc = await s.ok('create_service', {
      ...IN,
      name: 'web',
      compute_pool: 'MyComputePool',
      spec: SPEC(`${url}/nginx:latest`),
    });
    expect(svc.object).toMatchObject({ name: 'WEB', status: 'PENDING' });
    expect((await s.ok('get_service_status', { ...IN, name: 'web' })).containers).toHaveLength(1);
    await s.ok('get_service_logs', { ...IN, name: 'web', container: 'web-server', num_lines: 5 });

    const progress: string[] = [];
    const waited = await s.client.callTool(
      { name: 'get_endpoints', arguments: { ...IN, name: 'web', wait_seconds: 30 } },
      undefined,
      { onprogress: (p) => progress.push(String(p.message)) },
    );
    expect(waited.isError).toBeFalsy();
    expect(waited.structuredContent).toMatchObject({ ready: true, endpoints: [{ name: 'ui', is_public: true }] });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/provisioning/i);

    const bad = await s.call('create_service', { ...IN, name: 'bad', compute_pool: 'MyComputePool', spec: 'spec: [' });
    expect(bad.isError).toBe(true);
    const listed = await s.ok('list_objects', { kind: 'service', ...IN });
    expect((listed.objects as { name: string }[]).map((o) => o.name)).toEqual(['WEB']);
    expect((await s.ok('describe_object', { kind: 'service', ...IN, name: 'web' })).object).toMatchObject({
      spec: SPEC(`${url}/nginx:latest`),
    });
  });
});
