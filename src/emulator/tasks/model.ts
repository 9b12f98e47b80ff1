/**
 * Tasks as the emulator stores them (catalog kind 'task', properties as JSON) and the graph
 * they form. A graph lives in one schema, so predecessors and the finalized root are plain
 * names within the task's schema. The rules Snowflake enforces on graphs live here too.
 */
import type { CatalogObject } from '../catalog.js';
import { compilationError, doesNotExist, EmulatorSqlError, shown } from '../errors.js';
import { schemaObjectLookup } from '../kinds/lookup.js';
import type { ExecContext } from '../registry.js';

export type TaskState = 'started' | 'suspended';

export interface TaskProps {
  id: string;
  warehouse: string | null;
  /** USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE of a serverless task. */
  managedSize: string | null;
  /** As written: '1 MINUTE', 'USING CRON 0 9 * * * UTC'. */
  schedule: string | null;
  /** Names of predecessor tasks in the same schema, in the order given. */
  predecessors: string[];
  condition: string | null;
  definition: string;
  comment: string | null;
  /** The root task this finalizer belongs to (same schema). */
  finalize: string | null;
  state: TaskState;
  /** Other parameters (CONFIG, USER_TASK_TIMEOUT_MS, ...), kept as given. */
  params: Record<string, string | number | boolean | null>;
  lastCommittedOn: number;
  lastSuspendedOn: number | null;
  lastSuspendedReason: string | null;
  /** When it was last resumed: interval schedules count from here. */
  resumedOn: number | null;
  /** The last scheduled time the scheduler acted on (ran or skipped past). */
  lastDue: number | null;
  graphVersion: number;
}

export type TaskObject = CatalogObject<TaskProps>;

export interface TaskKey {
  database: string;
  schema: string;
  name: string;
}

export function keyOf(t: TaskObject): TaskKey {
  return { database: t.database!, schema: t.schema!, name: t.name };
}

/** `DB.SCHEMA.NAME` as Snowflake prints it in predecessors, task_relations and errors. */
export function fullName(t: TaskKey | TaskObject): string {
  const k = 'props' in t ? keyOf(t) : t;
  return shown(k.database, k.schema, k.name);
}

export const TASK = schemaObjectLookup<TaskObject>('task', 'TASK', 'Task');

export function getTask(ctx: ExecContext, key: TaskKey): TaskObject | undefined {
  return ctx.catalog.get<TaskProps>({ kind: 'task', database: key.database, schema: key.schema, name: key.name });
}

export function requireTask(ctx: ExecContext, key: TaskKey): TaskObject {
  const t = getTask(ctx, key);
  if (!t) throw doesNotExist('Task', fullName(key));
  return t;
}

export function tasksIn(ctx: ExecContext, database: string, schema: string): TaskObject[] {
  return ctx.catalog.list<TaskProps>('task', { database, schema });
}

/** Tasks that name `t` as a predecessor. */
export function childrenOf(ctx: ExecContext, t: TaskObject): TaskObject[] {
  return tasksIn(ctx, t.database!, t.schema!).filter((c) => c.props.predecessors.includes(t.name));
}

export function finalizerOf(ctx: ExecContext, root: TaskObject): TaskObject | undefined {
  return tasksIn(ctx, root.database!, root.schema!).find((c) => c.props.finalize === root.name);
}

export function sibling(ctx: ExecContext, t: TaskObject, name: string): TaskObject | undefined {
  return getTask(ctx, { database: t.database!, schema: t.schema!, name });
}

/** The root of the graph `t` belongs to (itself for a root or standalone task). */
export function rootOf(ctx: ExecContext, t: TaskObject): TaskObject {
  let current = t;
  const seen = new Set<string>();
  for (;;) {
    if (current.props.finalize) return sibling(ctx, current, current.props.finalize) ?? current;
    const first = current.props.predecessors[0];
    const parent = first === undefined ? undefined : sibling(ctx, current, first);
    if (!parent || seen.has(parent.name)) return current;
    seen.add(current.name);
    current = parent;
  }
}

/** Whether `t` is part of a graph (has predecessors, dependents, a finalizer, or finalizes). */
export function inGraph(ctx: ExecContext, t: TaskObject): boolean {
  return (
    t.props.predecessors.length > 0 ||
    t.props.finalize !== null ||
    childrenOf(ctx, t).length > 0 ||
    finalizerOf(ctx, t) !== undefined
  );
}

/** 091421: the graph cannot change while its root is started. */
export function rootNotSuspended(root: TaskObject): EmulatorSqlError {
  return new EmulatorSqlError(
    '091421',
    '22000',
    `Unable to update graph with root task ${fullName(root)} since that root task is not suspended.`,
  );
}

/** Throws 091421 unless the root of `t`'s graph is suspended. */
export function requireSuspendedRoot(ctx: ExecContext, t: TaskObject): void {
  const root = rootOf(ctx, t);
  if (root.props.state === 'started') throw rootNotSuspended(root);
}

/** Every task after `root` (children, grandchildren, ...), breadth first; the finalizer last. */
export function dependents(ctx: ExecContext, root: TaskObject, recursive = true): TaskObject[] {
  const all = tasksIn(ctx, root.database!, root.schema!);
  const out: TaskObject[] = [];
  const seen = new Set([root.name]);
  const queue = [root];
  while (queue.length) {
    const t = queue.shift()!;
    for (const c of all) {
      if (!seen.has(c.name) && c.props.predecessors.includes(t.name)) {
        seen.add(c.name);
        out.push(c);
        if (recursive) queue.push(c);
      }
    }
  }
  const fin = all.find((c) => c.props.finalize === root.name);
  if (fin && !seen.has(fin.name)) out.push(fin);
  return out;
}

/** Updates a task's properties and returns the updated object. */
export function save(ctx: ExecContext, t: TaskObject, changes: Partial<TaskProps>): TaskObject {
  return ctx.catalog.update(t, { ...t.props, ...changes });
}

export function resume(ctx: ExecContext, t: TaskObject): TaskObject {
  if (t.props.state === 'started') return t;
  const now = ctx.now.getTime();
  return save(ctx, t, { state: 'started', resumedOn: now, lastDue: now });
}

export function suspend(ctx: ExecContext, t: TaskObject, reason = 'USER_SUSPENDED'): TaskObject {
  if (t.props.state === 'suspended') return t;
  return save(ctx, t, { state: 'suspended', lastSuspendedOn: ctx.now.getTime(), lastSuspendedReason: reason });
}

/** A change to a graph's shape bumps the version of every task in it. */
export function touchGraph(ctx: ExecContext, root: TaskObject): void {
  const now = ctx.now.getTime();
  for (const t of [root, ...dependents(ctx, root)]) {
    const fresh = ctx.catalog.byId<TaskProps>(t.id);
    if (fresh) save(ctx, fresh, { graphVersion: fresh.props.graphVersion + 1, lastCommittedOn: now });
  }
}

export function taskError(text: string): EmulatorSqlError {
  return compilationError(text, '002031', '42601');
}
