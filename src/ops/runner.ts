/**
 * The operation runner: every call from every front end goes through `call`.
 * read tools: parse -> read. Mutating tools: parse -> plan (reads only) -> policy -> dry_run ->
 * confirmation (token, or an interactive question, or a token handed out) -> apply -> audit.
 * Nothing here knows how a front end talks to its person; it only gets `confirm` and flags.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type * as z from 'zod';
import type { QueryResult, SqlClient } from '../client/types.js';
import { isSnowopsError, SnowopsError } from '../errors.js';
import { classifyStatement } from '../sql/classifier.js';
import { closeNames, inputSchema, normaliseArgs, parseToolArgs } from './args.js';
import { createAuditStore } from './audit.js';
import { statementApplied } from './faults.js';
import type { Policy } from './policy.js';
import { redact } from './redact.js';
import { currentSession } from './sql-targets.js';
import { createPolicyGate } from './targets.js';
import { createTokenService, type TokenService, type VerifiedToken } from './tokens.js';
import type {
  ApplyOutcome,
  AuditEntry,
  AuditSink,
  ConfirmFn,
  Effect,
  FrontEnd,
  Plan,
  Progress,
  StatementRecord,
  ToolContext,
  ToolDef,
  WriteTool,
} from './types.js';

export interface CallOptions {
  frontEnd: FrontEnd;
  /** Who asked: OS user, MCP client name and version, Slack user and channel. */
  actor: string;
  /** Asks a person to approve the plan. Without it, a plan that needs confirmation returns a token. */
  confirm?: ConfirmFn;
  /** The front end can put a question to the person (MCP elicitation); see mcp_confirmation. */
  canConfirmInteractively?: boolean;
  /** For the audit log: how `confirm` asks (tty, --yes, elicitation), and how a token came back (slack button). */
  confirmVia?: string;
  tokenVia?: string;
  /** For the audit log: who confirms, when not the actor (a Slack approver). */
  confirmedBy?: string;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  requestId?: string;
  /**
   * A front end's own access rule (Slack's effects per user and channel): sees the plan before
   * anything runs or any token is checked, and throws policy_denied to refuse (recorded as refused).
   */
  authorize?: (plan: Plan) => void;
}

export interface RunnerDeps {
  catalog: readonly ToolDef[];
  client: SqlClient;
  /** SNOWOPS_HOME: the token key and spent tokens live there. */
  home: string;
  policy: Policy;
  now?: () => Date;
  /** Defaults to the audit log in `home` (src/ops/audit.ts). */
  audit?: AuditSink;
  /** Defaults to the token service on `home`. */
  tokens?: TokenService;
}

export interface Runner {
  /** The tools this policy allows to be offered (read_only keeps reads and read variants). */
  tools: ToolDef[];
  call(toolName: string, rawArgs: unknown, options: CallOptions): Promise<Record<string, unknown>>;
  /** Releases the spent-token store; the client belongs to whoever built it. */
  close(): void;
}

const NO_AUDIT: AuditSink = { record() {} };

/** Whether a plan of this effect must be confirmed under this policy. */
export function needsConfirmation(effect: Effect, policy: Policy): boolean {
  if (effect === 'destructive') return true;
  return effect === 'disruptive' && policy.confirm.includes('disruptive');
}

