/**
 * ALTER TASK: RESUME, SUSPEND, ADD/REMOVE AFTER, SET, UNSET, MODIFY AS/WHEN, REMOVE WHEN. Every
 * change but a root's RESUME/SUSPEND needs the graph's root suspended (091421).
 */
import { unsupported } from '../errors.js';
import { alterHandler, type Change as KindChange } from '../kinds/verbs.js';
import { resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import { checkFinalize, checkPredecessors, MAX_PREDECESSORS, noScheduleOnChild } from './checks.js';
import {
  childrenOf,
  fullName,
  keyOf,
  requireSuspendedRoot,
  resume,
  rootOf,
  save,
  suspend,
  TASK,
  type TaskObject,
  type TaskProps,
  taskError,
  touchGraph,
} from './model.js';
import { parseBody, parseNameList, parseTaskProps, parseWhen, type TaskClauses } from './parse.js';
import { isRoot } from './rows.js';

type Change = KindChange<TaskObject>;

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
      const added = checkPredecessors(ctx, key, t, list, 'ALTER TASK', t.props.predecessors);
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

function parseChange(p: Parser): Change {
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
  return change;
}

export const alter = alterHandler(TASK, parseChange);

function modify(changes: Partial<TaskProps>): Change {
  return (ctx, t) => {
    requireSuspendedRoot(ctx, t);
    save(ctx, t, { ...changes, lastCommittedOn: ctx.now.getTime() });
    touchGraph(ctx, rootOf(ctx, t));
  };
}
