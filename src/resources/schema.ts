/** Schemas: SHOW SCHEMAS rows to the model, and CREATE SCHEMA. */
import * as z from 'zod';
import type { Row } from '../client/types.js';
import { clauses, commentClause, createHead, type SqlMode } from './ddl.js';
import { text, timestamp } from './rows.js';
import type { KindSpec } from './types.js';

export const schemaModel = z.object({
  name: z.string(),
  database_name: z.string(),
  kind: z.string(),
  managed_access: z.boolean(),
  comment: z.string().nullable(),
  owner: z.string(),
  created_on: z.string().nullable(),
});

export type Schema = z.infer<typeof schemaModel>;

/** SHOW SCHEMAS puts TRANSIENT and MANAGED ACCESS in `options` (e.g. "TRANSIENT, MANAGED ACCESS"). */
export function schemaFromRow(row: Row): Schema {
  const options = text(row, 'options').toUpperCase();
  return {
    name: text(row, 'name'),
    database_name: text(row, 'database_name'),
    kind: options.includes('TRANSIENT') ? 'TRANSIENT' : 'PERMANENT',
    managed_access: options.includes('MANAGED ACCESS'),
    comment: text(row, 'comment') || null,
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
  };
}

export interface CreateSchema {
  database: string;
  name: string;
  mode: SqlMode;
  comment?: string;
  transient?: boolean;
  managed_access?: boolean;
}

export function createSchemaSql(s: CreateSchema): string {
  return clauses(
    createHead(s.mode, 'SCHEMA', [s.database, s.name], s.transient ? 'TRANSIENT' : undefined),
    s.managed_access ? 'WITH MANAGED ACCESS' : null,
    commentClause(s.comment),
  );
}

export const schema: KindSpec = {
  kind: 'schema',
  label: 'schema',
  keyword: 'SCHEMA',
  plural: 'SCHEMAS',
  scope: 'database',
  showPaging: true,
  cascade: true,
  undroppable: true,
  summary: schemaFromRow,
};
