/**
 * Resolving 1/2/3-part names against the session's current database and schema, and the
 * existence checks every kind repeats, with Snowflake's wording.
 */
import type { CatalogObject } from './catalog.js';
import { doesNotExist, EmulatorSqlError, shown } from './errors.js';
import type { ExecContext } from './registry.js';

export interface SchemaRef {
  database: string;
  schema: string;
}

export interface ObjectRef extends SchemaRef {
  name: string;
}

/** 090105: a statement needs a current database or schema and the session has none. */
export function noCurrent(action: string, what: 'database' | 'schema'): EmulatorSqlError {
  return new EmulatorSqlError(
    '090105',
    '22000',
    `Cannot perform ${action}. This session does not have a current ${what}. Call 'USE ${what.toUpperCase()}', or use a qualified name.`,
  );
}

export function currentDatabase(ctx: ExecContext, action: string): string {
  if (!ctx.session.database) throw noCurrent(action, 'database');
  return ctx.session.database;
}

/** `s` or `db.s`. */
export function resolveSchema(ctx: ExecContext, parts: string[], action: string): SchemaRef {
  if (parts.length === 2) return { database: parts[0], schema: parts[1] };
  return { database: currentDatabase(ctx, action), schema: parts[0] };
}

/** `n`, `s.n` or `db.s.n`. */
export function resolveObject(ctx: ExecContext, parts: string[], action: string): ObjectRef {
  if (parts.length === 3) return { database: parts[0], schema: parts[1], name: parts[2] };
  const database = currentDatabase(ctx, action);
  if (parts.length === 2) return { database, schema: parts[0], name: parts[1] };
  if (!ctx.session.schema) throw noCurrent(action, 'schema');
  return { database, schema: ctx.session.schema, name: parts[0] };
}

export function findDatabase(ctx: ExecContext, name: string): CatalogObject | undefined {
  return ctx.catalog.get({ kind: 'database', name });
}

export function requireDatabase(ctx: ExecContext, name: string): CatalogObject {
  const db = findDatabase(ctx, name);
  if (!db) throw doesNotExist('Database', shown(name));
  return db;
}

export function findSchema(ctx: ExecContext, ref: SchemaRef): CatalogObject | undefined {
  return ctx.catalog.get({ kind: 'schema', database: ref.database, name: ref.schema });
}

/** The schema, after checking its database: a missing database is reported as such. */
export function requireSchema(ctx: ExecContext, ref: SchemaRef): CatalogObject {
  requireDatabase(ctx, ref.database);
  const s = findSchema(ctx, ref);
  if (!s) throw doesNotExist('Schema', shown(ref.database, ref.schema));
  return s;
}

/** A schema object of a kind, or a 002003 naming it with its label ("Table", "Stage"). */
export function requireObject(ctx: ExecContext, kind: string, label: string, ref: ObjectRef): CatalogObject {
  requireSchema(ctx, ref);
  const obj = ctx.catalog.get({ kind, database: ref.database, schema: ref.schema, name: ref.name });
  if (!obj) throw doesNotExist(label, shown(ref.database, ref.schema, ref.name));
  return obj;
}

export function findObject(ctx: ExecContext, kind: string, ref: ObjectRef): CatalogObject | undefined {
  return ctx.catalog.get({ kind, database: ref.database, schema: ref.schema, name: ref.name });
}
