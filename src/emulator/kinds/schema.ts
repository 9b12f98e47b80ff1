/**
 * Schemas: CREATE [OR REPLACE] [TRANSIENT] SCHEMA [IF NOT EXISTS] [db.]s [WITH MANAGED ACCESS],
 * ALTER (SET/UNSET/RENAME/ENABLE|DISABLE MANAGED ACCESS), DROP (takes its objects),
 * SHOW SCHEMAS, DESCRIBE SCHEMA (the objects inside).
 */
import type { Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { alreadyExists, compilationError, doesNotExist, shown, unsupported } from '../errors.js';
import { findSchema, requireDatabase, requireSchema, resolveSchema } from '../names.js';
import type { Parser } from '../parser.js';
import { type PropParser, parseProps, parseUnset, prop } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, OK, rows, status } from '../results.js';
import { filterByName, parseShowOptions, resolveScope, showResult } from '../show.js';
import {
  alreadyDroppedStatus,
  alreadyExistsStatus,
  droppedStatus,
  OWNER,
  parseDropTail,
  parseIfNotExists,
  removeContents,
  resolveExisting,
} from './common.js';

export interface SchemaProps {
  transient: boolean;
  managedAccess: boolean;
  retention: number;
  comment: string | null;
  /** INFORMATION_SCHEMA: owned by nobody, cannot be dropped. */
  system?: boolean;
}

const PROPS: Record<string, PropParser> = {
  DATA_RETENTION_TIME_IN_DAYS: prop.integer,
  MAX_DATA_EXTENSION_TIME_IN_DAYS: prop.integer,
  DEFAULT_DDL_COLLATION: prop.string,
  COMMENT: prop.string,
};

export function createSchemaObject(
  ctx: ExecContext,
  database: string,
  name: string,
  props: SchemaProps,
): CatalogObject {
  return ctx.catalog.insert({ kind: 'schema', database, name }, props, ctx.now);
}

function applyProps(target: SchemaProps, values: Record<string, unknown>): void {
  if ('DATA_RETENTION_TIME_IN_DAYS' in values)
    target.retention = (values.DATA_RETENTION_TIME_IN_DAYS as number | null) ?? 1;
  if ('COMMENT' in values) target.comment = values.COMMENT as string | null;
  if (target.retention > 90)
    throw compilationError('Exceeds maximum allowable retention time (90).', '002063', '22023');
}

function create(p: Parser, head: Head) {
  if (head.modifiers.some((m) => m !== 'TRANSIENT')) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const parts = p.qualifiedName(2);
  if (p.isKw('CLONE')) throw unsupported('CREATE SCHEMA ... CLONE');
  const managedAccess = p.acceptKw('WITH MANAGED ACCESS');
  const values = parseProps(p, PROPS);
  p.end();
  const props: SchemaProps = {
    transient: head.modifiers.includes('TRANSIENT'),
    managedAccess,
    retention: 1,
    comment: null,
  };
  applyProps(props, values);
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveSchema(ctx, parts, 'CREATE SCHEMA');
      requireDatabase(ctx, ref.database);
      const existing = findSchema(ctx, ref);
      if ((existing?.props as SchemaProps | undefined)?.system) throw alreadyExists(shown(ref.schema));
      if (resolveExisting(ctx, head, ifNotExists, existing, shown(ref.schema)) === 'skip') {
        return alreadyExistsStatus(ref.schema);
      }
      createSchemaObject(ctx, ref.database, ref.schema, props);
      ctx.session.database = ref.database;
      ctx.session.schema = ref.schema;
      return status(`Schema ${ref.schema} successfully created.`);
    },
  };
}

function alter(p: Parser) {
  const ifExists = p.acceptKw('IF EXISTS');
  const parts = p.qualifiedName(2);
  let change: (ctx: ExecContext, s: CatalogObject<SchemaProps>) => void;
  if (p.acceptKw('SET')) {
    const values = parseProps(p, PROPS);
    if (Object.keys(values).length === 0) throw p.fail();
    change = (ctx, s) => {
      const props = { ...s.props };
      applyProps(props, values);
      ctx.catalog.update(s, props);
    };
  } else if (p.acceptKw('UNSET')) {
    const keys = parseUnset(p, PROPS);
    change = (ctx, s) => {
      const props = { ...s.props };
      applyProps(props, Object.fromEntries(keys.map((k) => [k, null])));
      ctx.catalog.update(s, props);
    };
  } else if (p.isKw('ENABLE MANAGED ACCESS') || p.isKw('DISABLE MANAGED ACCESS')) {
    const on = p.expectOneOf('ENABLE', 'DISABLE') === 'ENABLE';
    p.expectKw('MANAGED ACCESS');
    change = (ctx, s) => {
      ctx.catalog.update(s, { ...s.props, managedAccess: on });
    };
  } else if (p.acceptKw('RENAME TO')) {
    const to = p.qualifiedName(2);
    change = (ctx, s) => {
      const target = resolveSchema(ctx, to, 'ALTER SCHEMA');
      if (target.database !== s.database) throw unsupported('ALTER SCHEMA ... RENAME TO another database');
      if (findSchema(ctx, target)) throw alreadyExists(shown(target.schema));
      ctx.db
        .prepare('UPDATE objects SET schema = ? WHERE database = ? AND schema = ?')
        .run(target.schema, s.database, s.name);
      ctx.catalog.rename(s, target.schema);
      if (ctx.session.database === s.database && ctx.session.schema === s.name) ctx.session.schema = target.schema;
    };
  } else if (p.isKw('SWAP')) {
    throw unsupported('ALTER SCHEMA SWAP WITH');
  } else throw p.fail();
  p.end();
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveSchema(ctx, parts, 'ALTER SCHEMA');
      const s = findSchema(ctx, ref) as CatalogObject<SchemaProps> | undefined;
      if (!s) {
        if (ifExists) return status(OK);
        requireSchema(ctx, ref);
      }
      change(ctx, s!);
      return status(OK);
    },
  };
}

