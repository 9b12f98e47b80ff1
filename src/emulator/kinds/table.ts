/**
 * Tables: CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE with columns, defaults, comments,
 * inline and out-of-line constraints, CLUSTER BY and table properties; ALTER TABLE (columns,
 * constraints, properties, rename); DROP; SHOW TABLES with row counts; DESCRIBE TABLE.
 * Rows live in a SQLite table per object (tables/storage.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { alreadyExists, compilationError, doesNotExist, EmulatorSqlError, shown, unsupported } from '../errors.js';
import { findObject, type ObjectRef, requireObject, requireSchema, resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import { type PropParser, parseProps, parseUnset, prop } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, OK, rows, status } from '../results.js';
import { filterByName, parseShowOptions, resolveScope, showResult } from '../show.js';
import { upperOutsideQuotes } from '../statements/system.js';
import {
  atOutOfLineConstraint,
  type ColumnDef,
  type ConstraintDef,
  parseColumnDef,
  parseOutOfLineConstraint,
  parseType,
} from '../tables/columns.js';
import { createStorage, dropStorage, rebuildStorage, rowCount, sqliteIdent, storageName } from '../tables/storage.js';
import {
  alreadyDroppedStatus,
  alreadyExistsStatus,
  droppedStatus,
  OWNER,
  parseDropTail,
  parseIfNotExists,
  resolveExisting,
} from './common.js';

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

const PROPS: Record<string, PropParser> = {
  ENABLE_SCHEMA_EVOLUTION: prop.boolean,
  DATA_RETENTION_TIME_IN_DAYS: prop.integer,
  MAX_DATA_EXTENSION_TIME_IN_DAYS: prop.integer,
  CHANGE_TRACKING: prop.boolean,
  DEFAULT_DDL_COLLATION: prop.string,
  COMMENT: prop.string,
};

function applyProps(t: TableProps, values: Record<string, unknown>): void {
  if ('ENABLE_SCHEMA_EVOLUTION' in values) t.schemaEvolution = values.ENABLE_SCHEMA_EVOLUTION === true;
  if ('DATA_RETENTION_TIME_IN_DAYS' in values) t.retention = (values.DATA_RETENTION_TIME_IN_DAYS as number | null) ?? 1;
  if ('CHANGE_TRACKING' in values) t.changeTracking = values.CHANGE_TRACKING === true;
  if ('COMMENT' in values) t.comment = values.COMMENT as string | null;
}

export function findTable(ctx: ExecContext, ref: ObjectRef): TableObject | undefined {
  return findObject(ctx, 'table', ref) as TableObject | undefined;
}

export function requireTable(ctx: ExecContext, ref: ObjectRef): TableObject {
  return requireObject(ctx, 'table', 'Table', ref) as TableObject;
}

function invalidIdentifier(name: string): EmulatorSqlError {
  return compilationError(`invalid identifier '${shown(name)}'`, '000904', '42000');
}

/** Checks and names constraints as Snowflake stores them (SYS_CONSTRAINT_<uuid> when unnamed). */
function addConstraints(ctx: ExecContext, t: TableProps, tableName: string, defs: ConstraintDef[]): void {
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
  }
}

