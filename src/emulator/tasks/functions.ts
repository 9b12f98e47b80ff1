/**
 * INFORMATION_SCHEMA table functions about tasks: TASK_DEPENDENTS, TASK_HISTORY,
 * CURRENT_TASK_GRAPHS and COMPLETE_TASK_GRAPHS, with Snowflake's argument names and columns.
 * They only read: a run that is due but not yet caught up shows as SCHEDULED.
 */
import type { QueryResult, Row } from '../../client/types.js';
import { compilationError } from '../errors.js';
import { resolveObject } from '../names.js';
import { Parser } from '../parser.js';
import type { ExecContext, Registry, TableFunctionArgs } from '../registry.js';
import { columns, project, rows } from '../results.js';
import { latestDue } from './cron.js';
import { dependents, requireTask } from './model.js';
import { TASK_COLUMNS, taskRow } from './rows.js';
import { nextRun, scheduledRoots } from './scheduler.js';

const HISTORY_COLUMNS = columns(
  'QUERY_ID:text NAME:text DATABASE_NAME:text SCHEMA_NAME:text QUERY_TEXT:text CONDITION_TEXT:text STATE:text ' +
    'ERROR_CODE:text ERROR_MESSAGE:text SCHEDULED_TIME:timestamp_ltz QUERY_START_TIME:timestamp_ltz ' +
    'NEXT_SCHEDULED_TIME:timestamp_ltz COMPLETED_TIME:timestamp_ltz ROOT_TASK_ID:text GRAPH_VERSION:fixed ' +
    'RUN_ID:fixed RETURN_VALUE:text SCHEDULED_FROM:text ATTEMPT_NUMBER:fixed',
);

const GRAPH_COLUMNS = columns(
  'ROOT_TASK_NAME:text DATABASE_NAME:text SCHEMA_NAME:text STATE:text SCHEDULED_FROM:text ' +
    'FIRST_ERROR_TASK_NAME:text FIRST_ERROR_CODE:fixed FIRST_ERROR_MESSAGE:text SCHEDULED_TIME:timestamp_ltz ' +
    'QUERY_START_TIME:timestamp_ltz NEXT_SCHEDULED_TIME:timestamp_ltz COMPLETED_TIME:timestamp_ltz ' +
    'ROOT_TASK_ID:text GRAPH_VERSION:fixed RUN_ID:fixed ATTEMPT_NUMBER:fixed',
);

const TIME_COLUMNS = ['SCHEDULED_TIME', 'QUERY_START_TIME', 'NEXT_SCHEDULED_TIME', 'COMPLETED_TIME'];

/** SQLite rows (times as epoch ms, lowercase names) to result rows (Dates, uppercase names). */
function fromDb(r: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) {
    const key = k.toUpperCase();
    out[key] = TIME_COLUMNS.includes(key) && typeof v === 'number' ? new Date(v) : (v as Row[string]);
  }
  return out;
}

function arg(args: TableFunctionArgs, name: string, fn: string) {
  const known: Record<string, string[]> = {
    TASK_DEPENDENTS: ['TASK_NAME', 'RECURSIVE'],
    TASK_HISTORY: [
      'TASK_NAME',
      'RESULT_LIMIT',
      'ERROR_ONLY',
      'ROOT_TASK_ID',
      'SCHEDULED_TIME_RANGE_START',
      'SCHEDULED_TIME_RANGE_END',
    ],
    CURRENT_TASK_GRAPHS: ['ROOT_TASK_NAME', 'RESULT_LIMIT'],
    COMPLETE_TASK_GRAPHS: ['ROOT_TASK_NAME', 'RESULT_LIMIT', 'ERROR_ONLY'],
  };
  for (const k of Object.keys(args.named)) {
    if (!known[fn].includes(k))
      throw compilationError(`invalid argument name '${k}' for function ${fn}`, '001044', '42P13');
  }
  return args.named[name];
}

function textArg(args: TableFunctionArgs, name: string, fn: string): string | undefined {
  const v = arg(args, name, fn);
  if (v === undefined || v.type === 'null') return undefined;
  if (v.type !== 'string') throw compilationError(`argument ${name} of ${fn} must be a string`, '001044', '42P13');
  return v.value;
}

function boolArg(args: TableFunctionArgs, name: string, fn: string, dflt: boolean): boolean {
  const v = arg(args, name, fn);
  if (v === undefined) return dflt;
  if (v.type === 'boolean') return v.value;
  throw compilationError(`argument ${name} of ${fn} must be TRUE or FALSE`, '001044', '42P13');
}

function limitArg(args: TableFunctionArgs, fn: string, dflt: number): number {
  const v = arg(args, 'RESULT_LIMIT', fn);
  if (v === undefined) return dflt;
  if (v.type !== 'number' || !Number.isInteger(v.value) || v.value < 1 || v.value > 10000) {
    throw compilationError(`invalid value for RESULT_LIMIT of ${fn}: it must be from 1 to 10000`, '001044', '42P13');
  }
  return v.value;
}

