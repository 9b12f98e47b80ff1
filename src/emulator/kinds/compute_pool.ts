/**
 * Compute pools: CREATE COMPUTE POOL [IF NOT EXISTS] (no OR REPLACE, as in Snowflake),
 * ALTER ... SUSPEND | RESUME | STOP ALL | SET | UNSET, DROP (refused while the pool has any
 * service), SHOW COMPUTE POOLS, DESCRIBE COMPUTE POOL. States come from src/emulator/spcs/state.ts.
 */
import type { Row } from '../../client/types.js';
import { compilationError, EmulatorSqlError, shown, unsupported } from '../errors.js';
import type { Parser } from '../parser.js';
import { type PropParser, type PropValue, parseProps, prop } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, projected, status } from '../results.js';
import { plainName } from '../spcs/names.js';
import {
  findPool,
  noteServiceStopped,
  type Pool,
  type PoolProps,
  poolState,
  poolSuspendedAt,
  serviceStatus,
  servicesOf,
  startPool,
} from '../spcs/state.js';
import { alreadyExistsStatus, OWNER, parseIfNotExists, resolveExisting } from './common.js';
import { accountLookup } from './lookup.js';
import {
  alterHandler,
  type Change,
  describeHandler,
  dropHandler,
  nothingMore,
  setProps,
  showHandler,
  unsetProps,
} from './verbs.js';

/** Instance families Snowflake offers (AWS names, previous and current generation). */
export const INSTANCE_FAMILIES = (
  'CPU_X64_XS CPU_X64_S CPU_X64_M CPU_X64_SL CPU_X64_L ' +
  'HIGHMEM_X64_S HIGHMEM_X64_M HIGHMEM_X64_L ' +
  'GPU_NV_S GPU_NV_M GPU_NV_L ' +
  'GEN_X64_G2_2 GEN_X64_G2_4 GEN_X64_G2_8 GEN_X64_G2_32 ' +
  'GEN_ARM_G1_2 GEN_ARM_G1_4 GEN_ARM_G1_8 GEN_ARM_G1_16 GEN_ARM_G1_32 ' +
  'MEM_X64_G2_8 MEM_X64_G2_32 MEM_X64_G2_64 MEM_X64_G2_192 ' +
  'GPU_L40S_G1_8 GPU_L40S_G1_16 GPU_L40S_G1_48 GPU_L40S_G1_192 ' +
  'GPU_R6K_G1_8 GPU_R6K_G1_16 GPU_R6K_G1_32 GPU_R6K_G1_48 GPU_R6K_G1_96 GPU_R6K_G1_192'
).split(' ');

const PROPS: Record<string, PropParser> = {
  MIN_NODES: prop.integer,
  MAX_NODES: prop.integer,
  INSTANCE_FAMILY: prop.word,
  AUTO_RESUME: prop.boolean,
  INITIALLY_SUSPENDED: prop.boolean,
  AUTO_SUSPEND_SECS: prop.integer,
  COMMENT: prop.string,
};
const ALTERABLE = ['MIN_NODES', 'MAX_NODES', 'INSTANCE_FAMILY', 'AUTO_RESUME', 'AUTO_SUSPEND_SECS', 'COMMENT'];
const UNSETTABLE = { AUTO_SUSPEND_SECS: 1, AUTO_RESUME: 1, COMMENT: 1 };

function invalid(key: string, value: unknown, extra = ''): EmulatorSqlError {
  return compilationError(`invalid value [${String(value)}] for parameter '${key}'${extra}`, '002063', '22023');
}

function checkProps(props: PoolProps): void {
  if (props.minNodes < 1) throw invalid('MIN_NODES', props.minNodes);
  if (props.maxNodes < props.minNodes) {
    throw compilationError(
      `MAX_NODES (${props.maxNodes}) must be greater than or equal to MIN_NODES (${props.minNodes}).`,
      '002063',
      '22023',
    );
  }
  if (!INSTANCE_FAMILIES.includes(props.instanceFamily)) {
    throw invalid(
      'INSTANCE_FAMILY',
      props.instanceFamily,
      `; valid instance families: ${INSTANCE_FAMILIES.join(', ')}`,
    );
  }
}

