/** Task tools: create, resume, suspend, execute. SQL and models in src/resources/task.ts. */
import * as z from 'zod';
import { invalidInput } from '../src/errors.js';
import { createMode, mutationFields, mutationOutput } from '../src/ops/schemas.js';
import type { Plan, ToolContext, WriteTool } from '../src/ops/types.js';
import { planCreate } from '../src/resources/create.js';
import { describeObject, getRow } from '../src/resources/objects.js';
import {
  conditionText,
  createTaskSql,
  executeTaskSql,
  predecessorsOf,
  resumeTaskSql,
  resumeWithDependentsSql,
  scheduleInput,
  suspendTaskSql,
  type TaskRef,
  taskBody,
  taskDefinitionInput,
  taskDependents,
  taskFromRow,
  taskModel,
  taskName,
} from '../src/resources/task.js';
import type { ObjectRef } from '../src/resources/types.js';
import { parseName, parseQualifiedName } from '../src/sql/identifiers.js';
import { nameField } from './objects.js';

const NAME_RULES = 'Plain identifiers are stored uppercase; wrap a name in double quotes to keep its case.';
export const databaseField = z.string().describe(`The database. ${NAME_RULES}`);
export const schemaField = z.string().describe(`The schema. ${NAME_RULES}`);

export function taskRef(args: { database: string; schema: string; name: string }): TaskRef & ObjectRef {
  return {
    kind: 'task',
    database: parseName(args.database, 'database name'),
    schema: parseName(args.schema, 'schema name'),
    name: parseName(args.name, 'task name'),
  };
}

/** A predecessor: a task name in the same schema, or db.schema.task (which must be that schema). */
function predecessorParts(ref: TaskRef, text: string): string[] {
  const parts = parseQualifiedName(text, [1, 3], 'predecessor');
  const full = [ref.database, ref.schema].slice(0, 3 - parts.length).concat(parts);
  if (full[0] !== ref.database || full[1] !== ref.schema) {
    throw invalidInput(
      `Predecessor ${text} is in another schema; a task and its predecessors live in the same schema.`,
      `Name a task of ${ref.database}.${ref.schema}.`,
    );
  }
  return full;
}

async function current(ref: TaskRef & ObjectRef, ctx: ToolContext, message: string) {
  return { message, object: await describeObject(ctx.client, ref) };
}

const taskFields = { database: databaseField, schema: schemaField, name: nameField('task') };

const createInput = z.object({
  ...taskFields,
  definition: taskDefinitionInput.describe(
    'What the task runs: { sql } (one statement), { call: { procedure, args? } } or { python: { code, handler, packages?, runtime_version?, args? } } (an inline anonymous procedure).',
  ),
  warehouse: z.string().optional().describe('Warehouse that runs it; without one the task is serverless.'),
  schedule: scheduleInput
    .optional()
    .describe('{ minutes } or { cron, timezone }. Only for tasks without predecessors (standalone or root).'),
  predecessors: z
    .array(z.string())
    .optional()
    .describe('Tasks (same schema) this one runs after; it then has no schedule of its own.'),
  condition: z
    .string()
    .optional()
    .describe("WHEN condition, one boolean expression, e.g. SYSTEM$STREAM_HAS_DATA('S')."),
  comment: z.string().optional().describe('A comment stored with the task.'),
  mode: createMode,
  ...mutationFields,
});

export const createTaskTool: WriteTool<typeof createInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_task',
  title: 'Create a task',
  description:
    'Creates a task, suspended (as Snowflake creates every task): resume it with resume_task. Returns status done with the task model. Destructive, so confirmation_required comes first, when mode or_replace replaces an existing task or when its sql definition is destructive (DROP, TRUNCATE, CREATE OR REPLACE, ...); otherwise it runs at once.',
  toolset: 'tasks',
  input: createInput,
  output: mutationOutput(taskModel),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  nameFields: ['database', 'schema', 'name', 'warehouse', 'predecessors'],
  async plan(args, ctx): Promise<Plan> {
    const ref = taskRef(args);
    if (args.schedule && args.predecessors?.length) {
      throw invalidInput(
        'A task with predecessors runs after them and cannot have a schedule.',
        'Give either schedule (standalone or root task) or predecessors (child task).',
      );
    }
    const body = taskBody(args.definition);
    const spec = {
      ...ref,
      body: body.sql,
      warehouse: args.warehouse === undefined ? undefined : parseName(args.warehouse, 'warehouse name'),
      schedule: args.schedule,
      predecessors: args.predecessors?.map((p) => predecessorParts(ref, p)),
      condition: conditionText(args.condition),
      comment: args.comment,
    };
    const plan = await planCreate(ctx.client, 'create_task', ref, args.mode, (mode) => createTaskSql(spec, mode));
    plan.impact.push('the task is created suspended: resume_task starts it');
    if (body.effect === 'destructive') {
      plan.effect = 'destructive';
      plan.impact.push(`every run executes a destructive statement (${body.verb})`);
    }
    return plan;
  },
  after: (args, _plan, ctx) => {
    const ref = taskRef(args);
    return current(ref, ctx, `Task ${taskName(ref)} created (suspended).`);
  },
};

const stateInput = z.object({ ...taskFields, ...mutationFields });