/** `( expr, ... )` of CLUSTER BY, each expression's text as Snowflake shows it. */
function parseClusterBy(p: Parser): string[] {
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

function checkDuplicates(cols: ColumnDef[]): void {
  const seen = new Set<string>();
  for (const c of cols) {
    if (seen.has(c.name)) throw compilationError(`duplicate column name '${shown(c.name)}'`, '002025', '42S21');
    seen.add(c.name);
  }
}

function create(p: Parser, head: Head) {
  const kindWord = head.modifiers.find((m) => m !== 'LOCAL' && m !== 'GLOBAL');
  if (kindWord && !['TRANSIENT', 'TEMPORARY', 'TEMP', 'VOLATILE'].includes(kindWord)) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const parts = p.qualifiedName(3);
  if (p.isKw('AS') || p.isKw('LIKE') || p.isKw('CLONE') || p.isKw('USING')) {
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
  let clusterBy: string[] | null = null;
  const values: Record<string, unknown> = {};
  for (;;) {
    if (p.acceptKw('CLUSTER BY')) clusterBy = parseClusterBy(p);
    else if (p.acceptKw('COPY GRANTS')) continue;
    else {
      const v = parseProps(p, PROPS);
      if (Object.keys(v).length === 0) break;
      Object.assign(values, v);
    }
  }
  if (p.isKw('AS')) throw unsupported('CREATE TABLE ... AS SELECT');
  p.end();
  checkDuplicates(cols);
  const kind = !kindWord ? 'TABLE' : kindWord === 'TRANSIENT' ? 'TRANSIENT' : 'TEMPORARY';
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveObject(ctx, parts, 'CREATE TABLE');
      requireSchema(ctx, ref);
      const props: TableProps = {
        kind,
        columns: cols,
        constraints: [],
        clusterBy,
        comment: null,
        retention: 1,
        changeTracking: false,
        schemaEvolution: false,
      };
      applyProps(props, values);
      addConstraints(ctx, props, ref.name, constraints);
      if (resolveExisting(ctx, head, ifNotExists, findTable(ctx, ref), shown(ref.name)) === 'skip') {
        return alreadyExistsStatus(ref.name);
      }
      const obj = ctx.catalog.insert({ kind: 'table', ...ref }, props, ctx.now);
      createStorage(ctx.db, obj.id, cols);
      return status(`Table ${ref.name} successfully created.`);
    },
  };
}

type Change = (ctx: ExecContext, t: TableObject, ref: ObjectRef) => void;

/** Replaces the table's columns, rebuilding its storage; `from` maps new names to old ones. */
function setColumns(ctx: ExecContext, t: TableObject, props: TableProps, from?: Map<string, string>): void {
  const map = from ?? new Map(t.props.columns.map((c) => [c.name, c.name]));
  rebuildStorage(ctx.db, t.id, props.columns, map);
  ctx.catalog.update(t, props);
}

function addColumns(p: Parser): Change {
  p.acceptKw('COLUMN');
  const ifNotExists = p.acceptKw('IF NOT EXISTS');
  const added = [parseColumnDef(p)];
  while (p.acceptPunct(',')) {
    p.acceptKw('COLUMN');
    added.push(parseColumnDef(p));
  }
  return (ctx, t) => {
    const props: TableProps = { ...t.props, columns: [...t.props.columns], constraints: [...t.props.constraints] };
    const nonEmpty = rowCount(ctx.db, t.id) > 0;
    for (const { column, constraints } of added) {
      if (props.columns.some((c) => c.name === column.name)) {
        if (ifNotExists) continue;
        throw compilationError(`column '${shown(column.name)}' already exists`, '002025', '42S21');
      }
      if (nonEmpty && !column.nullable && (column.default === null || column.default === 'NULL')) {
        throw compilationError(
          `Non-nullable column '${shown(column.name)}' cannot be added to non-empty table '${shown(t.name)}' unless it has a non-null default value.`,
          '002029',
          '42601',
        );
      }
      props.columns.push(column);
      addConstraints(ctx, props, t.name, constraints);
    }
    setColumns(ctx, t, props);
  };
}

function dropColumns(p: Parser): Change {
  p.acceptKw('COLUMN');
  const ifExists = p.acceptKw('IF EXISTS');
  const names = [p.name()];
  while (p.acceptPunct(',')) names.push(p.name());
  return (ctx, t) => {
    const gone = names.filter((n) => t.props.columns.some((c) => c.name === n));
    if (!ifExists && gone.length < names.length) throw invalidIdentifier(names.find((n) => !gone.includes(n))!);
    const remaining = t.props.columns.filter((c) => !gone.includes(c.name));
    if (remaining.length === 0) {
      throw compilationError(
        `Cannot drop column '${shown(gone[gone.length - 1])}' which is the only column in the table.`,
        '002044',
        '42601',
      );
    }
    const constraints = t.props.constraints
      .map((c) => ({ ...c, columns: c.columns.filter((n) => !gone.includes(n)) }))
      .filter((c) => c.columns.length > 0);
    setColumns(ctx, t, { ...t.props, columns: remaining, constraints });
  };
}

