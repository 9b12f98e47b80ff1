/**
 * Warehouses: CREATE/ALTER (SET, UNSET, SUSPEND, RESUME [IF SUSPENDED], RENAME)/DROP/SHOW/
 * DESCRIBE. States are STARTED and SUSPENDED; auto-suspend is derived from the time of the
 * last activity, so nothing runs in the background. A fresh account has COMPUTE_WH.
 */
import type { Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { alreadyExists, compilationError, EmulatorSqlError, shown } from '../errors.js';
import type { Parser } from '../parser.js';
import { type PropParser, type PropValue, parseProps, prop } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, rows, status } from '../results.js';
import { alreadyExistsStatus, OWNER, parseIfNotExists, resolveExisting } from './common.js';
import { accountLookup, type Lookup } from './lookup.js';
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

export interface WarehouseProps {
  size: string;
  type: string;
  autoSuspend: number | null;
  autoResume: boolean;
  minClusters: number;
  maxClusters: number;
  scalingPolicy: string;
  comment: string | null;
  resourceMonitor: string | null;
  queryAcceleration: boolean;
  queryAccelerationMaxScale: number;
  maxConcurrency: number;
  statementTimeout: number;
  queuedTimeout: number;
  /** Stored state; STARTED becomes SUSPENDED once auto_suspend seconds pass without activity. */
  state: 'STARTED' | 'SUSPENDED';
  /** Epoch ms of the last resume or use, for auto-suspend. */
  activeAt: number;
  resumedOn: number;
  updatedOn: number;
  uuid: string;
}

/** Canonical size keywords and how SHOW WAREHOUSES prints them. */
export const SIZES: Record<string, string> = {
  XSMALL: 'X-Small',
  SMALL: 'Small',
  MEDIUM: 'Medium',
  LARGE: 'Large',
  XLARGE: 'X-Large',
  XXLARGE: '2X-Large',
  XXXLARGE: '3X-Large',
  X4LARGE: '4X-Large',
  X5LARGE: '5X-Large',
  X6LARGE: '6X-Large',
};

const SIZE_SYNONYMS: Record<string, string> = {
  'X-SMALL': 'XSMALL',
  'X-LARGE': 'XLARGE',
  X2LARGE: 'XXLARGE',
  '2X-LARGE': 'XXLARGE',
  X3LARGE: 'XXXLARGE',
  '3X-LARGE': 'XXXLARGE',
  '4X-LARGE': 'X4LARGE',
  '5X-LARGE': 'X5LARGE',
  '6X-LARGE': 'X6LARGE',
};

const TYPES: Record<string, string> = {
  STANDARD: 'STANDARD',
  'SNOWPARK-OPTIMIZED': 'SNOWPARK-OPTIMIZED',
  SNOWPARK_OPTIMIZED: 'SNOWPARK-OPTIMIZED',
};

function invalid(key: string, value: PropValue): EmulatorSqlError {
  return compilationError(`invalid value [${value}] for parameter '${key}'`, '002063', '22023');
}

const size: PropParser = (p, key) => {
  const v = prop.word(p, key) as string;
  const canonical = SIZE_SYNONYMS[v] ?? v;
  if (!(canonical in SIZES)) throw invalid(key, v);
  return canonical;
};

const whType: PropParser = (p, key) => {
  const v = prop.word(p, key) as string;
  if (!(v in TYPES)) throw invalid(key, v);
  return TYPES[v];
};

const policy: PropParser = (p, key) => {
  const v = prop.word(p, key) as string;
  if (v !== 'STANDARD' && v !== 'ECONOMY') throw invalid(key, v);
  return v;
};

const monitor: PropParser = (p) => {
  const lit = p.literal();
  return lit.type === 'null' ? null : lit.type === 'string' || lit.type === 'word' ? lit.value : null;
};

