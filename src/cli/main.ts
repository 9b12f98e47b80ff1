/**
 * The CLI: argv -> one command. Each command is an entry of COMMANDS (the options it takes and
 * a run function); adding a command means adding an entry. Everything it touches (streams,
 * environment, catalog, how a client is opened) comes in through CliIo and CliDeps.
 */
import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import type { SqlClient } from '../client/types.js';
import { type Clock, clockFromEnv } from '../config/clock.js';
import { ensureHome, policyFile, resolveHome } from '../config/home.js';
import { invalidInput } from '../errors.js';
import { inputSchema } from '../ops/args.js';
import { loadPolicy, type Policy } from '../ops/policy.js';
import { createRunner, offeredTools, type Runner } from '../ops/runner.js';
import type { AuditSink, ToolDef } from '../ops/types.js';
import { type OpenClientOptions, openClient } from './connection.js';
import { HELP } from './help.js';
import { asError, EXIT, errorLine, exitCodeForResult, printJson, reportError } from './output.js';
import { cliConfirmation } from './prompt.js';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  /** Whether a person is at a terminal to answer y/N. */
  isTTY: boolean;
}

export interface CliDeps {
  catalog: readonly ToolDef[];
  openClient?: (connectionName: string | undefined, options: OpenClientOptions) => SqlClient;
  audit?: AuditSink;
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  connection: { type: 'string' },
  role: { type: 'string' },
  policy: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;
type Values = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

interface Invocation {
  io: CliIo;
  deps: CliDeps;
  positionals: string[];
  values: Values;
}

interface Command {
  options: OptionName[];
  /** JSON on stdout for errors too (scripts read stdout). */
  jsonErrors?: boolean;
  run(inv: Invocation): Promise<number>;
}

class UsageError extends Error {}

function usage(command: string, message: string): UsageError {
  const first = (HELP[command] ?? HELP['']!).split('\n').find((line) => line.startsWith('usage:'));
  return new UsageError(`${message}\n${first}\nRun "snowops help${command ? ` ${command}` : ''}" for more.`);
}

const COMMANDS: Record<string, Command> = {
  tools: { options: ['json', 'policy'], run: toolsCommand },
  call: { options: ['yes', 'dry-run', 'connection', 'role', 'policy'], jsonErrors: true, run: callCommand },
  policy: { options: ['policy'], run: policyCommand },
};

export async function runCli(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [name = '', ...rest] = argv;
  try {
    if (name === '' || name === '--help' || name === '-h') return help(io, '');
    if (name === '--version' || name === '-V') {
      io.stdout.write(`${pkg.version}\n`);
      return EXIT.ok;
    }
    if (name === 'help') {
      if (rest.length > 1 || (rest[0] !== undefined && HELP[rest[0]] === undefined)) {
        throw usage('', `snowops help: no command ${JSON.stringify(rest.join(' '))}.`);
      }
      return help(io, rest[0] ?? '');
    }
    if (name === 'mcp') {
      if (rest.includes('--help') || rest.includes('-h')) return help(io, 'mcp');
      const { runMcp } = await import('./mcp.js');
      return await runMcp(rest, { env: io.env, stdin: io.stdin, stdout: io.stdout }, deps);
    }
    if (name === 'slack') {
      if (rest.includes('--help') || rest.includes('-h')) return help(io, 'slack');
      const { runSlackCommand } = await import('./slack.js');
      return await runSlackCommand(rest, io, deps);
    }
    // Loaded on demand: the wire server and the driver stay out of every other command's start.
    if (name === 'emulator') return await (await import('./emulator.js')).runEmulatorCommand(rest, io);
    if (name === 'connections') return await (await import('./connections.js')).runConnectionsCommand(rest, io);
    if (name === 'audit') return await (await import('./audit.js')).runAuditCommand(rest, io);
    if (name === 'runbook') {
      if (rest.includes('--help') || rest.includes('-h')) return help(io, 'runbook');
      return await (await import('./runbook.js')).runRunbookCommand(rest, io, deps);
    }
    const command = COMMANDS[name];
    if (!command) {
      const hint = name.startsWith('-') ? ' Options go after the command.' : '';
      throw usage('', `snowops: unknown command ${JSON.stringify(name)}.${hint}`);
    }
    let parsed: { values: Values; positionals: string[] };
    try {
      const options = Object.fromEntries(['help', ...command.options].map((o) => [o, OPTIONS[o as OptionName]]));
      parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: true }) as typeof parsed;
    } catch (e) {
      const option = /'(-[^']*)'/.exec(String((e as Error).message))?.[1];
      const message = option
        ? `snowops ${name}: unknown option ${option}.`
        : `snowops ${name}: ${(e as Error).message}`;
      const error = usage(name, message);
      if (command.jsonErrors) return reportError(io.stdout, io.stderr, invalidInput(error.message.split('\n')[0]!));
      throw error;
    }
    if (parsed.values.help) return help(io, name);
    return await command.run({ io, deps, positionals: parsed.positionals, values: parsed.values });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${e.message}\n`);
      return EXIT.badInput;
    }
    const error = asError(e);
    io.stderr.write(errorLine(error));
    return error.code === 'invalid_input' ? EXIT.badInput : EXIT.error;
  }
}

function help(io: CliIo, command: string): number {
  io.stdout.write(`${HELP[command]}\n`);
  return EXIT.ok;
}

async function toolsCommand({ io, deps, positionals, values }: Invocation): Promise<number> {
  if (positionals.length > 0)
    throw usage('tools', `snowops tools: unexpected argument ${JSON.stringify(positionals[0])}.`);
  const home = resolveHome(io.env);
  const tools = offeredTools(deps.catalog, loadPolicy({ home, file: policyFile(io.env, values.policy) }));
  if (values.json) {
    printJson(
      io.stdout,
      tools.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        effect: t.effect,
        toolset: t.toolset,
        annotations: t.annotations,
        input_schema: z.toJSONSchema(inputSchema(t), { io: 'input', unrepresentable: 'any' }),
        output_schema: z.toJSONSchema(t.output, { unrepresentable: 'any' }),
      })),
    );
    return EXIT.ok;
  }
  const width = (pick: (t: ToolDef) => string) => Math.max(...tools.map((t) => pick(t).length));
  const [n, e, s] = [width((t) => t.name), width((t) => t.effect), width((t) => t.toolset)];
  for (const t of tools) {
    io.stdout.write(`${t.name.padEnd(n)}  ${t.effect.padEnd(e)}  ${t.toolset.padEnd(s)}  ${t.title}\n`);
  }
  return EXIT.ok;
}

async function policyCommand({ io, positionals, values }: Invocation): Promise<number> {
  if (positionals.length !== 1 || positionals[0] !== 'check') {
    throw usage(
      'policy',
      `snowops policy: expected "check"${positionals[0] ? `, got ${JSON.stringify(positionals.join(' '))}` : ''}.`,
    );
  }
  printJson(io.stdout, loadPolicy({ home: resolveHome(io.env), file: policyFile(io.env, values.policy) }));
  return EXIT.ok;
}

function parseJsonArgs(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalidInput(
      `The arguments are not valid JSON: ${(e as Error).message}.`,
      `Pass one JSON object, quoted for the shell: snowops call list_objects '{"kind":"database"}'.`,
    );
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'unknown';
  }
}

/** The client for --connection and --role, and a runner over it, both on the command's clock. */
export function openRunner(
  io: CliIo,
  deps: CliDeps,
  values: { connection?: string; role?: string },
  { home, policy, now }: { home: string; policy: Policy; now: Clock },
): { client: SqlClient; runner: Runner } {
  const client = (deps.openClient ?? openClient)(values.connection, {
    home,
    env: io.env,
    warn: (line) => io.stderr.write(`${line}\n`),
    now,
    role: values.role,
  });
  return { client, runner: createRunner({ catalog: deps.catalog, client, home, policy, audit: deps.audit, now }) };
}

async function callCommand({ io, deps, positionals, values }: Invocation): Promise<number> {
  let cleanup = async () => {};
  try {
    const [toolName, json, ...extra] = positionals;
    if (toolName === undefined) throw invalidInput("snowops call: which tool? Usage: snowops call TOOL '{json}'.");
    if (extra.length > 0) {
      throw invalidInput(
        `snowops call takes one JSON argument after the tool name, got ${positionals.length - 1}.`,
        'Quote the JSON for the shell as one argument.',
      );
    }
    const home = ensureHome(resolveHome(io.env));
    const policy = loadPolicy({ home, file: policyFile(io.env, values.policy) });
    // '-' reads the JSON from stdin: arguments too large for a command line (specs, long SQL).
    let args = parseJsonArgs(json === '-' ? await readAll(io.stdin) : json);
    const tool = deps.catalog.find((t) => t.name === toolName);
    if (values['dry-run']) {
      if (tool?.kind === 'read') {
        throw invalidInput(`--dry-run: ${toolName} only reads, so there is no plan to show.`, 'Leave --dry-run out.');
      }
      if (args !== null && typeof args === 'object' && !Array.isArray(args)) args = { ...args, dry_run: true };
    }

    const now = clockFromEnv(io.env);
    const { client, runner } = openRunner(io, deps, values, { home, policy, now });
    cleanup = async () => {
      runner.close();
      await client.close();
    };
    const result = await runner.call(toolName, args, {
      frontEnd: 'cli',
      actor: osUser(io.env),
      ...cliConfirmation(io, values.yes),
    });
    printJson(io.stdout, result);
    if (result.status === 'confirmation_required') {
      const plan = result.plan as { summary: string };
      io.stderr.write(
        `snowops: confirmation required: ${plan.summary} Nothing ran. Run again with --yes, or add "confirmation_token" from the output to the same arguments (valid until ${result.expires_at}).\n`,
      );
    } else if (result.status === 'cancelled') {
      io.stderr.write('snowops: cancelled; nothing ran.\n');
    }
    return exitCodeForResult(result);
  } catch (e) {
    return reportError(io.stdout, io.stderr, asError(e));
  } finally {
    await cleanup().catch((e: unknown) => io.stderr.write(`snowops: closing the connection failed: ${String(e)}\n`));
  }
}
