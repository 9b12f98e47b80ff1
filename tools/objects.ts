/**
 * Tools over any object kind (list, describe, drop) and the CREATE tools of the containers and
 * tables. Thin: arguments become stored names here, SQL and models live in src/resources.
 */
import * as z from 'zod';
import { invalidInput } from '../src/errors.js';
import { createMode, mutationFields, mutationOutput } from '../src/ops/schemas.js';
import type { ReadTool, WriteTool } from '../src/ops/types.js';
import { createdOutcome, planCreate } from '../src/resources/create.js';
import { createDatabaseSql, databaseModel } from '../src/resources/database.js';
import { kindSpec } from '../src/resources/kinds.js';
import {
  capitalised,
  describeObject,
  displayName,
  dropPlan,
  getRow,
  listObjects,
  objectRef,
  undropPlan,
} from '../src/resources/objects.js';
import { createSchemaSql, schemaModel } from '../src/resources/schema.js';
import { createStageSql, stageModel } from '../src/resources/stage.js';
import {
  addColumnSql,
  addPrimaryKeySql,
  type ColumnSpec,
  createTableSql,
  primaryKeysFromRows,
  tableModel,
} from '../src/resources/table.js';
import { OBJECT_KIND_NAMES, type ObjectKind, type ObjectRef } from '../src/resources/types.js';
import { parseName, parsePlainName, qualified } from '../src/sql/identifiers.js';

// objectRef lives in src/resources; tool files of other areas import it from here too.
export { objectRef };

// ---- shared fields -----------------------------------------------------------------------

const NAME_RULES =
  'Plain identifiers are case-insensitive and stored uppercase (python_api_db -> PYTHON_API_DB); wrap a name in double quotes to keep its case.';

export const kindField = z.enum(OBJECT_KIND_NAMES as [ObjectKind, ...ObjectKind[]]).describe('The object kind.');
export const nameField = (what: string) => z.string().describe(`The ${what}'s name. ${NAME_RULES}`);
const databaseField = z.string().describe(`The database. ${NAME_RULES}`);
const schemaField = z.string().describe(`The schema. ${NAME_RULES}`);
const commentField = z.string().optional().describe('A comment stored with the object.');

const WRITE_HINTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false };
const MODE_NOTE =
  'With mode or_replace over an existing object the call is destructive and returns confirmation_required first; otherwise it runs at once.';

// ---- read tools --------------------------------------------------------------------------

const listInput = z.object({
  kind: kindField,
  database: z.string().optional().describe('The database to list in (schemas and schema objects need it).'),
  schema: z.string().optional().describe('The schema to list in; without it, schema objects of the whole database.'),
  like: z.string().optional().describe("Case-insensitive SQL pattern on the name, % and _ wildcards: 'PYTHON%'."),
  starts_with: z.string().optional().describe('Case-sensitive name prefix.'),
  limit: z.number().int().min(1).max(1000).default(100).describe('Page size (default 100, max 1000).'),
  cursor: z.string().optional().describe('next_cursor from the previous page.'),
});

