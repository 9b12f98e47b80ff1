/**
 * The generic operations every kind gets from its KindSpec: list (paged), find, describe and
 * the drop plan. Kinds override list/describe/drop in their KindSpec when SHOW is not enough.
 */
import type { Row, SqlClient } from '../client/types.js';
import { invalidInput, SnowopsError } from '../errors.js';
import { parseName, parsePlainName, qualified, quoteString } from '../sql/identifiers.js';
import { kindSpec, OBJECT_KINDS } from './kinds.js';
import { numberOrNull, text, timestamp } from './rows.js';
import type { DropPlan, KindSpec, ListOptions, ListPage, Model, ObjectRef } from './types.js';

/** `IN ...` for a SHOW over a kind's scope; checks that the scope the kind needs was given. */
export function showScope(spec: KindSpec, database?: string, schema?: string): string | null {
  if (spec.scope === 'account') {
    if (database !== undefined || schema !== undefined) {
      throw invalidInput(
        `A ${spec.label} is an account object; it has no database or schema.`,
        'Leave database and schema out.',
      );
    }
    return null;
  }
  if (database === undefined) {
    throw invalidInput(`A ${spec.label} lives in a database; give its database.`, 'Pass database (and schema).');
  }
  if (spec.scope === 'database') {
    if (schema !== undefined) {
      throw invalidInput(`A ${spec.label} lives directly in a database; leave schema out.`);
    }
    return `IN DATABASE ${qualified(database)}`;
  }
  return schema === undefined ? `IN DATABASE ${qualified(database)}` : `IN SCHEMA ${qualified(database, schema)}`;
}

/** A LIKE pattern that matches exactly this name: `_`, `%` and `\` escaped. */
export function exactLikePattern(stored: string): string {
  return stored.replace(/[\\_%]/g, (c) => `\\${c}`);
}

/** The stored name parts of a reference, for messages: DB.SCHEMA.NAME. */
export function displayName(ref: ObjectRef): string {
  return [ref.database, ref.schema, ref.name].filter((p) => p !== undefined).join('.');
}

export function notFound(spec: KindSpec, ref: ObjectRef): SnowopsError {
  const label = spec.label.charAt(0).toUpperCase() + spec.label.slice(1);
  return new SnowopsError('not_found', `${label} '${displayName(ref)}' does not exist or not authorized.`, {
    snowflakeCode: '002003',
    sqlState: '02000',
    hint: `Check the name${spec.scope === 'account' ? '' : spec.scope === 'database' ? ' and its database' : ' and its database and schema'}; list_objects with kind "${spec.kind}" shows what exists.`,
  });
}

/** The object's SHOW row, or null when it does not exist. */
export async function findRow(client: SqlClient, ref: ObjectRef): Promise<Row | null> {
  const spec = kindSpec(ref.kind);
  if (spec.scope === 'schema' && ref.schema === undefined) {
    throw invalidInput(`A ${spec.label} lives in a schema; give its database and schema.`);
  }
  return (await rowsNamed(client, ref, '')).find((r) => !r.dropped_on) ?? null;
}

/** The SHOW rows (with HISTORY: dropped versions too) of exactly this object. */
async function rowsNamed(client: SqlClient, ref: ObjectRef, history: '' | 'HISTORY'): Promise<Row[]> {
  const spec = kindSpec(ref.kind);
  const scope = showScope(spec, ref.database, ref.schema);
  const like = `LIKE ${quoteString(exactLikePattern(ref.name))}`;
  const sql = [`SHOW ${spec.plural}`, history, like, scope].filter(Boolean).join(' ');
  const result = await client.execute(sql);
  return result.rows.filter(
    (r) =>
      text(r, 'name') === ref.name &&
      (ref.database === undefined || !('database_name' in r) || text(r, 'database_name') === ref.database) &&
      (ref.schema === undefined || !('schema_name' in r) || text(r, 'schema_name') === ref.schema),
  );
}

/** The object's SHOW row; not_found (Snowflake's 002003) when it does not exist. */
export async function getRow(client: SqlClient, ref: ObjectRef): Promise<Row> {
  const row = await findRow(client, ref);
  if (!row) throw notFound(kindSpec(ref.kind), ref);
  return row;
}

/** The full model of one object (DESIGN §4). */
export async function describeObject(client: SqlClient, ref: ObjectRef): Promise<Model> {
  const spec = kindSpec(ref.kind);
  const row = await getRow(client, ref);
  return spec.describe ? spec.describe(client, ref, row) : spec.summary(row);
}

