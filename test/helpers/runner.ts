/**
 * Tools driven the way front ends drive them: the real runner over the real emulator on a fresh
 * SNOWOPS_HOME, closed and removed after each test.
 */
import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import type { QueryResult, SqlClient } from '../../src/client/types.js';
import { isSnowopsError, type SnowopsError } from '../../src/errors.js';
import { defaultPolicy, type Policy } from '../../src/ops/policy.js';
import { createRunner } from '../../src/ops/runner.js';
import type { Progress, ToolDef } from '../../src/ops/types.js';
import { freshDir } from './home.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export interface RunnerOptions<C extends SqlClient> {
  tools: ToolDef[];
  policy?: Policy;
  /** Prefix of the temporary home's folder name. */
  prefix: string;
  provisionSeconds: number;
  /** The emulator's clock; its own by default. */
  now?: () => Date;
  /** What the runner talks to, around the emulator client (a recording one, for example). */
  wrap?: (emulator: SqlClient) => C;
  /** Fails a call whose result does not match its tool's output schema, as the MCP SDK checks structuredContent. */
  checkOutput?: boolean;
}

export interface RunnerHarness<C extends SqlClient = SqlClient> {
  home: string;
  /** The emulator client itself, for reading state without going through `client`. */
  emulator: SqlClient;
  /** The client the runner uses. */
  client: C;
  call(tool: string, args: unknown, onProgress?: (p: Progress) => void): Promise<Record<string, unknown>>;
  /** Calls, and when the answer is confirmation_required calls again with the token. */
  confirmed(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The SnowopsError a call fails with (fails the test when it succeeds). */
  failure(tool: string, args: unknown): Promise<SnowopsError>;
  sql(statement: string): Promise<QueryResult>;
}

export function runnerHarness<C extends SqlClient = SqlClient>(o: RunnerOptions<C>): RunnerHarness<C> {
  const home = freshDir(o.prefix);
  const emulator = createEmulatorClient({
    home,
    provisionSeconds: o.provisionSeconds,
    ...(o.now ? { now: o.now } : {}),
  });
  const client = o.wrap ? o.wrap(emulator) : (emulator as unknown as C);
  const runner = createRunner({ catalog: o.tools, client, home, policy: o.policy ?? defaultPolicy() });
  cleanups.push(async () => {
    runner.close();
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  });
  const call = async (tool: string, args: unknown, onProgress?: (p: Progress) => void) => {
    const result = await runner.call(tool, args, { frontEnd: 'cli', actor: 'test', onProgress });
    if (o.checkOutput) {
      const checked = o.tools.find((t) => t.name === tool)?.output.safeParse(result);
      if (checked && !checked.success)
        throw new Error(`${tool} result does not match its output schema: ${checked.error}`);
    }
    return result;
  };
  return {
    home,
    emulator,
    client,
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
    sql: (statement) => emulator.execute(statement),
  };
}
