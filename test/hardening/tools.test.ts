/**
 * Hostile input at every tool of the catalog, in every text field (names, comments, definitions,
 * specs, SQL, nested names), and wrong types in every field. Each call either fails with a clear
 * SnowopsError (never `internal`) and changes nothing, or succeeds and changes only the object
 * it names, under that object's exact stored name: the whole account is compared around it.
 */
import { describe, expect, it } from 'vitest';
import { isSnowopsError } from '../../src/errors.js';
import { argumentTargets } from '../../src/ops/targets.js';
import { catalog } from '../../tools/index.js';
import { type Harness, harness } from '../tools/helpers.js';
import { accountState, changes } from './state.js';

const SPEC = 'spec:\n  containers:\n  - name: web\n    image: /host/public/repo/nginx:latest\n';

/** Valid arguments for each tool against the fixture account; `unique` is suffixed per case. */
const BASES: Record<string, { args: Record<string, unknown>; unique?: string }[]> = {
  list_objects: [{ args: { kind: 'table', database: 'HOST', schema: 'S', like: 'T%', starts_with: 'T' } }],
  describe_object: [{ args: { kind: 'table', database: 'HOST', schema: 'S', name: 'T' } }],
  drop_object: [{ args: { kind: 'table', database: 'HOST', schema: 'S', name: 'NO_SUCH_TABLE' } }],
  undrop_object: [{ args: { kind: 'table', database: 'HOST', schema: 'S', name: 'NO_SUCH_TABLE' } }],
  create_database: [{ args: { name: 'HD', comment: 'c' }, unique: 'name' }],
  create_schema: [{ args: { database: 'HOST', name: 'HS', comment: 'c' }, unique: 'name' }],
  create_table: [
    {
      args: {
        database: 'HOST',
        schema: 'S',
        name: 'HT',
        columns: [{ name: 'A', datatype: 'INT', default: '0', comment: 'c' }],
        cluster_by: ['A'],
        comment: 'c',
      },
      unique: 'name',
    },
  ],
  add_column: [
    {
      args: { database: 'HOST', schema: 'S', table: 'T', column: { name: 'HC', datatype: 'INT', comment: 'c' } },
      unique: 'column.name',
    },
  ],
  create_stage: [{ args: { database: 'HOST', schema: 'S', name: 'HST', comment: 'c' }, unique: 'name' }],
  create_warehouse: [{ args: { name: 'HW', size: 'XSMALL', comment: 'c' }, unique: 'name' }],
  resize_warehouse: [{ args: { name: 'HOST_WH', size: 'SMALL' } }],
  suspend_warehouse: [{ args: { name: 'HOST_WH' } }],
  resume_warehouse: [{ args: { name: 'HOST_WH' } }],
  create_task: [
    {
      args: {
        database: 'HOST',
        schema: 'S',
        name: 'HTK',
        warehouse: 'HOST_WH',
        predecessors: ['TK'],
        condition: "SYSTEM$STREAM_HAS_DATA('X')",
        definition: { sql: 'SELECT 1' },
        comment: 'c',
      },
      unique: 'name',
    },
    {
      args: {
        database: 'HOST',
        schema: 'S',
        name: 'HPY',
        schedule: { cron: '0 9 * * *', timezone: 'UTC' },
        definition: {
          python: { code: 'def main(s):\n  return 1', handler: 'main', packages: ['pandas'], args: ['a'] },
        },
      },
      unique: 'name',
    },
    {
      args: {
        database: 'HOST',
        schema: 'S',
        name: 'HCALL',
        definition: { call: { procedure: 'HOST.S.P', args: ['x'] } },
      },
      unique: 'name',
    },
  ],
  resume_task: [{ args: { database: 'HOST', schema: 'S', name: 'TK' } }],
  suspend_task: [{ args: { database: 'HOST', schema: 'S', name: 'TK' } }],
  execute_task: [{ args: { database: 'HOST', schema: 'S', name: 'TK' } }],
  deploy_dag: [
    {
      args: {
        database: 'HOST',
        schema: 'S',
        name: 'HDAG',
        warehouse: 'HOST_WH',
        tasks: [
          { name: 'A', definition: { sql: 'SELECT 1' }, condition: '1 = 1' },
          { name: 'B', predecessors: ['A'], warehouse: 'HOST_WH', definition: { sql: 'SELECT 2' } },
        ],
        finalizer: { name: 'F', definition: { sql: 'SELECT 3' } },
      },
      unique: 'name',
    },
  ],
  run_dag: [{ args: { database: 'HOST', schema: 'S', name: 'DAG' } }],
  get_dag_runs: [{ args: { database: 'HOST', schema: 'S', name: 'DAG', state: 'complete' } }],
  create_compute_pool: [
    { args: { name: 'HP', instance_family: 'CPU_X64_XS', min_nodes: 1, max_nodes: 1, comment: 'c' }, unique: 'name' },
  ],
  suspend_compute_pool: [{ args: { name: 'HOST_POOL' } }],
  resume_compute_pool: [{ args: { name: 'HOST_POOL' } }],
  create_image_repository: [{ args: { database: 'HOST', schema: 'PUBLIC', name: 'HR' }, unique: 'name' }],
  create_service: [
    {
      args: {
        database: 'HOST',
        schema: 'PUBLIC',
        name: 'HSV',
        compute_pool: 'HOST_POOL',
        spec: SPEC,
        query_warehouse: 'HOST_WH',
        external_access_integrations: ['EAI'],
        comment: 'c',
      },
      unique: 'name',
    },
    {
      args: {
        database: 'HOST',
        schema: 'PUBLIC',
        name: 'HSF',
        compute_pool: 'HOST_POOL',
        spec_file: { stage: '@HOST.S.STG', path: 's.yaml' },
      },
      unique: 'name',
    },
  ],
  suspend_service: [{ args: { database: 'HOST', schema: 'PUBLIC', name: 'SVC' } }],
  resume_service: [{ args: { database: 'HOST', schema: 'PUBLIC', name: 'SVC' } }],
  get_service_status: [{ args: { database: 'HOST', schema: 'PUBLIC', name: 'SVC' } }],
  get_endpoints: [{ args: { database: 'HOST', schema: 'PUBLIC', name: 'SVC' } }],
  get_service_logs: [{ args: { database: 'HOST', schema: 'PUBLIC', name: 'SVC', container: 'web' } }],
  run_sql: [{ args: { sql: 'SELECT 1' } }],
};