const resumeInput = z.object({
  ...taskFields,
  with_dependents: z
    .boolean()
    .optional()
    .describe('Also resume every task after it, recursively (SYSTEM$TASK_DEPENDENTS_ENABLE).'),
  ...mutationFields,
});

export const resumeTaskTool: WriteTool<typeof resumeInput> = {
  kind: 'write',
  effect: 'write',
  name: 'resume_task',
  title: 'Resume a task',
  description:
    'Starts a task (ALTER TASK ... RESUME): a standalone or root task then runs on its schedule; a child runs after its predecessors. with_dependents resumes the whole graph below it too. In a graph, resume children before the root: changing a graph whose root is started fails (Snowflake 091421). Returns status done with the task model.',
  toolset: 'tasks',
  input: resumeInput,
  output: mutationOutput(taskModel),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nameFields: ['database', 'schema', 'name'],
  async plan(args, ctx): Promise<Plan> {
    const ref = taskRef(args);
    if (args.with_dependents) {
      const rows = await taskDependents(ctx.client, ref);
      const names = rows.map((r) => taskFromRow(r).name);
      return {
        tool: 'resume_task',
        effect: 'write',
        summary: `Resume task ${taskName(ref)} and the ${names.length - 1} task(s) after it.`,
        statements: [resumeWithDependentsSql(ref)],
        impact: [`resumes ${names.join(', ')}`],
        reversible: `suspend_task ${taskName(ref)}`,
      };
    }
    const task = taskFromRow(await getRow(ctx.client, ref));
    return {
      tool: 'resume_task',
      effect: 'write',
      summary: `Resume task ${taskName(ref)} (now ${task.state}).`,
      statements: [resumeTaskSql(ref)],
      impact: [
        task.predecessors.length
          ? `task ${ref.name} runs after ${task.predecessors.join(', ')}`
          : task.schedule
            ? `task ${ref.name} runs on its schedule`
            : `task ${ref.name} has no schedule: it runs only through execute_task`,
      ],
      reversible: `suspend_task ${taskName(ref)}`,
    };
  },
  after: (args, _plan, ctx) => {
    const ref = taskRef(args);
    return current(ref, ctx, `Task ${taskName(ref)} resumed${args.with_dependents ? ' with its dependents' : ''}.`);
  },
};

export const suspendTaskTool: WriteTool<typeof stateInput> = {
  kind: 'write',
  effect: 'disruptive',
  name: 'suspend_task',
  title: 'Suspend a task',
  description:
    'Suspends a task (ALTER TASK ... SUSPEND): no more scheduled runs; a run in progress finishes. Suspending a root stops its whole graph. Disruptive: by default the first call returns confirmation_required; show the plan to the person and call again with confirmation_token after they approve.',
  toolset: 'tasks',
  input: stateInput,
  output: mutationOutput(taskModel),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nameFields: ['database', 'schema', 'name'],
  async plan(args, ctx): Promise<Plan> {
    const ref = taskRef(args);
    const row = await getRow(ctx.client, ref);
    const task = taskFromRow(row);
    const impact = [
      `task ${ref.name} stops running${task.schedule ? ` (schedule ${JSON.stringify(task.schedule)})` : ''}`,
    ];
    if (predecessorsOf(row).length === 0) {
      const after = (await taskDependents(ctx.client, ref)).length - 1;
      if (after > 0) impact.push(`it is the root of a graph: the ${after} task(s) after it stop running too`);
    }
    return {
      tool: 'suspend_task',
      effect: 'disruptive',
      summary: `Suspend task ${taskName(ref)} (now ${task.state}).`,
      statements: [suspendTaskSql(ref)],
      impact,
      reversible: `resume_task ${taskName(ref)}`,
    };
  },
  after: (args, _plan, ctx) => {
    const ref = taskRef(args);
    return current(ref, ctx, `Task ${taskName(ref)} suspended.`);
  },
};

export const executeTaskTool: WriteTool<typeof stateInput> = {
  kind: 'write',
  effect: 'write',
  name: 'execute_task',
  title: 'Run a task now',
  description:
    'Runs a standalone or root task once now (EXECUTE TASK), with its graph: children follow their predecessors, suspended children are skipped. It need not be resumed. Snowflake runs it asynchronously (the local emulator finishes before answering); get_dag_runs shows the run. Returns status done with the task model.',
  toolset: 'tasks',
  input: stateInput,
  output: mutationOutput(taskModel),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  nameFields: ['database', 'schema', 'name'],
  async plan(args, ctx): Promise<Plan> {
    const ref = taskRef(args);
    const task = taskFromRow(await getRow(ctx.client, ref));
    if (task.predecessors.length > 0) {
      throw invalidInput(
        `Task ${taskName(ref)} runs after ${task.predecessors.join(', ')}; only a standalone or root task can be executed.`,
        'Execute the root task of its graph instead.',
      );
    }
    return {
      tool: 'execute_task',
      effect: 'write',
      summary: `Run task ${taskName(ref)} once now.`,
      statements: [executeTaskSql(ref)],
      impact: [`runs ${ref.name} and the resumed tasks after it once`],
      reversible: null,
    };
  },
  after: (args, _plan, ctx) => {
    const ref = taskRef(args);
    return current(ref, ctx, `Task ${taskName(ref)} executed.`);
  },
};

export const taskTools = [createTaskTool, resumeTaskTool, suspendTaskTool, executeTaskTool];
