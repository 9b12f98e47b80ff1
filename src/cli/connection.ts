/**
 * The one place a CLI run gets its SqlClient: `--connection NAME` (or SNOWOPS_CONNECTION, or the
 * Snowflake CLI's default connection) resolved by src/config/connections.ts; `local`, or nothing
 * configured, is the embedded emulator on SNOWOPS_HOME.
 */
import { createEmulatorClient } from '../client/emulator.js';
import { createSnowflakeClient } from '../client/snowflake.js';
import type { SqlClient } from '../client/types.js';
import type { Clock } from '../config/clock.js';
import { resolveConnection } from '../config/connections.js';

export interface OpenClientOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  /** Where notices go (the local fallback, loose file permissions). */
  warn: (line: string) => void;
  /** The process's clock (clockFromEnv), for the embedded emulator. */
  now?: Clock;
}

export function openClient(connectionName: string | undefined, options: OpenClientOptions): SqlClient {
  const connection = resolveConnection({ name: connectionName, env: options.env, warn: options.warn });
  if (connection.kind === 'local') return createEmulatorClient({ home: options.home, now: options.now });
  return createSnowflakeClient(connection);
}