const ALTERABLE: Record<string, PropParser> = {
  WAREHOUSE_TYPE: whType,
  WAREHOUSE_SIZE: size,
  MAX_CLUSTER_COUNT: prop.integer,
  MIN_CLUSTER_COUNT: prop.integer,
  SCALING_POLICY: policy,
  AUTO_SUSPEND: prop.integer,
  AUTO_RESUME: prop.boolean,
  RESOURCE_MONITOR: monitor,
  COMMENT: prop.string,
  ENABLE_QUERY_ACCELERATION: prop.boolean,
  QUERY_ACCELERATION_MAX_SCALE_FACTOR: prop.integer,
  MAX_CONCURRENCY_LEVEL: prop.integer,
  STATEMENT_QUEUED_TIMEOUT_IN_SECONDS: prop.integer,
  STATEMENT_TIMEOUT_IN_SECONDS: prop.integer,
};
const CREATE_PROPS: Record<string, PropParser> = { ...ALTERABLE, INITIALLY_SUSPENDED: prop.boolean };
const SET_PROPS: Record<string, PropParser> = { ...ALTERABLE, WAIT_FOR_COMPLETION: prop.boolean };

function defaults(now: number): WarehouseProps {
  return {
    size: 'XSMALL',
    type: 'STANDARD',
    autoSuspend: 600,
    autoResume: true,
    minClusters: 1,
    maxClusters: 1,
    scalingPolicy: 'STANDARD',
    comment: null,
    resourceMonitor: null,
    queryAcceleration: false,
    queryAccelerationMaxScale: 8,
    maxConcurrency: 8,
    statementTimeout: 172800,
    queuedTimeout: 0,
    state: 'STARTED',
    activeAt: now,
    resumedOn: now,
    updatedOn: now,
    uuid: String(Math.floor(Math.random() * 9e9) + 1e9),
  };
}

const FIELD: Record<string, keyof WarehouseProps> = {
  WAREHOUSE_TYPE: 'type',
  WAREHOUSE_SIZE: 'size',
  MAX_CLUSTER_COUNT: 'maxClusters',
  MIN_CLUSTER_COUNT: 'minClusters',
  SCALING_POLICY: 'scalingPolicy',
  AUTO_SUSPEND: 'autoSuspend',
  AUTO_RESUME: 'autoResume',
  RESOURCE_MONITOR: 'resourceMonitor',
  COMMENT: 'comment',
  ENABLE_QUERY_ACCELERATION: 'queryAcceleration',
  QUERY_ACCELERATION_MAX_SCALE_FACTOR: 'queryAccelerationMaxScale',
  MAX_CONCURRENCY_LEVEL: 'maxConcurrency',
  STATEMENT_QUEUED_TIMEOUT_IN_SECONDS: 'queuedTimeout',
  STATEMENT_TIMEOUT_IN_SECONDS: 'statementTimeout',
};

/** Applies SET values (or UNSET's defaults, passed as the defaults' values) and checks them. */
function apply(target: WarehouseProps, values: Record<string, PropValue>): void {
  const t = target as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(values)) {
    const field = FIELD[k];
    if (!field) continue;
    if (k === 'AUTO_SUSPEND') t[field] = v === 0 ? null : v;
    else t[field] = v;
  }
  if (target.minClusters < 1 || target.minClusters > 10) throw invalid('MIN_CLUSTER_COUNT', target.minClusters);
  if (target.maxClusters < 1 || target.maxClusters > 10) throw invalid('MAX_CLUSTER_COUNT', target.maxClusters);
  if (target.minClusters > target.maxClusters) {
    throw compilationError(
      `MIN_CLUSTER_COUNT (${target.minClusters}) cannot be larger than MAX_CLUSTER_COUNT (${target.maxClusters}).`,
      '002063',
      '22023',
    );
  }
  if (target.maxConcurrency < 1) throw invalid('MAX_CONCURRENCY_LEVEL', target.maxConcurrency);
}

/** The state a warehouse is in now: STARTED lapses into SUSPENDED after auto_suspend idle seconds. */
export function warehouseState(w: WarehouseProps, now: Date): 'STARTED' | 'SUSPENDED' {
  if (w.state === 'STARTED' && w.autoSuspend && now.getTime() - w.activeAt >= w.autoSuspend * 1000) return 'SUSPENDED';
  return w.state;
}

export function findWarehouse(ctx: ExecContext, name: string): CatalogObject<WarehouseProps> | undefined {
  return ctx.catalog.get<WarehouseProps>({ kind: 'warehouse', name });
}

function noWarehouse(): EmulatorSqlError {
  return new EmulatorSqlError(
    '000606',
    '57P03',
    "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.",
  );
}

/**
 * For statements that need compute (queries on tables): the session's warehouse must exist and
 * be running or able to auto-resume. A writing statement records the resume and the activity.
 */
