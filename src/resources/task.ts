/**
 * Tasks: the definition forms (sql, call, python) turned into a task body, schedules in and out,
 * CREATE/ALTER/EXECUTE TASK, and SHOW TASKS rows to the model (DESIGN §3, §4).
 */
import * as z from 'zod';
import type { Row, SqlClient } from '../client/types.js';
import { invalidInput, SnowopsError } from '../errors.js';
import type { StatementEffect } from '../sql/classifier.js';
import { classifyStatement } from '../sql/classifier.js';
import { ident, parseQualifiedName, qualified, quoteString } from '../sql/identifiers.js';
import { literal, parseCondition } from '../sql/validators.js';
import { clauses, commentClause, createHead, type SqlMode } from './ddl.js';
import { text, textOrNull, timestamp } from './rows.js';
import { pythonBody } from './task-python.js';
import type { DropPlan, KindSpec } from './types.js';

// ---- inputs -------------------------------------------------------------------------------

export const literalValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const taskDefinitionInput = z.union([
  z.object({ sql: z.string().describe('Exactly one SQL statement, e.g. INSERT INTO t SELECT ... .') }).strict(),
  z
    .object({
      call: z
        .object({
          procedure: z.string().describe('Procedure name, optionally qualified: db.schema.proc.'),
          args: z.array(literalValue).optional().describe('Literal arguments (text, numbers, booleans, null).'),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      python: z
        .object({
          code: z.string().describe('Python source defining the handler function (it receives the session first).'),
          handler: z.string().describe('Name of the Python function to call.'),
          packages: z
            .array(z.string())
            .optional()
            .describe('Anaconda packages; snowflake-snowpark-python is always added.'),
          runtime_version: z.string().optional().describe("Python version, default '3.11'."),
          args: z.array(literalValue).optional().describe('Literal arguments passed after the session.'),
        })
        .strict(),
    })
    .strict(),
]);

export type TaskDefinition = z.infer<typeof taskDefinitionInput>;

export const scheduleInput = z.union([
  z.object({ minutes: z.number().int().min(1).max(11520).describe('Run every N minutes (1..11520).') }).strict(),
  z
    .object({
      cron: z
        .string()
        .describe("Five cron fields: minute hour day-of-month month day-of-week, e.g. '0 9 * * MON-FRI'."),
      timezone: z.string().describe("IANA time zone, e.g. 'UTC' or 'America/Los_Angeles'."),
    })
    .strict(),
]);

export type ScheduleInput = z.infer<typeof scheduleInput>;

// ---- bodies -------------------------------------------------------------------------------

export interface TaskBody {
  /** The SQL after AS, exactly as it will be sent. */
  sql: string;
  /** For sql definitions, the classifier's rating (a destructive body makes the call destructive). */
  effect: StatementEffect | null;
  /** The classifier's leading verb, for plan impact lines. */
  verb: string | null;
}

/** `(1, 'a', TRUE)` from literal arguments. */
function argList(args: readonly (string | number | boolean | null)[] | undefined): string {
  return `(${(args ?? []).map((a) => literal(a)).join(', ')})`;
}

/** The task body for a definition, validated. */
export function taskBody(def: TaskDefinition, what = "The task's"): TaskBody {
  if ('sql' in def) {
    const c = classifyStatement(def.sql, `${what} sql definition`);
    return { sql: c.sql, effect: c.effect, verb: c.verb };
  }
  if ('call' in def) {
    const proc = parseQualifiedName(def.call.procedure, [1, 3], 'procedure name');
    return { sql: `CALL ${qualified(...proc)}${argList(def.call.args)}`, effect: null, verb: null };
  }
  return { sql: pythonBody(def.python, argList), effect: null, verb: null };
}

// ---- schedules ----------------------------------------------------------------------------

const CRON_FIELD = /^[0-9A-Za-z*/,?#-]+$/;

/** Validates a schedule and returns the text inside `SCHEDULE = '...'`. */
export function scheduleText(s: ScheduleInput): string {
  if ('minutes' in s) {
    if (!Number.isInteger(s.minutes) || s.minutes < 1 || s.minutes > 11520) {
      throw invalidInput(`schedule.minutes must be a whole number from 1 to 11520; got ${s.minutes}.`);
    }
    return `${s.minutes} MINUTE`;
  }
  const fields = s.cron.trim().split(/\s+/);
  if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
    throw invalidInput(
      `schedule.cron ${JSON.stringify(s.cron)} is not five cron fields.`,
      "Write minute hour day-of-month month day-of-week, e.g. '0 9 * * MON-FRI' or '*/15 * * * *'.",
    );
  }
  if (!/^[A-Za-z0-9_+/-]+$/.test(s.timezone) || !validTimeZone(s.timezone)) {
    throw invalidInput(
      `schedule.timezone ${JSON.stringify(s.timezone)} is not a known time zone.`,
      "Use an IANA name such as 'UTC', 'Europe/Paris' or 'America/Los_Angeles'.",
    );
  }
  return `USING CRON ${fields.join(' ')} ${s.timezone}`;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface ScheduleModel {
  minutes?: number;
  cron?: string;
  timezone?: string;
}

/** SHOW TASKS `schedule` ('1 MINUTE', '2 HOURS', 'USING CRON 0 9 * * * UTC') to the model. */
export function parseSchedule(value: string | null): ScheduleModel | null {
  if (!value) return null;
  const cron = /^USING\s+CRON\s+(.+)\s+(\S+)$/i.exec(value.trim());
  if (cron) return { cron: cron[1].trim().split(/\s+/).join(' '), timezone: cron[2] };
  const interval = /^(\d+)\s*(SECOND|MINUTE|HOUR)S?$/i.exec(value.trim());
  if (!interval) return null;
  const n = Number(interval[1]);
  const unit = interval[2].toUpperCase();
  return { minutes: unit === 'HOUR' ? n * 60 : unit === 'SECOND' ? n / 60 : n };
}

// ---- CREATE / ALTER -----------------------------------------------------------------------

/** One task, by stored names, as it will be created. */
export interface TaskSpec {
  database: string;
  schema: string;
  name: string;
  body: string;
  /** Stored warehouse name; absent means serverless. */
  warehouse?: string;
  schedule?: ScheduleInput;
  /** Predecessors as stored [database, schema, name]. */
  predecessors?: string[][];
  /** A validated boolean expression (parseCondition). */
  condition?: string;
  comment?: string;
  /** The root task this finalizer belongs to, as stored [database, schema, name]. */
  finalize?: string[];
}

export function createTaskSql(t: TaskSpec, mode: SqlMode): string {
  return clauses(
    createHead(mode, 'TASK', [t.database, t.schema, t.name]),
    t.warehouse === undefined ? null : `WAREHOUSE = ${ident(t.warehouse)}`,
    t.schedule === undefined ? null : `SCHEDULE = ${quoteString(scheduleText(t.schedule))}`,
    commentClause(t.comment),
    t.finalize === undefined ? null : `FINALIZE = ${qualified(...t.finalize)}`,
    t.predecessors?.length ? `AFTER ${t.predecessors.map((p) => qualified(...p)).join(', ')}` : null,
    t.condition === undefined ? null : `WHEN ${t.condition}`,
    `AS ${t.body}`,
  );
}

export function taskName(ref: { database: string; schema: string; name: string }): string {
  return qualified(ref.database, ref.schema, ref.name);
}

export const resumeTaskSql = (ref: TaskRef) => `ALTER TASK ${taskName(ref)} RESUME`;
export const suspendTaskSql = (ref: TaskRef) => `ALTER TASK ${taskName(ref)} SUSPEND`;
export const executeTaskSql = (ref: TaskRef) => `EXECUTE TASK ${taskName(ref)}`;
export const dropTaskSql = (ref: TaskRef, ifExists = false) =>
  `DROP TASK ${ifExists ? 'IF EXISTS ' : ''}${taskName(ref)}`;
/** Resumes a task and everything after it (Snowflake's recursive resume). */
export const resumeWithDependentsSql = (ref: TaskRef) =>
  `SELECT SYSTEM$TASK_DEPENDENTS_ENABLE(${quoteString(taskName(ref))})`;

/** A condition checked as one boolean expression; returned as the SQL text to put after WHEN. */
export function conditionText(condition: string | undefined): string | undefined {
  return condition === undefined ? undefined : parseCondition(condition);
}

// ---- reading ------------------------------------------------------------------------------

export interface TaskRef {
  database: string;
  schema: string;
  name: string;
}

export const taskModel = z.object({
  name: z.string(),
  database_name: z.string(),
  schema_name: z.string(),
  state: z.string(),
  definition: z.string(),
  warehouse: z.string().nullable(),
  schedule: z
    .object({ minutes: z.number().optional(), cron: z.string().optional(), timezone: z.string().optional() })
    .nullable(),
  predecessors: z.array(z.string()),
  condition: z.string().nullable(),
  finalize: z.string().nullable(),
  comment: z.string().nullable(),
  owner: z.string(),
  created_on: z.string().nullable(),
  last_committed_on: z.string().nullable(),
});

export type Task = z.infer<typeof taskModel>;

function jsonCell(row: Row, column: string): unknown {
  const v = textOrNull(row, column);
  if (v === null) return null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

/** SHOW TASKS `predecessors`: a JSON array of fully qualified names ([] when none). */
export function predecessorsOf(row: Row): string[] {
  const v = jsonCell(row, 'predecessors');
  return Array.isArray(v) ? v.map(String) : [];
}

/** The root a finalizer finalizes, from `task_relations` ({"FinalizedRootTask": "DB.S.ROOT"}). */
export function finalizedRootOf(row: Row): string | null {
  const v = jsonCell(row, 'task_relations') as { FinalizedRootTask?: string } | null;
  return v?.FinalizedRootTask ?? null;
}

/** The finalizer of a root, from `task_relations` ({"FinalizerTask": "DB.S.FIN"}). */
export function finalizerOf(row: Row): string | null {
  const v = jsonCell(row, 'task_relations') as { FinalizerTask?: string } | null;
  return v?.FinalizerTask ?? null;
}

export function taskFromRow(row: Row): Task {
  return {
    name: text(row, 'name'),
    database_name: text(row, 'database_name'),
    schema_name: text(row, 'schema_name'),
    state: text(row, 'state').toLowerCase(),
    definition: text(row, 'definition'),
    warehouse: textOrNull(row, 'warehouse'),
    schedule: parseSchedule(textOrNull(row, 'schedule')),
    predecessors: predecessorsOf(row),
    condition: textOrNull(row, 'condition'),
    finalize: finalizedRootOf(row),
    comment: textOrNull(row, 'comment'),
    owner: text(row, 'owner'),
    created_on: timestamp(row, 'created_on'),
    last_committed_on: timestamp(row, 'last_committed_on'),
  };
}

/** SHOW TASKS rows of one schema, in name order. */
export async function tasksInSchema(client: SqlClient, database: string, schema: string): Promise<Row[]> {
  const r = await client.execute(`SHOW TASKS IN SCHEMA ${qualified(database, schema)}`);
  return r.rows;
}

/** The SHOW TASKS row of one task, or null. LIKE is only a filter; the exact name decides. */
export async function findTask(client: SqlClient, ref: TaskRef): Promise<Row | null> {
  const like = ref.name.replace(/[\\_%]/g, (c) => `\\${c}`);
  const r = await client.execute(
    `SHOW TASKS LIKE ${quoteString(like)} IN SCHEMA ${qualified(ref.database, ref.schema)}`,
  );
  return r.rows.find((row) => text(row, 'name') === ref.name) ?? null;
}

/** The task and everything after it, the task first (TASK_DEPENDENTS, recursive). */
export async function taskDependents(client: SqlClient, ref: TaskRef): Promise<Row[]> {
  const r = await client.execute(
    `SELECT * FROM TABLE(${ident(ref.database)}.INFORMATION_SCHEMA.TASK_DEPENDENTS(TASK_NAME => ${quoteString(taskName(ref))}, RECURSIVE => TRUE))`,
  );
  return r.rows;
}

/** Stored [database, schema, name] of a fully qualified name as SHOW prints it. */
export function splitQualified(name: string): string[] {
  return parseQualifiedName(name, 3, 'task name');
}

/**
 * DROP TASK, with what happens to the tasks after it: a child whose only predecessor goes
 * becomes a standalone or root task, suspended (Snowflake's rule).
 */
export async function dropTaskPlan(client: SqlClient, ref: TaskRef, ifExists: boolean): Promise<DropPlan> {
  const statement = dropTaskSql(ref, ifExists);
  const rows = await tasksInSchema(client, ref.database, ref.schema);
  const row = rows.find((r) => text(r, 'name') === ref.name);
  const name = `${ref.database}.${ref.schema}.${ref.name}`;
  if (!row) {
    if (ifExists) {
      const impact = [`task ${name} does not exist; nothing is dropped`];
      return { statements: [statement], impact, reversible: null, absent: true };
    }
    throw new SnowopsError('not_found', `Task '${name}' does not exist or not authorized.`, {
      snowflakeCode: '002003',
      sqlState: '02000',
      hint: 'Check the name; list_objects with kind "task" shows the tasks of a schema.',
    });
  }
  const impact = [`drops task ${name} (${text(row, 'state').toLowerCase()})`];
  const me = taskName(ref);
  for (const r of rows) {
    const preds = predecessorsOf(r);
    if (!preds.includes(me)) continue;
    impact.push(
      preds.length === 1
        ? `task ${text(r, 'name')} loses its only predecessor: it becomes a standalone task, suspended`
        : `task ${text(r, 'name')} no longer runs after ${ref.name}`,
    );
  }
  return { statements: [statement], impact, reversible: null };
}

export const task: KindSpec = {
  kind: 'task',
  label: 'task',
  keyword: 'TASK',
  plural: 'TASKS',
  scope: 'schema',
  showPaging: true,
  summary: taskFromRow,
  detail: (row) => text(row, 'state').toLowerCase(),
  drop: (client, o, options) =>
    dropTaskPlan(client, { database: o.database ?? '', schema: o.schema ?? '', name: o.name }, options.ifExists),
};
