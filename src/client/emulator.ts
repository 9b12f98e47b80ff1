/**
 * The embedded emulator as a SqlClient: the engine runs in this process on
 * $SNOWOPS_HOME/emulator.sqlite, so several processes (MCP server, Slack bot, CLI calls)
 * share one local account through the file.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatorSqlError, Engine, type Session } from '../emulator/engine.js';
import { fromSnowflakeError } from '../errors.js';
import type { Bind, QueryResult, SqlClient, StatementOptions } from './types.js';

export interface EmulatorClientOptions {
  /** SNOWOPS_HOME: holds emulator.sqlite. Created (mode 700) when missing. */
  home: string;
  /** Fixed delay per statement (env SNOWOPS_EMULATOR_LATENCY_MS), to model a network. */
  latencyMs?: number;
  provisionSeconds?: number;
  session?: Partial<Session>;
  /** The clock (src/config/clock.ts: the front ends pass the test clock through here). */
  now?: () => Date;
}

export const EMULATOR_FILE = 'emulator.sqlite';

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function createEmulatorClient(
  opts: EmulatorClientOptions,
): SqlClient & { readonly engine: Engine; readonly session: Session } {
  if (!existsSync(opts.home)) mkdirSync(opts.home, { recursive: true, mode: 0o700 });
  const engine = Engine.open({
    path: join(opts.home, EMULATOR_FILE),
    provisionSeconds: opts.provisionSeconds,
    now: opts.now,
  });
  const session = engine.newSession(opts.session);
  const latency = opts.latencyMs ?? envNumber('SNOWOPS_EMULATOR_LATENCY_MS') ?? 0;
  let closed = false;
  return {
    backend: 'emulator',
    engine,
    session,
    async execute(sql: string, binds?: Bind[], options?: StatementOptions): Promise<QueryResult> {
      if (latency > 0) await sleep(latency);
      if (closed)
        throw fromSnowflakeError({ code: '390114', message: 'The emulator client is closed.', sqlState: '08003' });
      if (options?.queryTag !== undefined) session.queryTag = options.queryTag;
      try {
        return engine.execute(sql, binds, session);
      } catch (e) {
        if (e instanceof EmulatorSqlError) {
          throw fromSnowflakeError({
            code: e.code,
            message: e.message,
            sqlState: e.sqlState,
            queryId: e.queryId,
            cause: e,
          });
        }
        throw e;
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      engine.close();
    },
  };
}
