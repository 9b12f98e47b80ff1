/**
 * Services: SHOW/DESCRIBE SERVICE rows to the model, CREATE SERVICE (inline spec or a spec file
 * on a stage) and the plans of the service tools. Snowflake allows only plain names for a
 * service and its database and schema, and has no CREATE OR REPLACE SERVICE.
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { invalidInput, SnowopsError } from '../errors.js';
import { dollarQuote, ident, qualified, quoteString } from '../sql/identifiers.js';
import { parseServiceSpec, SpecError } from '../sql/service-spec.js';
import { clauses, commentClause, intLiteral } from './ddl.js';
import { flag, numberOrNull, text, textOrNull, timestamp } from './rows.js';
import type { KindSpec, Model, ObjectRef } from './types.js';

export const serviceModel = z.object({
  name: z.string(),
  database_name: z.string(),
  schema_name: z.string(),
  compute_pool: z.string(),
  status: z.string(),
  min_instances: z.number().nullable(),
  max_instances: z.number().nullable(),
  current_instances: z.number().nullable(),
  dns_name: z.string().nullable(),
  owner: z.string(),
  created_on: z.string().nullable(),
  spec: z.string().optional(),
  query_warehouse: z.string().nullable().optional(),
  external_access_integrations: z.array(z.string()).optional(),
  auto_resume: z.boolean().optional(),
  comment: z.string().nullable().optional(),
});

export type Service = z.infer<typeof serviceModel>;

export function serviceFromRow(row: Row): Service {
  return {
    name: text(row, 'name'),
    database_name: text(row, 'database_name'),
    schema_name: text(row, 'schema_name'),
    compute_pool: text(row, 'compute_pool'),
    status: text(row, 'status').toUpperCase(),
    min_instances: numberOrNull(row, 'min_instances'),
    max_instances: numberOrNull(row, 'max_instances'),
    current_instances: numberOrNull(row, 'current_instances'),
    dns_name: textOrNull(row, 'dns_name'),
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
  };
}

/** SHOW prints the integrations as `[A, B]` (or NULL). */
function integrations(row: Row): string[] {
  const raw = textOrNull(row, 'external_access_integrations');
  if (!raw) return [];
  return raw
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter((s) => s !== '');
}

async function describeService(client: SqlClient, ref: ObjectRef): Promise<Model> {
  const result = await client.execute(`DESCRIBE SERVICE ${serviceName(ref)}`);
  const row = result.rows[0];
  if (!row) throw new SnowopsError('not_found', `Service ${ref.name} does not exist or is not authorized.`);
  return {
    ...serviceFromRow(row),
    spec: text(row, 'spec'),
    query_warehouse: textOrNull(row, 'query_warehouse'),
    external_access_integrations: integrations(row),
    auto_resume: flag(row, 'auto_resume'),
    comment: textOrNull(row, 'comment'),
  };
}

export const service: KindSpec = {
  kind: 'service',
  label: 'service',
  keyword: 'SERVICE',
  plural: 'SERVICES',
  scope: 'schema',
  plainNamesOnly: true,
  showPaging: true,
  summary: serviceFromRow,
  describe: (client, ref) => describeService(client, ref),
  detail: (row) => `${text(row, 'status')}, compute pool ${text(row, 'compute_pool')}`,
};

/** `DB.SCHEMA.NAME` in SQL form. */
export function serviceName(ref: { database?: string; schema?: string; name: string }): string {
  return qualified(ref.database ?? '', ref.schema ?? '', ref.name);
}

export interface ServiceRef {
  database: string;
  schema: string;
  name: string;
}

export function serviceRef(ref: ServiceRef): ObjectRef {
  return { kind: 'service', ...ref };
}

export interface CreateService extends ServiceRef {
  ifNotExists: boolean;
  computePool: string;
  /** Inline YAML, or a file on a stage (stored names of the stage, path on it). */
  spec?: string;
  specFile?: { stage: string[]; path: string };
  minInstances?: number;
  maxInstances?: number;
  queryWarehouse?: string;
  externalAccessIntegrations?: string[];
  comment?: string;
}

/** Checks an inline spec as Snowflake would; a bad spec becomes invalid_input naming the line. */
export function checkSpec(yaml: string): ReturnType<typeof parseServiceSpec> {
  try {
    return parseServiceSpec(yaml);
  } catch (e) {
    if (e instanceof SpecError) {
      throw invalidInput(
        `The service specification is not valid. ${e.message}`,
        'Fix the spec: it needs spec.containers, each with a name and an image; endpoints need a name and a port.',
      );
    }
    throw e;
  }
}

export function createServiceSql(s: CreateService): string {
  let from: string;
  if (s.spec !== undefined) {
    from = `FROM SPECIFICATION ${dollarQuote(s.spec)}`;
  } else if (s.specFile) {
    from = `FROM @${qualified(...s.specFile.stage)} SPECIFICATION_FILE = ${quoteString(s.specFile.path)}`;
  } else {
    throw invalidInput('A service needs a spec (YAML text) or a spec_file ({ stage, path }).');
  }
  const min = s.minInstances;
  const max = s.maxInstances;
  if (min !== undefined && max !== undefined && max < min) {
    throw invalidInput(
      `max_instances (${max}) is less than min_instances (${min}).`,
      'Make max_instances at least min_instances.',
    );
  }
  const eais = s.externalAccessIntegrations;
  return clauses(
    'CREATE SERVICE',
    s.ifNotExists ? 'IF NOT EXISTS' : null,
    serviceName(s),
    `IN COMPUTE POOL ${ident(s.computePool)}`,
    from,
    min === undefined ? null : `MIN_INSTANCES = ${intLiteral(min, 'min_instances', 1, 1000)}`,
    max === undefined ? null : `MAX_INSTANCES = ${intLiteral(max, 'max_instances', 1, 1000)}`,
    s.queryWarehouse === undefined ? null : `QUERY_WAREHOUSE = ${ident(s.queryWarehouse)}`,
    eais?.length ? `EXTERNAL_ACCESS_INTEGRATIONS = (${eais.map(ident).join(', ')})` : null,
    commentClause(s.comment),
  );
}