const HOSTILE = [
  'x"; DROP DATABASE HOST; --',
  "it's'; DROP DATABASE HOST; --",
  '$$; DROP DATABASE HOST; $$',
  "'); DROP TABLE HOST.S.T; --",
  '*/ DROP DATABASE HOST /*',
  'a\nb',
  '',
  'nul\u0000',
  '\u200Bzero width',
  'PRОD_DB',
  '"""',
  '\\',
  '@HOST.S.STG/../x',
  'select',
  'a'.repeat(300),
];

const WRONG_TYPES: unknown[] = [42, null, { x: 1 }, ['a'], true];

async function fixture(): Promise<Harness> {
  const h = harness(undefined, catalog);
  for (const sql of [
    'CREATE DATABASE HOST',
    'CREATE SCHEMA HOST.S',
    'CREATE TABLE HOST.S.T (A INT)',
    'CREATE STAGE HOST.S.STG',
    'CREATE WAREHOUSE HOST_WH',
    'CREATE TASK HOST.S.TK AS SELECT 1',
    'CREATE COMPUTE POOL HOST_POOL MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS',
    'CREATE IMAGE REPOSITORY HOST.PUBLIC.REPO',
  ]) {
    await h.sql(sql);
  }
  await h.call('deploy_dag', {
    database: 'HOST',
    schema: 'S',
    name: 'DAG',
    tasks: [{ name: 'X', definition: { sql: 'SELECT 1' } }],
  });
  await h.call('create_service', {
    database: 'HOST',
    schema: 'PUBLIC',
    name: 'SVC',
    compute_pool: 'HOST_POOL',
    spec: SPEC,
  });
  return h;
}

/** Every path to a text value: "name", "columns.0.name", "definition.python.code". */
function textPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((v, i) => textPaths(v, [...prefix, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => textPaths(v, [...prefix, k]));
  }
  return [];
}

function withValue(args: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
}

/** Runs one case and checks the invariant; returns a line describing what happened. */
async function hostileCase(h: Harness, tool: string, args: Record<string, unknown>): Promise<string> {
  const before = await accountState(h.client);
  let error: unknown;
  try {
    await h.confirmed(tool, args);
  } catch (e) {
    error = e;
  }
  const diff = changes(before, await accountState(h.client));
  const what = `${tool} ${JSON.stringify(args).slice(0, 300)}`;
  if (error !== undefined) {
    expect(isSnowopsError(error), `${what}: ${String(error)}`).toBe(true);
    const e = error as { code: string; message: string };
    expect(e.code, `${what}: ${e.message}`).not.toBe('internal');
    expect(e.message, what).not.toMatch(/undefined|\[object Object\]/);
    expect(diff, `${what} failed (${e.message}) but changed the account`).toEqual([]);
    return `error ${e.code}`;
  }
  // Success: whatever changed is the object the call names, by its exact stored name.
  const names = (argumentTargets(catalog.find((t) => t.name === tool)!, args) ?? []).map((t) =>
    JSON.stringify(t.path[t.path.length - 1]).slice(1, -1),
  );
  for (const line of diff) {
    expect(
      names.some((n) => line.includes(n)),
      `${what} changed ${line}, which is not the object it names (${names.join(', ')})`,
    ).toBe(true);
  }
  return 'done';
}

describe('hostile input at every tool', () => {
  it('covers the whole catalog', () => {
    expect(catalog.map((t) => t.name).filter((n) => !BASES[n])).toEqual([]);
  });

  it.each(Object.entries(BASES))('%s', async (tool, bases) => {
    const h = await fixture();
    let n = 0;
    const outcomes = new Set<string>();
    for (const base of bases) {
      for (const path of textPaths(base.args)) {
        for (const value of [...HOSTILE, ...WRONG_TYPES]) {
          n++;
          let args = withValue(base.args, path, value);
          const key = path.join('.');
          if (base.unique && base.unique !== key) args = withValue(args, base.unique.split('.'), `U${n}`);
          outcomes.add(await hostileCase(h, tool, args));
        }
      }
      // Top-level wrong types and unknown keys, once per base.
      for (const key of Object.keys(base.args)) {
        for (const value of WRONG_TYPES) outcomes.add(await hostileCase(h, tool, { ...base.args, [key]: value }));
      }
      outcomes.add(await hostileCase(h, tool, { ...base.args, extra: 'x' }));
    }
    expect(outcomes.has('error invalid_input')).toBe(true);
    // Creating tools also took some hostile values as they are (names, comments, bodies).
    if (bases.some((b) => b.unique)) expect(outcomes.has('done')).toBe(true);
  });
});
