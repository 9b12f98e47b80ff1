/**
 * Schemas: CREATE [OR REPLACE] [TRANSIENT] SCHEMA [IF NOT EXISTS] [db.]s [CLONE [db.]source]
 * [WITH MANAGED ACCESS], ALTER (SET/UNSET/RENAME/ENABLE|DISABLE MANAGED ACCESS), DROP (takes its
 * objects) and UNDROP (brings them back), SHOW SCHEMAS [HISTORY], DESCRIBE SCHEMA (the objects
 * inside). A clone copies what Snowflake clones of what the source holds (clone.ts).
 */
import type { Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { type CloneScope, cloneContents, cloneInto, parseCloneSource } from '../clone.js';
import { alreadyExists, compilationError, shown, unsupported } from '../errors.js';
import { findSchema, requireDatabase, resolveSchema } from '../names.js';
import type { Parser } from '../parser.js';
import { parseProps } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, status } from '../results.js';
import { undropHandler } from '../timetravel.js';
import {
  alreadyExistsStatus,
  applyContainerProps,
  CONTAINER_PROPS,
  contentsResult,
  OWNER,
  parseIfNotExists,
  resolveExisting,
} from './common.js';
import { requireNamed, schemaLookup } from './lookup.js';
import { alterHandler, type Change, describeHandler, dropHandler, setProps, showHandler, unsetProps } from './verbs.js';

export interface SchemaProps {
  transient: boolean;
  managedAccess: boolean;
  retention: number;
  comment: string | null;
  /** INFORMATION_SCHEMA: owned by nobody, cannot be dropped. */
  system?: boolean;
}

export function createSchemaObject(
  ctx: ExecContext,
  database: string,
  name: string,
  props: SchemaProps,
): CatalogObject {
  return ctx.catalog.insert({ kind: 'schema', database, name }, props, ctx.now);
}

function create(p: Parser, head: Head) {
  if (head.modifiers.some((m) => m !== 'TRANSIENT')) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const parts = p.qualifiedName(2);
  const source = p.acceptKw('CLONE') ? parseCloneSource(p, 2, 'SCHEMA') : undefined;
  const transient = head.modifiers.includes('TRANSIENT');
  const managedAccess = p.acceptKw('WITH MANAGED ACCESS');
  const values = parseProps(p, CONTAINER_PROPS);
  p.end();
  const props: SchemaProps = { transient, managedAccess, retention: 1, comment: null };
  applyContainerProps(props, values);
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveSchema(ctx, parts, 'CREATE SCHEMA');
      requireDatabase(ctx, ref.database);
      const existing = findSchema(ctx, ref);
      if ((existing?.props as SchemaProps | undefined)?.system) throw alreadyExists(shown(ref.schema));
      if (source) {
        const from = requireNamed(SCHEMA, ctx, source.parts, 'CREATE SCHEMA');
        if (from.props.system) throw unsupported('CREATE SCHEMA ... CLONE INFORMATION_SCHEMA');
        // The source's properties, with what the statement sets over them.
        const cloned = { ...from.props, transient: from.props.transient || transient };
        cloned.managedAccess ||= managedAccess;
        applyContainerProps(cloned, values);
        const scope: CloneScope = {
          from: { database: from.database!, schema: from.name },
          to: { database: ref.database, schema: ref.schema },
          includeInternalStages: source.includeInternalStages,
          transient: false,
        };
        const copy = (name: string) => cloneSchema(ctx, from, { database: ref.database, name }, scope, cloned);
        if (!cloneInto(ctx, head, ifNotExists, existing, from, ref.schema, shown(ref.schema), copy, renameSchema)) {
          return alreadyExistsStatus(ref.schema);
        }
      } else {
        if (resolveExisting(ctx, head, ifNotExists, existing, shown(ref.schema)) === 'skip') {
          return alreadyExistsStatus(ref.schema);
        }
        createSchemaObject(ctx, ref.database, ref.schema, props);
      }
      ctx.session.database = ref.database;
      ctx.session.schema = ref.schema;
      return status(`Schema ${ref.schema} successfully created.`);
    },
  };
}

