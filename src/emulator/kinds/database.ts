/**
 * Databases: CREATE [OR REPLACE] [TRANSIENT] DATABASE [CLONE source], ALTER (SET/UNSET/RENAME),
 * DROP (takes its schemas and their objects) and UNDROP (brings them back), SHOW DATABASES
 * [HISTORY], DESCRIBE DATABASE. Every database gets the PUBLIC and INFORMATION_SCHEMA schemas (a
 * clone gets its own INFORMATION_SCHEMA and copies of the source's other schemas).
 */
import type { Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { type CloneScope, cloneContents, cloneInto, parseCloneSource } from '../clone.js';
import { alreadyExists, shown, unsupported } from '../errors.js';
import { findDatabase, findSchema } from '../names.js';
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
import { accountLookup, requireNamed } from './lookup.js';
import { createSchemaObject } from './schema.js';
import { alterHandler, type Change, describeHandler, dropHandler, setProps, showHandler, unsetProps } from './verbs.js';

export interface DatabaseProps {
  transient: boolean;
  retention: number;
  maxExtension: number;
  collation: string;
  comment: string | null;
}

function applyProps(target: DatabaseProps, values: Record<string, unknown>): void {
  if ('MAX_DATA_EXTENSION_TIME_IN_DAYS' in values)
    target.maxExtension = (values.MAX_DATA_EXTENSION_TIME_IN_DAYS as number | null) ?? 14;
  if ('DEFAULT_DDL_COLLATION' in values) target.collation = (values.DEFAULT_DDL_COLLATION as string | null) ?? '';
  applyContainerProps(target, values);
}

/** Creates a database row and its INFORMATION_SCHEMA, which every database has. */
function insertDatabase(ctx: ExecContext, name: string, props: DatabaseProps): CatalogObject<DatabaseProps> {
  const obj = ctx.catalog.insert({ kind: 'database', name }, props, ctx.now);
  createSchemaObject(ctx, name, 'INFORMATION_SCHEMA', {
    transient: false,
    managedAccess: false,
    retention: props.retention,
    comment: 'Views describing the contents of schemas in this database',
    system: true,
  });
  return obj;
}

/** Creates a database row and its two standard schemas. */
export function createDatabaseObject(ctx: ExecContext, name: string, props: DatabaseProps): CatalogObject {
  const obj = insertDatabase(ctx, name, props);
  createSchemaObject(ctx, name, 'PUBLIC', {
    transient: props.transient,
    managedAccess: false,
    retention: props.retention,
    comment: null,
  });
  return obj;
}

function create(p: Parser, head: Head) {
  if (head.modifiers.some((m) => m !== 'TRANSIENT')) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const name = p.name();
  if (p.isKw('FROM')) throw unsupported('CREATE DATABASE ... FROM');
  const source = p.acceptKw('CLONE') ? parseCloneSource(p, 1, 'DATABASE') : undefined;
  const transient = head.modifiers.includes('TRANSIENT');
  const values = parseProps(p, CONTAINER_PROPS);
  p.end();
  const props: DatabaseProps = { transient, retention: 1, maxExtension: 14, collation: '', comment: null };
  applyProps(props, values);
  return {
    writes: true,
    run(ctx: ExecContext) {
      const existing = findDatabase(ctx, name);
      if (source) {
        const from = requireNamed(DATABASE, ctx, source.parts, 'CREATE DATABASE');
        // The source's properties, with what the statement sets over them.
        const cloned = { ...from.props, transient: from.props.transient || transient };
        applyProps(cloned, values);
        const scope: CloneScope = {
          from: { database: from.name },
          to: { database: name },
          includeInternalStages: source.includeInternalStages,
          transient,
        };
        const copy = (as: string) => cloneDatabase(ctx, from, as, scope, cloned);
        if (!cloneInto(ctx, head, ifNotExists, existing, from, name, shown(name), copy, renameDatabase)) {
          return alreadyExistsStatus(name);
        }
      } else {
        if (resolveExisting(ctx, head, ifNotExists, existing, shown(name)) === 'skip') {
          return alreadyExistsStatus(name);
        }
        createDatabaseObject(ctx, name, props);
      }
      ctx.session.database = name;
      ctx.session.schema = findSchema(ctx, { database: name, schema: 'PUBLIC' }) ? 'PUBLIC' : null;
      return status(`Database ${name} successfully created.`);
    },
  };
}

/** A copy of a database: its own INFORMATION_SCHEMA and a copy of each of its other schemas. */
function cloneDatabase(
  ctx: ExecContext,
  source: CatalogObject<DatabaseProps>,
  name: string,
  scope: CloneScope,
  props: DatabaseProps,
): CatalogObject<DatabaseProps> {
  const copy = insertDatabase(ctx, name, props);
  cloneContents(ctx, { database: source.name }, { database: name }, scope);
  return copy;
}

/** Renames a database; what it holds follows it. */
function renameDatabase(ctx: ExecContext, db: CatalogObject<DatabaseProps>, to: string): void {
  ctx.db.prepare('UPDATE objects SET database = ? WHERE database = ?').run(to, db.name);
  ctx.catalog.rename(db, to);
}

const DATABASE = accountLookup<CatalogObject<DatabaseProps>>('database', 'DATABASE', 'Database');

const alter = alterHandler(DATABASE, (p): Change<CatalogObject<DatabaseProps>> => {
  if (p.acceptKw('SET')) return setProps(p, CONTAINER_PROPS, applyProps);
  if (p.acceptKw('UNSET')) return unsetProps(p, CONTAINER_PROPS, applyProps);
  if (p.acceptKw('RENAME TO')) {
    const to = p.name();
    return (ctx, db) => {
      if (findDatabase(ctx, to)) throw alreadyExists(shown(to));
      renameDatabase(ctx, db, to);
      if (ctx.session.database === db.name) ctx.session.database = to;
    };
  }
  if (p.isKw('SWAP') || p.isKw('ENABLE') || p.isKw('DISABLE') || p.isKw('REFRESH')) {
    throw unsupported(`ALTER DATABASE ${p.peek()!.value.toUpperCase()}`);
  }
  throw p.fail();
});

const drop = dropHandler(DATABASE, {
  after(ctx, db) {
    if (ctx.session.database === db.name) {
      ctx.session.database = null;
      ctx.session.schema = null;
    }
  },
});

const SHOW_COLUMNS = columns(
  'created_on:timestamp_ltz name:text is_default:text is_current:text origin:text owner:text comment:text ' +
    'options:text retention_time:text kind:text budget:text owner_role_type:text object_visibility:text',
);

export function databaseRow(ctx: ExecContext, db: CatalogObject<DatabaseProps>): Row {
  return {
    created_on: db.createdOn,
    name: db.name,
    is_default: 'N',
    is_current: ctx.session.database === db.name ? 'Y' : 'N',
    origin: '',
    owner: OWNER,
    comment: db.props.comment ?? '',
    options: db.props.transient ? 'TRANSIENT' : '',
    retention_time: String(db.props.retention),
    kind: db.props.transient ? 'TRANSIENT' : 'STANDARD',
    budget: null,
    owner_role_type: 'ROLE',
    object_visibility: null,
    database_name: null,
    schema_name: null,
  };
}

const show = showHandler('database', 'account', SHOW_COLUMNS, databaseRow);

const describe = describeHandler(DATABASE, (ctx, db) =>
  contentsResult(ctx, ctx.catalog.list('schema', { database: db.name }), db.name, null),
);

export const databaseKind: KindModule = {
  kind: 'database',
  keyword: 'DATABASE',
  plural: 'DATABASES',
  create,
  alter,
  drop,
  show,
  describe,
  undrop: undropHandler(DATABASE, 'Database'),
  contents: (ctx, db) => ctx.catalog.contents(db.name),
  retention: (db) => (db.props as DatabaseProps).retention,
};

export function register(registry: Registry): void {
  registry.addKind(databaseKind);
}