/** SET values, or UNSET's nulls (which put back the defaults). */
function applyProps(props: PoolProps, values: Record<string, PropValue>): void {
  if (values.MIN_NODES != null) props.minNodes = values.MIN_NODES as number;
  if (values.MAX_NODES != null) props.maxNodes = values.MAX_NODES as number;
  if (values.INSTANCE_FAMILY != null) props.instanceFamily = values.INSTANCE_FAMILY as string;
  if ('AUTO_RESUME' in values) props.autoResume = (values.AUTO_RESUME as boolean | null) ?? true;
  if ('AUTO_SUSPEND_SECS' in values) props.autoSuspendSecs = (values.AUTO_SUSPEND_SECS as number | null) ?? 3600;
  if ('COMMENT' in values) props.comment = values.COMMENT as string | null;
}

function create(p: Parser, head: Head) {
  // Snowflake has no CREATE OR REPLACE COMPUTE POOL: it is a syntax error at the kind keyword.
  if (head.orReplace || head.orAlter || head.modifiers.length) throw p.fail(p.tokens[p.pos - 2]);
  const ifNotExists = parseIfNotExists(p, head);
  const name = plainName(p, 'compute pool');
  if (p.isKw('FOR APPLICATION')) throw unsupported('CREATE COMPUTE POOL ... FOR APPLICATION');
  const values = parseProps(p, PROPS);
  p.end();
  const missing = ['MIN_NODES', 'MAX_NODES', 'INSTANCE_FAMILY'].filter(
    (k) => values[k] === undefined || values[k] === null,
  );
  if (missing.length) throw compilationError(`Missing option(s): [${missing.join(', ')}].`, '001003', '42000');
  return {
    writes: true,
    run(ctx: ExecContext) {
      const existing = findPool(ctx, name);
      if (resolveExisting(ctx, head, ifNotExists, existing, shown(name)) === 'skip') return alreadyExistsStatus(name);
      const now = ctx.now.getTime();
      const suspended = values.INITIALLY_SUSPENDED === true;
      const props: PoolProps = {
        minNodes: 0,
        maxNodes: 0,
        instanceFamily: '',
        autoResume: true,
        autoSuspendSecs: 3600,
        comment: null,
        startedAt: suspended ? null : now,
        suspendedAt: null,
        lastServiceStop: null,
        resumedOn: null,
        updatedOn: now,
      };
      applyProps(props, values);
      checkProps(props);
      ctx.catalog.insert({ kind: 'compute_pool', name }, props, ctx.now);
      return status(`Compute pool ${name} successfully created.`);
    },
  };
}

/** Suspends every running service of the pool, as suspending the pool does. */
function suspendServices(ctx: ExecContext, pool: Pool): void {
  for (const s of servicesOf(ctx, pool.name)) {
    if (s.props.suspendedAt === null) ctx.catalog.update(s, { ...s.props, suspendedAt: ctx.now.getTime() });
  }
}

const POOL = accountLookup<Pool>('compute_pool', 'COMPUTE POOL', 'Compute pool');

const alter = alterHandler(POOL, (p): Change<Pool> => {
  if (p.acceptKw('SUSPEND')) {
    return (ctx, pool) => {
      if (poolSuspendedAt(ctx, pool) !== null || pool.props.startedAt === null) return;
      suspendServices(ctx, pool);
      const now = ctx.now.getTime();
      ctx.catalog.update(pool, { ...pool.props, suspendedAt: now, updatedOn: now });
    };
  }
  if (p.acceptKw('RESUME')) {
    return (ctx, pool) => {
      if (poolSuspendedAt(ctx, pool) !== null || pool.props.startedAt === null) startPool(ctx, pool);
    };
  }
  if (p.acceptKw('STOP ALL')) {
    if (p.isKw('OF TYPE')) throw unsupported('ALTER COMPUTE POOL ... STOP ALL OF TYPE');
    return (ctx, pool) => {
      for (const s of servicesOf(ctx, pool.name)) ctx.registry.removeObject(ctx, s);
      noteServiceStopped(ctx, pool.name);
    };
  }
  if (p.acceptKw('SET')) return setProps(p, PROPS, setChecked, { stamp: true, allowed: ALTERABLE });
  if (p.acceptKw('UNSET')) return unsetProps(p, UNSETTABLE, applyProps, { stamp: true });
  throw p.fail();
});

