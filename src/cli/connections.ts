/**
 * `snowops connections` lists the connections snowops can see (secrets masked, the default
 * marked); `snowops connections test [NAME]` logs in and asks who and where it is.
 */
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createEmulatorClient } from '../client/emulator.js';
import { createSnowflakeClient } from '../client/snowflake.js';
import type { SqlClient } from '../client/types.js';
import { clockFromEnv } from '../config/clock.js';
import { endpointOf, listConnections, resolveConnection } from '../config/connections.js';
import { ensureHome, resolveHome } from '../config/home.js';
import { invalidInput } from '../errors.js';
import { HELP } from './help.js';

const CONNECTIONS_HELP = HELP.connections!;

export interface ConnectionsIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

const TEST_SQL = 'SELECT CURRENT_ACCOUNT(), CURRENT_ROLE(), CURRENT_WAREHOUSE()';

/** parseArgs' own errors (unknown option, missing value) as bad input with the usage line. */
function parseOrExplain<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw invalidInput(`snowops connections: ${(e as Error).message}`, CONNECTIONS_HELP.split('\n')[0]);
  }
}

export async function runConnectionsCommand(argv: string[], io: ConnectionsIo): Promise<number> {
  const { values, positionals } = parseOrExplain(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
    }),
  );
  if (values.help) {
    io.stdout.write(`${CONNECTIONS_HELP}\n`);
    return 0;
  }
  const warn = (line: string) => io.stderr.write(`${line}\n`);
  if (positionals.length === 0) return list(io, values.json === true, warn);
  if (positionals[0] === 'test' && positionals.length <= 2) return test(io, positionals[1], warn);
  throw invalidInput(`snowops connections: unexpected argument "${positionals[0]}".`, CONNECTIONS_HELP.split('\n')[0]);
}

function list(io: ConnectionsIo, json: boolean, warn: (line: string) => void): number {
  const all = listConnections({ env: io.env, warn });
  if (json) {
    io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    return 0;
  }
  const rows = all.map((c) => {
    const o = c.options;
    const where = c.name === 'local' ? '' : o.host || o.port || o.protocol ? hostOf(o) : '';
    return [c.isDefault ? '*' : ' ', c.name, c.source, o.account ?? '', o.user ?? '', where];
  });
  const header = [' ', 'NAME', 'SOURCE', 'ACCOUNT', 'USER', 'HOST'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows]) {
    io.stdout.write(
      `${r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
  return 0;
}

function hostOf(o: Parameters<typeof endpointOf>[0]): string {
  const { protocol, host, port } = endpointOf(o);
  return `${protocol}://${host}:${port}`;
}

async function test(io: ConnectionsIo, name: string | undefined, warn: (line: string) => void): Promise<number> {
  const conn = resolveConnection({ name, env: io.env, warn });
  const client: SqlClient =
    conn.kind === 'local'
      ? createEmulatorClient({ home: ensureHome(resolveHome(io.env)), now: clockFromEnv(io.env) })
      : createSnowflakeClient(conn, { queryTagBase: { tool: 'connections_test' } });
  const started = Date.now();
  try {
    const result = await client.execute(TEST_SQL);
    const [account, role, warehouse] = result.columns.map((c) => result.rows[0]?.[c.name] ?? null);
    io.stdout.write(
      `${JSON.stringify(
        {
          connection: conn.name,
          backend: client.backend,
          ...(conn.kind === 'snowflake' ? { source: conn.file ?? 'environment', endpoint: hostOf(conn.options) } : {}),
          account,
          role,
          warehouse,
          query_id: result.queryId,
          elapsed_ms: Date.now() - started,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  } finally {
    await client.close();
  }
}
