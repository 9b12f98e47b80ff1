/**
 * A table as the catalog keeps it (columns, constraints, properties) and the helpers the
 * table statements share: lookups, constraint naming, CLUSTER BY, storage rebuilds.
 */
import { randomUUID } from 'node:crypto';
import type { CatalogObject } from '../catalog.js';
import { alreadyExists, compilationError, EmulatorSqlError, shown } from '../errors.js';
import { schemaObjectLookup } from '../kinds/lookup.js';
import { findObject, type ObjectRef, requireObject } from '../names.js';
import type { Parser } from '../parser.js';
import { type PropParser, parseProps, prop } from '../props.js';
import type { ExecContext } from '../registry.js';
import { status } from '../results.js';
import { upperOutsideQuotes } from '../statements/system.js';
import type { ColumnDef, ConstraintDef } from './columns.js';
import { rebuildStorage, sqliteIdent, storageName } from './storage.js';

export interface StoredConstraint extends ConstraintDef {
  name: string;
  createdOn: number;
}

export interface TableProps {
  kind: 'TABLE' | 'TRANSIENT' | 'TEMPORARY';
  columns: ColumnDef[];
  constraints: StoredConstraint[];
  clusterBy: string[] | null;
  comment: string | null;
  retention: number;
  changeTracking: boolean;
  schemaEvolution: boolean;
}

export type TableObject = CatalogObject<TableProps>;

export const PROPS: Record<string, PropParser> = {
  ENABLE_SCHEMA_EVOLUTION: prop.boolean,
  DATA_RETENTION_TIME_IN_DAYS: prop.integer,
  MAX_DATA_EXTENSION_TIME_IN_DAYS: prop.integer,
  CHANGE_TRACKING: prop.boolean,
  DEFAULT_DDL_COLLATION: prop.string,
  COMMENT: prop.string,
};

export function applyProps(t: TableProps, values: Record<string, unknown>): void {
  if ('ENABLE_SCHEMA_EVOLUTION' in values) t.schemaEvolution = values.ENABLE_SCHEMA_EVOLUTION === true;
  if ('DATA_RETENTION_TIME_IN_DAYS' in values) t.retention = (values.DATA_RETENTION_TIME_IN_DAYS as number | null) ?? 1;
  if ('CHANGE_TRACKING' in values) t.changeTracking = values.CHANGE_TRACKING === true;
  if ('COMMENT' in values) t.comment = values.COMMENT as string | null;
}

/** What follows a table's definition: CLUSTER BY (...), COPY GRANTS and properties, in any order. */
export interface TableOptions {
  clusterBy: string[] | null;
  values: Record<string, unknown>;
}

export function parseTableOptions(p: Parser): TableOptions {
  let clusterBy: string[] | null = null;
  const values: Record<string, unknown> = {};
  for (;;) {
    if (p.acceptKw('CLUSTER BY')) clusterBy = parseClusterBy(p);
    else if (p.acceptKw('COPY GRANTS')) continue;
    else {
      const v = parseProps(p, PROPS);
      if (Object.keys(v).length === 0) return { clusterBy, values };
      Object.assign(values, v);
    }
  }
}

/** A new table's properties: its columns, no constraints yet, the statement's options on the defaults. */
export function newTableProps(
  kind: TableProps['kind'] | undefined,
  columns: ColumnDef[],
  options: TableOptions,
): TableProps {
  const props: TableProps = {
    kind: kind ?? 'TABLE',
    columns,
    constraints: [],
    clusterBy: options.clusterBy,
    comment: null,
    retention: 1,
    changeTracking: false,
    schemaEvolution: false,
  };
  applyProps(props, options.values);
  return props;
}

export const tableCreated = (name: string) => status(`Table ${name} successfully created.`);

export const TABLE = schemaObjectLookup<TableObject>('table', 'TABLE', 'Table');

export function findTable(ctx: ExecContext, ref: ObjectRef): TableObject | undefined {
  return findObject(ctx, 'table', ref) as TableObject | undefined;
}

export function requireTable(ctx: ExecContext, ref: ObjectRef): TableObject {
  return requireObject(ctx, 'table', 'Table', ref) as TableObject;
}

export function invalidIdentifier(name: string): EmulatorSqlError {
  return compilationError(`invalid identifier '${shown(name)}'`, '000904', '42000');
}

/** Checks and names constraints as Snowflake stores them (SYS_CONSTRAINT_<uuid> when unnamed). */
export function addConstraints(ctx: ExecContext, t: TableProps, tableName: string, defs: ConstraintDef[]): void {
  for (const d of defs) {
    for (const c of d.columns) if (!t.columns.some((col) => col.name === c)) throw invalidIdentifier(c);
    if (d.type === 'PRIMARY KEY' && t.constraints.some((c) => c.type === 'PRIMARY KEY')) {
      throw compilationError(
        `Cannot add a primary key to table '${tableName}': it already has one.`,
        '002039',
        '42601',
      );
    }
    const name = d.name ?? `SYS_CONSTRAINT_${randomUUID()}`;
    if (t.constraints.some((c) => c.name === name)) throw alreadyExists(shown(name));
    t.constraints.push({ ...d, name, createdOn: ctx.now.getTime() });
    // A primary key implies NOT NULL (Snowflake's constraints overview); UNIQUE does not.
    if (d.type === 'PRIMARY KEY') {
      t.columns = t.columns.map((c) => (d.columns.includes(c.name) ? { ...c, nullable: false } : c));
    }
  }
}

/** Refuses to make columns NOT NULL while stored rows hold NULL in them, as Snowflake does. */
export function requireNoNulls(ctx: ExecContext, t: TableObject, columns: string[]): void {
  for (const column of columns) {
    const nulls = ctx.db
      .prepare(`SELECT count(*) AS n FROM ${sqliteIdent(storageName(t.id))} WHERE ${sqliteIdent(column)} IS NULL`)
      .get() as { n: number };
    if (nulls.n > 0) throw new EmulatorSqlError('100072', '22000', 'NULL result in a non-nullable column');
  }
}

/** `( expr, ... )` of CLUSTER BY, each expression's text as Snowflake shows it. */
export function parseClusterBy(p: Parser): string[] {
  p.expectPunct('(');
  const items: string[] = [];
  let start = p.pos;
  let depth = 0;
  for (;;) {
    if (p.atEnd()) throw p.fail();
    if (depth === 0 && (p.isPunct(',') || p.isPunct(')'))) {
      if (p.pos === start) throw p.fail();
      items.push(upperOutsideQuotes(p.textFrom(start)));
      if (p.acceptPunct(')')) return items;
      p.next();
      start = p.pos;
      continue;
    }
    if (p.isPunct('(')) depth++;
    if (p.isPunct(')')) depth--;
    p.next();
  }
}

export function checkDuplicates(cols: { name: string }[]): void {
  const seen = new Set<string>();
  for (const c of cols) {
    if (seen.has(c.name)) throw compilationError(`duplicate column name '${shown(c.name)}'`, '002025', '42S21');
    seen.add(c.name);
  }
}

/** Replaces the table's columns, rebuilding its storage; `from` maps new names to old ones. */
export function setColumns(ctx: ExecContext, t: TableObject, props: TableProps, from?: Map<string, string>): void {
  const map = from ?? new Map(t.props.columns.map((c) => [c.name, c.name]));
  rebuildStorage(ctx.db, t.id, props.columns, map);
  ctx.catalog.update(t, props);
}
