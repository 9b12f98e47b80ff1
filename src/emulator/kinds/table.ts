/**
 * Tables: CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE with columns, defaults, comments,
 * inline and out-of-line constraints, CLUSTER BY and table properties, as a CLONE of another
 * table (tables/clone.ts, also used for the tables of a cloned schema or database) or AS a
 * query's result (tables/ctas.ts); ALTER TABLE
 * (tables/alter.ts); DROP and UNDROP (rows kept for the retention time); SHOW TABLES [HISTORY]
 * with row counts; DESCRIBE TABLE.
 * Rows live in a SQLite table per object (tables/storage.ts).
 */
import type { Row } from '../../client/types.js';
import { cloneInto, parseCloneSource } from '../clone.js';
import { shown, unsupported } from '../errors.js';
import { requireSchema, resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import type { ExecContext, Head, KindModule, Registry, Statement } from '../registry.js';
import { columns, rows } from '../results.js';
import { alter } from '../tables/alter.js';
import { cloneTable } from '../tables/clone.js';
import {
  atOutOfLineConstraint,
  type ColumnDef,
  type ConstraintDef,
  parseColumnDef,
  parseOutOfLineConstraint,
} from '../tables/columns.js';
import { createAsSelect, isCreateAsSelect } from '../tables/ctas.js';
import {
  addConstraints,
  checkDuplicates,
  findTable,
  newTableProps,
  parseTableOptions,
  TABLE,
  type TableObject,
  type TableProps,
  tableCreated,
} from '../tables/model.js';
import { createStorage, dropStorage, rowCount } from '../tables/storage.js';
import { undropHandler } from '../timetravel.js';
import { alreadyExistsStatus, OWNER, parseIfNotExists, resolveExisting } from './common.js';
import { requireNamed } from './lookup.js';
import { dropHandler, showHandler } from './verbs.js';

export type { TableObject, TableProps } from '../tables/model.js';
export { findTable, requireTable } from '../tables/model.js';

function create(p: Parser, head: Head) {
  const kindWord = head.modifiers.find((m) => m !== 'LOCAL' && m !== 'GLOBAL');
  if (kindWord && !['TRANSIENT', 'TEMPORARY', 'TEMP', 'VOLATILE'].includes(kindWord)) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const parts = p.qualifiedName(3);
  const kind = !kindWord ? undefined : kindWord === 'TRANSIENT' ? 'TRANSIENT' : 'TEMPORARY';
  if (p.acceptKw('CLONE')) return createClone(p, head, ifNotExists, parts, kind);
  if (isCreateAsSelect(p)) return createAsSelect(p, head, ifNotExists, parts, kind);
  if (p.isKw('LIKE') || p.isKw('USING')) {
    throw unsupported(`CREATE TABLE ... ${p.peek()!.value.toUpperCase()}`);
  }
  p.expectPunct('(');
  const cols: ColumnDef[] = [];
  const constraints: ConstraintDef[] = [];
  do {
    if (atOutOfLineConstraint(p)) constraints.push(parseOutOfLineConstraint(p));
    else {
      const c = parseColumnDef(p);
      cols.push(c.column);
      constraints.push(...c.constraints);
    }
  } while (p.acceptPunct(','));
  p.expectPunct(')');
  const options = parseTableOptions(p);
  p.end();
  checkDuplicates(cols);
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveObject(ctx, parts, 'CREATE TABLE');
      requireSchema(ctx, ref);
      const props = newTableProps(kind, cols, options);
      addConstraints(ctx, props, ref.name, constraints);
      if (resolveExisting(ctx, head, ifNotExists, findTable(ctx, ref), shown(ref.name)) === 'skip') {
        return alreadyExistsStatus(ref.name);
      }
      const obj = ctx.catalog.insert({ kind: 'table', ...ref }, props, ctx.now);
      createStorage(ctx.db, obj.id, cols);
      return tableCreated(ref.name);
    },
  };
}

/** CREATE TABLE t CLONE source [COPY GRANTS]: a copy of the source's definition and rows. */
function createClone(
  p: Parser,
  head: Head,
  ifNotExists: boolean,
  parts: string[],
  kind: TableProps['kind'] | undefined,
): Statement {
  const source = parseCloneSource(p, 3, 'TABLE');
  p.acceptKw('COPY GRANTS');
  p.end();
  return {
    writes: true,
    run(ctx) {
      const ref = resolveObject(ctx, parts, 'CREATE TABLE');
      requireSchema(ctx, ref);
      const from = requireNamed(TABLE, ctx, source.parts, 'CREATE TABLE');
      const copy = (name: string) => cloneTable(ctx, from, { ...ref, name }, undefined, kind);
      if (!cloneInto(ctx, head, ifNotExists, findTable(ctx, ref), from, ref.name, shown(ref.name), copy, rename)) {
        return alreadyExistsStatus(ref.name);
      }
      return tableCreated(ref.name);
    },
  };
}