/** SET: the instance family changes only while the pool is suspended; the result is checked. */
function setChecked(props: PoolProps, values: Record<string, PropValue>, ctx: ExecContext, pool: Pool): void {
  if (
    'INSTANCE_FAMILY' in values &&
    values.INSTANCE_FAMILY !== props.instanceFamily &&
    poolState(ctx, pool) !== 'SUSPENDED'
  ) {
    throw compilationError(
      `Cannot change INSTANCE_FAMILY of compute pool ${shown(pool.name)} unless it is suspended.`,
      '002063',
      '22023',
    );
  }
  applyProps(props, values);
  checkProps(props);
}

const drop = dropHandler(POOL, {
  tail: nothingMore,
  before(ctx, pool) {
    const services = servicesOf(ctx, pool.name);
    if (services.length === 0) return;
    const name = shown(pool.name);
    throw new EmulatorSqlError(
      '391417',
      '55006',
      `Cannot drop compute pool ${name} because it still has ${services.length} service(s): ` +
        `${services.map((s) => shown(s.database!, s.schema!, s.name)).join(', ')}. ` +
        'You must stop all running services before you can drop a compute pool ' +
        `(DROP SERVICE, or ALTER COMPUTE POOL ${name} STOP ALL).`,
    );
  },
});

const SHOW_COLUMNS = columns(
  'name:text state:text min_nodes:fixed max_nodes:fixed instance_family:text num_services:fixed num_jobs:fixed ' +
    'auto_suspend_secs:fixed auto_resume:text active_nodes:fixed idle_nodes:fixed target_nodes:fixed ' +
    'created_on:timestamp_ltz resumed_on:timestamp_ltz updated_on:timestamp_ltz owner:text comment:text ' +
    'is_exclusive:text application:text budget:text placement_group:text',
);

export function poolRow(ctx: ExecContext, pool: Pool): Row {
  const services = servicesOf(ctx, pool.name);
  const state = poolState(ctx, pool, services);
  const p = pool.props;
  const running = services.filter((s) => serviceStatus(ctx, s, pool) !== 'SUSPENDED');
  const up = state === 'IDLE' || state === 'ACTIVE';
  const active = state === 'ACTIVE' ? Math.min(p.minNodes, Math.max(1, running.length)) : 0;
  return {
    name: pool.name,
    state,
    min_nodes: p.minNodes,
    max_nodes: p.maxNodes,
    instance_family: p.instanceFamily,
    num_services: running.length,
    num_jobs: 0,
    auto_suspend_secs: p.autoSuspendSecs,
    auto_resume: p.autoResume ? 'true' : 'false',
    active_nodes: active,
    idle_nodes: up ? p.minNodes - active : 0,
    target_nodes: state === 'SUSPENDED' || state === 'STOPPING' ? 0 : p.minNodes,
    created_on: pool.createdOn,
    resumed_on: p.resumedOn === null ? null : new Date(p.resumedOn),
    updated_on: new Date(p.updatedOn),
    owner: OWNER,
    comment: p.comment,
    is_exclusive: 'false',
    application: null,
    budget: null,
    placement_group: null,
  };
}

const show = showHandler('compute_pool', 'account', SHOW_COLUMNS, poolRow, SHOW_COLUMNS);

const describe = describeHandler(POOL, (ctx, pool) => projected(SHOW_COLUMNS, [poolRow(ctx, pool)]));

export const computePoolKind: KindModule = {
  kind: 'compute_pool',
  keyword: 'COMPUTE POOL',
  plural: 'COMPUTE POOLS',
  create,
  alter,
  drop,
  show,
  describe,
};

export function register(registry: Registry): void {
  registry.addKind(computePoolKind);
}
