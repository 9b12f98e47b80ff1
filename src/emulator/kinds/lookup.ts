/**
 * How a statement that names an existing object (DROP, ALTER, TRUNCATE) reads the name, finds
 * the object and reports it missing. Kinds differ only in where their objects live.
 */
import type { CatalogObject, ObjectKey } from '../catalog.js';
import { doesNotExist, shown } from '../errors.js';
import { findObject, findSchema, requireDatabase, requireSchema, resolveObject, resolveSchema } from '../names.js';
import type { Parser } from '../parser.js';
import type { ExecContext } from '../registry.js';

/** The object a statement named, found or not. */
export interface Located<O> {
  object: O | undefined;
  /** The name the status line shows: the last part. */
  name: string;
  /** Where the named object is (or would be) in the catalog. */
  key: ObjectKey;
  /** Throws Snowflake's error when the database or schema it is named in does not exist. */
  requireContainer(): void;
  /** Snowflake's error for the missing object; throws its own when its database or schema is missing. */
  missing(): Error;
}

export interface Lookup<O extends CatalogObject = CatalogObject> {
  /** Keyword phrase after the verb ('COMPUTE POOL'), for "Cannot perform DROP COMPUTE POOL". */
  keyword: string;
  parseName(p: Parser): string[];
  locate(ctx: ExecContext, parts: string[], action: string): Located<O>;
}

/** Account objects (warehouses, databases, compute pools): one name. */
export function accountLookup<O extends CatalogObject>(kind: string, keyword: string, label: string): Lookup<O> {
  return {
    keyword,
    parseName: (p) => [p.name()],
    locate(ctx, [name]) {
      return {
        object: ctx.catalog.get({ kind, name }) as O | undefined,
        name,
        key: { kind, name },
        requireContainer() {},
        missing: () => doesNotExist(label, shown(name)),
      };
    },
  };
}

/** Objects in a schema: `n`, `s.n` or `db.s.n` against the session. */
export function schemaObjectLookup<O extends CatalogObject>(kind: string, keyword: string, label: string): Lookup<O> {
  return {
    keyword,
    parseName: (p) => p.qualifiedName(3),
    locate(ctx, parts, action) {
      const ref = resolveObject(ctx, parts, action);
      return {
        object: findObject(ctx, kind, ref) as O | undefined,
        name: ref.name,
        key: { kind, ...ref },
        requireContainer: () => void requireSchema(ctx, ref),
        missing() {
          requireSchema(ctx, ref);
          return doesNotExist(label, shown(ref.database, ref.schema, ref.name));
        },
      };
    },
  };
}

/** Schemas: `s` or `db.s`. */
export function schemaLookup<O extends CatalogObject>(): Lookup<O> {
  return {
    keyword: 'SCHEMA',
    parseName: (p) => p.qualifiedName(2),
    locate(ctx, parts, action) {
      const ref = resolveSchema(ctx, parts, action);
      return {
        object: findSchema(ctx, ref) as O | undefined,
        name: ref.schema,
        key: { kind: 'schema', database: ref.database, name: ref.schema },
        requireContainer: () => void requireDatabase(ctx, ref.database),
        missing() {
          requireDatabase(ctx, ref.database);
          return doesNotExist('Schema', shown(ref.database, ref.schema));
        },
      };
    },
  };
}

/** The object a statement named, or Snowflake's error when there is none (DESCRIBE, SHOW ... IN). */
export function requireNamed<O extends CatalogObject>(
  lookup: Lookup<O>,
  ctx: ExecContext,
  parts: string[],
  action: string,
): O {
  const found = lookup.locate(ctx, parts, action);
  if (!found.object) throw found.missing();
  return found.object;
}