export function useWarehouse(ctx: ExecContext): void {
  const name = ctx.session.warehouse;
  const w = name ? findWarehouse(ctx, name) : undefined;
  if (!name || !w) throw noWarehouse();
  const state = warehouseState(w.props, ctx.now);
  if (state === 'SUSPENDED' && !w.props.autoResume) {
    throw new EmulatorSqlError(
      '000608',
      '57P03',
      `Warehouse '${name}' is suspended.  Use 'alter warehouse ${shown(name)} resume;' command if you need to use it again.`,
    );
  }
  if (!ctx.writing) return;
  const now = ctx.now.getTime();
  ctx.catalog.update(w, {
    ...w.props,
    state: 'STARTED',
    activeAt: now,
    resumedOn: state === 'SUSPENDED' ? now : w.props.resumedOn,
  });
}

function create(p: Parser, head: Head) {
  if (head.modifiers.length) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const name = p.name();
  p.acceptKw('WITH');
  const values = parseProps(p, CREATE_PROPS);
  p.end();
  return {
    writes: true,
    run(ctx: ExecContext) {
      const props = defaults(ctx.now.getTime());
      apply(props, values);
      if (values.INITIALLY_SUSPENDED === true) props.state = 'SUSPENDED';
      if (resolveExisting(ctx, head, ifNotExists, findWarehouse(ctx, name), shown(name)) === 'skip') {
        return alreadyExistsStatus(name);
      }
      ctx.catalog.insert({ kind: 'warehouse', name }, props, ctx.now);
      ctx.session.warehouse = name;
      return status(`Warehouse ${name} successfully created.`);
    },
  };
}

type Warehouse = CatalogObject<WarehouseProps>;

const WAREHOUSE = accountLookup<Warehouse>('warehouse', 'WAREHOUSE', 'Warehouse');

/** ALTER WAREHOUSE's name may be left out for SUSPEND/RESUME/ABORT: the session's warehouse then. */
const ALTER_TARGET: Lookup<Warehouse> = {
  keyword: 'WAREHOUSE',
  parseName(p) {
    const nameLeftOut =
      (p.isKw('SUSPEND') && !p.peek(1)) ||
      (p.isKw('RESUME') && (!p.peek(1) || p.isKw('IF SUSPENDED', 1))) ||
      (p.isKw('ABORT ALL QUERIES') && !p.peek(3));
    return nameLeftOut ? [] : [p.name()];
  },
  locate(ctx, parts, action) {
    const target = parts[0] ?? ctx.session.warehouse;
    if (!target) throw noWarehouse();
    return WAREHOUSE.locate(ctx, [target], action);
  },
};

const alter = alterHandler(ALTER_TARGET, (p): Change<Warehouse> => {
  if (p.acceptKw('SUSPEND')) {
    return (ctx, w) => {
      if (warehouseState(w.props, ctx.now) === 'SUSPENDED') {
        throw new EmulatorSqlError('090064', '22000', `Invalid state. Warehouse '${w.name}' cannot be suspended.`);
      }
      ctx.catalog.update(w, { ...w.props, state: 'SUSPENDED', updatedOn: ctx.now.getTime() });
    };
  }
  if (p.acceptKw('RESUME')) {
    const ifSuspended = p.acceptKw('IF SUSPENDED');
    return (ctx, w) => {
      if (warehouseState(w.props, ctx.now) === 'STARTED') {
        if (ifSuspended) return;
        throw new EmulatorSqlError('090064', '22000', `Invalid state. Warehouse '${w.name}' cannot be resumed.`);
      }
      const now = ctx.now.getTime();
      ctx.catalog.update(w, { ...w.props, state: 'STARTED', activeAt: now, resumedOn: now, updatedOn: now });
    };
  }
  if (p.acceptKw('ABORT ALL QUERIES')) return () => {};
  if (p.acceptKw('RENAME TO')) {
    const to = p.name();
    return (ctx, w) => {
      if (findWarehouse(ctx, to)) throw alreadyExists(shown(to));
      ctx.catalog.rename(w, to);
      if (ctx.session.warehouse === w.name) ctx.session.warehouse = to;
    };
  }
  if (p.acceptKw('SET')) {
    // Sizing up or down keeps the state; the emulator has no RESIZING phase to wait for.
    return setProps<Warehouse>(
      p,
      SET_PROPS,
      (props, values, ctx, w) => {
        apply(props, values);
        if (props.state === 'STARTED' && warehouseState(w.props, ctx.now) === 'SUSPENDED') props.state = 'SUSPENDED';
      },
      { stamp: true },
    );
  }
  if (p.acceptKw('UNSET')) return unsetProps(p, ALTERABLE, apply, { stamp: true, reset: unsetValue });
  throw p.fail();
});

