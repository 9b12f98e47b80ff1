/**
 * The shapes every part agrees on: effects, plans, tool definitions and results.
 * A catalog entry (tools/) is a plain object of type ToolDef; the runner (src/ops/runner.ts)
 * walks it; the front ends only translate.
 */
import type * as z from 'zod';
import type { SqlClient } from '../client/types.js';

/** What a call does to the account, from least to most dangerous. */
export type Effect = 'read' | 'write' | 'disruptive' | 'destructive';

export const EFFECTS: readonly Effect[] = ['read', 'write', 'disruptive', 'destructive'];

export type Toolset = 'core' | 'tasks' | 'spcs' | 'sql';

export const TOOLSETS: readonly Toolset[] = ['core', 'tasks', 'spcs', 'sql'];

/** What a mutating call will do, computed before anything runs. */
export interface Plan {
  tool: string;
  effect: Effect;
  summary: string;
  statements: string[];
  /** Human lines, e.g. "drops schema PYTHON_API_SCHEMA and table PYTHON_API_TABLE (0 rows)". */
  impact: string[];
  /** How to undo it, or null when it cannot be undone. */
  reversible: string | null;
}

export interface StatementRecord {
  sql: string;
  query_id: string;
}

/** Progress of a long operation; the MCP front end turns it into notifications. */
export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

/** What a tool's code may use. Nothing here knows which front end called. */
export interface ToolContext {
  client: SqlClient;
  /** Runs one statement, recording it (with its query id) for the result and the audit log. */
  run(sql: string): Promise<import('../client/types.js').QueryResult>;
  progress(p: Progress): void;
  signal: AbortSignal;
}

export interface Annotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

interface ToolBase<I extends z.ZodObject> {
  name: string;
  title: string;
  /** Written for a model: what it does, what it returns, when it needs confirmation. */
  description: string;
  toolset: Toolset;
  input: I;
  output: z.ZodObject;
  annotations: Annotations;
  /**
   * Input fields that hold object names, normalised (parseName) before a token is bound. Dotted
   * paths reach into objects and arrays: "columns.name", "column.name".
   */
  nameFields?: string[];
  /**
   * Some calls of this mutating tool only read (run_sql with a SELECT): under a read_only policy
   * it stays listed, as a variant that accepts only plans whose effect is read.
   */
  readOnlyVariant?: boolean;
}

/** A tool that only reads: no plan, no confirmation. */
export interface ReadTool<I extends z.ZodObject = z.ZodObject> extends ToolBase<I> {
  kind: 'read';
  effect: 'read';
  read(args: z.infer<I>, ctx: ToolContext): Promise<Record<string, unknown>>;
}

/** What a mutating tool reports once its statements ran. */
export interface ApplyOutcome {
  message: string;
  object?: Record<string, unknown>;
  /** Further fields of the done result, e.g. run_sql's columns, rows and truncated. */
  result?: Record<string, unknown>;
}

/** A tool that changes something: plan first, then apply. */
export interface WriteTool<I extends z.ZodObject = z.ZodObject> extends ToolBase<I> {
  kind: 'write';
  /**
   * The tool's effect in the catalog (DESIGN §3): write for creates, disruptive for suspends,
   * destructive for drops. A call's plan may be more dangerous (or_replace over an existing
   * object, stop_all_services, a destructive task body) and is confirmed by its own effect;
   * the annotations say destructiveHint for every tool that can be destructive.
   */
  effect: Exclude<Effect, 'read'>;
  /** Reads what it needs (never writes) and returns the exact plan for these arguments. */
  plan(args: z.infer<I>, ctx: ToolContext): Promise<Plan>;
  /**
   * Executes the plan. The default (when omitted) runs plan.statements in order through
   * ctx.run. Returns the message and the object after the change.
   */
  apply?(args: z.infer<I>, plan: Plan, ctx: ToolContext): Promise<ApplyOutcome>;
  /** The message and object after the default apply ran. */
  after?(args: z.infer<I>, plan: Plan, ctx: ToolContext): Promise<ApplyOutcome>;
}

// biome-ignore lint/suspicious/noExplicitAny: a catalog holds tools of every input type
export type ToolDef = ReadTool<any> | WriteTool<any>;

export type MutationStatus = 'done' | 'confirmation_required' | 'planned' | 'cancelled';

/** The structured result of a mutating tool: one object, fields used per status. */
export interface MutationResult {
  status: MutationStatus;
  message?: string;
  object?: Record<string, unknown>;
  statements?: StatementRecord[];
  plan?: Plan;
  confirmation_token?: string;
  expires_at?: string;
}

/** Which front end a call came through; recorded, never branched on below src/ops. */
export type FrontEnd = 'cli' | 'mcp' | 'slack' | 'runbook';

/** The question a front end carries to a person: the plan, answered yes or no. */
export type ConfirmFn = (plan: Plan) => Promise<boolean>;

export type AuditOutcome = 'done' | 'planned' | 'confirmation_required' | 'refused' | 'cancelled' | 'failed';

/** One record of the audit log (DESIGN §7). Arguments are already redacted. */
export interface AuditEntry {
  /** When the call started, ISO-8601. */
  time: string;
  front_end: FrontEnd;
  actor: string;
  request_id: string;
  tool: string;
  args: Record<string, unknown>;
  /** The plan's effect, or null when no plan was made. */
  effect: Effect | null;
  summary: string | null;
  /** Statements that ran for the change, in order. */
  statements: StatementRecord[];
  query_ids: string[];
  /**
   * How it was confirmed: a token or an interactive answer, and by whom; null if not needed.
   * `via` says through what, when the front end tells (tty, --yes, elicitation, slack button).
   */
  confirmation: { how: 'token' | 'interactive'; by: string; via?: string } | null;
  outcome: AuditOutcome;
  error: { code: string; message: string; snowflake_code?: string; sql_state?: string; query_id?: string } | null;
  duration_ms: number;
}

/** Where audit entries go. Recording must never block or break the call it records. */
export interface AuditSink {
  record(entry: AuditEntry): void | Promise<void>;
  /**
   * Called as a change's statements are about to run, before `record` of the same entry: a store
   * can keep a trace of a call whose process dies before it ends.
   */
  begin?(entry: AuditEntry): void;
}
