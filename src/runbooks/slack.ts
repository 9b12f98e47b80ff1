/**
 * Runbooks in Slack (DESIGN §10): `/snowops runbook NAME [k=v ...]` posts the runbook in the
 * channel with a "Run next step" button; each click runs one step through the ops runner under
 * the same access rules as a command, and the message is edited with the step's result and who
 * ran it (the thread keeps a line per step). A step whose plan needs confirmation shows the plan
 * with its own Confirm and Cancel; a failed step offers Retry and Skip. All state is in the run
 * store and the buttons, so any replica on the same home can take the next click.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isSnowopsError, SnowopsError } from '../errors.js';
import { needsConfirmation } from '../ops/runner.js';
import type { Plan, ToolDef } from '../ops/types.js';
import { approverMentions, checkAccess, checkConfirmer, mayCancel, type Requester } from '../slack/access.js';
import { actorOf } from '../slack/commands.js';
import { auditLine, postAudit, reply, type SlackContext } from '../slack/context.js';
import { confirmationMessage, errorMessage, noticeMessage, resultMessage } from '../slack/messages.js';
import { escapeMrkdwn } from '../slack/text.js';
import { type Library, loadLibrary, runbookDirs } from './library.js';
import { loadRunbookFile } from './loader.js';
import { nextStepIndex, runStep, type StepResult, settled, skipStep } from './runner.js';
import { runbookCommand } from './slack-command.js';
import {
  ACTION_NEXT,
  ACTION_RETRY,
  ACTION_SKIP,
  ACTION_STEP_CANCEL,
  ACTION_STEP_CONFIRM,
  decodeStepButton,
  runbookMessage,
  stepLine,
  who,
} from './slack-message.js';
import { openRunStore, type RunRecord, type RunStore, type StepError } from './store.js';
import type { Runbook, RunbookStep } from './types.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A step another click claimed this long ago is taken to be abandoned (its process died). */
const STALE_MS = 10 * 60 * 1000;

export interface SlackRunbooksDeps {
  home: string;
  catalog: readonly ToolDef[];
  /** A further folder of runbooks (--runbooks DIR). */
  dir?: string;
}

export interface SlackRunbooks {
  /** Adds the runbook command and buttons to the app (a SlackAppDeps extension). */
  register(app: App, ctx: SlackContext): void;
  close(): void;
}

/** What the handlers share. */
export interface RunbookSlack {
  ctx: SlackContext;
  library: Library;
  store: RunStore;
  catalog: readonly ToolDef[];
}

export function slackRunbooks(deps: SlackRunbooksDeps): SlackRunbooks {
  let store: RunStore | undefined;
  return {
    register(app, ctx) {
      const library = loadLibrary(runbookDirs(deps.home, deps.dir), deps.catalog);
      for (const b of library.broken) ctx.logger.warn(`runbook ${b.name} not offered: ${b.error.message}`);
      store = openRunStore(deps.home, ctx.now);
      const rb: RunbookSlack = { ctx, library, store, catalog: deps.catalog };
      app.use(runbookCommand(rb));
      app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_NEXT }, stepClick(rb));
      app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_RETRY }, stepClick(rb));
      app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_SKIP }, skipClick(rb));
      app.action<BlockAction<ButtonAction>>(
        { type: 'block_actions', action_id: ACTION_STEP_CONFIRM },
        confirmClick(rb),
      );
      app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_STEP_CANCEL }, cancelClick(rb));
    },
    close() {
      store?.close();
    },
  };
}

/** The run and its runbook (as loaded at start, or from the run's file). */
function load(rb: RunbookSlack, runId: string): { run: RunRecord; runbook: Runbook } {
  const run = rb.store.get(runId);
  const runbook = rb.library.runbooks.find((r) => r.name === run.runbook) ?? loadRunbookFile(run.file, rb.catalog);
  return { run, runbook };
}

