/**
 * Tables: SHOW TABLES rows to the summary; DESCRIBE TABLE and SHOW PRIMARY KEYS for the full
 * model; CREATE TABLE and ALTER TABLE ... ADD COLUMN / ADD PRIMARY KEY.
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { parseDataType } from '../sql/datatypes.js';
import { ident, qualified } from '../sql/identifiers.js';
import { parseClusterBy, parseDefault } from '../sql/validators.js';
import { clauses, commentClause, createHead, type SqlMode } from './ddl.js';
import { flag, numberOrNull, text, textOrNull, timestamp } from './rows.js';
import type { KindSpec, ObjectRef } from './types.js';

export const columnModel = z.object({
  name: z.string(),
  datatype: z.string(),
  nullable: z.boolean(),
  default: z.string().nullable(),
  comment: z.string().nullable(),
});

export const constraintModel = z.object({
  name: z.string(),
  constraint_type: z.string(),
  column_names: z.array(z.string()),
});

export const tableModel = z.object({
  name: z.string(),
  database_name: z.string(),
  schema_name: z.string(),
  kind: z.string(),
  rows: z.number().nullable(),
  bytes: z.number().nullable(),
  owner: z.string(),
  created_on: z.string().nullable(),
  comment: z.string().nullable(),
  cluster_by: z.string().nullable(),
  change_tracking: z.boolean(),
  automatic_clustering: z.boolean(),
  search_optimization: z.boolean(),
  enable_schema_evolution: z.boolean().optional(),
  data_retention_time_in_days: z.number().nullable().optional(),
  columns: z.array(columnModel).optional(),
  constraints: z.array(constraintModel).optional(),
});

export type Table = z.infer<typeof tableModel>;

export function tableFromRow(row: Row): Table {
  return {
    name: text(row, 'name'),
    database_name: text(row, 'database_name'),
    schema_name: text(row, 'schema_name'),
    kind: text(row, 'kind') || 'TABLE',
    rows: numberOrNull(row, 'rows'),
    bytes: numberOrNull(row, 'bytes'),
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
    comment: text(row, 'comment') || null,
    cluster_by: textOrNull(row, 'cluster_by'),
    change_tracking: flag(row, 'change_tracking'),
    automatic_clustering: flag(row, 'automatic_clustering'),
    search_optimization: flag(row, 'search_optimization'),
  };
}

/** DESCRIBE TABLE rows (name, type, kind, null?, default, ..., comment) to columns. */
export function columnFromDescribeRow(row: Row): z.infer<typeof columnModel> {
  return {
    name: text(row, 'name'),
    datatype: text(row, 'type'),
    nullable: flag(row, 'null?'),
    default: textOrNull(row, 'default'),
    comment: textOrNull(row, 'comment'),
  };
}

/** SHOW PRIMARY KEYS rows, one per key column, grouped into constraints in key order. */
export function primaryKeysFromRows(rows: Row[]): z.infer<typeof constraintModel>[] {
  const byName = new Map<string, { seq: number; column: string }[]>();
  for (const row of rows) {
    const name = text(row, 'constraint_name');
    const list = byName.get(name) ?? [];
    list.push({ seq: numberOrNull(row, 'key_sequence') ?? list.length + 1, column: text(row, 'column_name') });
    byName.set(name, list);
  }
  return [...byName].map(([name, cols]) => ({
    name,
    constraint_type: 'PRIMARY KEY',
    column_names: cols.sort((a, b) => a.seq - b.seq).map((c) => c.column),
  }));
}

async function describeTable(client: SqlClient, ref: ObjectRef, row: Row): Promise<Table> {
  const name = qualified(ref.database!, ref.schema!, ref.name);
  const columns = await client.execute(`DESCRIBE TABLE ${name}`);
  const keys = await client.execute(`SHOW PRIMARY KEYS IN TABLE ${name}`);
  return {
    ...tableFromRow(row),
    enable_schema_evolution: flag(row, 'enable_schema_evolution'),
    data_retention_time_in_days: numberOrNull(row, 'retention_time'),
    columns: columns.rows.filter((r) => text(r, 'kind') !== 'VIRTUAL').map(columnFromDescribeRow),
    constraints: primaryKeysFromRows(keys.rows),
  };
}

/** A column as the tools take it; `name` is already the stored name. */
export interface ColumnSpec {
  name: string;
  datatype: string;
  nullable?: boolean;
  default?: string;
  comment?: string;
}

/** `NAME TYPE [DEFAULT expr] [NOT NULL] [COMMENT '...']`, the type and default validated. */
export function columnSql(c: ColumnSpec): string {
  return clauses(
    ident(c.name),
    parseDataType(c.datatype).sql,
    c.default === undefined ? null : `DEFAULT ${parseDefault(c.default)}`,
    c.nullable === false ? 'NOT NULL' : null,
    commentClause(c.comment, false),
  );
}

export interface CreateTable {
  database: string;
  schema: string;
  name: string;
  mode: SqlMode;
  columns: ColumnSpec[];
  /** Stored names of the primary key's columns, in order. */
  primaryKey?: string[];
  comment?: string;
  clusterBy?: string[];
}

export function createTableSql(t: CreateTable): string {
  const parts = t.columns.map(columnSql);
  if (t.primaryKey && t.primaryKey.length > 0) parts.push(`PRIMARY KEY (${t.primaryKey.map(ident).join(', ')})`);
  return clauses(
    createHead(t.mode, 'TABLE', [t.database, t.schema, t.name]),
    `(${parts.join(', ')})`,
    t.clusterBy && t.clusterBy.length > 0 ? `CLUSTER BY (${parseClusterBy(t.clusterBy).join(', ')})` : null,
    commentClause(t.comment),
  );
}

export function addColumnSql(database: string, schema: string, table: string, column: ColumnSpec): string {
  return `ALTER TABLE ${qualified(database, schema, table)} ADD COLUMN ${columnSql(column)}`;
}

export function addPrimaryKeySql(database: string, schema: string, table: string, columns: string[]): string {
  return `ALTER TABLE ${qualified(database, schema, table)} ADD PRIMARY KEY (${columns.map(ident).join(', ')})`;
}

export const table: KindSpec = {
  kind: 'table',
  label: 'table',
  keyword: 'TABLE',
  plural: 'TABLES',
  scope: 'schema',
  showPaging: true,
  cascade: true,
  undroppable: true,
  summary: tableFromRow,
  describe: describeTable,
  detail: (row) => {
    const rows = numberOrNull(row, 'rows') ?? 0;
    const bytes = numberOrNull(row, 'bytes') ?? 0;
    return `${rows} row${rows === 1 ? '' : 's'}, ${bytes} bytes`;
  },
};
