/**
 * Graph runs, inside the statement that causes them (EXECUTE TASK, or the scheduler's catch-up
 * before a write): the root, then each child once all its predecessors are done, the finalizer
 * last. A suspended child is skipped and the graph goes on as if it had succeeded; a child
 * after a failed task does not run. Each task body runs through the engine under a savepoint,
 * so a failing body leaves no half-written rows but its failure is recorded.
 */
import { EmulatorSqlError, newQueryId } from '../errors.js';
import { Parser } from '../parser.js';
import type { ExecContext, Session } from '../registry.js';
import { nextDue, parseSchedule } from './cron.js';
import { dependents, finalizerOf, suspend, type TaskObject, type TaskProps } from './model.js';
import { parseAnonymousProcedure } from './parse.js';

export const RUNS_DDL = `
CREATE TABLE IF NOT EXISTS task_runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  query_id TEXT NOT NULL,
  name TEXT NOT NULL,
  database_name TEXT NOT NULL,
  schema_name TEXT NOT NULL,
  query_text TEXT NOT NULL,
  condition_text TEXT,
  state TEXT NOT NULL,
  error_code TEXT,
  error_message TEXT,
  scheduled_time INTEGER NOT NULL,
  query_start_time INTEGER,
  completed_time INTEGER,
  root_task_id TEXT NOT NULL,
  graph_version INTEGER NOT NULL,
  run_id INTEGER NOT NULL,
  return_value TEXT,
  scheduled_from TEXT NOT NULL,
  attempt_number INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS task_runs_by_run ON task_runs (root_task_id, run_id);
CREATE TABLE IF NOT EXISTS task_graph_runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  root_task_name TEXT NOT NULL,
  database_name TEXT NOT NULL,
  schema_name TEXT NOT NULL,
  state TEXT NOT NULL,
  scheduled_from TEXT NOT NULL,
  first_error_task_name TEXT,
  first_error_code INTEGER,
  first_error_message TEXT,
  scheduled_time INTEGER NOT NULL,
  query_start_time INTEGER,
  next_scheduled_time INTEGER,
  completed_time INTEGER,
  root_task_id TEXT NOT NULL,
  graph_version INTEGER NOT NULL,
  run_id INTEGER NOT NULL,
  attempt_number INTEGER NOT NULL DEFAULT 1,
  UNIQUE (root_task_id, run_id)
);
`;

export type ScheduledFrom = 'SCHEDULE' | 'EXECUTE_TASK';

type Outcome = { state: 'SUCCEEDED' | 'SKIPPED' } | { state: 'FAILED'; code: string; message: string };

export interface GraphRun {
  runId: number;
  state: 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
}

/** What the local emulator says when a task body is a Python (or other non-SQL) procedure. */
export function cannotRunProcedure(task: TaskObject, language: string, name: string): Outcome {
  return {
    state: 'FAILED',
    code: '000002',
    message:
      `Unsupported feature 'LANGUAGE ${language}': the local Snowflake emulator cannot run ${language === 'PYTHON' ? 'Python' : language} code, ` +
      `so anonymous procedure ${name} of task ${task.name} did not run. Run this task on a Snowflake account.`,
  };
}

function taskSession(ctx: ExecContext, t: TaskObject): Session {
  return {
    ...ctx.session,
    database: t.database,
    schema: t.schema,
    warehouse: t.props.warehouse ?? ctx.session.warehouse,
  };
}

function failure(e: unknown): Outcome {
  if (e instanceof EmulatorSqlError) return { state: 'FAILED', code: e.code, message: e.message };
  return { state: 'FAILED', code: '100000', message: e instanceof Error ? e.message : String(e) };
}

/** Runs `sql` as the task, under a savepoint: a failure rolls its own changes back. */
function runAs(
  ctx: ExecContext,
  t: TaskObject,
  sql: string,
): { ok: true; value: unknown } | { ok: false; outcome: Outcome } {
  ctx.db.exec('SAVEPOINT snowops_task_run');
  try {
    const result = ctx.run(sql, [], taskSession(ctx, t));
    ctx.db.exec('RELEASE snowops_task_run');
    const first = result.rows[0];
    return { ok: true, value: first ? Object.values(first)[0] : null };
  } catch (e) {
    ctx.db.exec('ROLLBACK TO snowops_task_run');
    ctx.db.exec('RELEASE snowops_task_run');
    return { ok: false, outcome: failure(e) };
  }
}

function runTask(ctx: ExecContext, t: TaskObject): Outcome {
  if (t.props.condition) {
    const cond = runAs(ctx, t, `SELECT (${t.props.condition})`);
    if (!cond.ok) return cond.outcome;
    if (cond.value !== true && cond.value !== 1 && String(cond.value).toUpperCase() !== 'TRUE')
      return { state: 'SKIPPED' };
  }
  let proc: ReturnType<typeof parseAnonymousProcedure> = null;
  try {
    proc = parseAnonymousProcedure(Parser.of(t.props.definition));
  } catch {
    // Not an anonymous procedure the parser accepts: the engine reports what is wrong below.
  }
  if (proc && proc.language !== 'SQL') return cannotRunProcedure(t, proc.language, proc.name);
  const body = runAs(ctx, t, t.props.definition);
  return body.ok ? { state: 'SUCCEEDED' } : body.outcome;
}

