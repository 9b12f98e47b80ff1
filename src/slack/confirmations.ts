/**
 * The Confirm and Cancel buttons (DESIGN §7). The dialog is client-side only, so the server
 * checks again: who clicked (the requester, or with four_eyes an approver who is not the
 * requester), the requester's access to the re-made plan, and the token, which the runner
 * verifies against the re-made plan and spends once across processes. A token already spent
 * means another click (or replica, or redelivery) handled it: that click changes nothing.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isSnowopsError, SnowopsError } from '../errors.js';
import { needsConfirmation } from '../ops/runner.js';
import type { Plan } from '../ops/types.js';
import { checkAccess, checkConfirmer, mayCancel } from './access.js';
import { actorOf } from './commands.js';
import { auditLine, postAudit, reply, type SlackContext } from './context.js';
import { errorMessage, noticeMessage, resultMessage } from './messages.js';
import { decodePending, type Pending } from './pending.js';
import { escapeMrkdwn } from './text.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const ALREADY_HANDLED = 'This confirmation was already handled; nothing ran again.';

function spent(e: unknown): boolean {
  return isSnowopsError(e) && e.code === 'confirmation_invalid' && /already used/.test(e.message);
}

function expired(e: unknown): boolean {
  return isSnowopsError(e) && e.code === 'confirmation_invalid' && /expired/.test(e.message);
}

function decode(args: ActionArgs): Pending | undefined {
  try {
    return decodePending(args.action.value ?? '');
  } catch (e) {
    void reply(args.respond, args.logger, errorMessage(undefined, e));
    return undefined;
  }
}

function expiredNotice(pending: Pending): string {
  return `:hourglass: This confirmation of \`${pending.tool}\` expired at ${new Date(pending.expiresAt).toISOString()}; nothing ran. Run the command again for a fresh plan.`;
}

export function confirmHandler(ctx: SlackContext) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const pending = decode(args);
    if (!pending) return;
    const clicker = args.body.user.id;
    const requester = { user: pending.requester, channel: pending.channel };
    const audit = { tool: pending.tool, requester: pending.requester, channel: pending.channel, confirmedBy: clicker };
    try {
      checkConfirmer(ctx.policy.slack, clicker, pending.requester);
    } catch (e) {
      // Not theirs to confirm: tell them, and leave the plan for whoever may.
      await reply(args.respond, ctx.logger, errorMessage(pending.tool, e));
      return;
    }
    // A click after the one that ran it (double click, redelivery, another replica's copy).
    if (ctx.tokens.isSpent(pending.token)) {
      await reply(args.respond, ctx.logger, noticeMessage(ALREADY_HANDLED));
      return;
    }
    if (ctx.now().getTime() > pending.expiresAt) {
      await reply(args.respond, ctx.logger, noticeMessage(expiredNotice(pending)), { replace: true });
      return;
    }
    let planned = false;
    try {
      const result = await ctx.runner.call(
        pending.tool,
        { ...pending.args, confirmation_token: pending.token },
        {
          frontEnd: 'slack',
          actor: actorOf(requester, clicker),
          tokenVia: 'slack button',
          confirmedBy: `slack:${clicker}`,
          // The requester must still be allowed what the plan does now.
          authorize: (plan: Plan) => {
            planned = true;
            checkAccess(ctx.policy.slack, requester, plan.effect, plan.summary);
          },
        },
      );
      const footer = `Requested by <@${pending.requester}>, confirmed by <@${clicker}>.`;
      await reply(args.respond, ctx.logger, resultMessage(pending.tool, result, footer), { replace: true });
      await postAudit(
        ctx,
        args.client,
        auditLine(':white_check_mark:', audit, escapeMrkdwn(String(result.message ?? 'done'))),
      );
    } catch (e) {
      // Planning failed because a concurrent click already ran it (the object is gone): same answer.
      if (spent(e) || (!planned && ctx.tokens.isSpent(pending.token))) {
        await reply(args.respond, ctx.logger, noticeMessage(ALREADY_HANDLED));
      } else if (expired(e)) {
        await reply(args.respond, ctx.logger, noticeMessage(expiredNotice(pending)), { replace: true });
      } else if (isSnowopsError(e) && e.code === 'policy_denied') {
        await reply(args.respond, ctx.logger, errorMessage(pending.tool, e));
      } else {
        // The plan changed, or running it failed: the buttons go, the reason stays.
        await reply(args.respond, ctx.logger, errorMessage(pending.tool, e), { replace: true });
        await postAudit(ctx, args.client, auditLine(':x:', audit, `failed — ${escapeMrkdwn(errorText(e))}`));
      }
    }
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function cancelHandler(ctx: SlackContext) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const pending = decode(args);
    if (!pending) return;
    const clicker = args.body.user.id;
    if (!mayCancel(ctx.policy.slack, clicker, pending.requester)) {
      const who = ctx.policy.slack.four_eyes ? ' or an approver' : '';
      await reply(args.respond, ctx.logger, noticeMessage(`Only <@${pending.requester}>${who} can cancel this.`));
      return;
    }
    // Recorded through the runner as a cancelled plan: it re-plans and hears "no". Should the
    // plan no longer need confirmation, authorize refuses it, so a cancel can never run anything.
    let summary = pending.tool;
    try {
      await ctx.runner.call(pending.tool, pending.args, {
        frontEnd: 'slack',
        actor: actorOf({ user: pending.requester, channel: pending.channel }, clicker),
        authorize: (plan: Plan) => {
          summary = plan.summary;
          if (!needsConfirmation(plan.effect, ctx.policy)) {
            throw new SnowopsError('confirmation_invalid', 'The plan changed and no longer needs confirmation.');
          }
        },
        confirm: async () => false,
      });
    } catch (e) {
      ctx.logger.info(`cancel of ${pending.tool} recorded without a plan: ${errorText(e)}`);
    }
    const text = `:no_entry_sign: Cancelled by <@${clicker}>; nothing ran. (${escapeMrkdwn(summary)})`;
    await reply(args.respond, ctx.logger, noticeMessage(text), { replace: true });
    await postAudit(
      ctx,
      args.client,
      auditLine(
        ':no_entry_sign:',
        { tool: pending.tool, requester: pending.requester, channel: pending.channel },
        `cancelled by <@${clicker}>`,
      ),
    );
  };
}
