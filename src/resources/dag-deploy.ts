/**
 * Deploying a DAG: validate the graph, name its tasks, and lay out the statements in batches.
 * Each batch's statements have no order between them (the tasks of one depth), so they may
 * run concurrently; batches run in order: root, depth 1, depth 2, ..., resumes, root resume.
 */
import { invalidInput } from '../errors.js';
import { parseName } from '../sql/identifiers.js';
import { dagTaskName, type Graph, ROOT_BODY } from './dag.js';
import {
  conditionText,
  createTaskSql,
  predecessorsOf,
  resumeTaskSql,
  type ScheduleInput,
  type TaskDefinition,
  type TaskRef,
  type TaskSpec,
  taskBody,
} from './task.js';

export interface DagTaskInput {
  name: string;
  definition: TaskDefinition;
  predecessors?: string[];
  warehouse?: string;
  condition?: string;
}

export interface DeployInput {
  database: string;
  schema: string;
  name: string;
  schedule?: ScheduleInput;
  warehouse?: string;
  tasks: DagTaskInput[];
  finalizer?: { name: string; definition: TaskDefinition; warehouse?: string };
}

export interface Deployment {
  root: TaskRef;
  /** Statement batches in order; the statements inside one batch may run concurrently. */
  batches: string[][];
  /** Stored names of every task, root first, finalizer last. */
  taskNames: string[];
  /** Impact lines for task bodies the classifier rates destructive. */
  destructiveBodies: string[];
  depth: number;
}

/** Validates a DAG and lays out its creation; pure (reads nothing). */
export function buildDeployment(input: DeployInput): Deployment {
  const dagName = parseName(input.name, 'DAG name');
  const root: TaskRef = { database: input.database, schema: input.schema, name: dagName };
  const rootParts = [root.database, root.schema, root.name];
  const warehouse = input.warehouse === undefined ? undefined : parseName(input.warehouse, 'warehouse');
  if (input.tasks.length === 0)
    throw invalidInput('A DAG needs at least one task.', 'Give tasks: [{ name, definition }].');

  // Names first, so predecessors can refer to any task whatever its position.
  const byKey = new Map<string, number>();
  const full = input.tasks.map((t, i) => {
    const key = parseName(t.name, `tasks[${i}].name`);
    if (byKey.has(key)) throw invalidInput(`Two tasks are named ${key}.`, 'Give each task of the DAG its own name.');
    byKey.set(key, i);
    return dagTaskName(dagName, t.name, `tasks[${i}].name`);
  });
  const preds = input.tasks.map((t, i) =>
    (t.predecessors ?? []).map((p) => {
      const key = parseName(p, `tasks[${i}].predecessors`);
      const j = byKey.get(key);
      if (j === undefined) {
        throw invalidInput(
          `Task ${t.name} runs after ${p}, which is not a task of this DAG.`,
          `Predecessors name tasks of the same DAG: ${[...byKey.keys()].join(', ')}.`,
        );
      }
      if (j === i) throw invalidInput(`Task ${t.name} cannot run after itself.`);
      return j;
    }),
  );

  // Depth below the root; a cycle has no depth.
  const depthOf = new Array<number>(input.tasks.length).fill(0);
  const state = new Array<0 | 1 | 2>(input.tasks.length).fill(0);
  const visit = (i: number): number => {
    if (state[i] === 2) return depthOf[i];
    if (state[i] === 1) {
      throw invalidInput(`The predecessors of task ${input.tasks[i].name} form a cycle.`, 'A DAG has no cycles.');
    }
    state[i] = 1;
    depthOf[i] = 1 + Math.max(0, ...preds[i].map(visit));
    state[i] = 2;
    return depthOf[i];
  };
  for (let i = 0; i < input.tasks.length; i++) visit(i);

  const destructiveBodies: string[] = [];
  const specs: TaskSpec[] = input.tasks.map((t, i) => {
    const body = taskBody(t.definition, `Task ${t.name}'s`);
    if (body.effect === 'destructive')
      destructiveBodies.push(`task ${full[i]} runs a destructive statement (${body.verb})`);
    return {
      database: root.database,
      schema: root.schema,
      name: full[i],
      body: body.sql,
      warehouse: t.warehouse === undefined ? warehouse : parseName(t.warehouse, `tasks[${i}].warehouse`),
      predecessors: preds[i].length ? preds[i].map((j) => [root.database, root.schema, full[j]]) : [rootParts],
      condition: conditionText(t.condition),
    };
  });

  const maxDepth = Math.max(...depthOf);
  const levels: string[][] = Array.from({ length: maxDepth }, () => []);
  for (const [i, s] of specs.entries()) levels[depthOf[i] - 1].push(createTaskSql(s, 'plain'));

  const children = [...full];
  if (input.finalizer) {
    const f = input.finalizer;
    const name = dagTaskName(dagName, f.name, 'finalizer.name');
    if (full.includes(name))
      throw invalidInput(`The finalizer is named like task ${f.name}.`, 'Give the finalizer its own name.');
    const body = taskBody(f.definition, "The finalizer's");
    if (body.effect === 'destructive')
      destructiveBodies.push(`finalizer ${name} runs a destructive statement (${body.verb})`);
    // The finalizer only needs the root, so it is created with the first level.
    levels[0].push(
      createTaskSql(
        {
          database: root.database,
          schema: root.schema,
          name,
          body: body.sql,
          warehouse: f.warehouse === undefined ? warehouse : parseName(f.warehouse, 'finalizer.warehouse'),
          finalize: rootParts,
        },
        'plain',
      ),
    );
    children.push(name);
  }

  const rootSql = createTaskSql({ ...root, body: ROOT_BODY, warehouse, schedule: input.schedule }, 'plain');
  const resumes = children.map((name) => resumeTaskSql({ ...root, name }));
  const batches = [[rootSql], ...levels, resumes, ...(input.schedule ? [[resumeTaskSql(root)]] : [])];
  return { root, batches, taskNames: [dagName, ...children], destructiveBodies, depth: maxDepth };
}

/** Statements that replace an existing graph come first and run one by one; then the batches. */
export function splitStatements(statements: string[], d: Deployment): { prefix: string[]; batches: string[][] } {
  const flat = d.batches.flat();
  const prefix = statements.slice(0, statements.length - flat.length);
  const rest = statements.slice(prefix.length);
  if (rest.length !== flat.length || rest.some((s, i) => s !== flat[i])) {
    throw invalidInput('The plan does not match these arguments.', 'Ask for a new plan.');
  }
  return { prefix, batches: d.batches };
}

/** An existing task of that name that is not the root of a graph cannot be replaced as a DAG. */
export function checkReplaceable(graph: Graph, root: TaskRef): void {
  const preds = predecessorsOf(graph.root);
  if (preds.length > 0) {
    throw invalidInput(
      `Task ${root.name} exists and runs after ${preds.join(', ')}; it is part of another graph, not a DAG root.`,
      'Pick another DAG name.',
    );
  }
}
