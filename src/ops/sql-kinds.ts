/**
 * Words of Snowflake's SQL that say what kind of object a name is, as data for sql-targets.ts:
 * the kind keywords after CREATE/ALTER/DROP/ON/IN/TO, the plurals after SHOW, and the SYSTEM$
 * functions whose first argument names an object.
 */
import type { Token } from '../sql/lexer.js';
import type { TargetKind } from './rules.js';

/** What a kind keyword stands for; `null` kind: a kind snowops cannot place (fail closed). */
export interface KindWord {
  kind: TargetKind | null;
  /** For messages and account objects: "role", "view". */
  label: string;
  /** The kind has no name after it (ACCOUNT, SESSION). */
  nameless?: boolean;
  /** COMMENT ON COLUMN t.c: the name's last part is a column of a table. */
  column?: boolean;
}

const SCHEMA_OBJECTS =
  'STREAM SEQUENCE PIPE FILE_FORMAT FUNCTION EXTERNAL_FUNCTION PROCEDURE ALERT SECRET TAG MASKING_POLICY ' +
  'ROW_ACCESS_POLICY PROJECTION_POLICY AGGREGATION_POLICY SESSION_POLICY PASSWORD_POLICY AUTHENTICATION_POLICY ' +
  'PACKAGES_POLICY NETWORK_RULE NOTEBOOK STREAMLIT MODEL SNAPSHOT DATASET CORTEX_SEARCH_SERVICE';
const ACCOUNT_OBJECTS =
  'ROLE USER INTEGRATION API_INTEGRATION STORAGE_INTEGRATION NOTIFICATION_INTEGRATION SECURITY_INTEGRATION ' +
  'EXTERNAL_ACCESS_INTEGRATION CATALOG_INTEGRATION NETWORK_POLICY RESOURCE_MONITOR SHARE CONNECTION ' +
  'FAILOVER_GROUP REPLICATION_GROUP APPLICATION APPLICATION_PACKAGE EXTERNAL_VOLUME';
const TABLE_LIKE = 'TABLE VIEW MATERIALIZED_VIEW DYNAMIC_TABLE EXTERNAL_TABLE EVENT_TABLE HYBRID_TABLE ICEBERG_TABLE';

const label = (words: string) => words.replace(/_/g, ' ').toLowerCase();

/** Kind keywords by their words joined with `_` (COMPUTE_POOL). */
const KIND_WORDS = new Map<string, KindWord>([
  ['DATABASE', { kind: 'database', label: 'database' }],
  ['SCHEMA', { kind: 'schema', label: 'schema' }],
  ['STAGE', { kind: 'stage', label: 'stage' }],
  ['WAREHOUSE', { kind: 'warehouse', label: 'warehouse' }],
  ['TASK', { kind: 'task', label: 'task' }],
  ['COMPUTE_POOL', { kind: 'compute_pool', label: 'compute pool' }],
  ['IMAGE_REPOSITORY', { kind: 'image_repository', label: 'image repository' }],
  ['SERVICE', { kind: 'service', label: 'service' }],
  ['COLUMN', { kind: 'table', label: 'column', column: true }],
  ['ACCOUNT', { kind: 'account_object', label: 'account', nameless: true }],
  ['SESSION', { kind: null, label: 'session', nameless: true }],
  // Objects inside a database but outside schemas: snowops has no level for them.
  ['DATABASE_ROLE', { kind: null, label: 'database role' }],
  ['APPLICATION_ROLE', { kind: null, label: 'application role' }],
  ...TABLE_LIKE.split(' ').map((w): [string, KindWord] => [w, { kind: 'table', label: label(w) }]),
  ...SCHEMA_OBJECTS.split(' ').map((w): [string, KindWord] => [w, { kind: 'object', label: label(w) }]),
  ...ACCOUNT_OBJECTS.split(' ').map((w): [string, KindWord] => [w, { kind: 'account_object', label: label(w) }]),
]);

const LONGEST = Math.max(...[...KIND_WORDS.keys()].map((k) => k.split('_').length));

