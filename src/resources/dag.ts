/**
 * Task graphs (DAGs) as snowflake.core's dagv1 builds them: a root task named after the DAG
 * that does nothing, children named `<DAG>$<TASK>`, an optional finalizer; deployed
 * parents-first, dropped leaves-first (DESIGN §3). Reading a graph uses SHOW TASKS and
 * TASK_DEPENDENTS; listing finds roots in one SHOW TASKS.
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { invalidInput, SnowopsError } from '../errors.js';
import { MAX_IDENTIFIER_LENGTH, parseName, qualified } from '../sql/identifiers.js';
import { text } from './rows.js';
import {
  finalizerOf,
  findTask,
  parseSchedule,
  predecessorsOf,
  splitQualified,
  type TaskRef,
  taskDependents,
  taskFromRow,
  taskName,
} from './task.js';
import type { DropPlan, KindSpec, ListOptions, ListPage, Model, ObjectRef } from './types.js';

/** What a root task runs: nothing that touches data. */
export const ROOT_BODY = "SELECT 'dag root'";

/** `<DAG>$<TASK>`: the two names joined before quoting, so plain names stay plain. */
export function dagTaskName(dag: string, task: string, what = 'task name'): string {
  const joined = `${dag}$${parseName(task, what)}`;
  if ([...joined].length > MAX_IDENTIFIER_LENGTH) {
    throw invalidInput(
      `The task name ${JSON.stringify(joined.slice(0, 60))}… (DAG name, $, task name) is ${[...joined].length} characters; Snowflake allows ${MAX_IDENTIFIER_LENGTH}.`,
      'Use a shorter DAG or task name.',
    );
  }
  return joined;
}

// ---- reading a graph ----------------------------------------------------------------------

export interface Graph {
  root: Row;
  /** The root first, then every task after it (TASK_DEPENDENTS order), without the finalizer. */
  tasks: Row[];
  finalizer: Row | null;
}

const fq = (row: Row) =>
  taskName({ database: text(row, 'database_name'), schema: text(row, 'schema_name'), name: text(row, 'name') });

/** The graph whose root is `ref`, or null when no such task exists. */
export async function readGraph(client: SqlClient, ref: TaskRef): Promise<Graph | null> {
  const root = await findTask(client, ref);
  if (!root) return null;
  const rows = await taskDependents(client, ref);
  const finalizerName = finalizerOf(root);
  let finalizer = rows.find((r) => finalizerName !== null && fq(r) === finalizerName) ?? null;
  if (finalizerName && !finalizer) {
    const [database, schema, name] = splitQualified(finalizerName);
    finalizer = await findTask(client, { database, schema, name });
  }
  const tasks = rows.filter((r) => r !== finalizer && fq(r) !== finalizerName);
  if (!tasks.some((r) => fq(r) === fq(root))) tasks.unshift(root);
  return { root, tasks, finalizer };
}

/** Depth of each task below the root (root 0), by fully qualified name. */
export function depths(rows: Row[], rootName: string): Map<string, number> {
  const byName = new Map(rows.map((r) => [fq(r), r]));
  const depth = new Map<string, number>([[rootName, 0]]);
  const visit = (name: string, seen: Set<string>): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const row = byName.get(name);
    if (!row || seen.has(name)) return 0;
    seen.add(name);
    const preds = predecessorsOf(row).filter((p) => byName.has(p));
    const d = 1 + Math.max(0, ...preds.map((p) => visit(p, seen)));
    depth.set(name, d);
    return d;
  };
  for (const r of rows) visit(fq(r), new Set());
  return depth;
}

