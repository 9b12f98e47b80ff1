/**
 * Services: CREATE SERVICE [IF NOT EXISTS] ... IN COMPUTE POOL ... FROM SPECIFICATION ... |
 * FROM @stage SPECIFICATION_FILE = '...' (no OR REPLACE, as in Snowflake), ALTER SERVICE
 * SUSPEND | RESUME | SET | UNSET, DROP SERVICE, SHOW SERVICES [IN COMPUTE POOL p], DESCRIBE
 * SERVICE (with the spec). The emulator runs no containers; states come from spcs/state.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Row } from '../../client/types.js';
import { compilationError, doesNotExist, EmulatorSqlError, shown, unsupported } from '../errors.js';
import { findObject, type ObjectRef, requireSchema, resolveObject } from '../names.js';
import { Parser } from '../parser.js';
import { type PropParser, parseProps, prop } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, projected, status } from '../results.js';
import { filterByName, parseShowOptions, resolveScope, showResult } from '../show.js';
import { checkPlain } from '../spcs/names.js';
import { parseSpec, parseSpecSource, readSpecFile } from '../spcs/spec_source.js';
import {
  findPool,
  noteServiceStopped,
  type Pool,
  poolState,
  type Service,
  type ServiceProps,
  serviceStatus,
  startPool,
} from '../spcs/state.js';
import { alreadyExistsStatus, OWNER, parseIfNotExists, resolveExisting } from './common.js';
import { requireNamed, schemaObjectLookup } from './lookup.js';
import { alterHandler, type Change, describeHandler, dropHandler, setProps, unsetProps } from './verbs.js';

const KIND = 'service';

/** `( NAME [, NAME ...] )`, kept as a JSON list of stored names. */
const nameList: PropParser = (p) => {
  p.expectPunct('(');
  const names: string[] = [];
  if (!p.isPunct(')')) {
    do names.push(p.name());
    while (p.acceptPunct(','));
  }
  p.expectPunct(')');
  return JSON.stringify(names);
};

const PROPS: Record<string, PropParser> = {
  AUTO_SUSPEND_SECS: prop.integer,
  EXTERNAL_ACCESS_INTEGRATIONS: nameList,
  AUTO_RESUME: prop.boolean,
  MIN_INSTANCES: prop.integer,
  MIN_READY_INSTANCES: prop.integer,
  MAX_INSTANCES: prop.integer,
  LOG_LEVEL: prop.string,
  QUERY_WAREHOUSE: (p) => p.name(),
  COMMENT: prop.string,
};

function applyProps(target: ServiceProps, values: Record<string, unknown>): void {
  if ('MIN_INSTANCES' in values) target.minInstances = (values.MIN_INSTANCES as number | null) ?? 1;
  if ('MAX_INSTANCES' in values) target.maxInstances = (values.MAX_INSTANCES as number | null) ?? target.minInstances;
  if ('MIN_READY_INSTANCES' in values)
    target.minReadyInstances = (values.MIN_READY_INSTANCES as number | null) ?? target.minInstances;
  if ('AUTO_RESUME' in values) target.autoResume = (values.AUTO_RESUME as boolean | null) ?? true;
  if ('AUTO_SUSPEND_SECS' in values) target.autoSuspendSecs = (values.AUTO_SUSPEND_SECS as number | null) ?? 0;
  if ('QUERY_WAREHOUSE' in values) target.queryWarehouse = values.QUERY_WAREHOUSE as string | null;
  if ('EXTERNAL_ACCESS_INTEGRATIONS' in values) {
    const v = values.EXTERNAL_ACCESS_INTEGRATIONS as string | null;
    target.externalAccessIntegrations = v ? (JSON.parse(v) as string[]) : [];
  }
  if ('LOG_LEVEL' in values) target.logLevel = values.LOG_LEVEL as string | null;
  if ('COMMENT' in values) target.comment = values.COMMENT as string | null;
  const bad = (text: string) => compilationError(text, '002063', '22023');
  if (target.minInstances < 1) throw bad(`invalid value [${target.minInstances}] for parameter 'MIN_INSTANCES'`);
  if (target.maxInstances < target.minInstances) {
    throw bad(
      `MAX_INSTANCES (${target.maxInstances}) must be greater than or equal to MIN_INSTANCES (${target.minInstances}).`,
    );
  }
  if (target.minReadyInstances > target.minInstances) {
    throw bad(
      `MIN_READY_INSTANCES (${target.minReadyInstances}) must be less than or equal to MIN_INSTANCES (${target.minInstances}).`,
    );
  }
}