function drop(p: Parser) {
  const ifExists = p.acceptKw('IF EXISTS');
  const parts = p.qualifiedName(2);
  parseDropTail(p);
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveSchema(ctx, parts, 'DROP SCHEMA');
      const s = findSchema(ctx, ref);
      if (!s) {
        if (ifExists) return alreadyDroppedStatus(ref.schema);
        requireSchema(ctx, ref);
        throw doesNotExist('Schema', shown(ref.database, ref.schema));
      }
      if ((s.props as SchemaProps).system) {
        throw compilationError(`Cannot drop schema '${shown(ref.database, ref.schema)}'.`, '003001', '42501');
      }
      ctx.registry.removeObject(ctx, s);
      if (ctx.session.database === ref.database && ctx.session.schema === ref.schema) ctx.session.schema = null;
      return droppedStatus(ref.schema);
    },
  };
}

const SHOW_COLUMNS = columns(
  'created_on:timestamp_ltz name:text is_default:text is_current:text database_name:text owner:text comment:text ' +
    'options:text retention_time:text owner_role_type:text object_visibility:text budget:text',
);

function schemaRow(ctx: ExecContext, s: CatalogObject<SchemaProps>): Row {
  const options = [s.props.transient ? 'TRANSIENT' : '', s.props.managedAccess ? 'MANAGED ACCESS' : '']
    .filter(Boolean)
    .join(', ');
  return {
    created_on: s.createdOn,
    name: s.name,
    is_default: 'N',
    is_current: ctx.session.database === s.database && ctx.session.schema === s.name ? 'Y' : 'N',
    database_name: s.database,
    owner: s.props.system ? '' : OWNER,
    comment: s.props.comment ?? '',
    options,
    retention_time: String(s.props.retention),
    owner_role_type: s.props.system ? '' : 'ROLE',
    object_visibility: null,
    budget: null,
    kind: s.props.transient ? 'TRANSIENT' : null,
    schema_name: null,
  };
}

function show(p: Parser, head: Head) {
  const o = parseShowOptions(p, head, 'database');
  return {
    writes: false,
    run(ctx: ExecContext) {
      const scope = resolveScope(ctx, o);
      const list = filterByName(
        ctx.catalog.list<SchemaProps>('schema', scope.database ? { database: scope.database } : {}),
        o,
        (s) => s.name,
      );
      return showResult(
        o,
        SHOW_COLUMNS,
        list.map((s) => schemaRow(ctx, s)),
      );
    },
  };
}

const DESCRIBE_COLUMNS = columns('created_on:timestamp_ltz name:text kind:text database_name:text schema_name:text');

function describe(p: Parser) {
  const parts = p.qualifiedName(2);
  p.end();
  return {
    writes: false,
    run(ctx: ExecContext) {
      const ref = resolveSchema(ctx, parts, 'DESCRIBE SCHEMA');
      requireSchema(ctx, ref);
      const inside = ctx.catalog
        .contents(ref.database, ref.schema)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return rows(
        DESCRIBE_COLUMNS,
        inside.map((o) => ({
          created_on: o.createdOn,
          name: o.name,
          kind: (ctx.registry.kinds.get(o.kind)?.keyword ?? o.kind.toUpperCase()).replace(/ /g, '_'),
          database_name: ref.database,
          schema_name: ref.schema,
        })),
      );
    },
  };
}

export const schemaKind: KindModule = {
  kind: 'schema',
  keyword: 'SCHEMA',
  plural: 'SCHEMAS',
  create,
  alter,
  drop,
  show,
  describe,
  onRemove(ctx, obj) {
    removeContents(ctx, obj.database!, obj.name);
  },
};

export function register(registry: Registry): void {
  registry.addKind(schemaKind);
}