export const listObjectsTool: ReadTool<typeof listInput> = {
  kind: 'read',
  effect: 'read',
  name: 'list_objects',
  title: 'List objects',
  description:
    "Lists objects of one kind (databases, schemas, tables, stages, warehouses, ...) in name order, one page at a time. Returns { objects, next_cursor }: each object is the kind's summary (one SHOW row); pass next_cursor back to get the next page (null on the last). Read-only.",
  toolset: 'core',
  input: listInput,
  output: z.object({ objects: z.array(z.record(z.string(), z.unknown())), next_cursor: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async read(args, ctx) {
    const spec = kindSpec(args.kind);
    const parse = spec.plainNamesOnly ? parsePlainName : parseName;
    const page = await listObjects(ctx.client, spec.kind, {
      database: args.database === undefined ? undefined : parse(args.database, 'database name'),
      schema: args.schema === undefined ? undefined : parse(args.schema, 'schema name'),
      like: args.like,
      startsWith: args.starts_with,
      limit: args.limit,
      cursor: args.cursor,
    });
    return { ...page };
  },
};

const describeInput = z.object({
  kind: kindField,
  database: z.string().optional().describe('The database (for schemas and schema objects).'),
  schema: z.string().optional().describe('The schema (for schema objects).'),
  name: nameField('object'),
});

export const describeObjectTool: ReadTool<typeof describeInput> = {
  kind: 'read',
  effect: 'read',
  name: 'describe_object',
  title: 'Describe an object',
  description:
    'Returns { kind, object } with the full model of one object: e.g. a table with its columns (datatypes as Snowflake reports them) and constraints, a warehouse with its size, state and parameters. Fails with not_found when it does not exist. Read-only.',
  toolset: 'core',
  input: describeInput,
  output: z.object({ kind: z.string(), object: z.record(z.string(), z.unknown()) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async read(args, ctx) {
    const ref = objectRef(args.kind, args);
    return { kind: ref.kind, object: await describeObject(ctx.client, ref) };
  },
};

// ---- drop --------------------------------------------------------------------------------

const dropInput = z.object({
  kind: kindField,
  database: z.string().optional().describe('The database (for schemas and schema objects).'),
  schema: z.string().optional().describe('The schema (for schema objects).'),
  name: nameField('object'),
  if_exists: z.boolean().optional().describe('Succeed without doing anything when the object does not exist.'),
  cascade: z
    .boolean()
    .optional()
    .describe('DROP ... CASCADE (databases, schemas, tables). A dag always drops its whole graph.'),
  ...mutationFields,
});

export const dropObjectTool: WriteTool<typeof dropInput> = {
  kind: 'write',
  effect: 'destructive',
  name: 'drop_object',
  title: 'Drop an object',
  description:
    "Drops one object. Always destructive: the first call returns confirmation_required with the plan (the DROP statement, what goes with it, e.g. a database's schemas and tables with row counts, and whether UNDROP can bring it back: undrop_object does that); show it to the person and call again with confirmation_token only after they approve. Returns status done with the statements run.",
  toolset: 'core',
  input: dropInput,
  output: mutationOutput(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  nameFields: ['database', 'schema', 'name'],
  async plan(args, ctx) {
    const ref = objectRef(args.kind, args);
    const spec = kindSpec(ref.kind);
    const { absent, ...drop } = await dropPlan(ctx.client, ref, {
      ifExists: args.if_exists ?? false,
      cascade: args.cascade ?? false,
    });
    // Still destructive when absent: DROP ... IF EXISTS would drop an object created since.
    const summary = absent ? absentSummary(ref) : `Drop ${spec.label} ${displayName(ref)}.`;
    return { tool: 'drop_object', effect: 'destructive', summary, ...drop };
  },
  async after(args, plan) {
    const ref = objectRef(args.kind, args);
    const what = `${capitalised(kindSpec(ref.kind).label)} ${displayName(ref)}`;
    return {
      message: plan.summary === absentSummary(ref) ? `${what} did not exist; nothing was dropped.` : `${what} dropped.`,
    };
  },
};

// ---- undrop ------------------------------------------------------------------------------

const UNDROPPABLE = OBJECT_KIND_NAMES.filter((k) => kindSpec(k).undroppable) as [ObjectKind, ...ObjectKind[]];

const undropInput = z.object({
  kind: z.enum(UNDROPPABLE).describe('The kind of the dropped object.'),
  database: z.string().optional().describe('The database (for schemas and tables).'),
  schema: z.string().optional().describe('The schema (for tables).'),
  name: nameField('object'),
  ...mutationFields,
});

export const undropObjectTool: WriteTool<typeof undropInput> = {
  kind: 'write',
  effect: 'write',
  name: 'undrop_object',
  title: 'Restore a dropped object',
  description:
    "Brings back a dropped database, schema or table with UNDROP, as the drop plan's reversible line offers: the latest dropped version still within its retention time (DATA_RETENTION_TIME_IN_DAYS), a database or schema with everything it held. Fails when a live object has the name or nothing is kept. Returns status done with the restored object's model.",
  toolset: 'core',
  input: undropInput,
  output: mutationOutput(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  nameFields: ['database', 'schema', 'name'],
  async plan(args, ctx) {
    const ref = objectRef(args.kind, args);
    const undrop = await undropPlan(ctx.client, ref);
    return {
      tool: 'undrop_object',
      effect: 'write',
      summary: `Restore ${kindSpec(ref.kind).label} ${displayName(ref)}.`,
      ...undrop,
    };
  },
  async after(args, _plan, ctx) {
    const ref = objectRef(args.kind, args);
    return {
      message: `${capitalised(kindSpec(ref.kind).label)} ${displayName(ref)} restored.`,
      object: await describeObject(ctx.client, ref),
    };
  },
};

function absentSummary(ref: ObjectRef): string {
  return `${capitalised(kindSpec(ref.kind).label)} ${displayName(ref)} does not exist; nothing to drop.`;
}

// ---- create database / schema / stage ----------------------------------------------------

const createDatabaseInput = z.object({
  name: nameField('database'),
  mode: createMode,
  comment: commentField,
  transient: z.boolean().optional().describe('A transient database: no Fail-safe, retention 0 or 1 day.'),
  data_retention_time_in_days: z
    .number()
    .int()
    .min(0)
    .max(90)
    .optional()
    .describe('Time Travel retention in days (default 1).'),
  ...mutationFields,
});

export const createDatabaseTool: WriteTool<typeof createDatabaseInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_database',
  title: 'Create a database',
  description: `Creates a database (with its PUBLIC schema). Returns status done with the database model. ${MODE_NOTE}`,
  toolset: 'core',
  input: createDatabaseInput,
  output: mutationOutput(databaseModel),
  annotations: WRITE_HINTS,
  nameFields: ['name'],
  plan(args, ctx) {
    const ref = objectRef('database', args);
    return planCreate(ctx.client, 'create_database', ref, args.mode, (mode) =>
      createDatabaseSql({ ...args, name: ref.name, mode }),
    );
  },
  after: (args, plan, ctx) => createdOutcome(objectRef('database', args), plan, ctx),
};

const createSchemaInput = z.object({
  database: databaseField,
  name: nameField('schema'),
  mode: createMode,
  comment: commentField,
  transient: z.boolean().optional().describe('A transient schema: no Fail-safe.'),
  managed_access: z.boolean().optional().describe('WITH MANAGED ACCESS: only the schema owner grants privileges.'),
  ...mutationFields,
});

export const createSchemaTool: WriteTool<typeof createSchemaInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_schema',
  title: 'Create a schema',
  description: `Creates a schema in a database. Returns status done with the schema model. ${MODE_NOTE}`,
  toolset: 'core',
  input: createSchemaInput,
  output: mutationOutput(schemaModel),
  annotations: WRITE_HINTS,
  nameFields: ['database', 'name'],
  plan(args, ctx) {
    const ref = objectRef('schema', args);
    return planCreate(ctx.client, 'create_schema', ref, args.mode, (mode) =>
      createSchemaSql({ ...args, database: ref.database!, name: ref.name, mode }),
    );
  },
  after: (args, plan, ctx) => createdOutcome(objectRef('schema', args), plan, ctx),
};

const createStageInput = z.object({
  database: databaseField,
  schema: schemaField,
  name: nameField('stage'),
  mode: createMode,
  comment: commentField,
  ...mutationFields,
});

export const createStageTool: WriteTool<typeof createStageInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_stage',
  title: 'Create a stage',
  description: `Creates an internal stage (for files, e.g. task code). Returns status done with the stage model. ${MODE_NOTE}`,
  toolset: 'core',
  input: createStageInput,
  output: mutationOutput(stageModel),
  annotations: WRITE_HINTS,
  nameFields: ['database', 'schema', 'name'],
  plan(args, ctx) {
    const ref = objectRef('stage', args);
    return planCreate(ctx.client, 'create_stage', ref, args.mode, (mode) =>
      createStageSql({ ...args, database: ref.database!, schema: ref.schema!, name: ref.name, mode }),
    );
  },
  after: (args, plan, ctx) => createdOutcome(objectRef('stage', args), plan, ctx),
};

// ---- tables ------------------------------------------------------------------------------

const columnFields = {
  name: nameField('column'),
  datatype: z.string().describe('A Snowflake data type: NUMBER(38,0), INT, VARCHAR(100), STRING, BOOLEAN, DATE, ...'),
  nullable: z.boolean().optional().describe('false adds NOT NULL (default true).'),
  default: z
    .string()
    .optional()
    .describe("A literal (42, 'text', TRUE, NULL) or CURRENT_TIMESTAMP(), CURRENT_DATE(), ..."),
  comment: z.string().optional().describe('A comment on the column.'),
};

/** A column from tool arguments; its name normalised, its datatype and default left to the builder. */
function columnSpec(c: { name: string; datatype: string; nullable?: boolean; default?: string; comment?: string }) {
  const spec: ColumnSpec = { ...c, name: parseName(c.name, 'column name') };
  return spec;
}

const createTableInput = z.object({
  database: databaseField,
  schema: schemaField,
  name: nameField('table'),
  columns: z
    .array(
      z.object({
        ...columnFields,
        primary_key: z.boolean().optional().describe('Part of the primary key (in column order).'),
      }),
    )
    .min(1)
    .describe('The columns, in order.'),
  mode: createMode,
  comment: commentField,
  cluster_by: z.array(z.string()).optional().describe('Clustering key columns.'),
  ...mutationFields,
});

export const createTableTool: WriteTool<typeof createTableInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_table',
  title: 'Create a table',
  description: `Creates a table with the given columns (and primary key). Returns status done with the table model (columns as Snowflake reports them). ${MODE_NOTE} Replacing an existing table loses its rows.`,
  toolset: 'core',
  input: createTableInput,
  output: mutationOutput(tableModel),
  annotations: WRITE_HINTS,
  nameFields: ['database', 'schema', 'name'],
  plan(args, ctx) {
    const ref = objectRef('table', args);
    const columns = args.columns.map(columnSpec);
    const seen = new Set<string>();
    for (const c of columns) {
      if (seen.has(c.name)) throw invalidInput(`The column ${c.name} is given twice.`, 'Give each column once.');
      seen.add(c.name);
    }
    const primaryKey = columns.filter((_, i) => args.columns[i].primary_key).map((c) => c.name);
    const clusterBy = args.cluster_by;
    return planCreate(ctx.client, 'create_table', ref, args.mode, (mode) =>
      createTableSql({
        database: ref.database!,
        schema: ref.schema!,
        name: ref.name,
        mode,
        columns,
        primaryKey,
        comment: args.comment,
        clusterBy,
      }),
    );
  },
  after: (args, plan, ctx) => createdOutcome(objectRef('table', args), plan, ctx),
};

const addColumnInput = z.object({
  database: databaseField,
  schema: schemaField,
  table: nameField('table'),
  column: z.object(columnFields).describe('The new column.'),
  primary_key: z.boolean().optional().describe('Make the new column the primary key (the table must have none).'),
  ...mutationFields,
});

export const addColumnTool: WriteTool<typeof addColumnInput> = {
  kind: 'write',
  effect: 'write',
  name: 'add_column',
  title: 'Add a column to a table',
  description:
    'Adds one column to an existing table (ALTER TABLE ... ADD COLUMN) and, with primary_key, makes it the primary key. A NOT NULL column needs a default unless the table is empty. Runs without confirmation; returns status done with the table model.',
  toolset: 'core',
  input: addColumnInput,
  output: mutationOutput(tableModel),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  nameFields: ['database', 'schema', 'table'],
  async plan(args, ctx) {
    const ref = objectRef('table', { ...args, name: args.table });
    const column = columnSpec(args.column);
    const statements = [addColumnSql(ref.database!, ref.schema!, ref.name, column)];
    if (args.primary_key) {
      await getRow(ctx.client, ref);
      const keys = primaryKeysFromRows(
        (await ctx.client.execute(`SHOW PRIMARY KEYS IN TABLE ${qualified(ref.database!, ref.schema!, ref.name)}`))
          .rows,
      );
      if (keys.length > 0) {
        throw invalidInput(
          `Table ${displayName(ref)} already has a primary key (${keys[0].column_names.join(', ')}); a table has at most one.`,
          'Add the column without primary_key, or drop the existing key first (run_sql: ALTER TABLE ... DROP PRIMARY KEY).',
        );
      }
      statements.push(addPrimaryKeySql(ref.database!, ref.schema!, ref.name, [column.name]));
    }
    return {
      tool: 'add_column',
      effect: 'write',
      summary: `Add column ${column.name} to table ${displayName(ref)}${args.primary_key ? ' as its primary key' : ''}.`,
      statements,
      impact: [`adds column ${column.name} to table ${displayName(ref)}`],
      reversible: null,
    };
  },
  async after(args, _plan, ctx) {
    const ref = objectRef('table', { ...args, name: args.table });
    const object = await describeObject(ctx.client, ref);
    return {
      message: `Column ${parseName(args.column.name, 'column name')} added to table ${displayName(ref)}.`,
      object,
    };
  },
};

export const objectTools = [
  listObjectsTool,
  describeObjectTool,
  createDatabaseTool,
  createSchemaTool,
  createTableTool,
  addColumnTool,
  createStageTool,
  dropObjectTool,
  undropObjectTool,
];
