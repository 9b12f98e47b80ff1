/**
 * run_sql: one statement, rated by the classifier. It is a mutating tool whose plan carries the
 * statement's own effect: a read plans as 'read', so the runner runs it at once and the rows
 * come back in the done result; a write runs at once; a destructive statement needs
 * confirmation. Under a read_only policy the runner offers it as a variant that accepts only
 * plans whose effect is read (readOnlyVariant).
 */
import * as z from 'zod';
import type { Cell, QueryResult, SqlClient } from '../src/client/types.js';
import { describeTarget, type Target } from '../src/ops/rules.js';
import { mutationFields, mutationOutput } from '../src/ops/schemas.js';
import { currentSession, sqlTargets } from '../src/ops/sql-targets.js';
import type { WriteTool } from '../src/ops/types.js';
import { dropPlan } from '../src/resources/objects.js';
import { OBJECT_KIND_NAMES, type ObjectKind } from '../src/resources/types.js';
import { type ClassifiedStatement, classifyStatement } from '../src/sql/classifier.js';
import { isKeyword, tokenize } from '../src/sql/lexer.js';

const input = z.object({
  sql: z.string().describe('Exactly one SQL statement (a trailing ; is fine; a second statement is refused).'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(10000)
    .default(100)
    .describe('Most rows to return (default 100, max 10000); truncated says whether there were more.'),
  ...mutationFields,
});

const queryFields = {
  columns: z.array(z.object({ name: z.string(), type: z.string() })).optional(),
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
  truncated: z.boolean().optional(),
};

/** Cells as JSON: timestamps as ISO-8601 strings, dates as YYYY-MM-DD. */
function jsonCell(cell: Cell, type: string | undefined): string | number | boolean | null {
  if (!(cell instanceof Date)) return cell;
  return type === 'date' ? cell.toISOString().slice(0, 10) : cell.toISOString();
}

export function queryRows(result: QueryResult, limit: number) {
  const types = new Map(result.columns.map((c) => [c.name, c.type]));
  return {
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: result.rows
      .slice(0, limit)
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonCell(v, types.get(k))]))),
    truncated: result.rows.length > limit,
  };
}

const IMPACT = {
  read: 'reads only; changes nothing',
  write: 'changes data in existing tables',
  destructive: 'may drop, replace or alter objects or data; review the statement',
} as const;

const isObjectKind = (kind: string): kind is ObjectKind => (OBJECT_KIND_NAMES as readonly string[]).includes(kind);

/**
 * What a statement that changes something will touch: a DROP of one object gets the same
 * lines as drop_object (what goes with it, row counts); otherwise the objects it names. When
 * the objects cannot be told, the generic line stays, with the advice to read the statement.
 */
async function impactOf(statement: ClassifiedStatement, client: SqlClient): Promise<string[]> {
  const generic = IMPACT[statement.effect];
  if (statement.effect === 'read') return [generic];
  let targets: Target[];
  try {
    targets = await sqlTargets(statement.sql, () => currentSession(client));
  } catch {
    return [generic];
  }
  const [only] = targets;
  if (statement.verb === 'DROP' && targets.length === 1 && !only.listing && isObjectKind(only.kind)) {
    const [first, second, third] = only.path;
    const ref =
      only.path.length === 1
        ? { kind: only.kind, name: first }
        : only.path.length === 2
          ? { kind: only.kind, database: first, name: second }
          : { kind: only.kind, database: first, schema: second, name: third };
    const words = tokenize(statement.sql);
    const ifExists = words.some((t, i) => isKeyword(t, 'IF') && isKeyword(words[i + 1], 'EXISTS'));
    try {
      return (await dropPlan(client, ref, { ifExists, cascade: false })).impact;
    } catch {
      // Snowflake will report the problem (a missing object) when the statement runs.
    }
  }
  const touched = targets.filter((t) => !t.listing).map((t) => `touches ${describeTarget(t)}`);
  return touched.length > 0 ? [generic, ...touched] : [generic];
}

export const runSqlTool: WriteTool<typeof input> = {
  kind: 'write',
  effect: 'destructive',
  readOnlyVariant: true,
  name: 'run_sql',
  title: 'Run one SQL statement',
  description:
    'Runs exactly one SQL statement. SELECT, SHOW, DESCRIBE, EXPLAIN, LIST and WITH ... SELECT are reads: they run at once and return { columns, rows, truncated } (at most limit rows). INSERT, UPDATE, DELETE, MERGE and COPY INTO run at once too. Anything else (DROP, ALTER, CREATE OR REPLACE, GRANT, CALL, ...) is destructive: the first call returns confirmation_required with the plan; show it to the person and call again with confirmation_token only after they approve. Prefer the dedicated tools for objects they cover.',
  toolset: 'sql',
  input,
  output: mutationOutput().extend(queryFields),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async plan(args, ctx) {
    const statement = classifyStatement(args.sql);
    return {
      tool: 'run_sql',
      effect: statement.effect,
      summary: `Run a ${statement.verb} statement (${statement.effect}).`,
      statements: [statement.sql],
      impact: await impactOf(statement, ctx.client),
      reversible: null,
    };
  },
  async apply(args, plan, ctx) {
    const result = queryRows(await ctx.run(plan.statements[0]), args.limit);
    const count = result.rows.length;
    const message = result.truncated
      ? `The first ${count} rows (more were cut off by limit ${args.limit}).`
      : `${count} row${count === 1 ? '' : 's'}.`;
    return { message, result };
  },
};

export const sqlTools = [runSqlTool];
