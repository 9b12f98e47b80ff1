/** Checks CREATE and ALTER TASK share: predecessors, FINALIZE targets, schedules on children. */
import { resolveObject } from '../names.js';
import type { ExecContext } from '../registry.js';
import {
  dependents,
  finalizerOf,
  fullName,
  requireSuspendedRoot,
  requireTask,
  rootNotSuspended,
  rootOf,
  type TaskKey,
  type TaskObject,
  taskError,
} from './model.js';
import { isRoot } from './rows.js';

export const MAX_PREDECESSORS = 100;

/** A predecessor or root name resolved in the task's own schema (graphs do not span schemas). */
export function sameSchema(ctx: ExecContext, task: TaskKey, parts: string[], action: string): TaskObject {
  const ref = resolveObject(ctx, parts, action);
  if (ref.database !== task.database || ref.schema !== task.schema) {
    throw taskError(
      `Task ${fullName(ref)} is not in schema ${task.database}.${task.schema}; all tasks of a graph live in one schema.`,
    );
  }
  return requireTask(ctx, ref);
}

/**
 * Checks new predecessors of `task` (which may not exist yet) and returns their names. `kept`
 * are predecessors it keeps (ADD AFTER): all of them must belong to one graph, as a task has
 * one root.
 */
export function checkPredecessors(
  ctx: ExecContext,
  task: TaskKey,
  existing: TaskObject | undefined,
  list: string[][],
  action: string,
  kept: string[] = [],
): string[] {
  const below = existing ? new Set(dependents(ctx, existing).map((t) => t.name)) : new Set<string>();
  const names: string[] = [];
  for (const parts of list) {
    const pred = sameSchema(ctx, task, parts, action);
    if (pred.name === task.name || below.has(pred.name)) {
      throw taskError(
        `Task ${fullName(pred)} cannot be a predecessor of ${fullName(task)}: the graph would have a cycle.`,
      );
    }
    if (pred.props.finalize)
      throw taskError(`Task ${fullName(pred)} is a finalizer task; a finalizer cannot have child tasks.`);
    requireSuspendedRoot(ctx, pred);
    if (!names.includes(pred.name)) names.push(pred.name);
  }
  if (names.length > MAX_PREDECESSORS) throw taskError(`A task can have at most ${MAX_PREDECESSORS} predecessors.`);
  const roots = new Set<string>();
  for (const name of [...kept, ...names]) {
    const pred = requireTask(ctx, { database: task.database, schema: task.schema, name });
    roots.add(rootOf(ctx, pred).name);
  }
  if (roots.size > 1) {
    throw taskError(
      `Task ${fullName(task)} cannot run after tasks of different graphs (roots ${[...roots].join(', ')}); a task has one root.`,
    );
  }
  return names;
}

/** Checks `FINALIZE = root` for `task` and returns the root's name. */
export function checkFinalize(
  ctx: ExecContext,
  task: TaskKey,
  existing: TaskObject | undefined,
  parts: string[],
  action: string,
): string {
  const root = sameSchema(ctx, task, parts, action);
  if (!isRoot(root)) throw taskError(`Task ${fullName(root)} is not a root task; FINALIZE must name a root task.`);
  const current = finalizerOf(ctx, root);
  if (current && current.id !== existing?.id) {
    throw taskError(`Root task ${fullName(root)} already has a finalizer task ${fullName(current)}.`);
  }
  if (root.props.state === 'started') throw rootNotSuspended(root);
  return root.name;
}

export function noScheduleOnChild(
  task: TaskKey,
  c: { schedule?: string | null },
  child: boolean,
  finalizer: boolean,
): void {
  if (!c.schedule) return;
  if (child)
    throw taskError(`Task ${fullName(task)} has predecessors, so it cannot have a schedule; it runs after them.`);
  if (finalizer) throw taskError(`Task ${fullName(task)} is a finalizer task, so it cannot have a schedule.`);
}