function alterColumns(p: Parser): Change {
  const edits: ((props: TableProps, ctx: ExecContext, t: TableObject) => void)[] = [];
  do {
    p.acceptKw('COLUMN');
    const name = p.name();
    const col = (props: TableProps) => {
      const c = props.columns.find((x) => x.name === name);
      if (!c) throw invalidIdentifier(name);
      return c;
    };
    if (p.acceptKw('SET NOT NULL')) {
      edits.push((props, ctx, t) => {
        const c = col(props);
        const nulls = ctx.db
          .prepare(`SELECT count(*) AS n FROM ${sqliteIdent(storageName(t.id))} WHERE ${sqliteIdent(c.name)} IS NULL`)
          .get() as { n: number };
        if (nulls.n > 0) {
          throw new EmulatorSqlError('100072', '22000', `NULL result in a non-nullable column`);
        }
        c.nullable = false;
      });
    } else {
      let patch: Partial<ColumnDef>;
      if (p.acceptKw('DROP NOT NULL')) patch = { nullable: true };
      else if (p.acceptKw('DROP DEFAULT')) patch = { default: null };
      else if (p.acceptKw('COMMENT')) patch = { comment: p.string() };
      else if (p.acceptKw('UNSET COMMENT')) patch = { comment: null };
      else if (p.acceptKw('SET DATA TYPE') || p.acceptKw('TYPE') || p.acceptKw('SET TYPE'))
        patch = { type: parseType(p) };
      else if (p.isKw('SET')) throw unsupported('ALTER TABLE ... ALTER COLUMN SET DEFAULT');
      else throw p.fail();
      edits.push((props) => {
        Object.assign(col(props), patch);
      });
    }
  } while (p.acceptPunct(','));
  return (ctx, t) => {
    const props: TableProps = { ...t.props, columns: t.props.columns.map((c) => ({ ...c })) };
    for (const e of edits) e(props, ctx, t);
    setColumns(ctx, t, props);
  };
}

