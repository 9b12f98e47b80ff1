/**
 * A warehouse as the catalog keeps it: its properties, how SET and UNSET change them, and its
 * state, derived from the time of the last activity so that nothing runs in the background.
 * Statements that need compute go through useWarehouse.
 */
import type { CatalogObject } from '../catalog.js';
import { compilationError, EmulatorSqlError, shown } from '../errors.js';
import { type PropParser, type PropValue, prop } from '../props.js';
import type { ExecContext } from '../registry.js';

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

export const ALTERABLE: Record<string, PropParser> = {
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
export const CREATE_PROPS: Record<string, PropParser> = { ...ALTERABLE, INITIALLY_SUSPENDED: prop.boolean };
export const SET_PROPS: Record<string, PropParser> = { ...ALTERABLE, WAIT_FOR_COMPLETION: prop.boolean };

export function defaults(now: number): WarehouseProps {
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
export function applyProps(target: WarehouseProps, values: Record<string, PropValue>): void {
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

export type Warehouse = CatalogObject<WarehouseProps>;

export function findWarehouse(ctx: ExecContext, name: string): Warehouse | undefined {
  return ctx.catalog.get<WarehouseProps>({ kind: 'warehouse', name });
}

export function noWarehouse(): EmulatorSqlError {
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

/** What UNSET puts back: the default of a new warehouse. */
export function unsetValue(key: string): PropValue {
  if (key === 'AUTO_SUSPEND') return 600;
  return (defaults(0) as unknown as Record<string, PropValue>)[FIELD[key]];
}