/** An object reference from tool arguments, names normalised as Snowflake would store them. */
export function objectRef(kind: string, args: { database?: string; schema?: string; name: string }): ObjectRef {
  const spec = kindSpec(kind);
  const parse = spec.plainNamesOnly ? parsePlainName : parseName;
  const ref: ObjectRef = { kind: spec.kind, name: parse(args.name, `${spec.label} name`) };
  if (spec.scope !== 'account') {
    if (args.database === undefined) throw invalidInput(`A ${spec.label} lives in a database; give database.`);
    ref.database = parse(args.database, 'database name');
  } else if (args.database !== undefined || args.schema !== undefined) {
    throw invalidInput(`A ${spec.label} is an account object; leave database and schema out.`);
  }
  if (spec.scope === 'schema') {
    if (args.schema === undefined) throw invalidInput(`A ${spec.label} lives in a schema; give schema.`);
    ref.schema = parse(args.schema, 'schema name');
  } else if (spec.scope === 'database' && args.schema !== undefined) {
    throw invalidInput(`A ${spec.label} lives directly in a database; leave schema out.`);
  }
  return ref;
}

export function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- listing ---------------------------------------------------------------------------

interface Cursor {
  /** What listing the cursor belongs to. */
  l: string;
  /** The sort key of the last object returned. */
  a: string[];
}

function rowKey(row: Row): string[] {
  return [text(row, 'name'), text(row, 'database_name'), text(row, 'schema_name')];
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function listingId(kind: string, o: ListOptions): string {
  return JSON.stringify([kind, o.database ?? null, o.schema ?? null, o.like ?? null, o.startsWith ?? null]);
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, listing: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (c.l === listing && Array.isArray(c.a) && c.a.every((p) => typeof p === 'string')) return c;
  } catch {
    // fall through to the error below
  }
  throw invalidInput(
    'The cursor does not belong to this listing.',
    'Pass next_cursor from the previous page with the same kind, database, schema, like and starts_with.',
  );
}

/**
 * One page of a kind's objects, in name order. SHOW pages in Snowflake (LIMIT n FROM 'name')
 * where the kind supports it and the listing covers one container; otherwise snowops pages the
 * SHOW result, so a listing across schemas never loses rows.
 */
export async function listObjects(client: SqlClient, kind: string, options: ListOptions): Promise<ListPage> {
  const spec = kindSpec(kind);
  if (spec.list) return spec.list(client, options);
  const listing = listingId(spec.kind, options);
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, listing).a;
  const inShow = spec.showPaging && (spec.scope !== 'schema' || options.schema !== undefined);
  const parts = [`SHOW ${spec.plural}`];
  if (options.like !== undefined) parts.push(`LIKE ${quoteString(options.like)}`);
  const scope = showScope(spec, options.database, options.schema);
  if (scope) parts.push(scope);
  if (inShow && options.startsWith !== undefined) parts.push(`STARTS WITH ${quoteString(options.startsWith)}`);
  if (inShow) {
    // One extra row tells whether there is a next page, one more covers a FROM that includes its name.
    parts.push(`LIMIT ${options.limit + 2}`);
    if (after) parts.push(`FROM ${quoteString(after[0])}`);
  }
  const result = await client.execute(parts.join(' '));
  let rows = result.rows;
  if (!inShow && options.startsWith !== undefined) {
    const prefix = options.startsWith;
    rows = rows.filter((r) => text(r, 'name').startsWith(prefix));
  }
  rows = [...rows].sort((a, b) => compareKeys(rowKey(a), rowKey(b)));
  if (after) rows = rows.filter((r) => compareKeys(rowKey(r), after) > 0);
  const page = rows.slice(0, options.limit);
  const more = rows.length > options.limit;
  return {
    objects: page.map((r) => spec.summary(r)),
    next_cursor: more ? encodeCursor({ l: listing, a: rowKey(page[page.length - 1]) }) : null,
  };
}

// ---- dropping --------------------------------------------------------------------------

/** At most this many contained objects are named in a plan; the rest are counted. */
const MAX_IMPACT_LINES = 50;

/** What goes with a database or schema: one line per contained object of every known kind. */
async function containedObjects(client: SqlClient, spec: KindSpec, ref: ObjectRef): Promise<string[]> {
  const lines: string[] = [];
  const inScope =
    spec.kind === 'database' ? `IN DATABASE ${qualified(ref.name)}` : `IN SCHEMA ${qualified(ref.database!, ref.name)}`;
  if (spec.kind === 'database') {
    const schemas = await client.execute(`SHOW SCHEMAS ${inScope}`);
    for (const r of schemas.rows) {
      if (text(r, 'name') === 'INFORMATION_SCHEMA') continue;
      lines.push(`drops schema ${ref.name}.${text(r, 'name')}`);
    }
  }
  for (const inner of Object.values(OBJECT_KINDS)) {
    if (inner?.scope !== 'schema' || inner.list) continue;
    const result = await client.execute(`SHOW ${inner.plural} ${inScope}`);
    const rows = [...result.rows].sort((a, b) => compareKeys(rowKey(a), rowKey(b)));
    for (const r of rows) {
      const name = [text(r, 'database_name'), text(r, 'schema_name'), text(r, 'name')].join('.');
      const detail = inner.detail ? ` (${inner.detail(r)})` : '';
      lines.push(`drops ${inner.label} ${name}${detail}`);
    }
  }
  if (lines.length <= MAX_IMPACT_LINES) return lines;
  return [...lines.slice(0, MAX_IMPACT_LINES), `... and ${lines.length - MAX_IMPACT_LINES} more objects`];
}