function alter(p: Parser) {
  const ifExists = p.acceptKw('IF EXISTS');
  const parts = p.qualifiedName(3);
  let change: Change;
  if (p.acceptKw('ADD')) {
    if (atOutOfLineConstraint(p)) {
      const def = parseOutOfLineConstraint(p);
      change = (ctx, t) => {
        const props = { ...t.props, constraints: [...t.props.constraints] };
        addConstraints(ctx, props, t.name, [def]);
        ctx.catalog.update(t, props);
      };
    } else change = addColumns(p);
  } else if (p.acceptKw('DROP')) {
    if (p.acceptKw('PRIMARY KEY')) {
      change = (ctx, t) => {
        if (!t.props.constraints.some((c) => c.type === 'PRIMARY KEY')) {
          throw compilationError(`Table '${shown(t.name)}' does not have a primary key.`, '002003', '02000');
        }
        ctx.catalog.update(t, { ...t.props, constraints: t.props.constraints.filter((c) => c.type !== 'PRIMARY KEY') });
      };
    } else if (p.acceptKw('CONSTRAINT')) {
      const name = p.name();
      p.acceptOneOf('CASCADE', 'RESTRICT');
      change = (ctx, t) => {
        if (!t.props.constraints.some((c) => c.name === name)) throw doesNotExist('Constraint', shown(name));
        ctx.catalog.update(t, { ...t.props, constraints: t.props.constraints.filter((c) => c.name !== name) });
      };
    } else if (p.acceptKw('CLUSTERING KEY')) {
      change = (ctx, t) => ctx.catalog.update(t, { ...t.props, clusterBy: null });
    } else change = dropColumns(p);
  } else if (p.acceptKw('RENAME COLUMN')) {
    const from = p.name();
    p.expectKw('TO');
    const to = p.name();
    change = (ctx, t) => {
      if (!t.props.columns.some((c) => c.name === from)) throw invalidIdentifier(from);
      if (t.props.columns.some((c) => c.name === to)) {
        throw compilationError(`column '${shown(to)}' already exists`, '002025', '42S21');
      }
      const props: TableProps = {
        ...t.props,
        columns: t.props.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
        constraints: t.props.constraints.map((c) => ({ ...c, columns: c.columns.map((n) => (n === from ? to : n)) })),
      };
      setColumns(ctx, t, props, new Map(props.columns.map((c) => [c.name, c.name === to ? from : c.name])));
    };
  } else if (p.acceptKw('RENAME TO')) {
    const to = p.qualifiedName(3);
    change = (ctx, t, ref) => {
      const target = resolveObject(ctx, to, 'ALTER TABLE');
      requireSchema(ctx, target);
      if (findTable(ctx, target)) throw alreadyExists(shown(target.name));
      ctx.db
        .prepare('UPDATE objects SET database = ?, schema = ?, name = ? WHERE id = ?')
        .run(target.database, target.schema, target.name, t.id);
      void ref;
    };
  } else if (p.isKw('ALTER') || p.isKw('MODIFY')) {
    p.next();
    change = alterColumns(p);
  } else if (p.acceptKw('CLUSTER BY')) {
    const keys = parseClusterBy(p);
    change = (ctx, t) => ctx.catalog.update(t, { ...t.props, clusterBy: keys });
  } else if (p.acceptKw('SET')) {
    const values = parseProps(p, PROPS);
    if (Object.keys(values).length === 0) throw p.fail();
    change = (ctx, t) => {
      const props = { ...t.props };
      applyProps(props, values);
      ctx.catalog.update(t, props);
    };
  } else if (p.acceptKw('UNSET')) {
    const keys = parseUnset(p, PROPS);
    change = (ctx, t) => {
      const props = { ...t.props };
      applyProps(props, Object.fromEntries(keys.map((k) => [k, null])));
      ctx.catalog.update(t, props);
    };
  } else if (p.isKw('SWAP')) throw unsupported('ALTER TABLE ... SWAP WITH');
  else throw p.fail();
  p.end();
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveObject(ctx, parts, 'ALTER TABLE');
      const t = findTable(ctx, ref);
      if (!t) {
        if (ifExists) return status(OK);
        requireTable(ctx, ref);
      }
      change(ctx, t!, ref);
      return status(OK);
    },
  };
}

function drop(p: Parser) {
  const ifExists = p.acceptKw('IF EXISTS');
  const parts = p.qualifiedName(3);
  parseDropTail(p);
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveObject(ctx, parts, 'DROP TABLE');
      const t = findTable(ctx, ref);
      if (!t) {
        if (ifExists) return alreadyDroppedStatus(ref.name);
        requireTable(ctx, ref);
      }
      ctx.registry.removeObject(ctx, t!);
      return droppedStatus(ref.name);
    },
  };
}

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

function show(p: Parser, head: Head) {
  const o = parseShowOptions(p, head, 'schema');
  return {
    writes: false,
    run(ctx: ExecContext) {
      const scope = resolveScope(ctx, o);
      const list = filterByName(ctx.catalog.list<TableProps>('table', scope), o, (t) => t.name);
      return showResult(
        o,
        SHOW_COLUMNS,
        list.map((t) => tableRow(ctx, t)),
      );
    },
  };
}

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
      const t = requireTable(ctx, resolveObject(ctx, parts, 'DESCRIBE TABLE'));
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
  onRemove(ctx, obj) {
    dropStorage(ctx.db, obj.id);
  },
};

export function register(registry: Registry): void {
  registry.addKind(tableKind);
}