const rename = (ctx: ExecContext, t: TableObject, name: string) => ctx.catalog.rename(t, name);

const drop = dropHandler(TABLE);

const SHOW_COLUMNS = columns(
  'created_on:timestamp_ltz name:text database_name:text schema_name:text kind:text comment:text cluster_by:text ' +
    'rows:fixed bytes:fixed owner:text retention_time:text automatic_clustering:text change_tracking:text ' +
    'search_optimization:text search_optimization_progress:text search_optimization_bytes:fixed is_external:text ' +
    'enable_schema_evolution:text owner_role_type:text is_event:text budget:text is_hybrid:text is_iceberg:text ' +
    'is_dynamic:text is_immutable:text',
);

/** An estimate of storage: Snowflake reports compressed micro-partition bytes; zero when empty. */
function estimateBytes(rowsCount: number, columnCount: number): number {
  return rowsCount === 0 ? 0 : 1024 + rowsCount * columnCount * 8;
}

export function tableRow(ctx: ExecContext, t: TableObject): Row {
  const n = rowCount(ctx.db, t.id);
  return {
    created_on: t.createdOn,
    name: t.name,
    database_name: t.database,
    schema_name: t.schema,
    kind: t.props.kind,
    comment: t.props.comment ?? '',
    cluster_by: t.props.clusterBy ? `LINEAR(${t.props.clusterBy.join(', ')})` : '',
    rows: n,
    bytes: estimateBytes(n, t.props.columns.length),
    owner: OWNER,
    retention_time: String(t.props.retention),
    automatic_clustering: t.props.clusterBy ? 'ON' : 'OFF',
    change_tracking: t.props.changeTracking ? 'ON' : 'OFF',
    search_optimization: 'OFF',
    search_optimization_progress: null,
    search_optimization_bytes: null,
    is_external: 'N',
    enable_schema_evolution: t.props.schemaEvolution ? 'Y' : 'N',
    owner_role_type: 'ROLE',
    is_event: 'N',
    budget: null,
    is_hybrid: 'N',
    is_iceberg: 'N',
    is_dynamic: 'N',
    is_immutable: 'N',
  };
}

const show = showHandler('table', 'schema', SHOW_COLUMNS, tableRow);

const DESCRIBE_COLUMNS = columns(
  'name:text type:text kind:text null?:text default:text primary~key:text unique~key:text check:text ' +
    'expression:text comment:text policy~name:text privacy~domain:text schema~evolution~record:text',
);

function describe(p: Parser) {
  const parts = p.qualifiedName(3);
  if (p.acceptKw('TYPE')) {
    p.expectPunct('=');
    if (p.expectOneOf('COLUMNS', 'STAGE') === 'STAGE') throw unsupported('DESCRIBE TABLE ... TYPE = STAGE');
  }
  p.end();
  return {
    writes: false,
    run(ctx: ExecContext) {
      const t = requireNamed(TABLE, ctx, parts, 'DESCRIBE TABLE');
      const inKey = (type: string, name: string) =>
        t.props.constraints.some((c) => c.type === type && c.columns.includes(name)) ? 'Y' : 'N';
      return rows(
        DESCRIBE_COLUMNS,
        t.props.columns.map((c) => ({
          name: c.name,
          type: c.type,
          kind: 'COLUMN',
          'null?': c.nullable ? 'Y' : 'N',
          default: c.default,
          'primary key': inKey('PRIMARY KEY', c.name),
          'unique key': inKey('UNIQUE', c.name),
          check: null,
          expression: null,
          comment: c.comment,
          'policy name': null,
          'privacy domain': null,
          'schema evolution record': null,
        })),
      );
    },
  };
}

export const tableKind: KindModule = {
  kind: 'table',
  keyword: 'TABLE',
  plural: 'TABLES',
  create,
  alter,
  drop,
  show,
  describe,
  undrop: undropHandler(TABLE, 'Table'),
  retention: (t) => (t.props as TableProps).retention,
  clone: (ctx, t, target, scope) => cloneTable(ctx, t as TableObject, target, scope),
  onRemove(ctx, obj) {
    dropStorage(ctx.db, obj.id);
  },
};

export function register(registry: Registry): void {
  registry.addKind(tableKind);
}
