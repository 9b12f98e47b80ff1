/**
 * Who may do what from Slack (the policy's [slack] section, DESIGN §7): a user's effects and the
 * channel's effects must both include the plan's effect; users and channels not listed get
 * default_effects (read only unless the policy says otherwise). Confirming is a separate right:
 * the requester, or with four_eyes an approver who is not the requester.
 */
import { SnowopsError } from '../errors.js';
import type { Policy } from '../ops/policy.js';
import type { Effect } from '../ops/types.js';

export type SlackPolicy = Policy['slack'];

export interface Requester {
  user: string;
  channel: string;
}

const GRANT_HINT =
  'An administrator can grant it in the [slack] section of the policy file (slack.users.<USER_ID>.effects, slack.channels.<CHANNEL_ID>.effects).';

export function userEffects(slack: SlackPolicy, user: string): readonly Effect[] {
  return slack.users[user]?.effects ?? slack.default_effects;
}

export function channelEffects(slack: SlackPolicy, channel: string): readonly Effect[] {
  return slack.channels[channel]?.effects ?? slack.default_effects;
}

function list(effects: readonly Effect[]): string {
  return effects.length === 0 ? 'nothing' : effects.join(', ');
}

/** Throws policy_denied unless both the user and the channel allow `effect`. */
export function checkAccess(slack: SlackPolicy, who: Requester, effect: Effect, what: string): void {
  const user = userEffects(slack, who.user);
  const channel = channelEffects(slack, who.channel);
  if (!user.includes(effect)) {
    throw new SnowopsError(
      'policy_denied',
      `<@${who.user}> may not run ${effect} operations (${what}); this user may: ${list(user)}.`,
      { hint: GRANT_HINT },
    );
  }
  if (!channel.includes(effect)) {
    throw new SnowopsError(
      'policy_denied',
      `${effect} operations (${what}) are not allowed in this channel; here: ${list(channel)}.`,
      { hint: `Run it from a channel that allows ${effect}. ${GRANT_HINT}` },
    );
  }
}

/** Throws policy_denied unless `clicker` may confirm what `requester` asked for. */
export function checkConfirmer(slack: SlackPolicy, clicker: string, requester: string): void {
  if (!slack.four_eyes) {
    if (clicker !== requester) {
      throw new SnowopsError('policy_denied', `Only <@${requester}>, who asked for it, can confirm this.`, {
        hint: 'Run the command yourself to get your own plan.',
      });
    }
    return;
  }
  if (clicker === requester) {
    throw new SnowopsError(
      'policy_denied',
      'With four-eyes approval on, the requester cannot confirm their own plan.',
      {
        hint: `Ask an approver: ${approverMentions(slack)}.`,
      },
    );
  }
  if (!slack.approvers.includes(clicker)) {
    throw new SnowopsError('policy_denied', `<@${clicker}> is not an approver; only approvers can confirm this.`, {
      hint: `Approvers: ${approverMentions(slack)}.`,
    });
  }
}

/** Who may cancel: the requester, or with four_eyes also an approver. */
export function mayCancel(slack: SlackPolicy, clicker: string, requester: string): boolean {
  return clicker === requester || (slack.four_eyes && slack.approvers.includes(clicker));
}

export function approverMentions(slack: SlackPolicy): string {
  return slack.approvers.length === 0 ? 'none configured' : slack.approvers.map((u) => `<@${u}>`).join(', ');
}
