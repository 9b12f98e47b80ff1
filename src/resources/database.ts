/** Databases: SHOW DATABASES rows to the model, and CREATE DATABASE. */
import * as z from 'zod';
import type { Row } from '../client/types.js';
import { clauses, commentClause, createHead, intLiteral, type SqlMode } from './ddl.js';
import { flag, numberOrNull, text, timestamp } from './rows.js';
import type { KindSpec } from './types.js';

export const databaseModel = z.object({
  name: z.string(),
  kind: z.string(),
  comment: z.string().nullable(),
  owner: z.string(),
  created_on: z.string().nullable(),
  data_retention_time_in_days: z.number().nullable(),
  is_default: z.boolean(),
});

export type Database = z.infer<typeof databaseModel>;

export function databaseFromRow(row: Row): Database {
  return {
    name: text(row, 'name'),
    kind: text(row, 'kind') || 'STANDARD',
    comment: text(row, 'comment') || null,
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
    data_retention_time_in_days: numberOrNull(row, 'retention_time'),
    is_default: flag(row, 'is_default'),
  };
}

export interface CreateDatabase {
  name: string;
  mode: SqlMode;
  comment?: string;
  transient?: boolean;
  data_retention_time_in_days?: number;
}

export function createDatabaseSql(d: CreateDatabase): string {
  return clauses(
    createHead(d.mode, 'DATABASE', [d.name], d.transient ? 'TRANSIENT' : undefined),
    d.data_retention_time_in_days === undefined
      ? null
      : `DATA_RETENTION_TIME_IN_DAYS = ${intLiteral(d.data_retention_time_in_days, 'data_retention_time_in_days', 0, 90)}`,
    commentClause(d.comment),
  );
}

export const database: KindSpec = {
  kind: 'database',
  label: 'database',
  keyword: 'DATABASE',
  plural: 'DATABASES',
  scope: 'account',
  showPaging: true,
  cascade: true,
  undroppable: true,
  summary: databaseFromRow,
};
