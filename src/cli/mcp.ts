/**
 * `snowops mcp [--connection NAME] [--role ROLE] [--toolsets core,tasks,spcs,sql] [--read-only] [--policy FILE]
 * [--runbooks DIR]`: composes the runner for one connection and serves the catalog over MCP stdio.
 * stdout carries JSON-RPC only; everything else goes to stderr. The MCP bundle passes the same
 * settings as SNOWOPS_CONNECTION, SNOWOPS_TOOLSETS, SNOWOPS_READ_ONLY and SNOWOPS_RUNBOOKS (empty
 * means unset).
 */
import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import pkg from '../../package.json' with { type: 'json' };
import type { SqlClient } from '../client/types.js';
import { clockFromEnv } from '../config/clock.js';
import { resolveConnection } from '../config/connections.js';
import { ensureHome, envValue, policyFile, resolveHome } from '../config/home.js';
import { invalidInput, isSnowopsError } from '../errors.js';
import { createLogger } from '../mcp/log.js';
import type { ToolSchemas } from '../mcp/schemas.js';
import { createMcpServer } from '../mcp/server.js';
import type { McpDeps } from '../mcp/types.js';
import { loadPolicy } from '../ops/policy.js';
import { createRunner } from '../ops/runner.js';
import { type AuditSink, TOOLSETS, type ToolDef, type Toolset } from '../ops/types.js';
import { OBJECT_KINDS, supportedKinds } from '../resources/kinds.js';
import { runbookDirs } from '../runbooks/library.js';
import { mcpRunbooks, RUNBOOK_INSTRUCTIONS } from '../runbooks/mcp.js';
import type { OpenClientOptions } from './connection.js';
import { HELP } from './help.js';

const MCP_USAGE = HELP.mcp!.split('\n')[0]!;

interface McpFlags {
  connection?: string;
  role?: string;
  runbooks?: string;
  toolsets: Toolset[];
  readOnly: boolean;
  policy?: string;
}