/**
 * Impact lines for dropping or replacing an existing object: the object itself (with its
 * kind's detail, e.g. row counts) and, for a database or schema, everything inside it.
 */
export async function impactOf(
  client: SqlClient,
  ref: ObjectRef,
  row: Row,
  verb: 'drops' | 'replaces',
): Promise<string[]> {
  const spec = kindSpec(ref.kind);
  const detail = spec.detail ? ` (${spec.detail(row)})` : '';
  const impact = [`${verb} ${spec.label} ${displayName(ref)}${detail}`];
  if (spec.kind === 'database' || spec.kind === 'schema') impact.push(...(await containedObjects(client, spec, ref)));
  return impact;
}

export interface DropOptions {
  ifExists: boolean;
  cascade: boolean;
}

/** The plan for dropping one object: the statement, what goes with it, and how to undo it. */
export async function dropPlan(client: SqlClient, ref: ObjectRef, options: DropOptions): Promise<DropPlan> {
  const spec = kindSpec(ref.kind);
  if (spec.drop) return spec.drop(client, ref, options);
  if (options.cascade && !spec.cascade) {
    throw invalidInput(`DROP ${spec.keyword} has no CASCADE option.`, 'Leave cascade out.');
  }
  const names = [ref.database, ref.schema, ref.name].filter((p): p is string => p !== undefined);
  const statement = ['DROP', spec.keyword, options.ifExists ? 'IF EXISTS' : null, qualified(...names)]
    .concat(options.cascade ? ['CASCADE'] : [])
    .filter(Boolean)
    .join(' ');
  const row = await findRow(client, ref);
  if (!row) {
    if (!options.ifExists) throw notFound(spec, ref);
    return {
      statements: [statement],
      impact: [`${spec.label} ${displayName(ref)} does not exist; nothing is dropped`],
      reversible: null,
      absent: true,
    };
  }
  const impact = await impactOf(client, ref, row, 'drops');
  const days = numberOrNull(row, 'retention_time') ?? 0;
  const reversible =
    spec.undroppable && days > 0
      ? `UNDROP ${spec.keyword} ${qualified(...names)} within ${days} day${days === 1 ? '' : 's'} (DATA_RETENTION_TIME_IN_DAYS)`
      : null;
  return { statements: [statement], impact, reversible };
}

// ---- undropping ------------------------------------------------------------------------

/**
 * The plan for bringing a dropped database, schema or table back with UNDROP: the latest
 * dropped version Time Travel still keeps (SHOW ... HISTORY), while no live object has its name.
 */
export async function undropPlan(client: SqlClient, ref: ObjectRef): Promise<DropPlan> {
  const spec = kindSpec(ref.kind);
  const label = capitalised(spec.label);
  if (!spec.undroppable) {
    throw invalidInput(
      `UNDROP does not bring back a ${spec.label}.`,
      'Only databases, schemas and tables can be undropped.',
    );
  }
  const rows = await rowsNamed(client, ref, 'HISTORY');
  if (rows.some((r) => !r.dropped_on)) {
    throw new SnowopsError(
      'already_exists',
      `${label} ${displayName(ref)} exists, so a dropped one cannot take its name.`,
      {
        hint: `Rename or drop the current ${spec.label} first (drop_object), then restore the dropped one.`,
      },
    );
  }
  const kept = rows
    .map((row) => ({ row, droppedOn: timestamp(row, 'dropped_on') ?? '' }))
    .sort((a, b) => b.droppedOn.localeCompare(a.droppedOn));
  const latest = kept[0];
  if (!latest) {
    throw new SnowopsError('not_found', `No dropped ${spec.label} ${displayName(ref)} is kept to restore.`, {
      hint: `It was never dropped, or its retention time (DATA_RETENTION_TIME_IN_DAYS) was 0 or has passed; run_sql SHOW ${spec.plural} HISTORY lists what can be restored.`,
    });
  }
  const names = [ref.database, ref.schema, ref.name].filter((p): p is string => p !== undefined);
  const detail = spec.detail ? ` (${spec.detail(latest.row)})` : '';
  const impact = [`restores ${spec.label} ${displayName(ref)}${detail}, dropped ${latest.droppedOn}`];
  if (spec.kind !== 'table') impact.push('with the schemas, tables and other objects it held when it was dropped');
  if (kept.length > 1) impact.push(`${kept.length - 1} older dropped version(s) stay kept`);
  return {
    statements: [`UNDROP ${spec.keyword} ${qualified(...names)}`],
    impact,
    reversible: `DROP ${spec.keyword} ${qualified(...names)}`,
  };
}