/** Statements that remove a graph: suspend the root, drop the finalizer and leaves first, root last. */
export function dropGraphStatements(graph: Graph): { statements: string[]; names: string[] } {
  const rootName = fq(graph.root);
  const depth = depths(graph.tasks, rootName);
  const children = graph.tasks
    .filter((r) => fq(r) !== rootName)
    .sort((a, b) => (depth.get(fq(b)) ?? 0) - (depth.get(fq(a)) ?? 0) || (fq(a) < fq(b) ? -1 : 1));
  const order = [...(graph.finalizer ? [graph.finalizer] : []), ...children, graph.root];
  return {
    statements: [`ALTER TASK ${rootName} SUSPEND`, ...order.map((r) => `DROP TASK ${fq(r)}`)],
    names: order.map((r) => text(r, 'name')),
  };
}

// ---- the model ----------------------------------------------------------------------------

const dagTask = z.object({
  name: z.string(),
  state: z.string(),
  predecessors: z.array(z.string()),
  definition: z.string(),
  warehouse: z.string().nullable(),
});

export const dagModel = z.object({
  name: z.string(),
  database_name: z.string(),
  schema_name: z.string(),
  state: z.string(),
  schedule: z
    .object({ minutes: z.number().optional(), cron: z.string().optional(), timezone: z.string().optional() })
    .nullable(),
  task_count: z.number(),
  tasks: z.array(dagTask).optional(),
  finalizer: dagTask.nullable().optional(),
});

export type Dag = z.infer<typeof dagModel>;

function dagTaskOf(row: Row): z.infer<typeof dagTask> {
  const t = taskFromRow(row);
  return {
    name: t.name,
    state: t.state,
    predecessors: t.predecessors,
    definition: t.definition,
    warehouse: t.warehouse,
  };
}

export function dagSummary(root: Row, taskCount: number): Dag {
  return {
    name: text(root, 'name'),
    database_name: text(root, 'database_name'),
    schema_name: text(root, 'schema_name'),
    state: text(root, 'state').toLowerCase(),
    schedule: parseSchedule(text(root, 'schedule') || null),
    task_count: taskCount,
  };
}

export function dagFromGraph(g: Graph): Dag {
  return {
    ...dagSummary(g.root, g.tasks.length + (g.finalizer ? 1 : 0)),
    tasks: g.tasks.map(dagTaskOf),
    finalizer: g.finalizer ? dagTaskOf(g.finalizer) : null,
  };
}

/** The graph of a DAG; not_found when the root does not exist or is not a root. */
export async function getGraph(client: SqlClient, ref: TaskRef): Promise<Graph> {
  const g = await readGraph(client, ref);
  if (!g) {
    throw new SnowopsError(
      'not_found',
      `DAG '${ref.database}.${ref.schema}.${ref.name}' does not exist or not authorized.`,
      {
        snowflakeCode: '002003',
        sqlState: '02000',
        hint: 'A DAG is named after its root task; list_objects with kind "dag" shows the DAGs of a schema.',
      },
    );
  }
  const preds = predecessorsOf(g.root);
  if (preds.length > 0) {
    throw invalidInput(
      `Task ${ref.name} runs after ${preds.join(', ')}; it is not the root of a DAG.`,
      'Name the root task of the graph (the task without predecessors).',
    );
  }
  return g;
}

// ---- listing ------------------------------------------------------------------------------

/** SQL LIKE (case-insensitive, % and _, backslash escapes) as a RegExp. */
function likeRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) out += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') out += '.*';
    else if (c === '_') out += '.';
    else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'is');
}

/** Roots (no predecessors) that have dependents, with their task counts, from one SHOW TASKS. */
export function rootsOf(rows: Row[]): { root: Row; count: number }[] {
  const byName = new Map(rows.map((r) => [fq(r), r]));
  const children = new Map<string, string[]>();
  for (const r of rows) {
    for (const p of predecessorsOf(r)) children.set(p, [...(children.get(p) ?? []), fq(r)]);
    const fin = finalizerOf(r);
    if (fin) children.set(fq(r), [...(children.get(fq(r)) ?? []), fin]);
  }
  const out: { root: Row; count: number }[] = [];
  for (const r of rows) {
    if (predecessorsOf(r).length > 0 || !children.has(fq(r))) continue;
    const seen = new Set([fq(r)]);
    const queue = [fq(r)];
    while (queue.length) {
      for (const c of children.get(queue.shift()!) ?? []) {
        if (!seen.has(c) && byName.has(c)) {
          seen.add(c);
          queue.push(c);
        }
      }
    }
    out.push({ root: r, count: seen.size });
  }
  return out;
}

