/**
 * The one place a CLI run gets its SqlClient: `--connection NAME` (or SNOWOPS_CONNECTION, or the
 * Snowflake CLI's default connection) resolved by src/config/connections.ts; `local`, or nothing
 * configured, is the embedded emulator on SNOWOPS_HOME. `--role` overrides the role for the run.
 */
import { createEmulatorClient } from '../client/emulator.js';
import { createSnowflakeClient } from '../client/snowflake.js';
import type { SqlClient } from '../client/types.js';
import type { Clock } from '../config/clock.js';
import { resolveConnection } from '../config/connections.js';
import { parseName } from '../sql/identifiers.js';

export interface OpenClientOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  /** Where notices go (the local fallback, loose file permissions). */
  warn: (line: string) => void;
  /** The process's clock (clockFromEnv), for the embedded emulator. */
  now?: Clock;
  /** `--role`: the role for this run, over the connection's. */
  role?: string;
}

export function openClient(connectionName: string | undefined, options: OpenClientOptions): SqlClient {
  const connection = resolveConnection({
    name: connectionName,
    env: options.env,
    warn: options.warn,
    role: options.role,
  });
  if (connection.kind === 'local') {
    const session = connection.role === undefined ? undefined : { role: parseName(connection.role, 'role') };
    return createEmulatorClient({ home: options.home, now: options.now, session });
  }
  return createSnowflakeClient(connection);
}