/** Edits the runbook message to show the run as stored now. */
async function refresh(rb: RunbookSlack, args: ActionArgs, runbook: Runbook, run: RunRecord): Promise<void> {
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
async function thread(rb: RunbookSlack, args: ActionArgs, run: RunRecord, text: string): Promise<void> {
  const place = run.place;
  if (!place?.channel || !place.ts) return;
  try {
    await args.client.chat.postMessage({ channel: place.channel, thread_ts: place.ts, text, unfurl_links: false });
  } catch (e) {
    rb.ctx.logger.warn(`could not post in the thread of runbook run ${run.id}: ${String(e)}`);
  }
}

function asError(error: StepError | null | undefined): SnowopsError {
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

async function afterStep(
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
async function currentStep(
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

/** Run next step, and Retry: runs the step the button was offered for. */
function stepClick(rb: RunbookSlack) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const found = await currentStep(rb, args);
    if (!found) return;
    const { run, runbook, step } = found;
    const requester = { user: args.body.user.id, channel: run.place?.channel ?? args.body.channel?.id ?? '' };
    const slack = rb.ctx.policy.slack;
    try {
      if (rb.catalog.find((t) => t.name === step.tool)?.kind === 'read')
        checkAccess(slack, requester, 'read', step.title);
    } catch (e) {
      await reply(args.respond, rb.ctx.logger, errorMessage(step.tool, e));
      return;
    }
    if (!rb.store.claim(run.id, step.id, step.tool, actorOf(requester), STALE_MS)) {
      await reply(args.respond, rb.ctx.logger, noticeMessage('Someone is running that step already.'));
      return;
    }
    run.steps.set(step.id, {
      ...(run.steps.get(step.id) ?? emptyRecord(step)),
      status: 'running',
      actor: actorOf(requester),
    });
    await refresh(rb, args, runbook, run);
    const result = await runStep({ runner: rb.ctx.runner, store: rb.store }, run, step, {
      frontEnd: 'runbook',
      actor: actorOf(requester),
      authorize: (plan: Plan) => checkAccess(slack, requester, plan.effect, plan.summary),
    });
    if (result.status === 'confirmation_required') await askConfirmation(rb, args, run, step, result, requester);
    else if (result.status === 'failed')
      await reply(args.respond, rb.ctx.logger, errorMessage(step.tool, asError(result.error)));
    await afterStep(rb, args, { run, runbook }, step, result, requester);
  };
}

function emptyRecord(step: RunbookStep) {
  return {
    step_id: step.id,
    tool: step.tool,
    status: 'running' as const,
    result: null,
    error: null,
    actor: null,
    started_at: null,
    duration_ms: null,
    attempts: 0,
  };
}

interface StepConfirmation {
  run: string;
  step: string;
  token: string;
  requester: string;
  channel: string;
  expiresAt: number;
}

function encodeConfirmation(c: StepConfirmation): string {
  return JSON.stringify([c.run, c.step, c.token, c.requester, c.channel, c.expiresAt]);
}

function decodeConfirmation(value: string | undefined): StepConfirmation | undefined {
  try {
    const [run, step, token, requester, channel, expiresAt] = JSON.parse(value ?? '') as unknown[];
    if ([run, step, token, requester, channel].some((v) => typeof v !== 'string') || typeof expiresAt !== 'number')
      return undefined;
    return { run, step, token, requester, channel, expiresAt } as StepConfirmation;
  } catch {
    return undefined;
  }
}

/** The step's plan with Confirm and Cancel, for the person who clicked (or the approvers). */
async function askConfirmation(
  rb: RunbookSlack,
  args: ActionArgs,
  run: RunRecord,
  step: RunbookStep,
  result: StepResult,
  requester: Requester,
): Promise<void> {
  const slack = rb.ctx.policy.slack;
  const expiresAt = new Date(result.confirmation!.expires_at);
  const value = encodeConfirmation({
    run: run.id,
    step: step.id,
    token: result.confirmation!.token,
    requester: requester.user,
    channel: requester.channel,
    expiresAt: expiresAt.getTime(),
  });
  const msg = confirmationMessage(result.plan!, {
    requester: requester.user,
    approvers: slack.four_eyes ? approverMentions(slack) : undefined,
    expiresAt,
    value,
  });
  // Same dialog as a command's confirmation, answered by this module's handlers.
  const ids: Record<string, string> = { snowops_confirm: ACTION_STEP_CONFIRM, snowops_cancel: ACTION_STEP_CANCEL };
  const blocks = msg.blocks.map((b) =>
    b.type === 'actions'
      ? {
          ...b,
          elements: b.elements.map((e) =>
            'action_id' in e && e.action_id && ids[e.action_id] ? { ...e, action_id: ids[e.action_id] } : e,
          ),
        }
      : b,
  );
  const text = `Runbook ${run.runbook}, step ${step.id}: ${msg.text}`;
  await reply(
    args.respond,
    rb.ctx.logger,
    { text, blocks },
    { visibility: slack.four_eyes ? 'in_channel' : 'ephemeral' },
  );
}

function confirmClick(rb: RunbookSlack) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const pending = decodeConfirmation(args.action.value);
    if (!pending) {
      await reply(args.respond, rb.ctx.logger, noticeMessage('This button does not carry a runbook confirmation.'));
      return;
    }
    const clicker = args.body.user.id;
    const requester = { user: pending.requester, channel: pending.channel };
    try {
      checkConfirmer(rb.ctx.policy.slack, clicker, pending.requester);
    } catch (e) {
      await reply(args.respond, rb.ctx.logger, errorMessage(undefined, e));
      return;
    }
    if (rb.ctx.tokens.isSpent(pending.token)) {
      await reply(
        args.respond,
        rb.ctx.logger,
        noticeMessage('This confirmation was already handled; nothing ran again.'),
      );
      return;
    }
    if (rb.ctx.now().getTime() > pending.expiresAt) {
      const text =
        ':hourglass: This confirmation expired; nothing ran. Click the runbook\'s "Run next step" for a fresh plan.';
      await reply(args.respond, rb.ctx.logger, noticeMessage(text), { replace: true });
      return;
    }
    let loaded: { run: RunRecord; runbook: Runbook };
    try {
      loaded = load(rb, pending.run);
    } catch (e) {
      await reply(args.respond, rb.ctx.logger, errorMessage('runbook', e));
      return;
    }
    const step = loaded.runbook.steps.find((s) => s.id === pending.step);
    if (
      !step ||
      settled(step, loaded.run.steps.get(step.id)) ||
      !rb.store.claim(loaded.run.id, step.id, step.tool, actorOf(requester, clicker), STALE_MS)
    ) {
      await reply(args.respond, rb.ctx.logger, noticeMessage('This step was already handled; nothing ran again.'));
      return;
    }
    const result = await runStep(
      { runner: rb.ctx.runner, store: rb.store },
      loaded.run,
      step,
      {
        frontEnd: 'runbook',
        actor: actorOf(requester, clicker),
        authorize: (plan: Plan) => checkAccess(rb.ctx.policy.slack, requester, plan.effect, plan.summary),
      },
      { confirmation_token: pending.token },
    );
    const footer = `Runbook ${escapeMrkdwn(loaded.run.runbook)}, step ${escapeMrkdwn(step.id)}: requested by <@${pending.requester}>, confirmed by <@${clicker}>.`;
    const msg =
      result.status === 'done' && result.result
        ? resultMessage(step.tool, result.result, footer)
        : errorMessage(step.tool, asError(result.error));
    await reply(args.respond, rb.ctx.logger, msg, { replace: true });
    await afterStep(rb, args, loaded, step, result, requester, clicker);
  };
}

