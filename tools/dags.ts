/** DAG tools: deploy, run, and read graph runs. SQL and models in src/resources/dag*.ts. */
import * as z from 'zod';
import { SnowopsError } from '../src/errors.js';
import { createMode, mutationFields, mutationOutput } from '../src/ops/schemas.js';
import type { Plan, ReadTool, ToolContext, WriteTool } from '../src/ops/types.js';
import { dagFromGraph, dagModel, dropGraphStatements, getGraph, readGraph } from '../src/resources/dag.js';
import { buildDeployment, checkReplaceable, type DeployInput, splitStatements } from '../src/resources/dag-deploy.js';
import { dagRunModel, dagRuns } from '../src/resources/dag-runs.js';
import { text } from '../src/resources/rows.js';
import {
  executeTaskSql,
  resumeTaskSql,
  scheduleInput,
  type TaskRef,
  taskDefinitionInput,
  taskName,
} from '../src/resources/task.js';
import { parseName } from '../src/sql/identifiers.js';
import { nameField } from './objects.js';
import { databaseField, schemaField } from './tasks.js';

const dagFields = { database: databaseField, schema: schemaField, name: nameField('DAG (its root task)') };

function dagRef(args: { database: string; schema: string; name: string }): TaskRef {
  return {
    database: parseName(args.database, 'database name'),
    schema: parseName(args.schema, 'schema name'),
    name: parseName(args.name, 'DAG name'),
  };
}

const deployInput = z.object({
  ...dagFields,
  schedule: scheduleInput
    .optional()
    .describe('{ minutes } or { cron, timezone } for the root; without it the DAG runs only through run_dag.'),
  warehouse: z
    .string()
    .optional()
    .describe("The root's warehouse and the default for the tasks; without one they are serverless."),
  tasks: z
    .array(
      z.object({
        name: z.string().describe('Task name within the DAG; the task is created as <DAG>$<name>.'),
        definition: taskDefinitionInput.describe(
          '{ sql }, { call: { procedure, args? } } or { python: { code, handler, ... } }.',
        ),
        predecessors: z
          .array(z.string())
          .optional()
          .describe('Names of tasks of this DAG it runs after (default: the root).'),
        warehouse: z.string().optional().describe("Overrides the DAG's warehouse for this task."),
        condition: z.string().optional().describe('WHEN condition: one boolean expression.'),
      }),
    )
    .min(1)
    .describe('The tasks of the graph.'),
  finalizer: z
    .object({ name: z.string(), definition: taskDefinitionInput, warehouse: z.string().optional() })
    .optional()
    .describe('A task that runs last after every graph run, successful or not (FINALIZE).'),
  mode: createMode,
  ...mutationFields,
});

type DeployArgs = z.infer<typeof deployInput>;

function deployment(args: DeployArgs) {
  const ref = dagRef(args);
  const input: DeployInput = { ...args, database: ref.database, schema: ref.schema };
  return buildDeployment(input);
}

