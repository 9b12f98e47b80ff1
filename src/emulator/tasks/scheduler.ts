/**
 * Scheduled runs by catch-up. Before a statement that writes, inside its transaction, every
 * started root with a schedule runs at most once: for the latest due time since it last looked.
 * Earlier missed times are skipped, not replayed (as Snowflake skips runs missed while it could
 * not run them). The due time is recorded in the same transaction, so two processes sharing
 * the file never run the same due time twice.
 */
import type { ExecContext } from '../registry.js';
import { latestDue, nextDue, parseSchedule, type Schedule } from './cron.js';
import { save, type TaskObject, type TaskProps } from './model.js';
import { runGraph } from './runs.js';

function scheduleOf(t: TaskObject): Schedule | null {
  if (!t.props.schedule) return null;
  try {
    return parseSchedule(t.props.schedule);
  } catch {
    return null;
  }
}

/** Started standalone and root tasks that have a schedule. */
export function scheduledRoots(ctx: ExecContext): { task: TaskObject; schedule: Schedule }[] {
  return ctx.catalog
    .list<TaskProps>('task')
    .filter((t) => t.props.state === 'started' && t.props.predecessors.length === 0 && !t.props.finalize)
    .map((task) => ({ task, schedule: scheduleOf(task) }))
    .filter((x): x is { task: TaskObject; schedule: Schedule } => x.schedule !== null);
}

/** The next time a started scheduled root will run (for CURRENT_TASK_GRAPHS, TASK_HISTORY). */
export function nextRun(t: TaskObject, s: Schedule, now: number): number | null {
  const base = t.props.resumedOn ?? now;
  return nextDue(s, base, Math.max(now, t.props.lastDue ?? base));
}

export function catchUp(ctx: ExecContext): void {
  const now = ctx.now.getTime();
  for (const { task, schedule } of scheduledRoots(ctx)) {
    const base = task.props.resumedOn ?? now;
    const due = latestDue(schedule, base, task.props.lastDue ?? base, now);
    if (due === null) continue;
    const root = save(ctx, task, { lastDue: due });
    runGraph(ctx, root, 'SCHEDULE', due);
  }
}
