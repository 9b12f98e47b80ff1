/**
 * Compute pools: SHOW COMPUTE POOLS rows to the model, CREATE/ALTER COMPUTE POOL, and the
 * plans of the pool tools. Snowflake allows only plain (unquoted) pool names and has no
 * CREATE OR REPLACE COMPUTE POOL.
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { invalidInput, SnowopsError } from '../errors.js';
import { ident, quoteString } from '../sql/identifiers.js';
import { boolLiteral, clauses, commentClause, intLiteral } from './ddl.js';
import { flag, numberOrNull, text, timestamp } from './rows.js';
import type { DropPlan, KindSpec, ObjectRef } from './types.js';

export const computePoolModel = z.object({
  name: z.string(),
  state: z.string(),
  instance_family: z.string(),
  min_nodes: z.number().nullable(),
  max_nodes: z.number().nullable(),
  active_nodes: z.number().nullable(),
  num_services: z.number().nullable(),
  auto_resume: z.boolean(),
  auto_suspend_secs: z.number().nullable(),
  comment: z.string().nullable(),
  owner: z.string(),
  created_on: z.string().nullable(),
});

export type ComputePool = z.infer<typeof computePoolModel>;

export function computePoolFromRow(row: Row): ComputePool {
  return {
    name: text(row, 'name'),
    state: text(row, 'state').toUpperCase(),
    instance_family: text(row, 'instance_family'),
    min_nodes: numberOrNull(row, 'min_nodes'),
    max_nodes: numberOrNull(row, 'max_nodes'),
    active_nodes: numberOrNull(row, 'active_nodes'),
    num_services: numberOrNull(row, 'num_services'),
    auto_resume: flag(row, 'auto_resume'),
    auto_suspend_secs: numberOrNull(row, 'auto_suspend_secs'),
    comment: text(row, 'comment') || null,
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
  };
}

export const computePool: KindSpec = {
  kind: 'compute_pool',
  label: 'compute pool',
  keyword: 'COMPUTE POOL',
  plural: 'COMPUTE POOLS',
  scope: 'account',
  plainNamesOnly: true,
  showPaging: true,
  summary: computePoolFromRow,
  detail: (row) => `${text(row, 'state')}, ${numberOrNull(row, 'num_services') ?? 0} running service(s)`,
  drop: dropComputePool,
};

/** Instance family names are emitted bare, so only letters, digits and _ pass (CPU_X64_XS). */
export function instanceFamily(value: string): string {
  const v = value.trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9_]*$/.test(v)) {
    throw invalidInput(
      `The instance_family ${JSON.stringify(value)} is not an instance family name.`,
      'Use a family such as CPU_X64_XS, CPU_X64_S, CPU_X64_M, HIGHMEM_X64_S or GPU_NV_S.',
    );
  }
  return v;
}

export interface CreateComputePool {
  name: string;
  ifNotExists: boolean;
  instanceFamily: string;
  minNodes: number;
  maxNodes: number;
  autoResume?: boolean;
  autoSuspendSecs?: number;
  initiallySuspended?: boolean;
  comment?: string;
}

export function createComputePoolSql(p: CreateComputePool): string {
  const min = intLiteral(p.minNodes, 'min_nodes', 1, 150);
  const max = intLiteral(p.maxNodes, 'max_nodes', 1, 150);
  if (p.maxNodes < p.minNodes) {
    throw invalidInput(
      `max_nodes (${p.maxNodes}) is less than min_nodes (${p.minNodes}).`,
      'Make max_nodes at least min_nodes.',
    );
  }
  return clauses(
    'CREATE COMPUTE POOL',
    p.ifNotExists ? 'IF NOT EXISTS' : null,
    ident(p.name),
    `MIN_NODES = ${min}`,
    `MAX_NODES = ${max}`,
    `INSTANCE_FAMILY = ${instanceFamily(p.instanceFamily)}`,
    p.autoResume === undefined ? null : `AUTO_RESUME = ${boolLiteral(p.autoResume)}`,
    p.initiallySuspended === undefined ? null : `INITIALLY_SUSPENDED = ${boolLiteral(p.initiallySuspended)}`,
    p.autoSuspendSecs === undefined
      ? null
      : `AUTO_SUSPEND_SECS = ${intLiteral(p.autoSuspendSecs, 'auto_suspend_secs', 0, 2147483647)}`,
    commentClause(p.comment),
  );
}

/** The services that run in a pool, as `DB.SCHEMA.NAME (STATUS)`. */
export async function servicesInPool(client: SqlClient, name: string): Promise<string[]> {
  const result = await client.execute(`SHOW SERVICES IN COMPUTE POOL ${ident(name)}`);
  return result.rows.map(
    (r) => `${text(r, 'database_name')}.${text(r, 'schema_name')}.${text(r, 'name')} (${text(r, 'status')})`,
  );
}

/**
 * DROP COMPUTE POOL. The statement runs even when services remain, so the person sees
 * Snowflake's own refusal; the plan says beforehand that it will come.
 */
async function dropComputePool(
  client: SqlClient,
  ref: ObjectRef,
  options: { ifExists: boolean; cascade: boolean },
): Promise<DropPlan> {
  if (options.cascade) throw invalidInput('DROP COMPUTE POOL has no CASCADE option.', 'Leave cascade out.');
  const statement = clauses('DROP COMPUTE POOL', options.ifExists ? 'IF EXISTS' : null, ident(ref.name));
  const shown = await client.execute(`SHOW COMPUTE POOLS LIKE ${quoteString(ref.name.replace(/_/g, '\\_'))}`);
  const row = shown.rows.find((r) => text(r, 'name') === ref.name);
  if (!row) {
    if (!options.ifExists) {
      throw new SnowopsError('not_found', `Compute pool '${ref.name}' does not exist or not authorized.`, {
        snowflakeCode: '002003',
        sqlState: '02000',
        hint: 'list_objects with kind compute_pool shows the pools you can see.',
      });
    }
    return {
      statements: [statement],
      impact: [`compute pool ${ref.name} does not exist; nothing is dropped`],
      reversible: null,
      absent: true,
    };
  }
  const impact = [`drops compute pool ${ref.name} (${text(row, 'state')})`];
  const services = await servicesInPool(client, ref.name);
  if (services.length) {
    impact.push(
      `it still has ${services.length} service(s): ${services.join(', ')}; Snowflake refuses to drop a pool that has ` +
        'services: drop them first (drop_object kind service), or drop them all with suspend_compute_pool stop_all_services',
    );
  }
  return { statements: [statement], impact, reversible: null };
}