/** The variant of a tool offered under read_only: it says it only reads. */
function readOnlyView(tool: ToolDef): ToolDef {
  return {
    ...tool,
    description: `${tool.description} Read-only mode: only statements that read are accepted.`,
    annotations: { ...tool.annotations, readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  };
}

/** The tools a policy lets front ends offer: all, or under read_only the reads and read variants. */
export function offeredTools(catalog: readonly ToolDef[], policy: Policy): ToolDef[] {
  if (!policy.read_only) return [...catalog];
  return catalog
    .filter((t) => t.kind === 'read' || t.readOnlyVariant)
    .map((t) => (t.kind === 'read' ? t : readOnlyView(t)));
}

/** How a call was confirmed, for the audit log. */
function confirmation(how: 'token' | 'interactive', options: CallOptions): NonNullable<AuditEntry['confirmation']> {
  const via = how === 'token' ? options.tokenVia : options.confirmVia;
  return { how, by: options.confirmedBy ?? options.actor, ...(via ? { via } : {}) };
}

function denied(message: string, hint: string): SnowopsError {
  return new SnowopsError('policy_denied', message, { hint });
}

function asSnowopsError(e: unknown): SnowopsError {
  if (isSnowopsError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new SnowopsError('internal', `Unexpected failure: ${message}`, { cause: e });
}

export function createRunner(deps: RunnerDeps): Runner {
  const { client, policy } = deps;
  const now = deps.now ?? (() => new Date());
  const ownAudit = deps.audit ? undefined : createAuditStore(deps.home);
  const audit = deps.audit ?? ownAudit ?? NO_AUDIT;
  // Deny/allow rules (null without any): checked on the arguments, then on the plan's statements.
  const gate = createPolicyGate(policy, () => currentSession(client));
  let tokens = deps.tokens;
  const tokenService = () => {
    tokens ??= createTokenService({ home: deps.home, now });
    return tokens;
  };

  const byName = new Map(deps.catalog.map((t) => [t.name, t]));
  const schemas = new Map<string, z.ZodObject>(deps.catalog.map((t) => [t.name, inputSchema(t)]));
  const offered = offeredTools(deps.catalog, policy);
  const offeredNames = new Set(offered.map((t) => t.name));

  function record(entry: AuditEntry): void {
    try {
      const pending = audit.record(entry);
      if (pending) pending.catch((e) => process.stderr.write(`snowops: audit record failed: ${String(e)}\n`));
    } catch (e) {
      process.stderr.write(`snowops: audit record failed: ${String(e)}\n`);
    }
  }

  function context(
    tool: string,
    options: CallOptions,
    requestId: string,
    into: StatementRecord[],
    applying = false,
  ): ToolContext {
    const queryTag = JSON.stringify({ app: 'snowops', tool, actor: options.actor, request_id: requestId });
    return {
      client,
      async run(sql: string): Promise<QueryResult> {
        const result = await client.execute(sql, undefined, { queryTag });
        into.push({ sql, query_id: result.queryId });
        if (applying) statementApplied();
        return result;
      },
      progress(p: Progress) {
        try {
          options.onProgress?.(p);
        } catch {
          // A front end failing to show progress must not fail the operation.
        }
      },
      signal: options.signal ?? new AbortController().signal,
    };
  }

  /** Planning may look, never touch: a statement that is not a read is refused before it runs. */
  function planContext(tool: string, options: CallOptions, requestId: string): ToolContext {
    const ctx = context(tool, options, requestId, []);
    return {
      ...ctx,
      run(sql: string) {
        if (classifyStatement(sql, `The plan of ${tool}`).effect !== 'read') {
          return Promise.reject(
            new SnowopsError(
              'internal',
              `The plan of ${tool} tried to run a statement that changes the account: ${sql}`,
            ),
          );
        }
        return ctx.run(sql);
      },
    };
  }

  async function apply(
    tool: WriteTool,
    args: Record<string, unknown>,
    plan: Plan,
    ctx: ToolContext,
    after: ToolContext,
  ) {
    if (tool.apply) return tool.apply(args, plan, ctx);
    for (const [i, sql] of plan.statements.entries()) {
      if (ctx.signal.aborted) {
        throw new SnowopsError('internal', `Stopped on request after ${i} of ${plan.statements.length} statements.`, {
          hint: 'Check the object: the statements listed before this one ran.',
        });
      }
      await ctx.run(sql);
    }
    const outcome: ApplyOutcome = tool.after ? await tool.after(args, plan, after) : { message: plan.summary };
    return outcome;
  }

  async function call(toolName: string, rawArgs: unknown, options: CallOptions): Promise<Record<string, unknown>> {
    const tool = byName.get(toolName);
    if (!tool) {
      const close = closeNames(toolName, [...offeredNames]);
      throw new SnowopsError('invalid_input', `There is no tool named ${JSON.stringify(toolName)}.`, {
        hint: close.length > 0 ? `Did you mean ${close.join(', ')}?` : `Tools: ${[...offeredNames].join(', ')}.`,
      });
    }

    const requestId = options.requestId ?? randomUUID();
    const started = now();
    const t0 = performance.now();
    const statements: StatementRecord[] = [];
    const entry: AuditEntry = {
      time: started.toISOString(),
      front_end: options.frontEnd,
      actor: options.actor,
      request_id: requestId,
      tool: tool.name,
      args: redact(rawArgs ?? {}) as Record<string, unknown>,
      effect: null,
      summary: null,
      statements,
      query_ids: [],
      confirmation: null,
      outcome: 'failed',
      error: null,
      duration_ms: 0,
    };
    const finish = (outcome: AuditEntry['outcome'], error?: SnowopsError) => {
      entry.outcome = outcome;
      entry.error = error ? error.toJSON() : null;
      entry.query_ids = statements.map((s) => s.query_id);
      entry.duration_ms = Math.round(performance.now() - t0);
      // Successful reads are not operations worth a record; everything else is.
      if (tool.kind === 'write' || outcome !== 'done') record(entry);
    };

    try {
      if (!offeredNames.has(tool.name)) {
        throw denied(
          `The policy is read_only: ${tool.name} changes the account and may not run.`,
          'Only tools that read are available; an administrator can change read_only in the policy file.',
        );
      }
      const args = parseToolArgs(tool, schemas.get(tool.name)!, rawArgs);
      entry.args = redact(args) as Record<string, unknown>;
      await gate?.call(tool, args);
      if (tool.kind === 'read') {
        const result = await tool.read(args, context(tool.name, options, requestId, []));
        finish('done');
        return result;
      }
      return await mutate(tool, args, options, requestId, statements, entry, finish);
    } catch (e) {
      const error = asSnowopsError(e);
      finish(error.code === 'policy_denied' || error.code === 'confirmation_invalid' ? 'refused' : 'failed', error);
      throw error;
    }
  }

  async function mutate(
    tool: WriteTool,
    args: Record<string, unknown>,
    options: CallOptions,
    requestId: string,
    statements: StatementRecord[],
    entry: AuditEntry,
    finish: (outcome: AuditEntry['outcome']) => void,
  ): Promise<Record<string, unknown>> {
    const plan = await tool.plan(args, planContext(tool.name, options, requestId));
    entry.effect = plan.effect;
    entry.summary = plan.summary;
    await gate?.plan(tool, plan);

    if (policy.read_only && plan.effect !== 'read') {
      throw denied(
        `The policy is read_only: this ${tool.name} call is ${plan.effect}, and only reads may run.`,
        'Only statements that read are accepted; an administrator can change read_only in the policy file.',
      );
    }
    options.authorize?.(plan);
    if (args.dry_run === true) {
      finish('planned');
      return { status: 'planned', plan };
    }

    let verified: VerifiedToken | undefined;
    if (needsConfirmation(plan.effect, policy)) {
      const token = typeof args.confirmation_token === 'string' ? args.confirmation_token : undefined;
      if (
        plan.effect === 'destructive' &&
        options.frontEnd === 'mcp' &&
        policy.mcp_confirmation === 'elicitation' &&
        !options.canConfirmInteractively
      ) {
        throw denied(
          `The policy requires destructive operations to be confirmed in the client (mcp_confirmation = "elicitation"), and this client cannot ask: ${plan.summary}.`,
          'Use a client that supports MCP elicitation, or another front end (CLI, Slack).',
        );
      }
      const binding = { tool: tool.name, args: normaliseArgs(tool, args), statements: plan.statements };
      if (token !== undefined) {
        verified = tokenService().verify(token, binding);
        entry.confirmation = confirmation('token', options);
      } else if (options.confirm) {
        if (!(await options.confirm(plan))) {
          finish('cancelled');
          return { status: 'cancelled', message: `Cancelled; nothing ran. (${plan.summary})` };
        }
        entry.confirmation = confirmation('interactive', options);
      } else {
        const issued = tokenService().issue(binding);
        finish('confirmation_required');
        return {
          status: 'confirmation_required',
          plan,
          confirmation_token: issued.token,
          expires_at: issued.expiresAt.toISOString(),
        };
      }
    } else if (typeof args.confirmation_token === 'string') {
      // Not needed, but a token was given: it must still be the right one, and it is used up.
      verified = tokenService().verify(args.confirmation_token, {
        tool: tool.name,
        args: normaliseArgs(tool, args),
        statements: plan.statements,
      });
      entry.confirmation = confirmation('token', options);
    }

    if (options.signal?.aborted) {
      finish('cancelled');
      return { status: 'cancelled', message: `Stopped on request before anything ran. (${plan.summary})` };
    }
    // Spent only now, as the statements are about to run: a refused or cancelled call keeps it usable.
    if (verified) tokenService().spend(verified);
    if (plan.statements.length > 0) {
      try {
        audit.begin?.(entry);
      } catch (e) {
        process.stderr.write(`snowops: audit record failed: ${String(e)}\n`);
      }
    }
    const ctx = context(tool.name, options, requestId, statements, true);
    const outcome = await apply(tool, args, plan, ctx, context(tool.name, options, requestId, []));
    finish('done');
    return {
      ...outcome.result,
      status: 'done',
      message: outcome.message,
      ...(outcome.object ? { object: outcome.object } : {}),
      statements: [...statements],
    };
  }

  return {
    tools: offered,
    call,
    close() {
      tokens?.close();
      ownAudit?.close();
    },
  };
}