/** A service's database, schema and name must all be plain identifiers. */
function plainRef(ref: ObjectRef): ObjectRef {
  checkPlain(ref.database, 'the database of a service');
  checkPlain(ref.schema, 'the schema of a service');
  checkPlain(ref.name, 'a service');
  return ref;
}

function create(p: Parser, head: Head) {
  // Snowflake has no CREATE OR REPLACE SERVICE: a syntax error at the kind keyword.
  if (head.orReplace || head.orAlter || head.modifiers.length) throw p.fail(p.tokens[p.pos - 1]);
  const ifNotExists = parseIfNotExists(p, head);
  const parts = p.qualifiedName(3);
  p.expectKw('IN COMPUTE POOL');
  const poolName = checkPlain(p.name(), 'a compute pool');
  p.expectKw('FROM');
  const source = parseSpecSource(p);
  const values = parseProps(p, PROPS);
  p.end();
  const spec = 'text' in source ? parseSpec(source.text) : null;
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = plainRef(resolveObject(ctx, parts, 'CREATE SERVICE'));
      requireSchema(ctx, ref);
      const existing = findObject(ctx, KIND, ref);
      if (resolveExisting(ctx, head, ifNotExists, existing, shown(ref.name)) === 'skip')
        return alreadyExistsStatus(ref.name);
      let pool = findPool(ctx, poolName);
      if (!pool) throw doesNotExist('Compute pool', shown(poolName));
      if ('stage' in source) readSpecFile(ctx, source);
      pool = ensureRunning(ctx, pool);
      const now = ctx.now.getTime();
      const props: ServiceProps = {
        computePool: poolName,
        spec: 'text' in source ? source.text : '',
        specFile: null,
        containers: spec?.containers ?? [],
        endpoints: spec?.endpoints ?? [],
        minInstances: 1,
        maxInstances: 1,
        minReadyInstances: 1,
        autoResume: true,
        autoSuspendSecs: 0,
        queryWarehouse: null,
        externalAccessIntegrations: [],
        logLevel: null,
        comment: null,
        startedAt: now,
        suspendedAt: null,
        resumedOn: null,
        updatedOn: now,
        dnsId: randomBytes(2).toString('hex'),
        ingressId: randomBytes(4).toString('hex'),
      };
      if (!('MAX_INSTANCES' in values) && values.MIN_INSTANCES != null)
        props.maxInstances = values.MIN_INSTANCES as number;
      if (!('MIN_READY_INSTANCES' in values) && values.MIN_INSTANCES != null)
        props.minReadyInstances = values.MIN_INSTANCES as number;
      applyProps(props, values);
      ctx.catalog.insert({ kind: KIND, ...ref }, props, ctx.now);
      return status(`Service ${ref.name} successfully created.`);
    },
  };
}

/** A service needs a running pool: a suspended pool resumes when it auto-resumes, else fails. */
function ensureRunning(ctx: ExecContext, pool: Pool): Pool {
  if (poolState(ctx, pool) !== 'SUSPENDED' && poolState(ctx, pool) !== 'STOPPING') return pool;
  if (!pool.props.autoResume) {
    throw new EmulatorSqlError(
      '391421',
      '55000',
      `Compute pool ${shown(pool.name)} is suspended and AUTO_RESUME is FALSE. Resume it with ALTER COMPUTE POOL ${shown(pool.name)} RESUME.`,
    );
  }
  return startPool(ctx, pool);
}

const SERVICE = schemaObjectLookup<Service>(KIND, 'SERVICE', 'Service');

export function requireService(ctx: ExecContext, parts: string[], action: string): Service {
  return requireNamed(SERVICE, ctx, parts, action);
}

const alter = alterHandler(SERVICE, (p): Change<Service> => {
  if (p.acceptKw('SUSPEND')) {
    return (ctx, svc) => {
      if (svc.props.suspendedAt !== null) return;
      const now = ctx.now.getTime();
      ctx.catalog.update(svc, { ...svc.props, suspendedAt: now, updatedOn: now });
      noteServiceStopped(ctx, svc.props.computePool);
    };
  }
  if (p.acceptKw('RESUME')) {
    return (ctx, svc) => {
      if (svc.props.suspendedAt === null) return;
      const pool = findPool(ctx, svc.props.computePool);
      if (pool) ensureRunning(ctx, pool);
      const now = ctx.now.getTime();
      ctx.catalog.update(svc, { ...svc.props, startedAt: now, suspendedAt: null, resumedOn: now, updatedOn: now });
    };
  }
  if (p.acceptKw('SET')) return setProps(p, PROPS, applyProps, { stamp: true });
  if (p.acceptKw('UNSET')) return unsetProps(p, PROPS, applyProps, { stamp: true });
  if (p.isKw('FROM')) throw unsupported('ALTER SERVICE ... FROM SPECIFICATION');
  throw p.fail();
});