/** A run id for this root that no earlier run has: the scheduled time, moved past any taken id. */
function freshRunId(ctx: ExecContext, root: TaskObject, wanted: number): number {
  const r = ctx.db
    .prepare('SELECT MAX(run_id) AS m FROM task_graph_runs WHERE root_task_id = ?')
    .get(root.props.id) as {
    m: number | null;
  };
  return r.m !== null && r.m >= wanted ? r.m + 1 : wanted;
}

/** Runs the graph rooted at `root` once and records it in task history. */
export function runGraph(ctx: ExecContext, root: TaskObject, from: ScheduledFrom, scheduledTime: number): GraphRun {
  const runId = from === 'SCHEDULE' ? scheduledTime : freshRunId(ctx, root, scheduledTime);
  const now = ctx.now.getTime();
  let clock = now;
  const insertRun = ctx.db.prepare(
    `INSERT INTO task_runs (query_id, name, database_name, schema_name, query_text, condition_text, state,
       error_code, error_message, scheduled_time, query_start_time, completed_time, root_task_id, graph_version,
       run_id, scheduled_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let firstError: { task: string; code: string; message: string } | null = null;
  const record = (t: TaskObject, o: Outcome) => {
    const start = clock++;
    const end = clock++;
    if (o.state === 'FAILED' && !firstError) firstError = { task: t.name, code: o.code, message: o.message };
    insertRun.run(
      newQueryId(),
      t.name,
      t.database,
      t.schema,
      t.props.definition,
      t.props.condition,
      o.state,
      o.state === 'FAILED' ? o.code : null,
      o.state === 'FAILED' ? o.message : null,
      scheduledTime,
      start,
      end,
      root.props.id,
      root.props.graphVersion,
      runId,
      from,
    );
  };

  const rootOutcome = runTask(ctx, root);
  record(root, rootOutcome);
  if (rootOutcome.state === 'SKIPPED') return { runId, state: 'SKIPPED' };

  // done: true = satisfied (succeeded, skipped or suspended); false = failed or not run.
  const done = new Map<string, boolean>([[root.name, rootOutcome.state === 'SUCCEEDED']]);
  const fin = finalizerOf(ctx, root);
  const pending = dependents(ctx, root).filter((t) => t.id !== fin?.id);
  const inGraph = new Set([root.name, ...pending.map((t) => t.name)]);
  while (pending.length) {
    const i = pending.findIndex((t) => t.props.predecessors.every((p) => !inGraph.has(p) || done.has(p)));
    if (i < 0) break;
    const [t] = pending.splice(i, 1);
    const predsOk = t.props.predecessors.every((p) => !inGraph.has(p) || done.get(p) === true);
    if (!predsOk) {
      done.set(t.name, false);
    } else if (t.props.state !== 'started') {
      done.set(t.name, true);
    } else {
      const o = runTask(ctx, t);
      record(t, o);
      done.set(t.name, o.state !== 'FAILED');
    }
  }
  if (fin && fin.props.state === 'started') record(fin, runTask(ctx, fin));

  const err = firstError as { task: string; code: string; message: string } | null;
  const next =
    root.props.state === 'started' && root.props.schedule
      ? nextDue(parseSchedule(root.props.schedule), root.props.resumedOn ?? now, now)
      : null;
  ctx.db
    .prepare(
      `INSERT INTO task_graph_runs (root_task_name, database_name, schema_name, state, scheduled_from,
         first_error_task_name, first_error_code, first_error_message, scheduled_time, query_start_time,
         next_scheduled_time, completed_time, root_task_id, graph_version, run_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      root.name,
      root.database,
      root.schema,
      err ? 'FAILED' : 'SUCCEEDED',
      from,
      err?.task ?? null,
      err ? Number(err.code) : null,
      err?.message ?? null,
      scheduledTime,
      now,
      next,
      clock,
      root.props.id,
      root.props.graphVersion,
      runId,
    );
  if (err) suspendAfterFailures(ctx, root);
  return { runId, state: err ? 'FAILED' : 'SUCCEEDED' };
}

/**
 * SUSPEND_TASK_AFTER_NUM_FAILURES (default 10, 0 = never): a started root whose graph failed that
 * many times in a row since it was resumed is suspended, as Snowflake does.
 */
function suspendAfterFailures(ctx: ExecContext, root: TaskObject): void {
  const limit = Number(root.props.params.SUSPEND_TASK_AFTER_NUM_FAILURES ?? 10);
  if (root.props.state !== 'started' || !Number.isInteger(limit) || limit <= 0) return;
  const last = ctx.db
    .prepare(
      'SELECT state FROM task_graph_runs WHERE root_task_id = ? AND scheduled_time >= ? ORDER BY seq DESC LIMIT ?',
    )
    .all(root.props.id, root.props.resumedOn ?? 0, limit) as { state: string }[];
  if (last.length === limit && last.every((r) => r.state === 'FAILED')) {
    const fresh = ctx.catalog.byId<TaskProps>(root.id);
    if (fresh) suspend(ctx, fresh, 'SUSPENDED_DUE_TO_ERRORS');
  }
}
