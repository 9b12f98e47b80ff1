/** Warehouse tools: create, resize, suspend, resume. SQL and models in src/resources/warehouse.ts. */
import * as z from 'zod';
import { createMode, mutationFields, mutationOutput } from '../src/ops/schemas.js';
import type { Plan, ToolContext, WriteTool } from '../src/ops/types.js';
import { createdOutcome, planCreate } from '../src/resources/create.js';
import { describeObject, getRow } from '../src/resources/objects.js';
import type { ObjectRef } from '../src/resources/types.js';
import {
  createWarehouseSql,
  normaliseSize,
  resizeWarehouseSql,
  resumeWarehouseSql,
  suspendWarehouseSql,
  warehouseFromRow,
  warehouseModel,
} from '../src/resources/warehouse.js';
import { parseName } from '../src/sql/identifiers.js';
import { nameField } from './objects.js';

const sizeField = z
  .string()
  .describe(
    'XSMALL, SMALL, MEDIUM, LARGE, XLARGE, XXLARGE, XXXLARGE, X4LARGE, X5LARGE or X6LARGE (Small, x-large, 2X-Large work too).',
  );

function warehouseRef(name: string): ObjectRef {
  return { kind: 'warehouse', name: parseName(name, 'warehouse name') };
}

async function current(args: { name: string }, ctx: ToolContext, message: string) {
  return { message, object: await describeObject(ctx.client, warehouseRef(args.name)) };
}

const createInput = z.object({
  name: nameField('warehouse'),
  size: sizeField.optional().describe('Warehouse size (default XSMALL).'),
  auto_suspend: z
    .number()
    .int()
    .min(0)
    .max(604800)
    .optional()
    .describe('Seconds of inactivity before it suspends (default 600; 0 never).'),
  auto_resume: z.boolean().optional().describe('Resume automatically when a query needs it (default true).'),
  initially_suspended: z.boolean().optional().describe('Create it suspended instead of started (default false).'),
  comment: z.string().optional().describe('A comment stored with the warehouse.'),
  mode: createMode,
  ...mutationFields,
});

export const createWarehouseTool: WriteTool<typeof createInput> = {
  kind: 'write',
  effect: 'write',
  name: 'create_warehouse',
  title: 'Create a warehouse',
  description:
    'Creates a virtual warehouse (started unless initially_suspended). Returns status done with the warehouse model (size as a keyword, e.g. SMALL). With mode or_replace over an existing warehouse the call is destructive and returns confirmation_required first; to change the size of an existing warehouse use resize_warehouse instead.',
  toolset: 'core',
  input: createInput,
  output: mutationOutput(warehouseModel),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  nameFields: ['name'],
  plan(args, ctx) {
    const ref = warehouseRef(args.name);
    const size = args.size === undefined ? undefined : normaliseSize(args.size);
    return planCreate(ctx.client, 'create_warehouse', ref, args.mode, (mode) =>
      createWarehouseSql({ ...args, name: ref.name, size, mode }),
    );
  },
  after: (args, plan, ctx) => createdOutcome(warehouseRef(args.name), plan, ctx),
};

const resizeInput = z.object({ name: nameField('warehouse'), size: sizeField, ...mutationFields });

export const resizeWarehouseTool: WriteTool<typeof resizeInput> = {
  kind: 'write',
  effect: 'write',
  name: 'resize_warehouse',
  title: 'Resize a warehouse',
  description:
    "Changes a warehouse's size (ALTER WAREHOUSE ... SET WAREHOUSE_SIZE). The plan shows the old and new size; resizing to the current size changes nothing. Runs without confirmation; returns status done with the warehouse model.",
  toolset: 'core',
  input: resizeInput,
  output: mutationOutput(warehouseModel),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nameFields: ['name'],
  async plan(args, ctx): Promise<Plan> {
    const ref = warehouseRef(args.name);
    const size = normaliseSize(args.size);
    const old = warehouseFromRow(await getRow(ctx.client, ref)).warehouse_size;
    const same = old === size;
    return {
      tool: 'resize_warehouse',
      effect: 'write',
      summary: same
        ? `Warehouse ${ref.name} is already ${size}; nothing to do.`
        : `Resize warehouse ${ref.name} from ${old ?? 'its current size'} to ${size}.`,
      statements: same ? [] : [resizeWarehouseSql(ref.name, size)],
      impact: same ? [] : [`warehouse ${ref.name}: ${old ?? 'unknown'} -> ${size}`],
      reversible: same || !old ? null : `resize_warehouse ${ref.name} ${old}`,
    };
  },
  after: (args, plan, ctx) =>
    current(
      args,
      ctx,
      plan.statements.length === 0
        ? plan.summary
        : `Warehouse ${warehouseRef(args.name).name} resized to ${normaliseSize(args.size)}.`,
    ),
};

const stateInput = z.object({ name: nameField('warehouse'), ...mutationFields });

export const suspendWarehouseTool: WriteTool<typeof stateInput> = {
  kind: 'write',
  effect: 'disruptive',
  name: 'suspend_warehouse',
  title: 'Suspend a warehouse',
  description:
    'Suspends a started warehouse (ALTER WAREHOUSE ... SUSPEND): running queries finish, then its compute is released. Disruptive: by default the first call returns confirmation_required; show the plan to the person and call again with confirmation_token after they approve. Fails if the warehouse is already suspended.',
  toolset: 'core',
  input: stateInput,
  output: mutationOutput(warehouseModel),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nameFields: ['name'],
  async plan(args, ctx) {
    const ref = warehouseRef(args.name);
    const state = warehouseFromRow(await getRow(ctx.client, ref)).state;
    return {
      tool: 'suspend_warehouse',
      effect: 'disruptive',
      summary: `Suspend warehouse ${ref.name} (now ${state}).`,
      statements: [suspendWarehouseSql(ref.name)],
      impact: [`warehouse ${ref.name} stops; queries that need it wait or resume it (auto_resume)`],
      reversible: `resume_warehouse ${ref.name}`,
    };
  },
  after: (args, _plan, ctx) => current(args, ctx, `Warehouse ${warehouseRef(args.name).name} suspended.`),
};

export const resumeWarehouseTool: WriteTool<typeof stateInput> = {
  kind: 'write',
  effect: 'write',
  name: 'resume_warehouse',
  title: 'Resume a warehouse',
  description:
    'Resumes a suspended warehouse (ALTER WAREHOUSE ... RESUME). Runs without confirmation; returns status done with the warehouse model. Fails if the warehouse is already started.',
  toolset: 'core',
  input: stateInput,
  output: mutationOutput(warehouseModel),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nameFields: ['name'],
  async plan(args, ctx) {
    const ref = warehouseRef(args.name);
    const state = warehouseFromRow(await getRow(ctx.client, ref)).state;
    return {
      tool: 'resume_warehouse',
      effect: 'write',
      summary: `Resume warehouse ${ref.name} (now ${state}).`,
      statements: [resumeWarehouseSql(ref.name)],
      impact: [`warehouse ${ref.name} starts and uses credits until it suspends`],
      reversible: `suspend_warehouse ${ref.name}`,
    };
  },
  after: (args, _plan, ctx) => current(args, ctx, `Warehouse ${warehouseRef(args.name).name} resumed.`),
};

export const warehouseTools = [createWarehouseTool, resizeWarehouseTool, suspendWarehouseTool, resumeWarehouseTool];