/** The kind keyword at `i` (longest match), and the index after it. */
export function kindAt(tokens: Token[], i: number): (KindWord & { next: number }) | null {
  for (let n = LONGEST; n >= 1; n--) {
    const words = tokens.slice(i, i + n);
    if (words.length < n || words.some((t) => t.type !== 'word')) continue;
    const key = words.map((t) => t.value.toUpperCase()).join('_');
    const found = KIND_WORDS.get(key);
    if (found) return { ...found, next: i + n };
  }
  return null;
}

/** SHOW plurals that list objects of a kind, with where they live. */
const PLURALS = new Map<string, TargetKind>([
  ['DATABASES', 'database'],
  ['WAREHOUSES', 'warehouse'],
  ['COMPUTE_POOLS', 'compute_pool'],
  ['SCHEMAS', 'schema'],
  ['TABLES', 'table'],
  ['VIEWS', 'table'],
  ['MATERIALIZED_VIEWS', 'table'],
  ['DYNAMIC_TABLES', 'table'],
  ['EXTERNAL_TABLES', 'table'],
  ['EVENT_TABLES', 'table'],
  ['HYBRID_TABLES', 'table'],
  ['ICEBERG_TABLES', 'table'],
  ['OBJECTS', 'table'],
  ['STAGES', 'stage'],
  ['TASKS', 'task'],
  ['IMAGE_REPOSITORIES', 'image_repository'],
  ['SERVICES', 'service'],
  ...'STREAMS SEQUENCES PIPES FILE_FORMATS FUNCTIONS USER_FUNCTIONS PROCEDURES USER_PROCEDURES ALERTS SECRETS TAGS NOTEBOOKS STREAMLITS MODELS'
    .split(' ')
    .map((w): [string, TargetKind] => [w, 'object']),
  ...'ROLES USERS INTEGRATIONS NETWORK_POLICIES RESOURCE_MONITORS SHARES CONNECTIONS APPLICATIONS REGIONS'
    .split(' ')
    .map((w): [string, TargetKind] => [w, 'account_object']),
]);

/** The SHOW plural at `i`, e.g. TABLES or COMPUTE POOLS. */
export function pluralAt(tokens: Token[], i: number): { kind: TargetKind; next: number } | null {
  for (let n = 2; n >= 1; n--) {
    const words = tokens.slice(i, i + n);
    if (words.length < n || words.some((t) => t.type !== 'word')) continue;
    const kind = PLURALS.get(words.map((t) => t.value.toUpperCase()).join('_'));
    if (kind) return { kind, next: i + n };
  }
  return null;
}

/**
 * SYSTEM$ functions snowops understands: the kind of object their first argument names, or
 * `none` when they name no object. Any other SYSTEM$ function makes a statement unresolvable.
 */
export const SYSTEM_FUNCTIONS = new Map<string, TargetKind | 'none'>([
  ['SYSTEM$GET_SERVICE_STATUS', 'service'],
  ['SYSTEM$GET_SERVICE_LOGS', 'service'],
  ['SYSTEM$TASK_DEPENDENTS_ENABLE', 'task'],
  ['SYSTEM$USER_TASK_CANCEL_ONGOING_EXECUTIONS', 'task'],
  ['SYSTEM$STREAM_HAS_DATA', 'object'],
  ['SYSTEM$CLUSTERING_INFORMATION', 'table'],
  ['SYSTEM$CLUSTERING_DEPTH', 'table'],
  ['SYSTEM$LAST_CHANGE_COMMIT_TIME', 'table'],
  ['SYSTEM$WAIT', 'none'],
  ['SYSTEM$TYPEOF', 'none'],
  ['SYSTEM$CURRENT_USER_TASK_NAME', 'none'],
  ['SYSTEM$GET_PREDECESSOR_RETURN_VALUE', 'none'],
  ['SYSTEM$SET_RETURN_VALUE', 'none'],
  ['SYSTEM$TASK_RUNTIME_INFO', 'none'],
  ['SYSTEM$GET_TASK_GRAPH_CONFIG', 'none'],
]);
