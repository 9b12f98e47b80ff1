/** Internal stages: SHOW STAGES rows to the model, and CREATE STAGE. */
import * as z from 'zod';
import type { Row } from '../client/types.js';
import { clauses, commentClause, createHead, type SqlMode } from './ddl.js';
import { text, textOrNull, timestamp } from './rows.js';
import type { KindSpec } from './types.js';

export const stageModel = z.object({
  name: z.string(),
  database_name: z.string(),
  schema_name: z.string(),
  kind: z.string(),
  url: z.string().nullable(),
  comment: z.string().nullable(),
  owner: z.string(),
  created_on: z.string().nullable(),
});

export type Stage = z.infer<typeof stageModel>;

/** SHOW STAGES `type` is INTERNAL / EXTERNAL, with TEMPORARY for temporary stages. */
export function stageFromRow(row: Row): Stage {
  return {
    name: text(row, 'name'),
    database_name: text(row, 'database_name'),
    schema_name: text(row, 'schema_name'),
    kind: text(row, 'type').toUpperCase().includes('TEMPORARY') ? 'TEMPORARY' : 'PERMANENT',
    url: textOrNull(row, 'url'),
    comment: text(row, 'comment') || null,
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
  };
}

export interface CreateStage {
  database: string;
  schema: string;
  name: string;
  mode: SqlMode;
  comment?: string;
}

export function createStageSql(s: CreateStage): string {
  return clauses(createHead(s.mode, 'STAGE', [s.database, s.schema, s.name]), commentClause(s.comment));
}

export const stage: KindSpec = {
  kind: 'stage',
  label: 'stage',
  keyword: 'STAGE',
  plural: 'STAGES',
  scope: 'schema',
  // SHOW STAGES has LIKE and IN but no STARTS WITH / LIMIT ... FROM.
  showPaging: false,
  summary: stageFromRow,
};
