/**
 * Warehouses: SHOW WAREHOUSES rows to the model (sizes as keywords), SHOW PARAMETERS for the
 * concurrency and timeout parameters, and CREATE / ALTER WAREHOUSE.
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { invalidInput } from '../errors.js';
import { ident } from '../sql/identifiers.js';
import { boolLiteral, clauses, commentClause, createHead, intLiteral, type SqlMode } from './ddl.js';
import { flag, numberOrNull, text, textOrNull, timestamp } from './rows.js';
import type { KindSpec, ObjectRef } from './types.js';

export const WAREHOUSE_SIZES = [
  'XSMALL',
  'SMALL',
  'MEDIUM',
  'LARGE',
  'XLARGE',
  'XXLARGE',
  'XXXLARGE',
  'X4LARGE',
  'X5LARGE',
  'X6LARGE',
] as const;

export type WarehouseSize = (typeof WAREHOUSE_SIZES)[number];

/** Spellings after removing case, spaces, '-' and '_': `x-large` -> XLARGE, `2X-Large` -> 2XLARGE. */
const SIZE_SPELLINGS: Record<string, WarehouseSize> = {
  XSMALL: 'XSMALL',
  XS: 'XSMALL',
  SMALL: 'SMALL',
  S: 'SMALL',
  MEDIUM: 'MEDIUM',
  M: 'MEDIUM',
  LARGE: 'LARGE',
  L: 'LARGE',
  XLARGE: 'XLARGE',
  XL: 'XLARGE',
  XXLARGE: 'XXLARGE',
  X2LARGE: 'XXLARGE',
  '2XLARGE': 'XXLARGE',
  XXL: 'XXLARGE',
  '2XL': 'XXLARGE',
  XXXLARGE: 'XXXLARGE',
  X3LARGE: 'XXXLARGE',
  '3XLARGE': 'XXXLARGE',
  XXXL: 'XXXLARGE',
  '3XL': 'XXXLARGE',
  X4LARGE: 'X4LARGE',
  '4XLARGE': 'X4LARGE',
  '4XL': 'X4LARGE',
  X5LARGE: 'X5LARGE',
  '5XLARGE': 'X5LARGE',
  '5XL': 'X5LARGE',
  X6LARGE: 'X6LARGE',
  '6XLARGE': 'X6LARGE',
  '6XL': 'X6LARGE',
};

/** The one size normaliser: user input and SHOW's display form ('X-Small', '2X-Large') alike. */
export function normaliseSize(input: string): WarehouseSize {
  const key = String(input)
    .toUpperCase()
    .replace(/[\s_-]/g, '');
  const size = SIZE_SPELLINGS[key];
  if (!size) {
    throw invalidInput(
      `The warehouse size ${JSON.stringify(String(input).slice(0, 40))} is not a Snowflake warehouse size.`,
      `Use one of ${WAREHOUSE_SIZES.join(', ')} (spellings like Small, x-large or 2X-Large work too).`,
    );
  }
  return size;
}

/** A size as SHOW prints it, or null when the cell is not a size we know. */
function sizeFromShow(value: string): WarehouseSize | null {
  return SIZE_SPELLINGS[value.toUpperCase().replace(/[\s_-]/g, '')] ?? null;
}

export const warehouseModel = z.object({
  name: z.string(),
  state: z.string(),
  warehouse_size: z.string().nullable(),
  warehouse_type: z.string(),
  auto_suspend: z.number().nullable(),
  auto_resume: z.boolean(),
  min_cluster_count: z.number().nullable(),
  max_cluster_count: z.number().nullable(),
  resource_monitor: z.string().nullable(),
  comment: z.string().nullable(),
  owner: z.string(),
  created_on: z.string().nullable(),
  max_concurrency_level: z.number().nullable().optional(),
  statement_timeout_in_seconds: z.number().nullable().optional(),
  statement_queued_timeout_in_seconds: z.number().nullable().optional(),
});

export type Warehouse = z.infer<typeof warehouseModel>;

export function warehouseFromRow(row: Row): Warehouse {
  return {
    name: text(row, 'name'),
    state: text(row, 'state').toUpperCase(),
    warehouse_size: sizeFromShow(text(row, 'size')),
    warehouse_type: text(row, 'type') || 'STANDARD',
    auto_suspend: numberOrNull(row, 'auto_suspend'),
    auto_resume: flag(row, 'auto_resume'),
    min_cluster_count: numberOrNull(row, 'min_cluster_count'),
    max_cluster_count: numberOrNull(row, 'max_cluster_count'),
    resource_monitor: textOrNull(row, 'resource_monitor'),
    comment: text(row, 'comment') || null,
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
  };
}

/** SHOW PARAMETERS IN WAREHOUSE gives rows of key / value / default / level / ... */
async function describeWarehouse(client: SqlClient, ref: ObjectRef, row: Row): Promise<Warehouse> {
  const params = await client.execute(`SHOW PARAMETERS IN WAREHOUSE ${ident(ref.name)}`);
  const value = (key: string): number | null => {
    const p = params.rows.find((r) => text(r, 'key').toUpperCase() === key);
    return p ? numberOrNull(p, 'value') : null;
  };
  return {
    ...warehouseFromRow(row),
    max_concurrency_level: value('MAX_CONCURRENCY_LEVEL'),
    statement_timeout_in_seconds: value('STATEMENT_TIMEOUT_IN_SECONDS'),
    statement_queued_timeout_in_seconds: value('STATEMENT_QUEUED_TIMEOUT_IN_SECONDS'),
  };
}

export interface CreateWarehouse {
  name: string;
  mode: SqlMode;
  size?: WarehouseSize;
  auto_suspend?: number;
  auto_resume?: boolean;
  initially_suspended?: boolean;
  comment?: string;
}

/** One week, in seconds: a generous bound that still catches typos in milliseconds. */
const MAX_AUTO_SUSPEND = 604_800;

export function createWarehouseSql(w: CreateWarehouse): string {
  return clauses(
    createHead(w.mode, 'WAREHOUSE', [w.name]),
    w.size === undefined ? null : `WAREHOUSE_SIZE = ${normaliseSize(w.size)}`,
    w.auto_suspend === undefined
      ? null
      : `AUTO_SUSPEND = ${intLiteral(w.auto_suspend, 'auto_suspend', 0, MAX_AUTO_SUSPEND)}`,
    w.auto_resume === undefined ? null : `AUTO_RESUME = ${boolLiteral(w.auto_resume)}`,
    w.initially_suspended === undefined ? null : `INITIALLY_SUSPENDED = ${boolLiteral(w.initially_suspended)}`,
    commentClause(w.comment),
  );
}

export function resizeWarehouseSql(name: string, size: WarehouseSize): string {
  return `ALTER WAREHOUSE ${ident(name)} SET WAREHOUSE_SIZE = ${normaliseSize(size)}`;
}

export function suspendWarehouseSql(name: string): string {
  return `ALTER WAREHOUSE ${ident(name)} SUSPEND`;
}

export function resumeWarehouseSql(name: string): string {
  return `ALTER WAREHOUSE ${ident(name)} RESUME`;
}

export const warehouse: KindSpec = {
  kind: 'warehouse',
  label: 'warehouse',
  keyword: 'WAREHOUSE',
  plural: 'WAREHOUSES',
  scope: 'account',
  // SHOW WAREHOUSES has LIKE only.
  showPaging: false,
  summary: warehouseFromRow,
  describe: describeWarehouse,
};