function sortKey(row: Row): string {
  return JSON.stringify([text(row, 'name'), text(row, 'database_name'), text(row, 'schema_name')]);
}

export async function listDags(client: SqlClient, o: ListOptions): Promise<ListPage> {
  if (o.database === undefined) {
    throw invalidInput('A DAG lives in a schema; give its database (and schema).', 'Pass database and schema.');
  }
  const scope =
    o.schema === undefined ? `IN DATABASE ${qualified(o.database)}` : `IN SCHEMA ${qualified(o.database, o.schema)}`;
  const listing = JSON.stringify(['dag', o.database, o.schema ?? null, o.like ?? null, o.startsWith ?? null]);
  let after: string | undefined;
  if (o.cursor !== undefined) {
    const c = (() => {
      try {
        return JSON.parse(Buffer.from(o.cursor!, 'base64url').toString('utf8')) as { l?: string; a?: string };
      } catch {
        return {};
      }
    })();
    if (c.l !== listing || typeof c.a !== 'string') {
      throw invalidInput(
        'The cursor does not belong to this listing.',
        'Pass next_cursor from the previous page with the same arguments.',
      );
    }
    after = c.a;
  }
  const all = (await client.execute(`SHOW TASKS ${scope}`)).rows;
  const like = o.like === undefined ? null : likeRegex(o.like);
  const roots = rootsOf(all)
    .filter(({ root }) => (like ? like.test(text(root, 'name')) : true))
    .filter(({ root }) => (o.startsWith === undefined ? true : text(root, 'name').startsWith(o.startsWith)))
    .sort((a, b) => (sortKey(a.root) < sortKey(b.root) ? -1 : 1))
    .filter(({ root }) => after === undefined || sortKey(root) > after);
  const page = roots.slice(0, o.limit);
  const more = roots.length > o.limit;
  return {
    objects: page.map(({ root, count }) => dagSummary(root, count)),
    next_cursor: more
      ? Buffer.from(JSON.stringify({ l: listing, a: sortKey(page[page.length - 1].root) }), 'utf8').toString(
          'base64url',
        )
      : null,
  };
}

// ---- the kind -----------------------------------------------------------------------------

function refOf(o: ObjectRef): TaskRef {
  if (o.database === undefined || o.schema === undefined) {
    throw invalidInput('A DAG lives in a schema; give its database and schema.');
  }
  return { database: o.database, schema: o.schema, name: o.name };
}

export async function dropDagPlan(client: SqlClient, ref: TaskRef, ifExists: boolean): Promise<DropPlan> {
  const exists = await findTask(client, ref);
  if (!exists && ifExists) {
    return {
      statements: [],
      impact: [`DAG ${ref.database}.${ref.schema}.${ref.name} does not exist; nothing is dropped`],
      reversible: null,
      absent: true,
    };
  }
  const g = await getGraph(client, ref);
  const { statements, names } = dropGraphStatements(g);
  return {
    statements,
    impact: [
      `suspends root task ${ref.name}`,
      `drops ${names.length} task${names.length === 1 ? '' : 's'}, leaves first: ${names.join(', ')}`,
    ],
    reversible: null,
  };
}

export const dag: KindSpec = {
  kind: 'dag',
  label: 'DAG',
  keyword: 'TASK',
  plural: 'TASKS',
  scope: 'schema',
  showPaging: false,
  summary: (row) => dagSummary(row, 1),
  async describe(client, ref): Promise<Model> {
    return dagFromGraph(await getGraph(client, refOf(ref)));
  },
  list: listDags,
  drop: (client, ref, options) => dropDagPlan(client, refOf(ref), options.ifExists),
};
