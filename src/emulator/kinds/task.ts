/**
 * Tasks: CREATE [OR REPLACE] TASK, ALTER TASK (RESUME, SUSPEND, ADD/REMOVE AFTER, SET, UNSET,
 * MODIFY AS/WHEN, REMOVE WHEN), DROP TASK, SHOW TASKS [ROOT ONLY], DESCRIBE TASK, EXECUTE TASK
 * and SYSTEM$TASK_DEPENDENTS_ENABLE. Graph rules and 091421 in tasks/model.ts, runs in
 * tasks/runs.ts, the catch-up scheduler in tasks/scheduler.ts, table functions in
 * tasks/functions.ts.
 */
import { randomUUID } from 'node:crypto';
import { compilationError, unsupported } from '../errors.js';
import { requireSchema, resolveObject } from '../names.js';
import { Parser } from '../parser.js';
import type { ExecContext, Head, KindModule, Registry, Statement } from '../registry.js';
import { OK, rows, status } from '../results.js';
import { filterByName, parseShowOptions, resolveScope, showResult } from '../show.js';
import { registerTaskFunctions } from '../tasks/functions.js';
import {
  childrenOf,
  dependents,
  finalizerOf,
  fullName,
  getTask,
  inGraph,
  keyOf,
  requireSuspendedRoot,
  requireTask,
  resume,
  rootNotSuspended,
  rootOf,
  save,
  suspend,
  type TaskKey,
  type TaskObject,
  type TaskProps,
  taskError,
  touchGraph,
} from '../tasks/model.js';
import {
  parseBody,
  parseCreateClauses,
  parseNameList,
  parseTaskProps,
  parseWhen,
  type TaskClauses,
} from '../tasks/parse.js';
import { isRoot, TASK_COLUMNS, TERSE_TASK_COLUMNS, taskRow } from '../tasks/rows.js';
import { RUNS_DDL, runGraph } from '../tasks/runs.js';
import { catchUp } from '../tasks/scheduler.js';
import {
  alreadyDroppedStatus,
  alreadyExistsStatus,
  droppedStatus,
  parseIfNotExists,
  resolveExisting,
} from './common.js';

const MAX_PREDECESSORS = 100;

/** A predecessor or root name resolved in the task's own schema (graphs do not span schemas). */
function sameSchema(ctx: ExecContext, task: TaskKey, parts: string[], action: string): TaskObject {
  const ref = resolveObject(ctx, parts, action);
  if (ref.database !== task.database || ref.schema !== task.schema) {
    throw taskError(
      `Task ${fullName(ref)} is not in schema ${task.database}.${task.schema}; all tasks of a graph live in one schema.`,
    );
  }
  return requireTask(ctx, ref);
}

/** Checks new predecessors of `task` (which may not exist yet) and returns their names. */
function checkPredecessors(
  ctx: ExecContext,
  task: TaskKey,
  existing: TaskObject | undefined,
  list: string[][],
  action: string,
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
  return names;
}

