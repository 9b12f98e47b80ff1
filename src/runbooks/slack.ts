/**
 * Runbooks in Slack (DESIGN §10): `/snowops runbook NAME [k=v ...]` posts the runbook in the
 * channel with a "Run next step" button (slack-command.ts); each click runs one step through the
 * ops runner under the same access rules as a command, and the message is edited with the
 * step's result and who ran it, the thread keeping a line per step. A step whose plan needs
 * confirmation shows the plan with its own Confirm and Cancel (slack-confirm.ts); a failed step
 * offers Retry and Skip. All state is in the run store and the buttons, so any replica on the
 * same home can take the next click.
 */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Plan, ToolDef } from '../ops/types.js';
import { checkAccess } from '../slack/access.js';
import type { SlackExtension } from '../slack/app.js';
import { actorOf } from '../slack/commands.js';
import { reply } from '../slack/context.js';
import { errorMessage, noticeMessage } from '../slack/messages.js';
import { escapeMrkdwn } from '../slack/text.js';
import { loadLibrary, runbookDirs } from './library.js';
import { runStep, skipStep } from './runner.js';
import { runbookCommand } from './slack-command.js';
import { askConfirmation, cancelClick, confirmClick } from './slack-confirm.js';
import {
  ACTION_NEXT,
  ACTION_RETRY,
  ACTION_SKIP,
  ACTION_STEP_CANCEL,
  ACTION_STEP_CONFIRM,
  who,
} from './slack-message.js';
import {
  type ActionArgs,
  afterStep,
  asError,
  currentStep,
  type RunbookSlack,
  refresh,
  STALE_MS,
  thread,
} from './slack-steps.js';
import { openRunStore, type RunStore } from './store.js';
import type { RunbookStep } from './types.js';

export interface SlackRunbooksDeps {
  home: string;
  catalog: readonly ToolDef[];
  /** A further folder of runbooks (--runbooks DIR). */
  dir?: string;
}

/** The runbook command and buttons, as an extension of the Slack app. */
export interface SlackRunbooks extends SlackExtension {
  close(): void;
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
    help(command) {
      return `\`${command} runbook\` lists the runbooks; \`${command} runbook NAME [param=value ...]\` posts one in the channel to run step by step, each step with a *Run next step* button (and its own confirmation when it needs one).`;
    },
    close() {
      store?.close();
    },
  };
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