function taskDependents(ctx: ExecContext, args: TableFunctionArgs): QueryResult {
  const name = textArg(args, 'TASK_NAME', 'TASK_DEPENDENTS');
  if (name === undefined)
    throw compilationError("TASK_DEPENDENTS needs TASK_NAME => '<db>.<schema>.<task>'.", '001044', '42P13');
  const t = requireTask(ctx, resolveObject(ctx, Parser.of(name).qualifiedName(3), 'TASK_DEPENDENTS'));
  const recursive = boolArg(args, 'RECURSIVE', 'TASK_DEPENDENTS', true);
  return rows(
    TASK_COLUMNS,
    [t, ...dependents(ctx, t, recursive)].map((x) => taskRow(ctx, x)),
  );
}

function sameName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

function taskHistory(ctx: ExecContext, args: TableFunctionArgs): QueryResult {
  const fn = 'TASK_HISTORY';
  const name = textArg(args, 'TASK_NAME', fn);
  const rootId = textArg(args, 'ROOT_TASK_ID', fn);
  const errorOnly = boolArg(args, 'ERROR_ONLY', fn, false);
  const limit = limitArg(args, fn, 100);
  const now = ctx.now.getTime();
  const scheduled: Row[] = scheduledRoots(ctx).map(({ task, schedule }) => {
    const at =
      latestDue(schedule, task.props.resumedOn ?? now, task.props.lastDue ?? now, now) ?? nextRun(task, schedule, now);
    return {
      NAME: task.name,
      DATABASE_NAME: task.database,
      SCHEMA_NAME: task.schema,
      QUERY_TEXT: task.props.definition,
      CONDITION_TEXT: task.props.condition,
      STATE: 'SCHEDULED',
      SCHEDULED_TIME: at === null ? null : new Date(at),
      ROOT_TASK_ID: task.props.id,
      GRAPH_VERSION: task.props.graphVersion,
      RUN_ID: at,
      SCHEDULED_FROM: 'SCHEDULE',
      ATTEMPT_NUMBER: 1,
    };
  });
  const done = (
    ctx.db.prepare('SELECT * FROM task_runs ORDER BY scheduled_time DESC, seq DESC').all() as Record<string, unknown>[]
  )
    .map(fromDb)
    .map(({ SEQ: _seq, ...r }) => r);
  const all = [...scheduled, ...done]
    .filter((r) => name === undefined || sameName(String(r.NAME), name))
    .filter((r) => rootId === undefined || r.ROOT_TASK_ID === rootId)
    .filter((r) => !errorOnly || r.STATE === 'FAILED');
  return rows(HISTORY_COLUMNS, project(HISTORY_COLUMNS, all.slice(0, limit)));
}

function currentGraphs(ctx: ExecContext, args: TableFunctionArgs): QueryResult {
  const fn = 'CURRENT_TASK_GRAPHS';
  const root = textArg(args, 'ROOT_TASK_NAME', fn);
  const limit = limitArg(args, fn, 1000);
  const now = ctx.now.getTime();
  const data: Row[] = [];
  for (const { task, schedule } of scheduledRoots(ctx)) {
    if (root !== undefined && !sameName(task.name, root)) continue;
    const pending = latestDue(schedule, task.props.resumedOn ?? now, task.props.lastDue ?? now, now);
    const at = pending ?? nextRun(task, schedule, now);
    if (at === null) continue;
    data.push({
      ROOT_TASK_NAME: task.name,
      DATABASE_NAME: task.database,
      SCHEMA_NAME: task.schema,
      STATE: 'SCHEDULED',
      SCHEDULED_FROM: 'SCHEDULE',
      SCHEDULED_TIME: new Date(at),
      NEXT_SCHEDULED_TIME: new Date(at),
      ROOT_TASK_ID: task.props.id,
      GRAPH_VERSION: task.props.graphVersion,
      RUN_ID: at,
      ATTEMPT_NUMBER: 1,
    });
  }
  data.sort((a, b) => (b.SCHEDULED_TIME as Date).getTime() - (a.SCHEDULED_TIME as Date).getTime());
  return rows(GRAPH_COLUMNS, project(GRAPH_COLUMNS, data.slice(0, limit)));
}

function completeGraphs(ctx: ExecContext, args: TableFunctionArgs): QueryResult {
  const fn = 'COMPLETE_TASK_GRAPHS';
  const root = textArg(args, 'ROOT_TASK_NAME', fn);
  const errorOnly = boolArg(args, 'ERROR_ONLY', fn, false);
  const limit = limitArg(args, fn, 1000);
  const data = (
    ctx.db.prepare('SELECT * FROM task_graph_runs ORDER BY completed_time DESC, seq DESC').all() as Record<
      string,
      unknown
    >[]
  )
    .map(fromDb)
    .filter((r) => root === undefined || sameName(String(r.ROOT_TASK_NAME), root))
    .filter((r) => !errorOnly || r.STATE === 'FAILED');
  return rows(GRAPH_COLUMNS, project(GRAPH_COLUMNS, data.slice(0, limit)));
}

export function registerTaskFunctions(registry: Registry): void {
  registry.addTableFunction('TASK_DEPENDENTS', taskDependents);
  registry.addTableFunction('TASK_HISTORY', taskHistory);
  registry.addTableFunction('CURRENT_TASK_GRAPHS', currentGraphs);
  registry.addTableFunction('COMPLETE_TASK_GRAPHS', completeGraphs);
}
