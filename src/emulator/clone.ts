/**
 * Zero-copy cloning as the emulator does it: CREATE DATABASE|SCHEMA|TABLE ... CLONE copies the
 * source's definition and data into new objects (new ids, new storage), so the clone and its
 * source change independently afterwards. Each kind says how one of its objects is copied
 * (`KindModule.clone`); a kind without it is not cloned (container services, as in Snowflake).
 * The emulator keeps no history of row changes, so AT | BEFORE is refused.
 */
import type { CatalogObject } from './catalog.js';
import { unsupported } from './errors.js';
import { resolveExisting } from './kinds/common.js';
import type { Parser } from './parser.js';
import type { ExecContext, Head } from './registry.js';

/** Where a copy goes: its database, its schema (null for a schema), its name. */
export interface CloneTarget {
  database: string;
  schema: string | null;
  name: string;
}

/** A database (`schema` absent) or one schema of it. */
export interface Container {
  database: string;
  schema?: string;
}

/**
 * What one CLONE statement copies from and to, for references between the objects it copies
 * (a foreign key to a table inside the cloned container names the clone). `to` holds the names
 * the clone ends up with.
 */
export interface CloneScope {
  from: Container;
  to: Container;
  /** INCLUDE INTERNAL STAGES: internal named stages are copied too (Snowflake skips them otherwise). */
  includeInternalStages: boolean;
  /** CREATE TRANSIENT DATABASE ... CLONE: its schemas are transient too. */
  transient: boolean;
}

export interface CloneSource {
  parts: string[];
  includeInternalStages: boolean;
}

/**
 * After CLONE: the source's name (up to `maxParts` parts); AT | BEFORE (...) is refused as
 * unsupported. Databases and schemas also take IGNORE TABLES WITH INSUFFICIENT DATA RETENTION and
 * IGNORE HYBRID TABLES (nothing to skip here) and INCLUDE INTERNAL STAGES.
 */
export function parseCloneSource(p: Parser, maxParts: number, keyword: string): CloneSource {
  const parts = p.qualifiedName(maxParts);
  if ((p.isKw('AT') || p.isKw('BEFORE')) && p.isPunct('(', 1)) {
    throw unsupported(`CREATE ${keyword} ... CLONE ... ${p.next().value.toUpperCase()}`);
  }
  let includeInternalStages = false;
  if (keyword !== 'TABLE') {
    for (;;) {
      if (p.acceptKw('IGNORE TABLES WITH INSUFFICIENT DATA RETENTION') || p.acceptKw('IGNORE HYBRID TABLES')) continue;
      if (p.acceptKw('INCLUDE INTERNAL STAGES')) includeInternalStages = true;
      else break;
    }
  }
  return { parts, includeInternalStages };
}

/**
 * Copies what a database (its schemas) or a schema (its objects) holds into another container,
 * each object by its kind's `clone`, in the order they were created.
 */
export function cloneContents(ctx: ExecContext, from: Container, to: Container, scope: CloneScope): void {
  const inside =
    from.schema === undefined
      ? ctx.catalog.contents(from.database).filter((o) => o.schema === null)
      : ctx.catalog.contents(from.database, from.schema);
  for (const o of inside.reverse()) {
    const target: CloneTarget = { database: to.database, schema: to.schema ?? null, name: o.name };
    ctx.registry.kinds.get(o.kind)?.clone?.(ctx, o, target, scope);
  }
}

/**
 * Runs a CLONE under CREATE's modes (IF NOT EXISTS skips, OR REPLACE drops the target into Time
 * Travel as plain CREATE OR REPLACE does, else 002002); returns false when skipped. `copy(name)`
 * makes the clone under a name in the target's container. When OR REPLACE replaces the source
 * itself (CREATE OR REPLACE TABLE T CLONE T) the copy is made first under a passing name, then
 * the source is dropped and the copy renamed: dropping first would leave nothing to copy.
 */
export function cloneInto<O extends CatalogObject>(
  ctx: ExecContext,
  head: Head,
  ifNotExists: boolean,
  existing: CatalogObject | undefined,
  source: CatalogObject,
  name: string,
  shownName: string,
  copy: (name: string) => O,
  rename: (ctx: ExecContext, copy: O, name: string) => void,
): boolean {
  if (!head.orReplace || existing?.id !== source.id) {
    if (resolveExisting(ctx, head, ifNotExists, existing, shownName) === 'skip') return false;
    copy(name);
    return true;
  }
  const made = copy(`${name}$CLONE$${ctx.queryId}`);
  resolveExisting(ctx, head, ifNotExists, existing, shownName);
  rename(ctx, made, name);
  return true;
}