function cancelClick(rb: RunbookSlack) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const pending = decodeConfirmation(args.action.value);
    if (!pending) return;
    const clicker = args.body.user.id;
    if (!mayCancel(rb.ctx.policy.slack, clicker, pending.requester)) {
      await reply(args.respond, rb.ctx.logger, noticeMessage(`Only <@${pending.requester}> can cancel this.`));
      return;
    }
    try {
      const loaded = load(rb, pending.run);
      const step = loaded.runbook.steps.find((s) => s.id === pending.step);
      const requester = { user: pending.requester, channel: pending.channel };
      if (
        step &&
        !settled(step, loaded.run.steps.get(step.id)) &&
        rb.store.claim(loaded.run.id, step.id, step.tool, actorOf(requester, clicker), STALE_MS)
      ) {
        // Recorded through the runner as a cancelled plan, as a command's Cancel is.
        const result = await runStep({ runner: rb.ctx.runner, store: rb.store }, loaded.run, step, {
          frontEnd: 'runbook',
          actor: actorOf(requester, clicker),
          confirm: async () => false,
          authorize: (plan: Plan) => {
            if (!needsConfirmation(plan.effect, rb.ctx.policy))
              throw new SnowopsError('confirmation_invalid', 'The plan changed and no longer needs confirmation.');
          },
        });
        await afterStep(rb, args, loaded, step, result, requester, clicker);
      }
    } catch (e) {
      rb.ctx.logger.warn(`cancel of a runbook step: ${isSnowopsError(e) ? e.message : String(e)}`);
    }
    await reply(
      args.respond,
      rb.ctx.logger,
      noticeMessage(`:no_entry_sign: Cancelled by <@${clicker}>; nothing ran.`),
      { replace: true },
    );
  };
}

/** Skip, after a failure: the step is marked skipped and the run goes on from the next one. */
function skipClick(rb: RunbookSlack) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const found = await currentStep(rb, args);
    if (!found) return;
    const { run, runbook, step } = found;
    const requester = { user: args.body.user.id, channel: run.place?.channel ?? '' };
    const status = run.steps.get(step.id)?.status;
    if ((status !== 'failed' && status !== 'cancelled') || !skipStep(rb.store, run, step, actorOf(requester))) {
      await reply(
        args.respond,
        rb.ctx.logger,
        noticeMessage('Only a step that failed or was cancelled can be skipped.'),
      );
      return;
    }
    await refresh(rb, args, runbook, run);
    await thread(
      rb,
      args,
      run,
      `:fast_forward: ${who(actorOf(requester))} skipped step ${runbook.steps.indexOf(step) + 1}, ${escapeMrkdwn(step.title)}.`,
    );
  };
}