/** Checks `FINALIZE = root` for `task` and returns the root's name. */
function checkFinalize(
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

function noScheduleOnChild(task: TaskKey, c: { schedule?: string | null }, child: boolean, finalizer: boolean): void {
  if (!c.schedule) return;
  if (child)
    throw taskError(`Task ${fullName(task)} has predecessors, so it cannot have a schedule; it runs after them.`);
  if (finalizer) throw taskError(`Task ${fullName(task)} is a finalizer task, so it cannot have a schedule.`);
}

function create(p: Parser, head: Head): Statement {
  if (head.orAlter) throw unsupported('CREATE OR ALTER TASK');
  if (head.modifiers.length) throw p.fail(p.tokens[1]);
  const ifNotExists = parseIfNotExists(p, head);
  const parts = p.qualifiedName(3);
  if (p.isKw('CLONE')) throw unsupported('CREATE TASK ... CLONE');
  const c = parseCreateClauses(p);
  return {
    writes: true,
    run(ctx) {
      const ref = resolveObject(ctx, parts, 'CREATE TASK');
      requireSchema(ctx, ref);
      const existing = getTask(ctx, ref);
      if (existing && ifNotExists) return alreadyExistsStatus(ref.name);
      if (existing && head.orReplace && inGraph(ctx, existing)) requireSuspendedRoot(ctx, existing);
      const preds = checkPredecessors(ctx, ref, existing, c.after ?? [], 'CREATE TASK');
      const finalize = c.finalize ? checkFinalize(ctx, ref, existing, c.finalize, 'CREATE TASK') : null;
      if (finalize && preds.length) throw taskError('A finalizer task cannot have predecessors.');
      noScheduleOnChild(ref, c, preds.length > 0, finalize !== null);
      resolveExisting(ctx, head, ifNotExists, existing, fullName(ref));
      const now = ctx.now.getTime();
      const props: TaskProps = {
        id: randomUUID(),
        warehouse: c.warehouse ?? null,
        managedSize: c.managedSize ?? null,
        schedule: c.schedule ?? null,
        predecessors: preds,
        condition: c.when ?? null,
        definition: c.body!,
        comment: c.comment ?? null,
        finalize,
        state: 'suspended',
        params: c.params,
        lastCommittedOn: now,
        lastSuspendedOn: null,
        lastSuspendedReason: null,
        resumedOn: null,
        lastDue: null,
        graphVersion: 1,
      };
      const t = ctx.catalog.insert<TaskProps>({ kind: 'task', ...ref }, props, ctx.now);
      if (inGraph(ctx, t)) touchGraph(ctx, rootOf(ctx, t));
      return status(`Task ${ref.name} successfully created.`);
    },
  };
}

type Change = (ctx: ExecContext, t: TaskObject) => void;

/** SET: properties, FINALIZE, SCHEDULE, all checked against the graph rules. */
function setChange(c: TaskClauses): Change {
  return (ctx, t) => {
    requireSuspendedRoot(ctx, t);
    noScheduleOnChild(keyOf(t), c, t.props.predecessors.length > 0, t.props.finalize !== null);
    const changes: Partial<TaskProps> = { params: { ...t.props.params, ...c.params } };
    if (c.warehouse !== undefined) Object.assign(changes, { warehouse: c.warehouse, managedSize: null });
    if (c.managedSize !== undefined) Object.assign(changes, { managedSize: c.managedSize, warehouse: null });
    if (c.schedule !== undefined) changes.schedule = c.schedule;
    if (c.comment !== undefined) changes.comment = c.comment;
    if (c.finalize) {
      if (t.props.predecessors.length || childrenOf(ctx, t).length) {
        throw taskError(`Task ${fullName(t)} is part of a graph; only a standalone task can become a finalizer.`);
      }
      if (t.props.schedule) throw taskError(`Task ${fullName(t)} has a schedule; a finalizer task cannot have one.`);
      changes.finalize = checkFinalize(ctx, keyOf(t), t, c.finalize, 'ALTER TASK');
    }
    const saved = save(ctx, t, { ...changes, lastCommittedOn: ctx.now.getTime() });
    touchGraph(ctx, rootOf(ctx, saved));
  };
}

const UNSETTABLE = new Set([
  'WAREHOUSE',
  'USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE',
  'SCHEDULE',
  'COMMENT',
  'FINALIZE',
  'CONFIG',
  'OVERLAP_POLICY',
  'ALLOW_OVERLAPPING_EXECUTION',
  'USER_TASK_TIMEOUT_MS',
  'SUSPEND_TASK_AFTER_NUM_FAILURES',
  'ERROR_INTEGRATION',
  'SUCCESS_INTEGRATION',
  'LOG_LEVEL',
  'TASK_AUTO_RETRY_ATTEMPTS',
]);

function unsetChange(keys: string[]): Change {
  return (ctx, t) => {
    requireSuspendedRoot(ctx, t);
    const params = { ...t.props.params };
    const changes: Partial<TaskProps> = {};
    for (const k of keys) {
      if (k === 'WAREHOUSE') changes.warehouse = null;
      else if (k === 'USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE') changes.managedSize = null;
      else if (k === 'SCHEDULE') changes.schedule = null;
      else if (k === 'COMMENT') changes.comment = null;
      else if (k === 'FINALIZE') Object.assign(changes, { finalize: null, state: 'suspended' });
      else delete params[k];
    }
    const root = rootOf(ctx, t);
    save(ctx, t, { ...changes, params, lastCommittedOn: ctx.now.getTime() });
    touchGraph(ctx, root);
  };
}

function afterChange(add: boolean, list: string[][]): Change {
  return (ctx, t) => {
    requireSuspendedRoot(ctx, t);
    const key = keyOf(t);
    if (add) {
      if (t.props.finalize) throw taskError(`Task ${fullName(t)} is a finalizer task; it cannot have predecessors.`);
      noScheduleOnChild(key, t.props, true, false);
      const added = checkPredecessors(ctx, key, t, list, 'ALTER TASK');
      const preds = [...t.props.predecessors, ...added.filter((n) => !t.props.predecessors.includes(n))];
      if (preds.length > MAX_PREDECESSORS) throw taskError(`A task can have at most ${MAX_PREDECESSORS} predecessors.`);
      const saved = save(ctx, t, { predecessors: preds, lastCommittedOn: ctx.now.getTime() });
      touchGraph(ctx, rootOf(ctx, saved));
      return;
    }
    const oldRoot = rootOf(ctx, t);
    const removed = new Set(list.map((parts) => resolveObject(ctx, parts, 'ALTER TASK').name));
    const preds = t.props.predecessors.filter((n) => !removed.has(n));
    let saved = save(ctx, t, { predecessors: preds, lastCommittedOn: ctx.now.getTime() });
    // A child left without predecessors becomes a standalone or root task, suspended.
    if (preds.length === 0) saved = suspend(ctx, saved, 'CHILD_BECAME_ROOT');
    touchGraph(ctx, oldRoot);
    touchGraph(ctx, rootOf(ctx, saved));
  };
}

function stateChange(on: boolean): Change {
  return (ctx, t) => {
    // Children and finalizers change state only while their root is suspended.
    if (!isRoot(t)) requireSuspendedRoot(ctx, t);
    if (on) resume(ctx, t);
    else suspend(ctx, t);
  };
}

function alter(p: Parser): Statement {
  const ifExists = p.acceptKw('IF EXISTS');
  const parts = p.qualifiedName(3);
  let change: Change;
  if (p.acceptKw('RESUME')) change = stateChange(true);
  else if (p.acceptKw('SUSPEND')) change = stateChange(false);
  else if (p.acceptKw('ADD AFTER')) change = afterChange(true, parseNameList(p));
  else if (p.acceptKw('REMOVE AFTER')) change = afterChange(false, parseNameList(p));
  else if (p.acceptKw('REMOVE WHEN')) change = modify({ condition: null });
  else if (p.acceptKw('MODIFY AS')) change = modify({ definition: parseBody(p) });
  else if (p.acceptKw('MODIFY WHEN')) change = modify({ condition: parseWhen(p, false) });
  else if (p.acceptKw('SET')) {
    if (p.isKw('TAG')) throw unsupported('ALTER TASK ... SET TAG');
    const c: TaskClauses = { params: {} };
    const from = p.pos;
    parseTaskProps(p, c);
    if (p.pos === from) throw p.fail();
    change = setChange(c);
  } else if (p.acceptKw('UNSET')) {
    if (p.isKw('TAG')) throw unsupported('ALTER TASK ... UNSET TAG');
    const keys: string[] = [];
    do {
      const t = p.next();
      const k = t.type === 'word' ? t.value.toUpperCase() : '';
      if (!UNSETTABLE.has(k)) throw p.fail(t);
      keys.push(k);
    } while (p.acceptPunct(','));
    change = unsetChange(keys);
  } else if (p.isKw('RENAME')) throw unsupported('ALTER TASK ... RENAME');
  else throw p.fail();
  p.end();
  return {
    writes: true,
    run(ctx) {
      const ref = resolveObject(ctx, parts, 'ALTER TASK');
      const t = getTask(ctx, ref);
      if (!t) {
        if (ifExists) return status(OK);
        requireSchema(ctx, ref);
        requireTask(ctx, ref);
      }
      change(ctx, t!);
      return status(OK);
    },
  };
}

function modify(changes: Partial<TaskProps>): Change {
  return (ctx, t) => {
    requireSuspendedRoot(ctx, t);
    save(ctx, t, { ...changes, lastCommittedOn: ctx.now.getTime() });
    touchGraph(ctx, rootOf(ctx, t));
  };
}

function drop(p: Parser): Statement {
  const ifExists = p.acceptKw('IF EXISTS');
  const parts = p.qualifiedName(3);
  p.end();
  return {
    writes: true,
    run(ctx) {
      const ref = resolveObject(ctx, parts, 'DROP TASK');
      const t = getTask(ctx, ref);
      if (!t) {
        if (ifExists) return alreadyDroppedStatus(ref.name);
        requireSchema(ctx, ref);
        requireTask(ctx, ref);
        return status(OK);
      }
      if (inGraph(ctx, t)) requireSuspendedRoot(ctx, t);
      // Children that lose their only predecessor become standalone or root tasks, suspended.
      for (const c of childrenOf(ctx, t)) {
        const preds = c.props.predecessors.filter((n) => n !== t.name);
        const saved = save(ctx, c, { predecessors: preds });
        if (preds.length === 0) suspend(ctx, saved, 'CHILD_BECAME_ROOT');
      }
      const fin = isRoot(t) ? finalizerOf(ctx, t) : undefined;
      if (fin) suspend(ctx, save(ctx, fin, { finalize: null }), 'FINALIZER_BECAME_ROOT');
      ctx.registry.removeObject(ctx, t);
      return droppedStatus(ref.name);
    },
  };
}

function show(p: Parser, head: Head): Statement {
  const o = parseShowOptions(p, head, 'schema', { rootOnly: true });
  return {
    writes: false,
    run(ctx) {
      const scope = resolveScope(ctx, o);
      let list = ctx.catalog.list<TaskProps>('task', scope);
      if (o.rootOnly) list = list.filter(isRoot);
      const data = filterByName(list, o, (t) => t.name).map((t) => taskRow(ctx, t));
      return showResult(
        o,
        TASK_COLUMNS,
        data.map((r) => ({ ...r, kind: 'TASK' })),
        TERSE_TASK_COLUMNS,
      );
    },
  };
}

function describe(p: Parser): Statement {
  const parts = p.qualifiedName(3);
  p.end();
  return {
    writes: false,
    run(ctx) {
      const ref = resolveObject(ctx, parts, 'DESCRIBE TASK');
      requireSchema(ctx, ref);
      return rows(TASK_COLUMNS, [taskRow(ctx, requireTask(ctx, ref))]);
    },
  };
}

function execute(p: Parser): Statement {
  const parts = p.qualifiedName(3);
  if (p.isKw('RETRY')) throw unsupported('EXECUTE TASK ... RETRY');
  if (p.acceptKw('USING CONFIG')) {
    p.expectPunct('=');
    p.string();
  }
  p.end();
  return {
    writes: true,
    run(ctx) {
      const ref = resolveObject(ctx, parts, 'EXECUTE TASK');
      requireSchema(ctx, ref);
      const t = requireTask(ctx, ref);
      if (!isRoot(t)) {
        throw compilationError(
          `Cannot execute task ${fullName(t)}: it is not a standalone or root task. Execute the root task of its graph.`,
          '091423',
          '22000',
        );
      }
      runGraph(ctx, t, 'EXECUTE_TASK', ctx.now.getTime());
      return status(`Task ${t.name} is scheduled to run immediately.`);
    },
  };
}

/** SYSTEM$TASK_DEPENDENTS_ENABLE('db.s.t'): resumes the task and everything after it, children first. */
function dependentsEnable(ctx: ExecContext, name: string): string {
  const parts = Parser.of(name).qualifiedName(3);
  const t = requireTask(ctx, resolveObject(ctx, parts, 'SYSTEM$TASK_DEPENDENTS_ENABLE'));
  for (const d of dependents(ctx, t).reverse()) resume(ctx, ctx.catalog.byId<TaskProps>(d.id)!);
  resume(ctx, ctx.catalog.byId<TaskProps>(t.id)!);
  return OK;
}

export const taskKind: KindModule = {
  kind: 'task',
  keyword: 'TASK',
  plural: 'TASKS',
  create,
  alter,
  drop,
  show,
  describe,
};

export function register(registry: Registry): void {
  registry.addKind(taskKind);
  registry.on('EXECUTE', 'TASK', execute);
  registry.addSystemFunction('SYSTEM$TASK_DEPENDENTS_ENABLE', {
    writes: true,
    call(ctx, args) {
      const arg = args[0];
      if (args.length !== 1 || arg.type !== 'string') {
        throw compilationError('SYSTEM$TASK_DEPENDENTS_ENABLE takes one argument: the task name as a string.');
      }
      return dependentsEnable(ctx, arg.value);
    },
  });
  registry.migrations.push(RUNS_DDL);
  registry.addBeforeWrite(catchUp);
  registerTaskFunctions(registry);
}
