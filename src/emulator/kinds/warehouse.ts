/**
 * Warehouses: CREATE/ALTER (SET, UNSET, SUSPEND, RESUME [IF SUSPENDED], RENAME)/DROP/SHOW/
 * DESCRIBE. States are STARTED and SUSPENDED (warehouses/model.ts). A fresh account has
 * COMPUTE_WH.
 */
import type { Row } from '../../client/types.js';
import { alreadyExists, EmulatorSqlError, shown } from '../errors.js';
import type { Parser } from '../parser.js';
import { parseProps } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, rows, status } from '../results.js';
import {
  ALTERABLE,
  applyProps,
  CREATE_PROPS,
  defaults,
  findWarehouse,
  noWarehouse,
  SET_PROPS,
  SIZES,
  unsetValue,
  type Warehouse,
  warehouseState,
} from '../warehouses/model.js';
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
      applyProps(props, values);
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
        applyProps(props, values);
        if (props.state === 'STARTED' && warehouseState(w.props, ctx.now) === 'SUSPENDED') props.state = 'SUSPENDED';
      },
      { stamp: true },
    );
  }
  if (p.acceptKw('UNSET')) return unsetProps(p, ALTERABLE, applyProps, { stamp: true, reset: unsetValue });
  throw p.fail();
});

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

export function warehouseRow(ctx: ExecContext, w: Warehouse): Row {
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
