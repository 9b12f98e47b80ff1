/**
 * What every Slack handler shares: the runner, the policy, the command shapes, the clock, and
 * the two ways to talk back (respond through response_url, the Web API with the bot token).
 */
import type { Logger, RespondFn, webApi } from '@slack/bolt';

import type { Policy } from '../ops/policy.js';
import type { Runner } from '../ops/runner.js';
import type { TokenService } from '../ops/tokens.js';
import type { Message } from './blocks.js';
import type { ScopeOf } from './grammar.js';
import type { CommandShape } from './shape.js';

export interface SlackContext {
  runner: Pick<Runner, 'tools' | 'call'>;
  /** The same home's token store as the runner's: tells a click whose token was already used. */
  tokens: Pick<TokenService, 'isSpent'>;
  policy: Policy;
  /** Offered tools by command word (create_database). */
  shapes: ReadonlyMap<string, CommandShape>;
  scopeOf?: ScopeOf;
  now: () => Date;
  logger: Logger;
  /** Lines `/snowops help` adds about the extensions' commands (runbooks), given the slash command. */
  helpNotes?: ((command: string) => string)[];
}

export type Visibility = 'ephemeral' | 'in_channel';

/** Sends through response_url; a message Slack refuses is logged and replaced by its plain text. */
export async function reply(
  respond: RespondFn,
  logger: Logger,
  msg: Message,
  how: { visibility?: Visibility; replace?: boolean } = {},
): Promise<void> {
  const base = {
    response_type: how.visibility ?? 'ephemeral',
    replace_original: how.replace ?? false,
  } as const;
  try {
    await respond({ ...base, text: msg.text, blocks: msg.blocks });
  } catch (e) {
    logger.error(`response_url refused a message (${String(e)}); sending its text only`);
    await respond({ ...base, text: msg.text }).catch((e2: unknown) =>
      logger.error(`response_url failed: ${String(e2)}`),
    );
  }
}

/** One line in the audit channel, when the policy names one. Never fails the operation. */
export async function postAudit(ctx: SlackContext, client: webApi.WebClient, line: string): Promise<void> {
  const channel = ctx.policy.slack.audit_channel;
  if (!channel) return;
  try {
    await client.chat.postMessage({ channel, text: line, unfurl_links: false, unfurl_media: false });
  } catch (e) {
    ctx.logger.warn(`could not post to the audit channel ${channel}: ${String(e)}`);
  }
}

/** `drop_object by <@U1> in <#C1>` plus the outcome, for the audit channel. */
export function auditLine(
  emoji: string,
  what: { tool: string; requester: string; channel: string; confirmedBy?: string },
  outcome: string,
): string {
  const confirmed = what.confirmedBy ? `, confirmed by <@${what.confirmedBy}>` : '';
  return `${emoji} \`${what.tool}\` by <@${what.requester}> in <#${what.channel}>${confirmed}: ${outcome}`;
}
