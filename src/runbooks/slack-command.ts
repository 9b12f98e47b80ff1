/**
 * `/snowops runbook NAME [k=v ...]`: taken before the tool commands (a global middleware that
 * handles only this word and passes everything else on). Checked and acked at once, mistakes
 * in the ack; then the run is created and its message posted in the channel with the bot token.
 * `/snowops runbook` alone lists the runbooks.
 */
import type { AnyMiddlewareArgs, Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { invalidInput } from '../errors.js';
import { checkAccess } from '../slack/access.js';
import { lineSections, section } from '../slack/blocks.js';
import { actorOf } from '../slack/commands.js';
import { reply } from '../slack/context.js';
import { tokenize } from '../slack/grammar.js';
import { errorMessage } from '../slack/messages.js';
import { escapeMrkdwn, unescapeSlack } from '../slack/text.js';
import { paramValues } from './check.js';
import { checkParams } from './loader.js';
import { runbookMessage } from './slack-message.js';
import type { RunbookSlack } from './slack-steps.js';

const WORD = /^\s*runbooks?(\s|$)/i;

function usage(command: string): string {
  return `${command} runbook NAME [param=value ...]`;
}

/** `k=v` tokens -> { k: 'v' }; a double-quoted value may hold spaces. */
function givenParams(tokens: string[], command: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const token of tokens) {
    const m = /^([A-Za-z_][A-Za-z0-9_-]*)=([\s\S]*)$/.exec(token);
    if (!m) throw invalidInput(`"${token}" is not a param: write NAME=VALUE.`, `Usage: ${usage(command)}`);
    let value = m[2]!;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    out[m[1]!] = value;
  }
  return out;
}

export function runbookCommand(rb: RunbookSlack): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as { command?: unknown; text?: unknown };
    if (typeof body.command !== 'string' || typeof body.text !== 'string' || !WORD.test(unescapeSlack(body.text))) {
      await args.next();
      return;
    }
    const { command, ack, respond, client, context } = args as unknown as SlackCommandMiddlewareArgs & {
      client: import('@slack/bolt').webApi.WebClient;
      context: { retryNum?: number };
    };
    // A redelivery of a command already being handled: acknowledged, not run twice.
    if ((context.retryNum ?? 0) > 0) {
      await ack();
      return;
    }
    const words = tokenize(unescapeSlack(command.text)).map((t) => t.text);
    const who = { user: command.user_id, channel: command.channel_id };
    if (words.length === 1) {
      const lines = rb.library.runbooks.map(
        (r) => `• *${escapeMrkdwn(r.name)}* — ${escapeMrkdwn(r.title)} (${r.steps.length} steps)`,
      );
      const head = section(
        `*Runbooks* — \`${escapeMrkdwn(usage(command.command))}\` posts one here to run step by step.`,
      );
      await ack({ response_type: 'ephemeral', text: 'Runbooks', blocks: [head, ...lineSections(lines, 40)] });
      return;
    }
    let started: { runbook: (typeof rb.library.runbooks)[number]; params: ReturnType<typeof paramValues> };
    try {
      const runbook = rb.library.runbooks.find((r) => r.name === words[1]);
      if (!runbook) {
        const names = rb.library.runbooks.map((r) => r.name).join(', ');
        throw invalidInput(
          `There is no runbook named "${words[1]}".`,
          `Runbooks: ${names || 'none'}. Usage: ${usage(command.command)}`,
        );
      }
      const given = givenParams(words.slice(2), command.command);
      const params = paramValues(runbook, given);
      if (Object.keys(given).length > 0) checkParams(runbook, rb.catalog, params);
      checkAccess(rb.ctx.policy.slack, who, 'read', `runbook ${runbook.name}`);
      started = { runbook, params };
    } catch (e) {
      const msg = errorMessage('runbook', e);
      await ack({ response_type: 'ephemeral', text: msg.text, blocks: msg.blocks });
      return;
    }
    await ack();
    const { runbook, params } = started;
    const run = rb.store.create({
      runbook: runbook.name,
      file: runbook.file,
      params,
      created_by: actorOf(who),
      front_end: 'slack',
    });
    const msg = runbookMessage(runbook, run);
    try {
      const posted = await client.chat.postMessage({ channel: who.channel, text: msg.text, blocks: msg.blocks });
      rb.store.setPlace(run.id, { channel: who.channel, ts: String(posted.ts) });
    } catch (e) {
      rb.ctx.logger.warn(`could not post runbook ${runbook.name} in ${who.channel}: ${String(e)}`);
      const error = invalidInput(
        `snowops could not post the runbook in this channel (${e instanceof Error ? e.message : String(e)}).`,
        'Invite the app to the channel (/invite @snowops), then run the command again.',
      );
      await reply(respond, rb.ctx.logger, errorMessage('runbook', error));
    }
  };
}
