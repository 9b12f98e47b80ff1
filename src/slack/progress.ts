/**
 * A message that updates over time (DESIGN §8): when an operation that reports progress is still
 * running after PROGRESS_DELAY_MS, a message is posted with the bot token and edited with
 * chat.update at every report after that (a response_url takes only a few responses); the final
 * result replaces it. When the bot cannot post in the channel (not a member), progress is skipped
 * and the result goes through response_url as usual.
 */
import type { Logger, webApi } from '@slack/bolt';
import type { Progress } from '../ops/types.js';
import type { Message } from './blocks.js';
import { progressMessage } from './messages.js';

export interface ProgressPoster {
  update(p: Progress): void;
  /** Replaces the progress message with `msg`; false when there is none to replace. */
  finish(msg: Message): Promise<boolean>;
}

function note(p: Progress): string {
  if (p.message) return p.message;
  return `working… (${p.total ? `${p.progress} of ${p.total}` : p.progress})`;
}

/** Quick operations answer through response_url; only one still running after this shows progress. */
export const PROGRESS_DELAY_MS = 1500;

export function progressPoster(
  client: webApi.WebClient,
  channel: string,
  tool: string,
  logger: Logger,
  delayMs = PROGRESS_DELAY_MS,
): ProgressPoster {
  let chain: Promise<void> = Promise.resolve();
  let ts: string | undefined;
  let broken = false;
  let finished = false;
  let queued = false;
  let latest: Message | undefined;
  let timer: NodeJS.Timeout | undefined;
  const send = (msg: Message) => {
    chain = chain.then(async () => {
      if (broken) return;
      try {
        if (ts === undefined) {
          const posted = await client.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks });
          ts = posted.ts;
        } else {
          await client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks });
        }
      } catch (e) {
        broken = true;
        logger.warn(`progress of ${tool} not shown in ${channel} (${String(e)}); the result comes at the end`);
      }
    });
  };
  return {
    update(p) {
      if (finished) return;
      latest = progressMessage(tool, note(p));
      // Once the message is on its way, every report edits it (the chain keeps them in order).
      if (queued) send(latest);
      else
        timer ??= setTimeout(() => {
          if (finished || !latest) return;
          queued = true;
          send(latest);
        }, delayMs);
    },
    async finish(msg) {
      finished = true;
      if (timer) clearTimeout(timer);
      await chain;
      if (ts === undefined || broken) return false;
      try {
        await client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks });
        return true;
      } catch (e) {
        logger.warn(`could not update the progress message of ${tool}: ${String(e)}`);
        return false;
      }
    },
  };
}
