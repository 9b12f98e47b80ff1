/**
 * The clock a snowops process reads the time from. Each front end (call, runbook, mcp, slack,
 * emulator serve, connections test) takes it from here once and gives the same `now` to the
 * emulator and to the runner, so tokens, audit records, runbook runs, task schedules and service
 * states all see one time.
 *
 * SNOWOPS_TEST_NOW is a test hook (never set it in production):
 * - an ISO-8601 instant (`2024-01-01T09:00:00Z`) stops the clock there, so processes run at
 *   chosen times (scheduled tasks are caught up from the clock, endpoints provision by it);
 * - a signed duration (`+6m`, `-30s`, `+1500ms`, `+2h`, `+1d`) shifts the real clock, so a
 *   process sees the tokens of another one as expired.
 */
import { invalidInput } from '../errors.js';
import { envValue } from './home.js';

export type Clock = () => Date;

export const TEST_CLOCK_VARIABLE = 'SNOWOPS_TEST_NOW';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const systemClock: Clock = () => new Date();

export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const text = envValue(env, TEST_CLOCK_VARIABLE)?.trim();
  if (text === undefined) return systemClock;
  const shift = /^([+-])(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  if (shift) {
    const offset = (shift[1] === '-' ? -1 : 1) * Number(shift[2]) * UNIT_MS[shift[3]!]!;
    return () => new Date(Date.now() + offset);
  }
  const fixed = /^\d{4}-\d\d-\d\d/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(fixed.getTime())) {
    throw invalidInput(
      `${TEST_CLOCK_VARIABLE} ${JSON.stringify(text)} is neither an instant nor a shift.`,
      'Use an ISO-8601 instant (2024-01-01T09:00:00Z) to stop the clock there, or a signed duration (+6m, -30s, +1500ms, +2h, +1d) to shift it; leave it unset outside tests.',
    );
  }
  return () => new Date(fixed);
}
