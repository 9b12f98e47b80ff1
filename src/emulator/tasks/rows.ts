/** SHOW TASKS / DESCRIBE TASK / TASK_DEPENDENTS rows, with Snowflake's columns and conventions. */
import type { Row } from '../../client/types.js';
import { shown } from '../errors.js';
import { OWNER } from '../kinds/common.js';
import type { ExecContext } from '../registry.js';
import { columns } from '../results.js';
import { finalizerOf, fullName, type TaskObject } from './model.js';

export const TASK_COLUMNS = columns(
  'created_on:timestamp_ltz name:text id:text database_name:text schema_name:text owner:text comment:text ' +
    'warehouse:text schedule:text scheduling_mode:text target_completion_interval:text predecessors:text ' +
    'state:text definition:text condition:text allow_overlapping_execution:text error_integration:text ' +
    'success_integration:text last_committed_on:timestamp_ltz last_suspended_on:timestamp_ltz ' +
    'owner_role_type:text config:text budget:text last_suspended_reason:text task_relations:text execute_as_user:text',
);

export const TERSE_TASK_COLUMNS = columns(
  'created_on:timestamp_ltz name:text kind:text database_name:text schema_name:text schedule:text',
);

/** Whether a task has no predecessors and finalizes nothing: a root or standalone task. */
export function isRoot(t: TaskObject): boolean {
  return t.props.predecessors.length === 0 && t.props.finalize === null;
}

export function taskRow(ctx: ExecContext, t: TaskObject): Row {
  const preds = t.props.predecessors.map((n) => shown(t.database!, t.schema!, n));
  const fin = isRoot(t) ? finalizerOf(ctx, t) : undefined;
  const relations = t.props.finalize
    ? { FinalizedRootTask: shown(t.database!, t.schema!, t.props.finalize), Predecessors: [] }
    : { Predecessors: preds, ...(fin ? { FinalizerTask: fullName(fin) } : {}) };
  const config = t.props.params.CONFIG;
  return {
    created_on: t.createdOn,
    name: t.name,
    id: t.props.id,
    database_name: t.database,
    schema_name: t.schema,
    owner: OWNER,
    comment: t.props.comment ?? '',
    warehouse: t.props.warehouse,
    schedule: t.props.schedule,
    scheduling_mode: null,
    target_completion_interval: null,
    predecessors: JSON.stringify(preds, null, 2),
    state: t.props.state,
    definition: t.props.definition,
    condition: t.props.condition,
    allow_overlapping_execution: isRoot(t) ? String(t.props.params.ALLOW_OVERLAPPING_EXECUTION ?? false) : 'null',
    error_integration: 'null',
    success_integration: null,
    last_committed_on: new Date(t.props.lastCommittedOn),
    last_suspended_on: t.props.lastSuspendedOn === null ? null : new Date(t.props.lastSuspendedOn),
    owner_role_type: 'ROLE',
    config: config === undefined || config === null ? null : String(config),
    budget: null,
    last_suspended_reason: t.props.lastSuspendedReason,
    task_relations: JSON.stringify(relations),
    execute_as_user: null,
  };
}
