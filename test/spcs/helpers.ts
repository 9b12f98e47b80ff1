/**
 * Container-services tests drive the real runner over the real emulator on a fresh
 * SNOWOPS_HOME, with a small provision time and, where a test needs it, a clock it moves.
 */
import { objectTools } from '../../tools/objects.js';
import { spcsTools } from '../../tools/spcs.js';
import { type RunnerHarness, runnerHarness } from '../helpers/runner.js';

export { serviceSpec as SPEC } from '../helpers/quickstart.js';

export interface SpcsHarness extends Omit<RunnerHarness, 'home' | 'emulator' | 'client'> {
  /** Moves the emulator's clock (only when the harness was made with a manual clock). */
  advance(seconds: number): void;
  /** Every SPCS object and database the emulator holds, one line each, sorted. */
  state(): Promise<string[]>;
}

export function harness(opts: { provisionSeconds?: number; manualClock?: boolean } = {}): SpcsHarness {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const h = runnerHarness({
    tools: [...objectTools, ...spcsTools],
    prefix: 'snowops-spcs-',
    provisionSeconds: opts.provisionSeconds ?? 1,
    now: opts.manualClock ? () => new Date(now) : undefined,
  });
  const client = h.emulator;
  return {
    ...h,
    advance(seconds) {
      now += seconds * 1000;
    },
    async state() {
      const lines: string[] = [];
      for (const r of (await client.execute('SHOW DATABASES')).rows) lines.push(`database ${r.name}`);
      for (const r of (await client.execute('SHOW COMPUTE POOLS')).rows) lines.push(`compute_pool ${r.name}`);
      for (const r of (await client.execute('SHOW IMAGE REPOSITORIES IN ACCOUNT')).rows) {
        lines.push(`image_repository ${r.database_name}.${r.schema_name}.${r.name}`);
      }
      for (const r of (await client.execute('SHOW SERVICES IN ACCOUNT')).rows) {
        lines.push(`service ${r.database_name}.${r.schema_name}.${r.name}`);
      }
      return lines.sort();
    },
  };
}