/** Runs statements, failing after every statement of the batch settled, so none is left half-reported. */
async function runBatch(batch: string[], ctx: ToolContext, onDone: (sql: string) => void): Promise<void> {
  const results = await Promise.allSettled(batch.map((sql) => ctx.run(sql).then(() => onDone(sql))));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export const deployDagTool: WriteTool<typeof deployInput> = {
  kind: 'write',
  effect: 'write',
  name: 'deploy_dag',
  title: 'Deploy a DAG (task graph)',
  description:
    'Creates a task graph: a root task named after the DAG (it does nothing itself), one task per entry named <DAG>$<TASK> running after its predecessors (or the root), and an optional finalizer. Tasks of one depth are created concurrently; every child is resumed, the root last and only when the DAG has a schedule. Progress is reported per task. With mode or_replace over an existing DAG the call is destructive (the plan lists the tasks it replaces) and returns confirmation_required first; so does a destructive sql task body. Returns status done with the DAG model.',
  toolset: 'tasks',
  input: deployInput,
  output: mutationOutput(dagModel),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  nameFields: [
    'database',
    'schema',
    'name',
    'warehouse',
    'tasks.name',
    'tasks.predecessors',
    'tasks.warehouse',
    'finalizer.name',
    'finalizer.warehouse',
  ],
  async plan(args, ctx): Promise<Plan> {
    const d = deployment(args);
    const root = taskName(d.root);
    const existing = await readGraph(ctx.client, d.root);
    const impact: string[] = [];
    let prefix: string[] = [];
    if (existing) {
      checkReplaceable(existing, d.root);
      if (args.mode === 'error_if_exists') {
        throw new SnowopsError('already_exists', `DAG ${root} already exists.`, {
          hint: 'Pass mode "or_replace" to replace the graph (its tasks are dropped first), or "if_not_exists" to keep it.',
        });
      }
      if (args.mode === 'if_not_exists') {
        return {
          tool: 'deploy_dag',
          effect: 'write',
          summary: `DAG ${root} already exists; nothing changes.`,
          statements: [],
          impact: [],
          reversible: null,
        };
      }
      const drop = dropGraphStatements(existing);
      prefix = drop.statements;
      impact.push(`replaces the existing DAG ${root}: drops its ${drop.names.length} task(s) ${drop.names.join(', ')}`);
    }
    impact.push(`creates ${d.taskNames.length} tasks, parents first (depth ${d.depth}): ${d.taskNames.join(', ')}`);
    impact.push(
      args.schedule
        ? `resumes every task, the root last; the graph then runs ${'minutes' in args.schedule ? `every ${args.schedule.minutes} minute(s)` : `on cron ${args.schedule.cron} (${args.schedule.timezone})`}`
        : 'resumes every child; the root stays suspended (no schedule): run_dag runs the graph',
    );
    impact.push(...d.destructiveBodies);
    return {
      tool: 'deploy_dag',
      effect: existing || d.destructiveBodies.length > 0 ? 'destructive' : 'write',
      summary: `${existing ? 'Replace' : 'Deploy'} DAG ${root} with ${d.taskNames.length} tasks.`,
      statements: [...prefix, ...d.batches.flat()],
      impact,
      reversible: `drop_object kind dag ${root}`,
    };
  },
  async apply(args, plan, ctx) {
    if (plan.statements.length === 0) return { message: plan.summary };
    const d = deployment(args);
    const { prefix, batches } = splitStatements(plan.statements, d);
    const total = plan.statements.length;
    let done = 0;
    const report = (sql: string) =>
      ctx.progress({
        progress: ++done,
        total,
        message: sql.match(/^(CREATE TASK|ALTER TASK|DROP TASK) \S+( RESUME| SUSPEND)?/)?.[0] ?? sql,
      });
    for (const sql of prefix) {
      await ctx.run(sql);
      report(sql);
    }
    for (const batch of batches) {
      if (ctx.signal.aborted) {
        throw new SnowopsError('internal', `Stopped on request after ${done} of ${total} statements.`, {
          hint: 'Deploy again with mode or_replace to finish, or drop_object kind dag to remove what was created.',
        });
      }
      await runBatch(batch, ctx, report);
    }
    return {
      message: `DAG ${taskName(d.root)} deployed: ${d.taskNames.length} tasks.`,
      object: dagFromGraph(await getGraph(ctx.client, d.root)),
    };
  },
};

const dagInput = z.object({ ...dagFields, ...mutationFields });

export const runDagTool: WriteTool<typeof dagInput> = {
  kind: 'write',
  effect: 'write',
  name: 'run_dag',
  title: 'Run a DAG now',
  description:
    'Runs a DAG once now: resumes its root if it has a schedule, then EXECUTE TASK on the root. Children run after their predecessors; suspended children are skipped; the finalizer runs last. Returns status done with the newest graph run (state, first error); Snowflake runs it asynchronously, so it may still be EXECUTING: get_dag_runs follows it.',
  toolset: 'tasks',
  input: dagInput,
  output: mutationOutput(dagRunModel),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  nameFields: ['database', 'schema', 'name'],
  async plan(args, ctx): Promise<Plan> {
    const ref = dagRef(args);
    const g = await getGraph(ctx.client, ref);
    const scheduled = text(g.root, 'schedule') !== '';
    const suspended = text(g.root, 'state').toLowerCase() !== 'started';
    const statements = [...(scheduled && suspended ? [resumeTaskSql(ref)] : []), executeTaskSql(ref)];
    return {
      tool: 'run_dag',
      effect: 'write',
      summary: `Run DAG ${taskName(ref)} now.`,
      statements,
      impact: [
        ...(scheduled && suspended ? [`resumes root ${ref.name}: it then also runs on its schedule`] : []),
        `runs the graph once: ${g.tasks.length + (g.finalizer ? 1 : 0)} task(s), suspended ones skipped`,
      ],
      reversible: null,
    };
  },
  async apply(args, plan, ctx) {
    const ref = dagRef(args);
    // The run this call starts is the EXECUTE_TASK run that was not there before.
    const [before] = await dagRuns(ctx.client, ref, undefined, 1, 'EXECUTE_TASK');
    for (const sql of plan.statements) await ctx.run(sql);
    const [run] = await dagRuns(ctx.client, ref, undefined, 1, 'EXECUTE_TASK');
    if (!run || run.run_id === before?.run_id) {
      return { message: `DAG ${taskName(ref)} started; get_dag_runs shows the run once Snowflake lists it.` };
    }
    const error = run.first_error_task_name
      ? ` First error in ${run.first_error_task_name}: ${run.first_error_message}`
      : '';
    return { message: `DAG ${taskName(ref)} ran: graph run ${run.run_id} ${run.state}.${error}`, object: run };
  },
};

const runsInput = z.object({
  ...dagFields,
  state: z
    .enum(['current', 'complete'])
    .optional()
    .describe('current: scheduled or executing; complete: finished. Default both.'),
  limit: z.number().int().min(1).max(1000).default(20).describe('At most this many runs (default 20).'),
});

export const getDagRunsTool: ReadTool<typeof runsInput> = {
  kind: 'read',
  effect: 'read',
  name: 'get_dag_runs',
  title: 'Graph runs of a DAG',
  description:
    'Returns { runs: [{ run_id, state, scheduled_time, query_start_time, completed_time, first_error_task_name, first_error_message }] }, newest first: current runs (SCHEDULED, EXECUTING) and complete ones (SUCCEEDED, FAILED, CANCELLED) as Snowflake keeps them. Read-only.',
  toolset: 'tasks',
  input: runsInput,
  output: z.object({ runs: z.array(dagRunModel) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async read(args, ctx) {
    const ref = dagRef(args);
    await getGraph(ctx.client, ref);
    return { runs: await dagRuns(ctx.client, ref, args.state, args.limit) };
  },
};

export const dagTools = [deployDagTool, runDagTool, getDagRunsTool];