/** What UNSET puts back: the default of a new warehouse. */
function unsetValue(key: string): PropValue {
  if (key === 'AUTO_SUSPEND') return 600;
  return (defaults(0) as unknown as Record<string, PropValue>)[FIELD[key]];
}

const drop = dropHandler(WAREHOUSE, {
  tail: nothingMore,
  after(ctx, w) {
    if (ctx.session.warehouse === w.name) ctx.session.warehouse = null;
  },
});

export const SHOW_WAREHOUSES_COLUMNS = columns(
  'name:text state:text type:text size:text min_cluster_count:fixed max_cluster_count:fixed started_clusters:fixed ' +
    'running:fixed queued:fixed is_default:text is_current:text auto_suspend:fixed auto_resume:text available:text ' +
    'provisioning:text quiescing:text other:text created_on:timestamp_ltz resumed_on:timestamp_ltz ' +
    'updated_on:timestamp_ltz owner:text comment:text enable_query_acceleration:text ' +
    'query_acceleration_max_scale_factor:fixed resource_monitor:text actives:fixed pendings:fixed failed:fixed ' +
    'suspended:fixed uuid:text scaling_policy:text owner_role_type:text resource_constraint:text generation:text',
);

export function warehouseRow(ctx: ExecContext, w: CatalogObject<WarehouseProps>): Row {
  const p = w.props;
  const state = warehouseState(p, ctx.now);
  const started = state === 'STARTED' ? p.minClusters : 0;
  return {
    name: w.name,
    state,
    type: p.type,
    size: SIZES[p.size],
    min_cluster_count: p.minClusters,
    max_cluster_count: p.maxClusters,
    started_clusters: started,
    running: 0,
    queued: 0,
    is_default: 'N',
    is_current: ctx.session.warehouse === w.name ? 'Y' : 'N',
    auto_suspend: p.autoSuspend,
    auto_resume: String(p.autoResume),
    available: state === 'STARTED' ? '100' : '',
    provisioning: state === 'STARTED' ? '0' : '',
    quiescing: state === 'STARTED' ? '0' : '',
    other: state === 'STARTED' ? '0' : '',
    created_on: w.createdOn,
    resumed_on: new Date(p.resumedOn),
    updated_on: new Date(p.updatedOn),
    owner: OWNER,
    comment: p.comment ?? '',
    enable_query_acceleration: String(p.queryAcceleration),
    query_acceleration_max_scale_factor: p.queryAccelerationMaxScale,
    resource_monitor: p.resourceMonitor ?? 'null',
    actives: started,
    pendings: 0,
    failed: 0,
    suspended: state === 'SUSPENDED' ? p.minClusters : 0,
    uuid: p.uuid,
    scaling_policy: p.scalingPolicy,
    owner_role_type: 'ROLE',
    resource_constraint: p.type === 'SNOWPARK-OPTIMIZED' ? 'MEMORY_16X' : 'STANDARD_GEN_1',
    generation: p.type === 'STANDARD' ? '1' : null,
    kind: 'WAREHOUSE',
    database_name: null,
    schema_name: null,
  };
}

const show = showHandler('warehouse', 'account', SHOW_WAREHOUSES_COLUMNS, warehouseRow);

const describe = describeHandler(WAREHOUSE, (_ctx, w) =>
  rows(columns('created_on:timestamp_ltz name:text kind:text'), [
    { created_on: w.createdOn, name: w.name, kind: 'WAREHOUSE' },
  ]),
);

export const warehouseKind: KindModule = {
  kind: 'warehouse',
  keyword: 'WAREHOUSE',
  plural: 'WAREHOUSES',
  create,
  alter,
  drop,
  show,
  describe,
};

export function register(registry: Registry): void {
  registry.addKind(warehouseKind);
  registry.bootstraps.push((ctx) => {
    const props = defaults(ctx.now.getTime());
    props.state = 'SUSPENDED';
    ctx.catalog.insert({ kind: 'warehouse', name: 'COMPUTE_WH' }, props, ctx.now);
  });
}
