/**
 * Graph runs of a DAG, from Snowflake's INFORMATION_SCHEMA table functions CURRENT_TASK_GRAPHS
 * (scheduled or executing) and COMPLETE_TASK_GRAPHS (succeeded, failed, cancelled).
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { ident, quoteString } from '../sql/identifiers.js';
import { text, textOrNull, timestamp } from './rows.js';
import type { TaskRef } from './task.js';

export const dagRunModel = z.object({
  run_id: z.union([z.number(), z.string()]),
  state: z.string(),
  scheduled_time: z.string().nullable(),
  query_start_time: z.string().nullable(),
  completed_time: z.string().nullable(),
  first_error_task_name: z.string().nullable(),
  first_error_message: z.string().nullable(),
});

export type DagRun = z.infer<typeof dagRunModel>;

export type RunState = 'current' | 'complete';

function runFromRow(row: Row): DagRun {
  const id = row.RUN_ID;
  return {
    run_id: typeof id === 'number' ? id : Number.isSafeInteger(Number(id)) ? Number(id) : text(row, 'RUN_ID'),
    state: text(row, 'STATE'),
    scheduled_time: timestamp(row, 'SCHEDULED_TIME'),
    query_start_time: timestamp(row, 'QUERY_START_TIME'),
    completed_time: timestamp(row, 'COMPLETED_TIME'),
    first_error_task_name: textOrNull(row, 'FIRST_ERROR_TASK_NAME'),
    first_error_message: textOrNull(row, 'FIRST_ERROR_MESSAGE'),
  };
}

export function graphRunsSql(ref: TaskRef, state: RunState): string {
  const fn = state === 'current' ? 'CURRENT_TASK_GRAPHS' : 'COMPLETE_TASK_GRAPHS';
  return `SELECT * FROM TABLE(${ident(ref.database)}.INFORMATION_SCHEMA.${fn}(ROOT_TASK_NAME => ${quoteString(ref.name)}))`;
}

/**
 * Runs of the graph rooted at `ref`, newest first (by scheduled time). `from` keeps only runs
 * started one way: 'EXECUTE_TASK' (run_dag, execute_task) or 'SCHEDULE'.
 */
export async function dagRuns(
  client: SqlClient,
  ref: TaskRef,
  state: RunState | undefined,
  limit: number,
  from?: 'EXECUTE_TASK' | 'SCHEDULE',
): Promise<DagRun[]> {
  const states: RunState[] = state ? [state] : ['current', 'complete'];
  const rows: Row[] = [];
  for (const s of states) rows.push(...(await client.execute(graphRunsSql(ref, s))).rows);
  // ROOT_TASK_NAME matches case-insensitively in any schema; keep this graph's runs only.
  const mine = rows.filter(
    (r) =>
      text(r, 'DATABASE_NAME') === ref.database &&
      text(r, 'SCHEMA_NAME') === ref.schema &&
      text(r, 'ROOT_TASK_NAME') === ref.name &&
      (from === undefined || text(r, 'SCHEDULED_FROM') === from),
  );
  const runs = mine.map(runFromRow);
  const key = (r: DagRun) => r.scheduled_time ?? r.query_start_time ?? '';
  runs.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : Number(b.run_id) - Number(a.run_id)));
  return runs.slice(0, limit);
}
