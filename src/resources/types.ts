/**
 * Object kinds as data: one KindSpec per kind drives list_objects, describe_object and
 * drop_object (src/resources/objects.ts), instead of a switch in every tool.
 */
import type { Row, SqlClient } from '../client/types.js';

export type ObjectKind =
  | 'database'
  | 'schema'
  | 'table'
  | 'stage'
  | 'warehouse'
  | 'task'
  | 'dag'
  | 'compute_pool'
  | 'image_repository'
  | 'service';

export const OBJECT_KIND_NAMES: readonly ObjectKind[] = [
  'database',
  'schema',
  'table',
  'stage',
  'warehouse',
  'task',
  'dag',
  'compute_pool',
  'image_repository',
  'service',
];

/** Where an object lives: account objects have neither, schemas a database, the rest both. */
export type Scope = 'account' | 'database' | 'schema';

/** An object by its stored names (see src/sql/identifiers.ts). */
export interface ObjectRef {
  kind: ObjectKind;
  database?: string;
  schema?: string;
  name: string;
}

export type Model = Record<string, unknown>;

export interface ListOptions {
  database?: string;
  schema?: string;
  like?: string;
  startsWith?: string;
  limit: number;
  cursor?: string;
}

export interface ListPage {
  objects: Model[];
  next_cursor: string | null;
}

/** What dropping an object takes, for the plan. */
export interface DropPlan {
  statements: string[];
  impact: string[];
  reversible: string | null;
  /** The object was not there when planned (if_exists): the drop changes nothing. */
  absent?: true;
}

export interface KindSpec {
  kind: ObjectKind;
  /** For messages: "compute pool". */
  label: string;
  /** The SQL keyword after CREATE/DROP: "COMPUTE POOL". */
  keyword: string;
  /** The SHOW keyword: "COMPUTE POOLS". */
  plural: string;
  scope: Scope;
  /** Snowflake refuses quoted names for this kind (compute pools, services). */
  plainNamesOnly?: boolean;
  /** SHOW supports STARTS WITH and LIMIT n FROM 'name', so paging happens in Snowflake. */
  showPaging: boolean;
  /** The summary model (DESIGN §4, the fields marked *) from one SHOW row. */
  summary(row: Row): Model;
  /** The full model; when absent, describe returns the summary. `row` is the object's SHOW row. */
  describe?(client: SqlClient, ref: ObjectRef, row: Row): Promise<Model>;
  /** Replaces the generic SHOW-based listing (e.g. DAGs list root tasks). */
  list?(client: SqlClient, options: ListOptions): Promise<ListPage>;
  /** DROP accepts CASCADE / RESTRICT for this kind. */
  cascade?: boolean;
  /** UNDROP can bring the object back within its retention time (the SHOW row's retention_time). */
  undroppable?: boolean;
  /** A short note for impact lines, e.g. "12 rows, 4096 bytes" for a table. */
  detail?(row: Row): string;
  /** Replaces the generic `DROP <keyword> <name>` plan (e.g. a DAG drops leaves first). */
  drop?(client: SqlClient, ref: ObjectRef, options: { ifExists: boolean; cascade: boolean }): Promise<DropPlan>;
}
