/** Pieces every kind module repeats: CREATE modes, DROP's status lines, the owner, containers' contents. */
import type { QueryResult } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { alreadyExists, compilationError, unsupported } from '../errors.js';
import type { Parser } from '../parser.js';
import { type PropParser, prop } from '../props.js';
import type { ExecContext, Head } from '../registry.js';
import { rows, status } from '../results.js';
import { TERSE_COLUMNS } from '../show.js';
import { dropObject } from '../timetravel.js';

export const OWNER = 'ACCOUNTADMIN';

/** Reads `IF NOT EXISTS` and refuses it next to OR REPLACE, as Snowflake does. */
export function parseIfNotExists(p: Parser, head: Head): boolean {
  if (head.orAlter) throw unsupported(`CREATE OR ALTER ${p.tokens[p.pos - 1]?.value.toUpperCase() ?? ''}`.trim());
  const ifNotExists = p.acceptKw('IF NOT EXISTS');
  if (ifNotExists && head.orReplace) {
    throw compilationError('OR REPLACE and IF NOT EXISTS are incompatible.', '002025', '42601');
  }
  return ifNotExists;
}

/**
 * Decides what a CREATE does about an existing object: `skip` (IF NOT EXISTS), or `create`
 * after dropping it (OR REPLACE; Time Travel keeps it as a dropped version, as Snowflake does);
 * otherwise 002002.
 */
export function resolveExisting(
  ctx: ExecContext,
  head: Head,
  ifNotExists: boolean,
  existing: CatalogObject | undefined,
  shownName: string,
): 'skip' | 'create' {
  if (!existing) return 'create';
  if (ifNotExists) return 'skip';
  if (head.orReplace) {
    dropObject(ctx, existing);
    return 'create';
  }
  throw alreadyExists(shownName);
}

export function alreadyExistsStatus(name: string) {
  return status(`${name} already exists, statement succeeded.`);
}

export function droppedStatus(name: string) {
  return status(`${name} successfully dropped.`);
}

export function alreadyDroppedStatus(name: string) {
  return status(`Drop statement executed successfully (${name} already dropped).`);
}

/** What databases and schemas take in CREATE and ALTER ... SET/UNSET. */
export const CONTAINER_PROPS: Record<string, PropParser> = {
  DATA_RETENTION_TIME_IN_DAYS: prop.integer,
  MAX_DATA_EXTENSION_TIME_IN_DAYS: prop.integer,
  DEFAULT_DDL_COLLATION: prop.string,
  COMMENT: prop.string,
};

/** Retention and comment as databases and schemas keep them; UNSET's null puts back the default. */
export function applyContainerProps(
  target: { retention: number; comment: string | null },
  values: Record<string, unknown>,
): void {
  if ('DATA_RETENTION_TIME_IN_DAYS' in values)
    target.retention = (values.DATA_RETENTION_TIME_IN_DAYS as number | null) ?? 1;
  if ('COMMENT' in values) target.comment = values.COMMENT as string | null;
  if (target.retention > 90)
    throw compilationError('Exceeds maximum allowable retention time (90).', '002063', '22023');
}

/** DROP ... [CASCADE | RESTRICT] tail. */
export function parseDropTail(p: Parser): void {
  p.acceptOneOf('CASCADE', 'RESTRICT');
  p.end();
}

/** DESCRIBE DATABASE/SCHEMA: what the container holds, one row an object, in SHOW TERSE's columns. */
export function contentsResult(
  ctx: ExecContext,
  objects: CatalogObject[],
  database: string,
  schema: string | null,
): QueryResult {
  return rows(
    TERSE_COLUMNS,
    objects.map((o) => ({
      created_on: o.createdOn,
      name: o.name,
      kind: (ctx.registry.kinds.get(o.kind)?.keyword ?? o.kind.toUpperCase()).replace(/ /g, '_'),
      database_name: database,
      schema_name: schema,
    })),
  );
}
