/**
 * `/snowops TOOL args`: parsed and acked at once (usage errors and help come back in the ack),
 * then run through the runner after the ack, answered through response_url. Access is checked
 * against the plan's effect (reads before the call, changes through the runner's authorize
 * hook); a plan that needs confirmation comes back with Confirm and Cancel (confirmations.ts).
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { isSnowopsError } from '../errors.js';
import type { Plan } from '../ops/types.js';
import { approverMentions, checkAccess, type Requester } from './access.js';
import { auditLine, postAudit, reply, type SlackContext } from './context.js';
import { type ParsedCommand, parseCommand } from './grammar.js';
import { confirmationMessage, errorMessage, helpMessage, resultMessage, toolHelpMessage } from './messages.js';
import { encodePending } from './pending.js';
import { progressPoster } from './progress.js';
import { clip, escapeMrkdwn } from './text.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function actorOf(who: Requester, confirmedBy?: string): string {
  const by = confirmedBy && confirmedBy !== who.user ? `, confirmed by ${confirmedBy}` : '';
  return `slack:${who.user} in ${who.channel}${by}`;
}

export function commandHandler(ctx: SlackContext) {
  return async ({ command, ack, respond, client, context }: CommandArgs): Promise<void> => {
    // Slack redelivers when an ack was late; the first delivery is already running, and a change
    // must not run twice, so a redelivery is acknowledged and dropped.
    if ((context.retryNum ?? 0) > 0) {
      await ack();
      ctx.logger.info(`dropped redelivery ${context.retryNum} of "${command.command} ${command.text}"`);
      return;
    }
    let parsed: ParsedCommand;
    try {
      parsed = parseCommand(command.text, ctx.shapes, { command: command.command, scopeOf: ctx.scopeOf });
    } catch (e) {
      const msg = errorMessage(undefined, e);
      await ack({ response_type: 'ephemeral', text: msg.text, blocks: msg.blocks });
      return;
    }
    if (parsed.kind === 'help') {
      const msg = parsed.topic
        ? toolHelpMessage(ctx.shapes.get(parsed.topic)!, command.command)
        : helpMessage(
            [...ctx.shapes.values()],
            command.command,
            (ctx.helpNotes ?? []).map((note) => note(command.command)),
          );
      await ack({ response_type: 'ephemeral', text: msg.text, blocks: msg.blocks });
      return;
    }
    await ack();
    const who = { user: command.user_id, channel: command.channel_id };
    await runCommand(ctx, parsed, who, { respond, client, command: `${command.command} ${parsed.text}` });
  };
}

interface Io {
  respond: CommandArgs['respond'];
  client: CommandArgs['client'];
  /** The command as typed, for the footer of results others see. */
  command: string;
}

async function runCommand(
  ctx: SlackContext,
  parsed: Extract<ParsedCommand, { kind: 'call' }>,
  who: Requester,
  io: Io,
): Promise<void> {
  const tool = parsed.shape.tool;
  const slack = ctx.policy.slack;
  const progress = progressPoster(io.client, who.channel, tool.name, ctx.logger);
  const audit = { tool: tool.name, requester: who.user, channel: who.channel };
  try {
    if (tool.kind === 'read') checkAccess(slack, who, 'read', tool.name);
    let effect = tool.kind === 'read' ? 'read' : undefined;
    const result = await ctx.runner.call(tool.name, parsed.args, {
      frontEnd: 'slack',
      actor: actorOf(who),
      authorize: (plan: Plan) => {
        effect = plan.effect;
        checkAccess(slack, who, plan.effect, plan.summary);
      },
      onProgress: (p) => progress.update(p),
    });
    if (result.status === 'confirmation_required') {
      await askConfirmation(ctx, tool.name, parsed.args, result, who, io);
      return;
    }
    const footer = `<@${who.user}>: \`${escapeMrkdwn(clip(io.command, 300))}\``;
    const msg = resultMessage(tool.name, result, footer);
    if (await progress.finish(msg)) return;
    // A change is news for the channel; reads, plans and dry runs are for the person who asked.
    const changed = result.status === 'done' && effect !== 'read';
    await reply(io.respond, ctx.logger, msg, { visibility: changed ? 'in_channel' : 'ephemeral' });
    if (changed) {
      await postAudit(
        ctx,
        io.client,
        auditLine(':white_check_mark:', audit, escapeMrkdwn(String(result.message ?? 'done'))),
      );
    }
  } catch (e) {
    const msg = errorMessage(tool.name, e);
    if (!(await progress.finish(msg))) await reply(io.respond, ctx.logger, msg);
    if (isSnowopsError(e) && e.code === 'policy_denied') {
      await postAudit(ctx, io.client, auditLine(':no_entry:', audit, `refused — ${escapeMrkdwn(e.message)}`));
    }
  }
}

async function askConfirmation(
  ctx: SlackContext,
  tool: string,
  args: Record<string, unknown>,
  result: Record<string, unknown>,
  who: Requester,
  io: Io,
): Promise<void> {
  const slack = ctx.policy.slack;
  const expiresAt = new Date(String(result.expires_at));
  const value = encodePending({
    tool,
    args,
    token: String(result.confirmation_token),
    requester: who.user,
    channel: who.channel,
    expiresAt: expiresAt.getTime(),
  });
  const msg = confirmationMessage(result.plan as Plan, {
    requester: who.user,
    approvers: slack.four_eyes ? approverMentions(slack) : undefined,
    expiresAt,
    value,
  });
  // With four eyes the approvers must see it, so it goes to the channel.
  await reply(io.respond, ctx.logger, msg, { visibility: slack.four_eyes ? 'in_channel' : 'ephemeral' });
}
