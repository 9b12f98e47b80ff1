/**
 * What the Slack runbook handlers share: the run store, the runbooks, the Slack context, and
 * the ways a run is shown: the runbook message (edited with chat.update), a line per step in its
 * thread, and an audit line for each change, as commands post one.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { SnowopsError } from '../errors.js';
import type { ToolDef } from '../ops/types.js';
import type { Requester } from '../slack/access.js';
import { auditLine, postAudit, reply, type SlackContext } from '../slack/context.js';
import { errorMessage, noticeMessage } from '../slack/messages.js';
import { escapeMrkdwn } from '../slack/text.js';
import type { Library } from './library.js';
import { loadRunbookFile } from './loader.js';
import { nextStepIndex, type StepResult } from './runner.js';
import { decodeStepButton, runbookMessage, stepLine } from './slack-message.js';
import type { RunRecord, RunStore, StepError } from './store.js';
import type { Runbook, RunbookStep } from './types.js';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A step another click claimed this long ago is taken to be abandoned (its process died). */
export const STALE_MS = 10 * 60 * 1000;

/** What the handlers share. */
export interface RunbookSlack {
  ctx: SlackContext;
  library: Library;
  store: RunStore;
  catalog: readonly ToolDef[];
}

/** The run and its runbook (as loaded at start, or from the run's file). */
export function load(rb: RunbookSlack, runId: string): { run: RunRecord; runbook: Runbook } {
  const run = rb.store.get(runId);
  const runbook = rb.library.runbooks.find((r) => r.name === run.runbook) ?? loadRunbookFile(run.file, rb.catalog);
  return { run, runbook };
}

/** Edits the runbook message to show the run as stored now. */
export async function refresh(rb: RunbookSlack, args: ActionArgs, runbook: Runbook, run: RunRecord): Promise<void> {
  const place = run.place;
  if (!place?.channel || !place.ts) return;
  const msg = runbookMessage(runbook, run);
  try {
    await args.client.chat.update({ channel: place.channel, ts: place.ts, text: msg.text, blocks: msg.blocks });
  } catch (e) {
    rb.ctx.logger.error(`could not update the message of runbook run ${run.id}: ${String(e)}`);
  }
}

/** A line in the runbook message's thread: who ran what, and how it went. */
export async function thread(rb: RunbookSlack, args: ActionArgs, run: RunRecord, text: string): Promise<void> {
  const place = run.place;
  if (!place?.channel || !place.ts) return;
  try {
    await args.client.chat.postMessage({ channel: place.channel, thread_ts: place.ts, text, unfurl_links: false });
  } catch (e) {
    rb.ctx.logger.warn(`could not post in the thread of runbook run ${run.id}: ${String(e)}`);
  }
}

export function asError(error: StepError | null | undefined): SnowopsError {
  const e = error ?? { code: 'internal', message: 'The step failed.' };
  return new SnowopsError(e.code as SnowopsError['code'], e.message, {
    hint: e.hint,
    snowflakeCode: e.snowflake_code as string | undefined,
    sqlState: e.sql_state as string | undefined,
    queryId: e.query_id as string | undefined,
  });
}

/** What the thread says about a step that just ran. */
function threadLine(runbook: Runbook, run: RunRecord, index: number, confirmedBy?: string): string {
  const by = confirmedBy ? ` (confirmed by <@${confirmedBy}>)` : '';
  return `${stepLine(runbook, run, index)}${by}`;
}

export async function afterStep(
  rb: RunbookSlack,
  args: ActionArgs,
  loaded: { run: RunRecord; runbook: Runbook },
  step: RunbookStep,
  result: StepResult,
  requester: Requester,
  confirmedBy?: string,
): Promise<void> {
  const { run, runbook } = loaded;
  const index = runbook.steps.indexOf(step);
  await refresh(rb, args, runbook, run);
  if (result.status === 'confirmation_required') return;
  await thread(rb, args, run, threadLine(runbook, run, index, confirmedBy));
  const tool = rb.catalog.find((t) => t.name === step.tool);
  if (result.status === 'done' && tool?.kind === 'write') {
    const audit = { tool: step.tool, requester: requester.user, channel: requester.channel, confirmedBy };
    const message = String(result.result?.message ?? 'done');
    await postAudit(
      rb.ctx,
      args.client,
      auditLine(':white_check_mark:', audit, `runbook ${run.runbook}: ${escapeMrkdwn(message)}`),
    );
  }
}

/** The step a button was offered for, if it is still the one to run; else the clicker is told. */
export async function currentStep(
  rb: RunbookSlack,
  args: ActionArgs,
): Promise<{ run: RunRecord; runbook: Runbook; step: RunbookStep } | undefined> {
  const button = decodeStepButton(args.action.value);
  if (!button) {
    await reply(args.respond, rb.ctx.logger, noticeMessage('This button does not belong to a snowops runbook run.'));
    return undefined;
  }
  try {
    const { run, runbook } = load(rb, button.run);
    const next = nextStepIndex(runbook, run);
    const step = next === undefined ? undefined : runbook.steps[next];
    if (!step || step.id !== button.step) {
      await reply(
        args.respond,
        rb.ctx.logger,
        noticeMessage('That step was already handled; the runbook message shows where the run is.'),
      );
      await refresh(rb, args, runbook, run);
      return undefined;
    }
    return { run, runbook, step };
  } catch (e) {
    await reply(args.respond, rb.ctx.logger, errorMessage('runbook', e));
    return undefined;
  }
}
