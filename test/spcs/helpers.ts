/**
 * Container-services tests drive the real runner over the real emulator on a fresh
 * SNOWOPS_HOME, with a small provision time and, where a test needs it, a clock it moves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import type { QueryResult } from '../../src/client/types.js';
import { isSnowopsError, type SnowopsError } from '../../src/errors.js';
import { defaultPolicy } from '../../src/ops/policy.js';
import { createRunner } from '../../src/ops/runner.js';
import type { Progress } from '../../src/ops/types.js';
import { objectTools } from '../../tools/objects.js';
import { spcsTools } from '../../tools/spcs.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export const SPEC = (image: string) => `spec:
  containers:
  - name: web-server
    image: ${image}
  endpoints:
  - name: ui
    port: 80
    public: true
`;

export interface SpcsHarness {
  /** Moves the emulator's clock (only when the harness was made with a manual clock). */
  advance(seconds: number): void;
  call(tool: string, args: unknown, onProgress?: (p: Progress) => void): Promise<Record<string, unknown>>;
  confirmed(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  failure(tool: string, args: unknown): Promise<SnowopsError>;
  sql(statement: string): Promise<QueryResult>;
  /** Every SPCS object and database the emulator holds, one line each, sorted. */
  state(): Promise<string[]>;
}

export function harness(opts: { provisionSeconds?: number; manualClock?: boolean } = {}): SpcsHarness {
  const home = mkdtempSync(join(tmpdir(), 'snowops-spcs-'));
  let now = Date.parse('2025-01-01T00:00:00Z');
  const client = createEmulatorClient({
    home,
    provisionSeconds: opts.provisionSeconds ?? 1,
    ...(opts.manualClock ? { now: () => new Date(now) } : {}),
  });
  const runner = createRunner({ catalog: [...objectTools, ...spcsTools], client, home, policy: defaultPolicy() });
  cleanups.push(async () => {
    runner.close();
    await client.close();
    rmSync(home, { recursive: true, force: true });
  });
  const call = (tool: string, args: unknown, onProgress?: (p: Progress) => void) =>
    runner.call(tool, args, { frontEnd: 'cli', actor: 'test', onProgress });
  return {
    advance(seconds) {
      now += seconds * 1000;
    },
    call,
    async confirmed(tool, args) {
      const first = await call(tool, args);
      if (first.status !== 'confirmation_required') return first;
      return call(tool, { ...args, confirmation_token: first.confirmation_token });
    },
    async failure(tool, args) {
      try {
        await call(tool, args);
      } catch (e) {
        if (isSnowopsError(e)) return e;
        throw e;
      }
      throw new Error(`expected ${tool} to fail`);
    },
    sql: (statement) => client.execute(statement),
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
