/**
 * Stages: CREATE [OR REPLACE] [TEMPORARY] STAGE (internal, or external with URL), ALTER STAGE
 * (SET, RENAME), DROP, SHOW STAGES and DESCRIBE STAGE. The emulator stores no files.
 */
import type { Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { shown } from '../errors.js';
import { findObject, requireSchema, resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import { type PropParser, type PropValue, parseProps, prop } from '../props.js';
import type { ExecContext, Head, KindModule, Registry } from '../registry.js';
import { columns, rows, status } from '../results.js';
import { alreadyExistsStatus, OWNER, parseIfNotExists, resolveExisting } from './common.js';
import { schemaObjectLookup } from './lookup.js';
import {
  alterHandler,
  type Change,
  describeHandler,
  dropHandler,
  renameInSchema,
  setProps,
  showHandler,
} from './verbs.js';

export interface StageProps {
  url: string;
  temporary: boolean;
  storageIntegration: string | null;
  hasCredentials: boolean;
  hasEncryptionKey: boolean;
  directoryEnabled: boolean;
  fileFormat: Record<string, string>;
  comment: string | null;
}

/** `( KEY = value ... )` option groups (FILE_FORMAT, DIRECTORY, ENCRYPTION, ...), values as text. */
const group: PropParser = (p) => {
  p.expectPunct('(');
  const out: Record<string, string> = {};
  while (!p.acceptPunct(')')) {
    const key = p.name().toUpperCase();
    p.expectPunct('=');
    if (p.isPunct('(')) {
      // Nested lists such as NULL_IF = ('a', 'b'): keep their text.
      const start = p.pos;
      let depth = 0;
      do {
        if (p.isPunct('(')) depth++;
        if (p.isPunct(')')) depth--;
        p.next();
      } while (depth > 0);
      out[key] = p.textFrom(start);
    } else {
      const lit = p.literal();
      out[key] = lit.type === 'null' ? 'NULL' : String(lit.value);
    }
    p.acceptPunct(',');
  }
  return JSON.stringify(out);
};

const PROPS: Record<string, PropParser> = {
  URL: prop.string,
  STORAGE_INTEGRATION: prop.word,
  CREDENTIALS: group,
  ENCRYPTION: group,
  DIRECTORY: group,
  FILE_FORMAT: group,
  COPY_OPTIONS: group,
  COMMENT: prop.string,
};

function apply(target: StageProps, values: Record<string, PropValue>): void {
  const parsed = (k: string) => JSON.parse(values[k] as string) as Record<string, string>;
  if ('URL' in values) target.url = (values.URL as string | null) ?? '';
  if ('STORAGE_INTEGRATION' in values) target.storageIntegration = values.STORAGE_INTEGRATION as string | null;
  if ('CREDENTIALS' in values) target.hasCredentials = Object.keys(parsed('CREDENTIALS')).length > 0;
  if ('ENCRYPTION' in values) target.hasEncryptionKey = 'MASTER_KEY' in parsed('ENCRYPTION');
  if ('DIRECTORY' in values) target.directoryEnabled = /^true$/i.test(parsed('DIRECTORY').ENABLE ?? '');
  if ('FILE_FORMAT' in values) target.fileFormat = parsed('FILE_FORMAT');
  if ('COMMENT' in values) target.comment = values.COMMENT as string | null;
}

function create(p: Parser, head: Head) {
  const temporary = head.modifiers.some((m) => m === 'TEMPORARY' || m === 'TEMP');
  if (head.modifiers.some((m) => !['TEMPORARY', 'TEMP'].includes(m))) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const parts = p.qualifiedName(3);
  const values = parseProps(p, PROPS);
  p.end();
  return {
    writes: true,
    run(ctx: ExecContext) {
      const ref = resolveObject(ctx, parts, 'CREATE STAGE');
      requireSchema(ctx, ref);
      const props: StageProps = {
        url: '',
        temporary,
        storageIntegration: null,
        hasCredentials: false,
        hasEncryptionKey: false,
        directoryEnabled: false,
        fileFormat: {},
        comment: null,
      };
      apply(props, values);
      if (resolveExisting(ctx, head, ifNotExists, findObject(ctx, 'stage', ref), shown(ref.name)) === 'skip') {
        return alreadyExistsStatus(ref.name);
      }
      ctx.catalog.insert({ kind: 'stage', ...ref }, props, ctx.now);
      return status(`Stage area ${ref.name} successfully created.`);
    },
  };
}

const STAGE = schemaObjectLookup<CatalogObject<StageProps>>('stage', 'STAGE', 'Stage');

const alter = alterHandler(STAGE, (p): Change<CatalogObject<StageProps>> => {
  if (p.acceptKw('RENAME TO')) return renameInSchema(p, 'stage', 'ALTER STAGE');
  p.expectKw('SET');
  return setProps(p, PROPS, apply);
});

const drop = dropHandler(STAGE);

const SHOW_COLUMNS = columns(
  'created_on:timestamp_ltz name:text database_name:text schema_name:text url:text has_credentials:text ' +
    'has_encryption_key:text owner:text comment:text region:text type:text cloud:text notification_channel:text ' +
    'storage_integration:text endpoint:text owner_role_type:text directory_enabled:text',
);

function cloudOf(url: string): string | null {
  if (/^s3[a-z]*:\/\//i.test(url)) return 'AWS';
  if (/^azure:\/\//i.test(url)) return 'AZURE';
  if (/^gcs:\/\//i.test(url)) return 'GCP';
  return null;
}

function stageRow(s: CatalogObject<StageProps>): Row {
  const external = s.props.url !== '';
  return {
    created_on: s.createdOn,
    name: s.name,
    database_name: s.database,
    schema_name: s.schema,
    url: s.props.url,
    has_credentials: s.props.hasCredentials ? 'Y' : 'N',
    has_encryption_key: s.props.hasEncryptionKey ? 'Y' : 'N',
    owner: OWNER,
    comment: s.props.comment ?? '',
    region: null,
    type: external ? 'EXTERNAL' : s.props.temporary ? 'INTERNAL TEMPORARY' : 'INTERNAL',
    cloud: external ? cloudOf(s.props.url) : null,
    notification_channel: null,
    storage_integration: s.props.storageIntegration,
    endpoint: null,
    owner_role_type: 'ROLE',
    directory_enabled: s.props.directoryEnabled ? 'Y' : 'N',
    kind: s.props.temporary ? 'TEMPORARY' : 'PERMANENT',
  };
}

const show = showHandler('stage', 'schema', SHOW_COLUMNS, (_ctx, s: CatalogObject<StageProps>) => stageRow(s));

const DESCRIBE_COLUMNS = columns(
  'parent_property:text property:text property_type:text property_value:text property_default:text',
);

const describe = describeHandler(STAGE, (_ctx, s) => {
  const ff = s.props.fileFormat;
  const row = (parent: string, property: string, type: string, value: string, def: string) => ({
    parent_property: parent,
    property,
    property_type: type,
    property_value: value,
    property_default: def,
  });
  return rows(DESCRIBE_COLUMNS, [
    row('STAGE_FILE_FORMAT', 'TYPE', 'String', ff.TYPE ?? 'CSV', 'CSV'),
    row('STAGE_FILE_FORMAT', 'FIELD_DELIMITER', 'String', ff.FIELD_DELIMITER ?? ',', ','),
    row('STAGE_FILE_FORMAT', 'SKIP_HEADER', 'Integer', ff.SKIP_HEADER ?? '0', '0'),
    row('STAGE_LOCATION', 'URL', 'String', s.props.url ? JSON.stringify([s.props.url]) : '', ''),
    row('STAGE_INTEGRATION', 'STORAGE_INTEGRATION', 'String', s.props.storageIntegration ?? '', ''),
    row('DIRECTORY', 'ENABLE', 'Boolean', String(s.props.directoryEnabled), 'false'),
  ]);
});

export const stageKind: KindModule = {
  kind: 'stage',
  keyword: 'STAGE',
  plural: 'STAGES',
  create,
  alter,
  drop,
  show,
  describe,
  // Snowflake clones external named stages with their schema or database; internal ones only
  // with INCLUDE INTERNAL STAGES. Stages hold no files here, so the definition is all there is.
  clone(ctx, s, target, scope) {
    const props = s.props as StageProps;
    if (props.url === '' && !scope.includeInternalStages) return undefined;
    return ctx.catalog.insert({ kind: 'stage', ...target }, { ...props }, ctx.now);
  },
};

export function register(registry: Registry): void {
  registry.addKind(stageKind);
}
