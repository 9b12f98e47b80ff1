/**
 * Compute pool and service states, derived from stored instants and the statement's clock
 * (no threads). With P = provision seconds:
 * - a pool is STARTING for P s after CREATE or RESUME, then IDLE, or ACTIVE while any of its
 *   services is not suspended; after SUSPEND it is STOPPING for P/2 s, then SUSPENDED. A pool
 *   with AUTO_SUSPEND_SECS > 0 that ran no service for that long counts as suspended from then.
 * - a service is PENDING until P s after its CREATE or RESUME (and after its pool started),
 *   then RUNNING; after SUSPEND it is SUSPENDING for P/2 s, then SUSPENDED.
 * - a public endpoint shows Snowflake's provisioning text until 2P s after the service was
 *   created, then a host name that is plainly local.
 */

import type { SpecContainer, SpecEndpoint } from '../../sql/service-spec.js';
import type { CatalogObject } from '../catalog.js';
import type { ExecContext } from '../registry.js';

export interface PoolProps {
  minNodes: number;
  maxNodes: number;
  instanceFamily: string;
  autoResume: boolean;
  autoSuspendSecs: number;
  comment: string | null;
  /** When the pool last started (CREATE or RESUME), ms since epoch; null if created suspended. */
  startedAt: number | null;
  /** When SUSPEND ran, ms; null while running. */
  suspendedAt: number | null;
  /** When a service of the pool last stopped (suspended, dropped); starts the auto-suspend clock. */
  lastServiceStop: number | null;
  resumedOn: number | null;
  updatedOn: number;
}

export interface ServiceProps {
  computePool: string;
  /** The specification as given (inline text), or null when it came from a stage file. */
  spec: string;
  specFile: { stage: string; path: string } | null;
  containers: SpecContainer[];
  endpoints: SpecEndpoint[];
  minInstances: number;
  maxInstances: number;
  minReadyInstances: number;
  autoResume: boolean;
  autoSuspendSecs: number;
  queryWarehouse: string | null;
  externalAccessIntegrations: string[];
  logLevel: string | null;
  comment: string | null;
  startedAt: number;
  suspendedAt: number | null;
  resumedOn: number | null;
  updatedOn: number;
  /** Random parts of the DNS name and the ingress host, fixed at creation. */
  dnsId: string;
  ingressId: string;
}

export type Pool = CatalogObject<PoolProps>;
export type Service = CatalogObject<ServiceProps>;

export type PoolState = 'STARTING' | 'IDLE' | 'ACTIVE' | 'STOPPING' | 'SUSPENDED';
export type ServiceStatus = 'PENDING' | 'RUNNING' | 'SUSPENDING' | 'SUSPENDED';

export const PROVISIONING_TEXT = 'Endpoints provisioning in progress... check back in a few minutes';
/** The local stand-ins for Snowflake's organisation-account prefix of registry and ingress hosts. */
export const LOCAL_ACCOUNT = 'snowops-local';

const ms = (ctx: ExecContext) => ctx.provisionSeconds * 1000;

export function servicesOf(ctx: ExecContext, pool: string): Service[] {
  return ctx.catalog.list<ServiceProps>('service').filter((s) => s.props.computePool === pool);
}

/** When the pool counts as suspended (explicitly or by auto-suspend), or null while it runs. */
export function poolSuspendedAt(ctx: ExecContext, pool: Pool, services = servicesOf(ctx, pool.name)): number | null {
  const p = pool.props;
  if (p.suspendedAt !== null || p.startedAt === null) return p.suspendedAt ?? pool.createdOn.getTime();
  if (p.autoSuspendSecs > 0 && !services.some((s) => s.props.suspendedAt === null)) {
    const idleSince = Math.max(p.startedAt + ms(ctx), p.lastServiceStop ?? 0);
    const at = idleSince + p.autoSuspendSecs * 1000;
    if (ctx.now.getTime() >= at) return at;
  }
  return null;
}

export function poolState(ctx: ExecContext, pool: Pool, services = servicesOf(ctx, pool.name)): PoolState {
  const now = ctx.now.getTime();
  if (pool.props.startedAt === null && pool.props.suspendedAt === null) return 'SUSPENDED'; // INITIALLY_SUSPENDED
  const suspendedAt = poolSuspendedAt(ctx, pool, services);
  if (suspendedAt !== null) return now - suspendedAt < ms(ctx) / 2 ? 'STOPPING' : 'SUSPENDED';
  if (now - (pool.props.startedAt ?? 0) < ms(ctx)) return 'STARTING';
  return services.some((s) => s.props.suspendedAt === null) ? 'ACTIVE' : 'IDLE';
}

/** When the service's containers are (or will be) ready: P s after it and its pool started. */
export function serviceReadyAt(ctx: ExecContext, svc: Service, pool: Pool | undefined): number {
  const poolStart = pool?.props.startedAt ?? svc.props.startedAt;
  return Math.max(svc.props.startedAt, poolStart) + ms(ctx);
}

export function serviceStatus(ctx: ExecContext, svc: Service, pool: Pool | undefined): ServiceStatus {
  const now = ctx.now.getTime();
  if (svc.props.suspendedAt !== null) return now - svc.props.suspendedAt < ms(ctx) / 2 ? 'SUSPENDING' : 'SUSPENDED';
  return now < serviceReadyAt(ctx, svc, pool) ? 'PENDING' : 'RUNNING';
}

/** The ingress host once provisioned, else Snowflake's provisioning text. */
export function ingressUrl(ctx: ExecContext, svc: Service): string {
  const ready = ctx.now.getTime() >= svc.createdOn.getTime() + 2 * ms(ctx);
  return ready ? `${svc.props.ingressId}-${LOCAL_ACCOUNT}.snowflakecomputing.app` : PROVISIONING_TEXT;
}

export function findPool(ctx: ExecContext, name: string): Pool | undefined {
  return ctx.catalog.get<PoolProps>({ kind: 'compute_pool', name });
}

/** Starts a pool (RESUME, or a service arriving at an auto-resume pool). */
export function startPool(ctx: ExecContext, pool: Pool): Pool {
  const now = ctx.now.getTime();
  return ctx.catalog.update(pool, {
    ...pool.props,
    startedAt: now,
    suspendedAt: null,
    lastServiceStop: null,
    resumedOn: now,
    updatedOn: now,
  });
}

/** Notes that a service of the pool stopped, which starts the pool's auto-suspend clock. */
export function noteServiceStopped(ctx: ExecContext, poolName: string): void {
  const pool = findPool(ctx, poolName);
  if (pool) ctx.catalog.update(pool, { ...pool.props, lastServiceStop: ctx.now.getTime() });
}
