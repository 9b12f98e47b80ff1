/**
 * The plan of every CREATE tool. It looks the object up first, so the effect follows the
 * account's state: or_replace over an existing object is destructive (and says what it
 * replaces); or_replace over nothing runs as a plain CREATE, so an object created in between
 * fails with 002002 instead of being silently replaced.
 */
import type { SqlClient } from '../client/types.js';
import type { Plan, ToolContext } from '../ops/types.js';
import type { SqlMode } from './ddl.js';
import { kindSpec } from './kinds.js';
import { capitalised, describeObject, displayName, findRow, impactOf } from './objects.js';
import type { ObjectRef } from './types.js';

export type CreateMode = 'error_if_exists' | 'or_replace' | 'if_not_exists';

export async function planCreate(
  client: SqlClient,
  tool: string,
  ref: ObjectRef,
  mode: CreateMode,
  build: (mode: SqlMode) => string,
): Promise<Plan> {
  const spec = kindSpec(ref.kind);
  const row = await findRow(client, ref);
  const name = displayName(ref);
  if (!row) {
    return {
      tool,
      effect: 'write',
      summary: `Create ${spec.label} ${name}.`,
      statements: [build(mode === 'if_not_exists' ? 'if_not_exists' : 'plain')],
      impact: [`creates ${spec.label} ${name}`],
      reversible: `drop_object kind ${spec.kind} ${name}`,
    };
  }
  if (mode === 'or_replace') {
    return {
      tool,
      effect: 'destructive',
      summary: `Replace the existing ${spec.label} ${name} with a new one as given here.`,
      statements: [build('or_replace')],
      impact: await impactOf(client, ref, row, 'replaces'),
      reversible: null,
    };
  }
  if (mode === 'if_not_exists') {
    return {
      tool,
      effect: 'write',
      summary: `${spec.label.charAt(0).toUpperCase()}${spec.label.slice(1)} ${name} already exists; nothing changes.`,
      statements: [build('if_not_exists')],
      impact: [],
      reversible: null,
    };
  }
  // error_if_exists: Snowflake answers 002002, with its own message, when the statement runs.
  return {
    tool,
    effect: 'write',
    summary: `Create ${spec.label} ${name} (it exists already, so Snowflake will refuse).`,
    statements: [build('plain')],
    impact: [`creates ${spec.label} ${name}`],
    reversible: null,
  };
}

/** After a CREATE ran: what happened (created, replaced, kept) and the object as it is now. */
export async function createdOutcome(ref: ObjectRef, plan: Plan, ctx: ToolContext) {
  const object = await describeObject(ctx.client, ref);
  const what = `${capitalised(kindSpec(ref.kind).label)} ${displayName(ref)}`;
  const statement = plan.statements[0] ?? '';
  const message = statement.startsWith('CREATE OR REPLACE ')
    ? `${what} replaced.`
    : plan.impact.length === 0
      ? plan.summary
      : `${what} created.`;
  return { message, object };
}
