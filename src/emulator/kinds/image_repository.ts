/**
 * Image repositories: CREATE [OR REPLACE] IMAGE REPOSITORY [IF NOT EXISTS], DROP, SHOW IMAGE
 * REPOSITORIES, DESCRIBE IMAGE REPOSITORY and SHOW IMAGES IN IMAGE REPOSITORY (always empty:
 * nothing can be pushed to the local emulator). The repository_url has Snowflake's form with a
 * local organisation-account prefix.
 */
import type { Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { shown, unsupported } from '../errors.js';
import { findObject, requireSchema, resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import { type PropParser, parseProps, prop } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, projected, rows, status } from '../results.js';
import { LOCAL_ACCOUNT } from '../spcs/state.js';
import { alreadyExistsStatus, OWNER, parseIfNotExists, resolveExisting } from './common.js';
import { requireNamed, schemaObjectLookup } from './lookup.js';
import { describeHandler, dropHandler, showHandler } from './verbs.js';

interface RepoProps {
  comment: string | null;
  encryption: string;
}

const KIND = 'image_repository';

/** `ENCRYPTION = ( TYPE = 'SNOWFLAKE_SSE' )` */
const encryption: PropParser = (p) => {
  p.expectPunct('(');
  p.expectKw('TYPE');
  p.expectPunct('=');
  const type = p.string().toUpperCase();
  p.expectPunct(')');
  return type;
};

const PROPS: Record<string, PropParser> = { ENCRYPTION: encryption, COMMENT: prop.string };

function create(p: Parser, head: Head) {
  if (head.modifiers.length || head.orAlter) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const parts = p.qualifiedName(3);
  if (p.isKw('WITH') || p.isKw('TAG')) throw unsupported('CREATE IMAGE REPOSITORY ... TAG');
  const values = parseProps(p, PROPS);
  p.end();
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveObject(ctx, parts, 'CREATE IMAGE REPOSITORY');
      requireSchema(ctx, ref);
      const existing = findObject(ctx, KIND, ref);
      if (resolveExisting(ctx, head, ifNotExists, existing, shown(ref.name)) === 'skip') {
        return alreadyExistsStatus(ref.name);
      }
      const props: RepoProps = {
        comment: (values.COMMENT as string | null | undefined) ?? null,
        encryption: (values.ENCRYPTION as string | undefined) ?? 'SNOWFLAKE_SSE',
      };
      ctx.catalog.insert({ kind: KIND, ...ref }, props, ctx.now);
      return status(`Image Repository ${ref.name} successfully created.`);
    },
  };
}

const REPOSITORY = schemaObjectLookup<CatalogObject<RepoProps>>(KIND, 'IMAGE REPOSITORY', 'Image Repository');

const drop = dropHandler(REPOSITORY);

const SHOW_COLUMNS = columns(
  'created_on:timestamp_ltz name:text database_name:text schema_name:text repository_url:text owner:text ' +
    'owner_role_type:text comment:text encryption:text',
);

/** `<org>-<account>.registry.snowflakecomputing.com/<db>/<schema>/<repo>`, lower-cased. */
export function repositoryUrl(database: string, schema: string, name: string): string {
  return `${LOCAL_ACCOUNT}.registry.snowflakecomputing.com/${database}/${schema}/${name}`.toLowerCase();
}

function repoRow(r: CatalogObject<RepoProps>): Row {
  return {
    created_on: r.createdOn,
    name: r.name,
    database_name: r.database,
    schema_name: r.schema,
    repository_url: repositoryUrl(r.database!, r.schema!, r.name),
    owner: OWNER,
    owner_role_type: 'ROLE',
    comment: r.props.comment,
    encryption: r.props.encryption,
    kind: 'IMAGE_REPOSITORY',
  };
}

const show = showHandler(KIND, 'schema', SHOW_COLUMNS, (_ctx, r: CatalogObject<RepoProps>) => repoRow(r));

const describe = describeHandler(REPOSITORY, (_ctx, r) => projected(SHOW_COLUMNS, [repoRow(r)]));

const IMAGE_COLUMNS = columns('created_on:timestamp_ltz image_name:text tags:text digest:text image_path:text');

/** SHOW IMAGES IN IMAGE REPOSITORY r: the repository must exist; it never holds images here. */
function showImages(p: Parser) {
  p.expectKw('IN IMAGE REPOSITORY');
  const parts = p.qualifiedName(3);
  p.end();
  return {
    writes: false,
    run(ctx: ExecContext) {
      requireNamed(REPOSITORY, ctx, parts, 'SHOW IMAGES');
      return rows(IMAGE_COLUMNS, []);
    },
  };
}

export const imageRepositoryKind: KindModule = {
  kind: KIND,
  keyword: 'IMAGE REPOSITORY',
  plural: 'IMAGE REPOSITORIES',
  create,
  drop,
  show,
  describe,
  clone: (ctx, r, target) => ctx.catalog.insert({ kind: KIND, ...target }, { ...(r.props as RepoProps) }, ctx.now),
};

export function register(registry: Registry): void {
  registry.addKind(imageRepositoryKind);
  registry.on('SHOW', 'IMAGES', showImages);
}
