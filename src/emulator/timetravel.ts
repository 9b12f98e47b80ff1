/**
 * Time Travel for dropped objects. DROP (and CREATE OR REPLACE) of a kind that has a retention
 * time keeps the object, with everything it holds, for that many days (0: gone at once);
 * UNDROP brings back the latest version still kept; SHOW ... HISTORY lists them with
 * `dropped_on`; versions past their time are purged, storage included, before the next write.
 * A drop's contents share its retention time, as Snowflake keeps a dropped database's
 * schemas and tables for the database's retention time, not their own.
 */
import type { Column, Row } from '../client/types.js';
import type { CatalogObject, DroppedObject } from './catalog.js';
import { alreadyExists, didNotExistOrPurged, shown } from './errors.js';
import type { Lookup } from './kinds/lookup.js';
import type { ExecContext, Handler, Registry } from './registry.js';
import { status } from './results.js';
import type { ShowScope } from './show.js';

const DAY_MS = 86_400_000;

/** Drops an object: kept for UNDROP when its kind has a retention time above 0, else gone for good. */
export function dropObject(ctx: ExecContext, obj: CatalogObject): void {
  const kind = ctx.registry.kinds.get(obj.kind);
  const days = kind?.retention?.(obj) ?? 0;
  if (days <= 0) {
    ctx.registry.removeObject(ctx, obj);
    return;
  }
  const kept: CatalogObject[] = [];
  for (const inner of kind?.contents?.(ctx, obj) ?? []) {
    if (ctx.registry.kinds.get(inner.kind)?.notKeptWithContainer) ctx.registry.removeObject(ctx, inner);
    else kept.push(inner);
  }
  ctx.catalog.setAside(obj, kept, ctx.now, new Date(ctx.now.getTime() + days * DAY_MS));
}

/** Removes dropped objects whose retention time is over, with their storage. */
export function purgeExpired(ctx: ExecContext): void {
  for (const o of ctx.catalog.takeExpired(ctx.now)) ctx.registry.kinds.get(o.kind)?.onRemove?.(ctx, o);
}

/** UNDROP <KIND> name: the latest dropped version still kept, with what went with it. */
export function undropHandler(lookup: Lookup, label: string): Handler {
  return (p) => {
    const parts = lookup.parseName(p);
    p.end();
    return {
      writes: true,
      run(ctx) {
        const found = lookup.locate(ctx, parts, `UNDROP ${lookup.keyword}`);
        found.requireContainer();
        if (found.object) throw alreadyExists(shown(found.name));
        const { kind, database, schema, name } = found.key;
        const latest = ctx.catalog.dropped(kind, { database: database ?? '', schema: schema ?? '', name }, ctx.now)[0];
        if (!latest) throw didNotExistOrPurged(label, found.name);
        for (const o of ctx.catalog.restore(latest.id)) ctx.registry.kinds.get(o.kind)?.onRestore?.(ctx, o);
        return status(`${label} ${found.name} successfully restored.`);
      },
    };
  };
}

/**
 * SHOW ... HISTORY's objects: the live ones, then after each name the dropped versions UNDROP
 * could bring back (newest first). Only kinds with Time Travel have dropped versions.
 */
export function withDropped<P>(
  ctx: ExecContext,
  kind: string,
  scope: ShowScope,
  live: CatalogObject<P>[],
): (CatalogObject<P> | DroppedObject<P>)[] {
  if (!ctx.registry.kinds.get(kind)?.retention) return live;
  const all: (CatalogObject<P> | DroppedObject<P>)[] = [...live, ...ctx.catalog.dropped<P>(kind, scope, ctx.now)];
  const key = (o: CatalogObject<P>) => [o.database ?? '', o.schema ?? '', o.name];
  return all.sort((a, b) => compareKeys(key(a), key(b)));
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return Buffer.compare(Buffer.from(a[i]), Buffer.from(b[i]));
  }
  return 0;
}

/** A SHOW row with HISTORY's `dropped_on` (null for live objects; a dropped one is never current). */
export function historyRow<P>(row: Row, o: CatalogObject<P> | DroppedObject<P>): Row {
  if (!('droppedOn' in o)) return { ...row, dropped_on: null };
  return { ...row, ...('is_current' in row ? { is_current: 'N' } : {}), dropped_on: o.droppedOn };
}

/** SHOW's columns with HISTORY's `dropped_on`, which Snowflake puts right after `retention_time`. */
export function historyColumns(cols: Column[]): Column[] {
  const at = cols.findIndex((c) => c.name === 'retention_time') + 1;
  return [...cols.slice(0, at), { name: 'dropped_on', type: 'timestamp_ltz' }, ...cols.slice(at)];
}

export function register(registry: Registry): void {
  registry.addBeforeWrite(purgeExpired);
}
