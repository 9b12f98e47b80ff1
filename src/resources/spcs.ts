/**
 * The plans of the container-services tools (compute pools, image repositories, services).
 * Kept apart from the kind modules, which the kind table imports, because plans use the
 * generic lookups of objects.ts and create.ts.
 */
import type { Row, SqlClient } from '../client/types.js';
import type { Plan } from '../ops/types.js';
import { ident } from '../sql/identifiers.js';
import { type CreateComputePool, createComputePoolSql, instanceFamily, servicesInPool } from './compute_pool.js';
import { type CreateMode, planCreate } from './create.js';
import { createImageRepositorySql } from './image_repository.js';
import { getRow } from './objects.js';
import { text } from './rows.js';
import {
  type CreateService,
  checkSpec,
  createServiceSql,
  type ServiceRef,
  serviceName,
  serviceRef,
} from './service.js';
import type { ObjectRef } from './types.js';

export function poolRef(name: string): ObjectRef {
  return { kind: 'compute_pool', name };
}

/** CREATE COMPUTE POOL through the shared create plan, with what the pool will cost in the impact. */
export async function planCreateComputePool(client: SqlClient, p: CreateComputePool): Promise<Plan> {
  const plan = await planCreate(
    client,
    'create_compute_pool',
    poolRef(p.name),
    p.ifNotExists ? 'if_not_exists' : 'error_if_exists',
    () => createComputePoolSql(p),
  );
  if (plan.impact[0]?.startsWith('creates')) {
    plan.impact.push(
      `${instanceFamily(p.instanceFamily)}, ${p.minNodes} to ${p.maxNodes} node(s); ` +
        (p.initiallySuspended ? 'created suspended' : 'nodes start now and are billed while the pool runs'),
    );
  }
  return plan;
}

export async function planSuspendComputePool(client: SqlClient, name: string, stopAll: boolean): Promise<Plan> {
  const row = await getRow(client, poolRef(name));
  const services = await servicesInPool(client, name);
  const state = text(row, 'state').toUpperCase();
  const statements = [`ALTER COMPUTE POOL ${ident(name)} SUSPEND`];
  const impact: string[] = [];
  if (stopAll) {
    statements.unshift(`ALTER COMPUTE POOL ${ident(name)} STOP ALL`);
    impact.push(
      services.length
        ? `drops ${services.length} service(s) in the pool: ${services.join(', ')}`
        : 'the pool has no services; STOP ALL drops nothing',
    );
  } else if (services.length) {
    impact.push(`suspends the ${services.length} service(s) in the pool: ${services.join(', ')}`);
  }
  impact.push(
    state === 'SUSPENDED'
      ? `compute pool ${name} is already suspended`
      : `suspends compute pool ${name} (now ${state})`,
  );
  return {
    tool: 'suspend_compute_pool',
    effect: stopAll ? 'destructive' : 'disruptive',
    summary: `Suspend compute pool ${name}${stopAll ? ' and drop all its services' : ''}`,
    statements,
    impact,
    reversible: stopAll ? null : `resume_compute_pool ${name}, then resume_service for each suspended service`,
  };
}

export async function planResumeComputePool(client: SqlClient, name: string): Promise<Plan> {
  const row = await getRow(client, poolRef(name));
  const state = text(row, 'state').toUpperCase();
  return {
    tool: 'resume_compute_pool',
    effect: 'write',
    summary: `Resume compute pool ${name}`,
    statements: [`ALTER COMPUTE POOL ${ident(name)} RESUME`],
    impact: [
      state === 'SUSPENDED'
        ? `resumes compute pool ${name}; it starts nodes (billed while it runs); its services stay suspended until resumed`
        : `compute pool ${name} is ${state}, not suspended; nothing changes`,
    ],
    reversible: `suspend_compute_pool ${name}`,
  };
}

export function planCreateImageRepository(client: SqlClient, ref: ObjectRef, mode: CreateMode): Promise<Plan> {
  return planCreate(client, 'create_image_repository', ref, mode, (m) =>
    createImageRepositorySql({ database: ref.database!, schema: ref.schema!, name: ref.name, mode: m }),
  );
}

export function requireService(client: SqlClient, ref: ServiceRef): Promise<Row> {
  return getRow(client, serviceRef(ref));
}

/** Checks the spec first (a bad spec is refused before anything runs), then plans the CREATE. */
export async function planCreateService(client: SqlClient, s: CreateService): Promise<Plan> {
  const parsed = s.spec !== undefined ? checkSpec(s.spec) : null;
  const sql = createServiceSql(s);
  const plan = await planCreate(
    client,
    'create_service',
    serviceRef(s),
    s.ifNotExists ? 'if_not_exists' : 'error_if_exists',
    () => sql,
  );
  if (!plan.impact[0]?.startsWith('creates')) return plan;
  plan.impact.push(`runs in compute pool ${s.computePool}`);
  for (const c of parsed?.containers ?? []) plan.impact.push(`container ${c.name}: image ${c.image}`);
  for (const e of parsed?.endpoints ?? []) {
    const where = e.port ?? e.portRange;
    plan.impact.push(
      `endpoint ${e.name}: ${e.protocol} port ${where}${e.public ? ', public (an ingress URL once provisioned)' : ''}`,
    );
  }
  if (s.specFile) plan.impact.push(`spec read from @${s.specFile.stage.join('.')} file ${s.specFile.path}`);
  return plan;
}

export async function planSuspendService(client: SqlClient, ref: ServiceRef): Promise<Plan> {
  const row = await requireService(client, ref);
  const full = `${ref.database}.${ref.schema}.${ref.name}`;
  const status = text(row, 'status').toUpperCase();
  return {
    tool: 'suspend_service',
    effect: 'disruptive',
    summary: `Suspend service ${full}`,
    statements: [`ALTER SERVICE ${serviceName(ref)} SUSPEND`],
    impact: [
      status === 'SUSPENDED'
        ? `service ${full} is already suspended`
        : `suspends service ${full} (now ${status}): its containers stop and its endpoints stop answering`,
    ],
    reversible: `resume_service ${full}`,
  };
}

export async function planResumeService(client: SqlClient, ref: ServiceRef): Promise<Plan> {
  const row = await requireService(client, ref);
  const full = `${ref.database}.${ref.schema}.${ref.name}`;
  const status = text(row, 'status').toUpperCase();
  return {
    tool: 'resume_service',
    effect: 'write',
    summary: `Resume service ${full}`,
    statements: [`ALTER SERVICE ${serviceName(ref)} RESUME`],
    impact: [
      status === 'SUSPENDED' || status === 'SUSPENDING'
        ? `resumes service ${full} on compute pool ${text(row, 'compute_pool')}: containers start again from the same images`
        : `service ${full} is ${status}, not suspended; nothing changes`,
    ],
    reversible: `suspend_service ${full}`,
  };
}
