/**
 * Running a runbook: each step is one call through the ops runner (so the same plan, policy,
 * confirmation and audit as a direct call), its arguments filled in from the run's params and
 * the stored results of earlier steps, its outcome recorded in the run store. Front ends decide
 * how many steps to run at once: the CLI runs on until a step stops it, Slack one per click.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isSnowopsError, SnowopsError } from '../errors.js';
import type { CallOptions, Runner } from '../ops/runner.js';
import type { Plan } from '../ops/types.js';
import { resolveArgs } from './check.js';
import type { RunRecord, RunStore, StepError, StepOutcome, StepRecord, StepStatus } from './store.js';
import type { Runbook, RunbookStep } from './types.js';

export interface StepResult extends StepOutcome {
  /** The plan waiting for confirmation, and the token that confirms it (status confirmation_required). */
  plan?: Plan;
  confirmation?: { token: string; expires_at: string };
}

/** A step needs nothing more: it succeeded, was skipped, or failed where failing is allowed. */
export function settled(step: RunbookStep, record: StepRecord | undefined): boolean {
  if (!record) return false;
  return (
    record.status === 'done' || record.status === 'skipped' || (record.status === 'failed' && step.continue_on_error)
  );
}

/** The first step that still needs to run, or undefined when the run is complete. */
export function nextStepIndex(runbook: Runbook, run: RunRecord): number | undefined {
  const i = runbook.steps.findIndex((s) => !settled(s, run.steps.get(s.id)));
  return i === -1 ? undefined : i;
}

/** Results of the steps that succeeded, by step id, for templates. */
export function resultsOf(run: RunRecord): Map<string, unknown> {
  const results = new Map<string, unknown>();
  for (const [id, record] of run.steps) if (record.status === 'done' && record.result) results.set(id, record.result);
  return results;
}

function errorOf(e: unknown): StepError {
  const error = isSnowopsError(e) ? e : new SnowopsError('internal', e instanceof Error ? e.message : String(e));
  return error.toJSON() as StepError;
}

function statusOf(result: Record<string, unknown>): Exclude<StepStatus, 'running' | 'failed' | 'skipped'> {
  if (result.status === 'confirmation_required') return 'confirmation_required';
  if (result.status === 'cancelled') return 'cancelled';
  return 'done'; // done, planned (dry_run), or a read's result
}

/**
 * Runs one step of `run` (already claimed in the store) and records the outcome, also in
 * `run.steps`. Never throws for the step's own failure: that is the outcome. `extra` carries a
 * confirmation token given for this step's plan.
 */
export async function runStep(
  deps: { runner: Pick<Runner, 'call'>; store: RunStore },
  run: RunRecord,
  step: RunbookStep,
  options: CallOptions,
  extra: { confirmation_token?: string } = {},
): Promise<StepResult> {
  const t0 = performance.now();
  let outcome: StepResult;
  try {
    const args = { ...resolveArgs(step, run.params, resultsOf(run)), ...extra };
    const result = await deps.runner.call(step.tool, args, {
      ...options,
      requestId: options.requestId ?? `runbook-${run.id}-${step.id}-${randomUUID().slice(0, 8)}`,
    });
    const status = statusOf(result);
    outcome = {
      status,
      actor: options.actor,
      duration_ms: performance.now() - t0,
      result: status === 'done' ? result : null,
      ...(status === 'confirmation_required'
        ? {
            plan: result.plan as Plan,
            confirmation: { token: String(result.confirmation_token), expires_at: String(result.expires_at) },
          }
        : {}),
      ...(status === 'cancelled'
        ? { error: { code: 'cancelled', message: String(result.message ?? 'Cancelled.') } }
        : {}),
    };
  } catch (e) {
    outcome = { status: 'failed', actor: options.actor, duration_ms: performance.now() - t0, error: errorOf(e) };
  }
  deps.store.finish(run.id, step.id, outcome);
  run.steps.set(step.id, {
    step_id: step.id,
    tool: step.tool,
    status: outcome.status,
    result: outcome.result ?? null,
    error: outcome.error ?? null,
    actor: outcome.actor,
    started_at: new Date(Date.now() - outcome.duration_ms).toISOString(),
    duration_ms: Math.round(outcome.duration_ms),
    attempts: (run.steps.get(step.id)?.attempts ?? 0) + 1,
  });
  return outcome;
}

/** Marks a step skipped (Slack's Skip after a failure). False if it is running or done. */
export function skipStep(store: RunStore, run: RunRecord, step: RunbookStep, actor: string): boolean {
  if (!store.claim(run.id, step.id, step.tool, actor, 10 * 60 * 1000)) return false;
  const previous = run.steps.get(step.id);
  const outcome: StepOutcome = { status: 'skipped', actor, duration_ms: 0, error: previous?.error ?? null };
  store.finish(run.id, step.id, outcome);
  run.steps.set(step.id, {
    step_id: step.id,
    tool: step.tool,
    status: 'skipped',
    result: null,
    error: previous?.error ?? null,
    actor,
    started_at: new Date().toISOString(),
    duration_ms: 0,
    attempts: (previous?.attempts ?? 0) + 1,
  });
  return true;
}

export interface RunEvents {
  /** A step that succeeded in an earlier attempt of this run: not run again. */
  kept?(step: RunbookStep, index: number, record: StepRecord): void;
  start?(step: RunbookStep, index: number): void;
  finish?(step: RunbookStep, index: number, result: StepResult): void;
}

export type RunStatus = 'done' | 'failed' | 'confirmation_required' | 'cancelled';

/**
 * Runs every step that still needs to, in order, until one stops the run: a failure (unless
 * continue_on_error), a confirmation nobody gave, or a cancel. Returns how the run ended.
 */
export async function runRemaining(
  deps: { runner: Pick<Runner, 'call'>; store: RunStore },
  runbook: Runbook,
  run: RunRecord,
  options: CallOptions,
  events: RunEvents = {},
): Promise<RunStatus> {
  for (const [index, step] of runbook.steps.entries()) {
    const record = run.steps.get(step.id);
    if (settled(step, record)) {
      events.kept?.(step, index, record!);
      continue;
    }
    // A step left "running" by a process that died is taken over: the CLI is the only one here.
    deps.store.claim(run.id, step.id, step.tool, options.actor, 0);
    events.start?.(step, index);
    const result = await runStep(deps, run, step, options);
    events.finish?.(step, index, result);
    if (result.status === 'done' || (result.status === 'failed' && step.continue_on_error)) continue;
    return result.status as Exclude<RunStatus, 'done'>;
  }
  return 'done';
}
