/**
 * A runbook step whose plan needs confirmation, in Slack: the plan goes to the person who
 * clicked (to the approvers with four_eyes) with Confirm and Cancel, the same dialog as a
 * command's, answered here: the confirmer and the token are checked as for commands, and the
 * step runs at most once (the token is single-use and the step is claimed in the run store).
 */
import { isSnowopsError, SnowopsError } from '../errors.js';
import { needsConfirmation } from '../ops/runner.js';
import type { Plan } from '../ops/types.js';
import { approverMentions, checkAccess, checkConfirmer, mayCancel, type Requester } from '../slack/access.js';
import { actorOf } from '../slack/commands.js';
import { reply } from '../slack/context.js';
import { confirmationMessage, errorMessage, noticeMessage, resultMessage } from '../slack/messages.js';
import { escapeMrkdwn } from '../slack/text.js';
import { runStep, type StepResult, settled } from './runner.js';
import { ACTION_STEP_CANCEL, ACTION_STEP_CONFIRM } from './slack-message.js';
import { type ActionArgs, afterStep, asError, load, type RunbookSlack, STALE_MS } from './slack-steps.js';
import type { RunRecord } from './store.js';
import type { Runbook, RunbookStep } from './types.js';

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
export async function askConfirmation(
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

export function confirmClick(rb: RunbookSlack) {
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
        tokenVia: 'slack button',
        confirmedBy: `slack:${clicker}`,
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

export function cancelClick(rb: RunbookSlack) {
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
