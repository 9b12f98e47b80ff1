/**
 * `snowops emulator serve`: the emulator of $SNOWOPS_HOME behind Snowflake's wire protocol, so
 * the official drivers (and snowops with `host = "127.0.0.1"`, `protocol = "http"`) use it.
 * Runs until SIGINT or SIGTERM.
 */
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { EMULATOR_FILE } from '../client/emulator.js';
import { clockFromEnv } from '../config/clock.js';
import { ensureHome, envValue, resolveHome } from '../config/home.js';
import { Engine } from '../emulator/engine.js';
import { createWireServer } from '../emulator/wire/server.js';
import { invalidInput } from '../errors.js';
import { HELP } from './help.js';

const EMULATOR_HELP = HELP.emulator!;

export interface EmulatorIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Resolves when the server should stop; default: SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
}

function seconds(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw invalidInput(`${flag} must be a positive number of seconds, got '${text}'.`);
  return n;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (sig: string) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(sig);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** parseArgs' own errors (unknown option, missing value) as bad input with the usage line. */
function parseOrExplain<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw invalidInput(`snowops emulator: ${(e as Error).message}`, EMULATOR_HELP.split('\n')[0]);
  }
}

export async function runEmulatorCommand(argv: string[], io: EmulatorIo): Promise<number> {
  const { values, positionals } = parseOrExplain(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        host: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        'session-ttl': { type: 'string' },
        'master-ttl': { type: 'string' },
      },
    }),
  );
  if (values.help) {
    io.stdout.write(`${EMULATOR_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'serve') {
    throw invalidInput(
      `snowops emulator: expected "serve"${positionals[0] ? `, got "${positionals[0]}"` : ''}.`,
      EMULATOR_HELP.split('\n')[0],
    );
  }
  const port = values.port === undefined ? 8765 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalidInput(`--port must be a port number (0-65535), got '${values.port}'.`);
  }
  const host = values.host ?? '127.0.0.1';
  const password = values.password ?? envValue(io.env, 'SNOWOPS_EMULATOR_PASSWORD');
  if ((values.user === undefined) !== (password === undefined)) {
    throw invalidInput(
      '--user and --password go together.',
      'Give both (the password may come from SNOWOPS_EMULATOR_PASSWORD), or neither to accept any login.',
    );
  }
  const tokens = {
    sessionSeconds: seconds(values['session-ttl'], '--session-ttl', 3600),
    masterSeconds: seconds(values['master-ttl'], '--master-ttl', 4 * 3600),
  };

  const home = ensureHome(resolveHome(io.env));
  const engine = Engine.open({ path: join(home, EMULATOR_FILE), now: clockFromEnv(io.env) });
  const wire = createWireServer({
    engine,
    host,
    port,
    user: values.user,
    password,
    tokens,
    log: (line) => io.stderr.write(`snowops emulator: ${line}\n`),
  });
  try {
    const addr = await wire.listen().catch((e: NodeJS.ErrnoException) => {
      throw invalidInput(
        `Cannot listen on ${host}:${port}: ${e.code ?? e.message}.`,
        'Pick another --port (0 picks a free one).',
      );
    });
    const loopback = /^(127\.|::1$|localhost$)/.test(host);
    if (!loopback && values.user === undefined) {
      io.stderr.write(
        `snowops emulator: warning: listening on ${host} without --user/--password: anyone who can reach it can use the account.\n`,
      );
    }
    io.stderr.write(
      `snowops emulator: serving ${join(home, EMULATOR_FILE)} on http://${addr.host}:${addr.port} ` +
        `(${values.user ? `user ${values.user}` : 'any user and password'}); Ctrl-C stops\n`,
    );
    io.stderr.write(`snowops emulator: port ${addr.port}\n`);
    await (io.stopSignal ?? untilSignal());
    return 0;
  } finally {
    await wire.close();
    engine.close();
  }
}