/** "core,tasks" -> ['core', 'tasks']; absent or blank means every toolset. */
export function parseToolsets(text: string | undefined): Toolset[] {
  if (text === undefined || text.trim() === '') return [...TOOLSETS];
  const names = [...new Set(text.split(',').map((s) => s.trim().toLowerCase()))].filter((s) => s !== '');
  const unknown = names.filter((n) => !(TOOLSETS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw invalidInput(
      `Unknown toolset ${unknown.map((n) => `"${n}"`).join(', ')}.`,
      `Pass a comma-separated list of ${TOOLSETS.join(', ')} (default: all of them).`,
    );
  }
  return names as Toolset[];
}

function parseBool(text: string | undefined, what: string): boolean {
  if (text === undefined) return false;
  const v = text.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw invalidInput(`${what} must be true or false, got "${text}".`);
}

export function parseMcpFlags(argv: string[], env: NodeJS.ProcessEnv): McpFlags {
  let values: {
    connection?: string;
    role?: string;
    toolsets?: string;
    'read-only'?: boolean;
    policy?: string;
    runbooks?: string;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        connection: { type: 'string' },
        role: { type: 'string' },
        toolsets: { type: 'string' },
        'read-only': { type: 'boolean' },
        policy: { type: 'string' },
        runbooks: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw invalidInput(e instanceof Error ? e.message : String(e), MCP_USAGE);
  }
  return {
    connection: values.connection ?? envValue(env, 'SNOWOPS_CONNECTION'),
    role: values.role,
    toolsets: parseToolsets(values.toolsets ?? envValue(env, 'SNOWOPS_TOOLSETS')),
    readOnly: values['read-only'] === true || parseBool(envValue(env, 'SNOWOPS_READ_ONLY'), 'SNOWOPS_READ_ONLY'),
    policy: policyFile(env, values.policy),
    runbooks: values.runbooks ?? envValue(env, 'SNOWOPS_RUNBOOKS'),
  };
}

/**
 * Opens the connection on the first statement, not at start: the server answers initialize and
 * tools/list without loading the emulator or the driver wrapper, opening a SQLite file or logging
 * in. `backend` is known before that, from the resolved connection.
 */
function openOnFirstUse(backend: SqlClient['backend'], open: () => Promise<SqlClient>): SqlClient {
  let opening: Promise<SqlClient> | undefined;
  let opened: SqlClient | undefined;
  const get = () => {
    opening ??= open().then((client) => {
      opened = client;
      return client;
    });
    return opening;
  };
  return {
    get backend() {
      return opened?.backend ?? backend;
    },
    execute: async (sql, binds, options) => (await get()).execute(sql, binds, options),
    close: async () => {
      await (await opening?.catch(() => undefined))?.close();
    },
  };
}

/** The largest JSON-RPC message read from stdin; a larger one closes the session (SDK behaviour). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface McpIo {
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stdout: Writable;
}

/** What the composition root hands over (the CLI's deps). */
export interface McpRoot {
  catalog: readonly ToolDef[];
  openClient?: (connectionName: string | undefined, options: OpenClientOptions) => SqlClient;
  audit?: AuditSink;
  /** The tools' JSON Schemas, converted when the bundle was built. */
  toolSchemas?: ToolSchemas;
}

/** Runs the server until the client closes stdin. Returns the exit code. */
export async function runMcp(argv: string[], io: McpIo, root: McpRoot): Promise<number> {
  const { env } = io;
  const logger = createLogger();
  let cleanup = async () => {};
  try {
    const flags = parseMcpFlags(argv, env);
    const home = ensureHome(resolveHome(env));
    const now = clockFromEnv(env);
    const loaded = loadPolicy({ home, file: flags.policy });
    // --read-only tightens the policy: the runner then offers and accepts reads only (run_sql
    // as its read-only variant). It keeps every toolset, since resources list through
    // list_objects; the client sees only the chosen toolsets.
    const policy = flags.readOnly ? { ...loaded, read_only: true } : loaded;
    // The folders now, so a --runbooks folder that does not exist stops the server at start.
    const runbookFolders = runbookDirs(home, flags.runbooks);
    // Resolved now, quietly, so a connection that does not exist stops the server at start; the
    // notices (local fallback, loose file modes) come with the first statement.
    const connection = resolveConnection({ name: flags.connection, env, warn: () => {}, role: flags.role });
    const client = openOnFirstUse(connection.kind === 'local' ? 'emulator' : 'snowflake', async () => {
      const open = root.openClient ?? (await import('./connection.js')).openClient;
      return open(flags.connection, {
        home,
        env,
        warn: (line) => logger.log('warning', line.replace(/^snowops: /, '')),
        now,
        role: flags.role,
      });
    });
    const runner = createRunner({ catalog: root.catalog, client, home, policy, audit: root.audit, now });
    const deps: McpDeps = {
      tools: runner.tools.filter((tool) => flags.toolsets.includes(tool.toolset)),
      runner,
      kinds: supportedKinds().map((k) => OBJECT_KINDS[k]!),
      logger,
      actor: userInfo().username,
      version: pkg.version,
      toolSchemas: root.toolSchemas,
      // Runbooks as prompts and YAML resources, read when a client first asks for prompts or
      // resources; the instructions say what the built-in ones do.
      extras: () => mcpRunbooks(runbookFolders, root.catalog, (line) => logger.log('warning', line)),
      instructions: RUNBOOK_INSTRUCTIONS,
    };
    const server = createMcpServer(deps);
    cleanup = async () => {
      await server.close().catch(() => {});
      runner.close();
      await client.close();
    };
    const closed = new Promise<void>((resolve) => {
      server.server.onclose = () => resolve();
      io.stdin.once('end', () => resolve());
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    // Unreadable lines and oversized messages are said in the log instead of vanishing. Arguments
    // can be large (specs, SQL): the SDK's 10 MiB default would close the session on a 10 MB call.
    server.server.onerror = (e) => logger.log('warning', `MCP transport: ${e.message}`);
    await server.connect(new StdioServerTransport(io.stdin, io.stdout, { maxBufferSize: MAX_MESSAGE_BYTES }));
    logger.log('info', `serving ${deps.tools.length} tools on stdio${policy.read_only ? ' (read-only)' : ''}`);
    await closed;
    await cleanup();
    return 0;
  } catch (e) {
    await cleanup().catch(() => {});
    if (isSnowopsError(e)) {
      logger.log('error', `${e.message}${e.hint ? ` ${e.hint}` : ''}`);
      return e.code === 'invalid_input' ? 2 : 1;
    }
    logger.log('error', e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
}