const drop = dropHandler(SERVICE, {
  tail(p) {
    p.acceptKw('FORCE');
    p.end();
  },
});

const SHOW_COLUMNS = columns(
  'name:text status:text database_name:text schema_name:text owner:text compute_pool:text dns_name:text ' +
    'current_instances:fixed target_instances:fixed min_ready_instances:fixed min_instances:fixed max_instances:fixed ' +
    'auto_resume:text external_access_integrations:text created_on:timestamp_ltz updated_on:timestamp_ltz ' +
    'resumed_on:timestamp_ltz suspended_on:timestamp_ltz auto_suspend_secs:fixed comment:text owner_role_type:text ' +
    'query_warehouse:text is_job:text is_async_job:text spec_digest:text is_upgrading:text',
);
const DESCRIBE_COLUMNS = [...SHOW_COLUMNS, { name: 'spec', type: 'text' }];

export function serviceRow(ctx: ExecContext, svc: Service): Row {
  const p = svc.props;
  const state = serviceStatus(ctx, svc, findPool(ctx, p.computePool));
  const eais = p.externalAccessIntegrations;
  return {
    name: svc.name,
    status: state,
    database_name: svc.database,
    schema_name: svc.schema,
    owner: OWNER,
    compute_pool: p.computePool,
    dns_name: `${svc.name.toLowerCase().replace(/_/g, '-')}.${p.dnsId}.svc.spcs.internal`,
    current_instances: state === 'RUNNING' ? p.minInstances : 0,
    target_instances: state === 'SUSPENDED' || state === 'SUSPENDING' ? 0 : p.minInstances,
    min_ready_instances: p.minReadyInstances,
    min_instances: p.minInstances,
    max_instances: p.maxInstances,
    auto_resume: p.autoResume ? 'true' : 'false',
    external_access_integrations: eais.length ? `[${eais.join(', ')}]` : null,
    created_on: svc.createdOn,
    updated_on: new Date(p.updatedOn),
    resumed_on: p.resumedOn === null ? null : new Date(p.resumedOn),
    suspended_on: p.suspendedAt === null ? null : new Date(p.suspendedAt),
    auto_suspend_secs: p.autoSuspendSecs,
    comment: p.comment,
    owner_role_type: 'ROLE',
    query_warehouse: p.queryWarehouse,
    is_job: 'false',
    is_async_job: 'false',
    spec_digest: null,
    is_upgrading: 'false',
    spec: p.spec,
    kind: 'SERVICE',
  };
}

/** `IN COMPUTE POOL p`, which the shared SHOW grammar does not know: taken out before it parses. */
function takeInComputePool(p: Parser): string | undefined {
  for (let i = p.pos; i < p.tokens.length; i++) {
    const at = new Parser(p.tokens.slice(i), p.source);
    if (at.acceptKw('IN COMPUTE POOL')) {
      const name = at.name();
      p.tokens.splice(i, at.pos);
      return name;
    }
  }
  return undefined;
}

function show(p: Parser, head: Head) {
  p.acceptKw('EXCLUDE JOBS');
  const pool = takeInComputePool(p);
  const o = parseShowOptions(p, head, 'schema');
  return {
    writes: false,
    run(ctx: ExecContext) {
      if (pool !== undefined && !findPool(ctx, pool)) throw doesNotExist('Compute pool', shown(pool));
      const scope = pool === undefined ? resolveScope(ctx, o) : {};
      let list = ctx.catalog.list<ServiceProps>(KIND, scope);
      if (pool !== undefined) list = list.filter((s) => s.props.computePool === pool);
      list = filterByName(list, o, (s) => s.name);
      return showResult(
        o,
        SHOW_COLUMNS,
        list.map((s) => serviceRow(ctx, s)),
      );
    },
  };
}

const describe = describeHandler(SERVICE, (ctx, svc) => projected(DESCRIBE_COLUMNS, [serviceRow(ctx, svc)]));

export const serviceKind: KindModule = {
  kind: KIND,
  keyword: 'SERVICE',
  plural: 'SERVICES',
  create,
  alter,
  drop,
  show,
  describe,
  // Its containers and compute pool state do not travel in time: dropped with its schema, it is gone.
  notKeptWithContainer: true,
  onRemove(ctx, obj) {
    noteServiceStopped(ctx, (obj.props as unknown as ServiceProps).computePool);
  },
};

export function register(registry: Registry): void {
  registry.addKind(serviceKind);
}
