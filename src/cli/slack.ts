/**
 * `snowops slack [--connection NAME] [--role ROLE] [--policy FILE] [--runbooks DIR] [--http --port P]`: the Slack app over
 * Socket Mode (SLACK_APP_TOKEN, SLACK_BOT_TOKEN) or HTTP (SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN),
 * and `snowops slack manifest [--http URL] [--format json|yaml]`. SNOWOPS_SLACK_API_URL points
 * the Web API elsewhere (proxies, tests). Slack's logs go to stderr.
 */
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { SqlClient } from '../client/types.js';
import { clockFromEnv } from '../config/clock.js';
import { ensureHome, envValue, policyFile, resolveHome } from '../config/home.js';
import { invalidInput, isSnowopsError } from '../errors.js';
import { loadPolicy } from '../ops/policy.js';
import { createRunner } from '../ops/runner.js';
import { createTokenService } from '../ops/tokens.js';
import type { AuditSink, ToolDef } from '../ops/types.js';
import { OBJECT_KINDS } from '../resources/kinds.js';
import { slackRunbooks } from '../runbooks/slack.js';
import { createSlackApp, EVENTS_PATH, httpReceiver, socketReceiver } from '../slack/app.js';
import { createStderrLogger, logLevel } from '../slack/logger.js';
import { manifestText, requestUrl, slackManifest } from '../slack/manifest.js';
import { type OpenClientOptions, openClient } from './connection.js';

export interface SlackIo {
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
}

export interface SlackRoot {
  catalog: readonly ToolDef[];
  openClient?: (connectionName: string | undefined, options: OpenClientOptions) => SqlClient;
  audit?: AuditSink;
}

const USAGE =
  'usage: snowops slack [--connection NAME] [--role ROLE] [--policy FILE] [--runbooks DIR] [--http --port P] | snowops slack manifest [--http URL] [--format json|yaml]';

function flags<T extends Record<string, { type: 'string' | 'boolean' }>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw invalidInput(`snowops slack: ${(e as Error).message}`, USAGE);
  }
}

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = envValue(env, name);
  if (value === undefined)
    throw invalidInput(`${name} is not set; ${why}.`, 'See "Slack" in the README for creating the app and its tokens.');
  return value;
}

function port(text: string | undefined): number {
  if (text === undefined) return 3000;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw invalidInput(`--port: expected 0..65535, got ${JSON.stringify(text)}.`, USAGE);
  return n;
}

/** `snowops slack ...`: the app, or `manifest`. Returns the exit code. */
export async function runSlackCommand(argv: string[], io: SlackIo, root: SlackRoot): Promise<number> {
  try {
    if (argv[0] === 'manifest') return runManifest(argv.slice(1), io);
    return await runSlack(argv, io, root);
  } catch (e) {
    if (!isSnowopsError(e)) throw e;
    io.stderr.write(`snowops slack: ${e.code}: ${e.message}${e.hint ? ` ${e.hint}` : ''}\n`);
    return e.code === 'invalid_input' ? 2 : 1;
  }
}

function runManifest(argv: string[], io: SlackIo): number {
  const values = flags(argv, { http: { type: 'string' }, format: { type: 'string' } });
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'yaml')
    throw invalidInput(`--format: expected json or yaml, got ${JSON.stringify(format)}.`, USAGE);
  const manifest = slackManifest({ requestUrl: values.http === undefined ? undefined : requestUrl(values.http) });
  io.stdout.write(manifestText(manifest, format));
  return 0;
}

async function runSlack(argv: string[], io: SlackIo, root: SlackRoot): Promise<number> {
  const values = flags(argv, {
    connection: { type: 'string' },
    role: { type: 'string' },
    policy: { type: 'string' },
    runbooks: { type: 'string' },
    http: { type: 'boolean' },
    port: { type: 'string' },
  });
  const { env } = io;
  const logger = createStderrLogger(io.stderr, logLevel(envValue(env, 'SNOWOPS_SLACK_LOG_LEVEL')));
  const botToken = required(env, 'SLACK_BOT_TOKEN', 'the app posts and updates messages with the bot token (xoxb-...)');
  const receiver = values.http
    ? httpReceiver({
        signingSecret: required(env, 'SLACK_SIGNING_SECRET', 'HTTP mode verifies every request with it'),
        logger,
      })
    : socketReceiver({
        appToken: required(
          env,
          'SLACK_APP_TOKEN',
          'Socket Mode connects with the app-level token (xapp-...); or use --http',
        ),
        apiUrl: envValue(env, 'SNOWOPS_SLACK_API_URL'),
        logger,
      });
  if (!values.http && values.port !== undefined) throw invalidInput('--port applies to --http only.', USAGE);
  const listenPort = port(values.port);
  const now = clockFromEnv(env);

  const home = ensureHome(resolveHome(env));
  const policy = loadPolicy({ home, file: policyFile(env, values.policy) });
  const client = (root.openClient ?? openClient)(values.connection ?? envValue(env, 'SNOWOPS_CONNECTION'), {
    home,
    env,
    warn: (line) => logger.warn(line.replace(/^snowops: /, '')),
    now,
    role: values.role,
  });
  const tokens = createTokenService({ home, now });
  const runner = createRunner({ catalog: root.catalog, client, home, policy, audit: root.audit, now, tokens });
  const runbooks = slackRunbooks({
    home,
    catalog: root.catalog,
    dir: values.runbooks ?? envValue(env, 'SNOWOPS_RUNBOOKS'),
  });
  const app = createSlackApp({
    runner,
    extensions: [runbooks],
    tokens,
    policy,
    receiver,
    botToken,
    apiUrl: envValue(env, 'SNOWOPS_SLACK_API_URL'),
    logger,
    scopeOf: (kind) =>
      (OBJECT_KINDS as Record<string, { scope: 'account' | 'database' | 'schema' } | undefined>)[kind]?.scope,
    now,
  });
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  try {
    if (values.http) {
      const server = (await app.start(listenPort)) as { address(): AddressInfo | string | null };
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : listenPort;
      logger.info(`listening on http://127.0.0.1:${bound}${EVENTS_PATH} with ${runner.tools.length} tools`);
    } else {
      await app.start();
      logger.info(`connected over Socket Mode with ${runner.tools.length} tools`);
    }
    await stopped;
    logger.info('stopping');
    await app.stop().catch((e: unknown) => logger.warn(`stopping: ${String(e)}`));
    return 0;
  } finally {
    runner.close();
    tokens.close();
    runbooks.close();
    await client.close().catch(() => {});
  }
}