/** A copy of a schema with everything in it that Snowflake clones; `scope` says what is being cloned. */
function cloneSchema(
  ctx: ExecContext,
  source: CatalogObject<SchemaProps>,
  target: { database: string; name: string },
  scope: CloneScope,
  props: SchemaProps,
): CatalogObject<SchemaProps> {
  const copy = createSchemaObject(ctx, target.database, target.name, props) as CatalogObject<SchemaProps>;
  cloneContents(
    ctx,
    { database: source.database!, schema: source.name },
    { database: target.database, schema: target.name },
    scope,
  );
  return copy;
}

/** Renames a schema; its objects follow it. */
function renameSchema(ctx: ExecContext, s: CatalogObject<SchemaProps>, to: string): void {
  ctx.db.prepare('UPDATE objects SET schema = ? WHERE database = ? AND schema = ?').run(to, s.database, s.name);
  ctx.catalog.rename(s, to);
}

const SCHEMA = schemaLookup<CatalogObject<SchemaProps>>();

const alter = alterHandler(SCHEMA, (p): Change<CatalogObject<SchemaProps>> => {
  if (p.acceptKw('SET')) return setProps(p, CONTAINER_PROPS, applyContainerProps);
  if (p.acceptKw('UNSET')) return unsetProps(p, CONTAINER_PROPS, applyContainerProps);
  if (p.isKw('ENABLE MANAGED ACCESS') || p.isKw('DISABLE MANAGED ACCESS')) {
    const on = p.expectOneOf('ENABLE', 'DISABLE') === 'ENABLE';
    p.expectKw('MANAGED ACCESS');
    return (ctx, s) => {
      ctx.catalog.update(s, { ...s.props, managedAccess: on });
    };
  }
  if (p.acceptKw('RENAME TO')) {
    const to = p.qualifiedName(2);
    return (ctx, s) => {
      const target = resolveSchema(ctx, to, 'ALTER SCHEMA');
      if (target.database !== s.database) throw unsupported('ALTER SCHEMA ... RENAME TO another database');
      if (findSchema(ctx, target)) throw alreadyExists(shown(target.schema));
      renameSchema(ctx, s, target.schema);
      if (ctx.session.database === s.database && ctx.session.schema === s.name) ctx.session.schema = target.schema;
    };
  }
  if (p.isKw('SWAP')) throw unsupported('ALTER SCHEMA SWAP WITH');
  throw p.fail();
});

const drop = dropHandler(SCHEMA, {
  before(_ctx, s) {
    if (s.props.system) {
      throw compilationError(`Cannot drop schema '${shown(s.database!, s.name)}'.`, '003001', '42501');
    }
  },
  after(ctx, s) {
    if (ctx.session.database === s.database && ctx.session.schema === s.name) ctx.session.schema = null;
  },
});

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

const show = showHandler('schema', 'database', SHOW_COLUMNS, schemaRow);

const describe = describeHandler(SCHEMA, (ctx, s) => {
  const inside = ctx.catalog.contents(s.database!, s.name);
  return contentsResult(
    ctx,
    inside.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    s.database!,
    s.name,
  );
});

export const schemaKind: KindModule = {
  kind: 'schema',
  keyword: 'SCHEMA',
  plural: 'SCHEMAS',
  create,
  alter,
  drop,
  show,
  describe,
  undrop: undropHandler(SCHEMA, 'Schema'),
  contents: (ctx, s) => ctx.catalog.contents(s.database!, s.name),
  retention: (s) => (s.props as SchemaProps).retention,
  // Every database has its own INFORMATION_SCHEMA: a database's clone does not copy it.
  clone(ctx, s, target, scope) {
    const props = s.props as SchemaProps;
    if (props.system) return undefined;
    return cloneSchema(ctx, s as CatalogObject<SchemaProps>, target, scope, {
      ...props,
      transient: props.transient || scope.transient,
    });
  },
};

export function register(registry: Registry): void {
  registry.addKind(schemaKind);
}
