/**
 * A confirmation waiting for a click, carried in the buttons' value (no server-side state, so
 * any replica sharing SNOWOPS_HOME can handle the click). It holds the call and its token; the
 * token binds tool, arguments and plan, and the runner verifies it, so a value can neither be
 * altered nor replayed (tokens are single-use across processes).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { invalidInput, SnowopsError } from '../errors.js';

/** Slack's limit on a button's value. */
export const MAX_VALUE = 2000;

export interface Pending {
  tool: string;
  args: Record<string, unknown>;
  token: string;
  requester: string;
  channel: string;
  /** When the token expires, ms since the epoch. */
  expiresAt: number;
}

const PREFIX = 'z1.';

export function encodePending(p: Pending): string {
  const json = JSON.stringify([p.tool, p.args, p.token, p.requester, p.channel, p.expiresAt]);
  const value = PREFIX + deflateRawSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64url');
  if (value.length > MAX_VALUE) {
    throw new SnowopsError('unsupported', 'This plan is too large to confirm with a Slack button.', {
      hint: "Run it from the command line: snowops call TOOL '{json}' --yes, or shorten the arguments.",
    });
  }
  return value;
}

export function decodePending(value: string): Pending {
  try {
    if (!value.startsWith(PREFIX)) throw new Error('unknown format');
    const [tool, args, token, requester, channel, expiresAt] = JSON.parse(
      inflateRawSync(Buffer.from(value.slice(PREFIX.length), 'base64url')).toString('utf8'),
    ) as [string, Record<string, unknown>, string, string, string, number];
    if (typeof tool !== 'string' || typeof token !== 'string' || typeof expiresAt !== 'number') {
      throw new Error('missing fields');
    }
    return { tool, args, token, requester, channel, expiresAt };
  } catch (e) {
    throw invalidInput(
      `This button does not carry a snowops confirmation (${(e as Error).message}).`,
      'Run the command again to get a new plan.',
    );
  }
}
