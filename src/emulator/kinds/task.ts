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
import { alter } from '../tasks/alter.js';
import { checkFinalize, checkPredecessors, noScheduleOnChild } from '../tasks/checks.js';
import { registerTaskFunctions } from '../tasks/functions.js';
import {
  childrenOf,
  dependents,
  finalizerOf,
  fullName,
  getTask,
  inGraph,
  requireSuspendedRoot,
  requireTask,
  resume,
  rootOf,
  save,
  suspend,
  TASK,
  type TaskObject,
  type TaskProps,
  taskError,
  touchGraph,
} from '../tasks/model.js';
import { parseCreateClauses } from '../tasks/parse.js';
import { isRoot, TASK_COLUMNS, TERSE_TASK_COLUMNS, taskRow } from '../tasks/rows.js';
import { RUNS_DDL, runGraph } from '../tasks/runs.js';
import { catchUp } from '../tasks/scheduler.js';
import { alreadyExistsStatus, parseIfNotExists, resolveExisting } from './common.js';
import { requireNamed } from './lookup.js';
import { describeHandler, dropHandler, nothingMore } from './verbs.js';

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
        params: c.params,
        ...newTaskState(ctx.now.getTime()),
      };
      const t = ctx.catalog.insert<TaskProps>({ kind: 'task', ...ref }, props, ctx.now);
      if (inGraph(ctx, t)) touchGraph(ctx, rootOf(ctx, t));
      return status(`Task ${ref.name} successfully created.`);
    },
  };
}

const drop = dropHandler(TASK, {
  tail: nothingMore,
  before(ctx, t) {
    if (inGraph(ctx, t)) requireSuspendedRoot(ctx, t);
    // Children that lose their only predecessor become standalone or root tasks, suspended.
    for (const c of childrenOf(ctx, t)) {
      const preds = c.props.predecessors.filter((n) => n !== t.name);
      const saved = save(ctx, c, { predecessors: preds });
      if (preds.length === 0) suspend(ctx, saved, 'CHILD_BECAME_ROOT');
    }
    const fin = isRoot(t) ? finalizerOf(ctx, t) : undefined;
    if (fin) suspend(ctx, save(ctx, fin, { finalize: null }), 'FINALIZER_BECAME_ROOT');
  },
});

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

const describe = describeHandler(TASK, (ctx, t) => rows(TASK_COLUMNS, [taskRow(ctx, t)]));

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
      const t = requireNamed(TASK, ctx, parts, 'EXECUTE TASK');
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
  // Back from UNDROP of its schema or database: suspended, so a schedule does not catch up.
  onRestore: (ctx, t) => void suspend(ctx, t as TaskObject),
  // A copy in a cloned schema or database: a new task, suspended as Snowflake creates clones.
  // Predecessors and the finalized root are names within the schema, so they name the copies.
  clone(ctx, t, target) {
    const props: TaskProps = { ...(t.props as TaskProps), id: randomUUID(), ...newTaskState(ctx.now.getTime()) };
    return ctx.catalog.insert<TaskProps>({ kind: 'task', ...target }, props, ctx.now);
  },
};

/** The state of a task just created or cloned: suspended, never run. */
function newTaskState(now: number) {
  return {
    state: 'suspended' as const,
    lastCommittedOn: now,
    lastSuspendedOn: null,
    lastSuspendedReason: null,
    resumedOn: null,
    lastDue: null,
    graphVersion: 1,
  };
}

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
