/**
 * Runs `node dist/src/cli.js slack` (built by `npm test`) as a child process against the fake
 * Slack, and drives it as Slack would: signed slash-command and block_actions requests over HTTP
 * (Content-Type exactly application/x-www-form-urlencoded), or envelopes over the fake socket.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, builtCli, childEnv, freshDir, query, ROOT } from '../helpers/home.js';
import { APP_ID, type Block, type FakeSlack, startFakeSlack, TEAM } from './fake-slack.js';

export { BIN as CLI, freshDir, query, ROOT };
export const SECRET = 'test-signing-secret-0123456789';

export interface AppProcess {
  /** http://127.0.0.1:PORT/slack/events in HTTP mode. */
  url: string;
  home: string;
  stderr(): string;
  stop(): Promise<void>;
}

export interface AppOptions {
  fake: FakeSlack;
  home: string;
  /** The policy file's text. */
  policy?: string;
  mode?: 'http' | 'socket';
  env?: Record<string, string>;
}

export async function startApp(options: AppOptions): Promise<AppProcess> {
  const { fake, home } = options;
  const args = [builtCli(), 'slack', '--connection', 'local'];
  if (options.policy !== undefined) {
    const file = join(home, `policy-${randomBytes(3).toString('hex')}.toml`);
    writeFileSync(file, options.policy);
    args.push('--policy', file);
  }
  if ((options.mode ?? 'http') === 'http') args.push('--http', '--port', '0');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: home,
    env: {
      ...childEnv(home),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_SIGNING_SECRET: SECRET,
      SNOWOPS_SLACK_API_URL: fake.apiUrl,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = await Promise.race([
    fake.waitFor(
      () => /listening on (\S+)|connected over Socket Mode/.exec(stderr) ?? undefined,
      30_000,
      'the app to start',
    ),
    exited.then((code) => {
      throw new Error(`snowops slack exited with ${code}:\n${stderr}`);
    }),
  ]);
  return {
    url: ready[1] ?? '',
    home,
    stderr: () => (stdout ? `${stderr}\n[stdout]\n${stdout}` : stderr),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Policy lines that let a user, and anyone in a channel, do everything. */
export function fullAccess(user: string, channel: string): string {
  const all = '["read", "write", "disruptive", "destructive"]';
  return `[slack.users.${user}]\neffects = ${all}\n[slack.channels.${channel}]\neffects = ${all}\n`;
}

/** A fake Slack and one app on a fresh home (a folder named with `prefix`). */
export async function startWithFake(
  prefix: string,
  options: Omit<AppOptions, 'fake' | 'home'>,
): Promise<{ fake: FakeSlack; home: string; app: AppProcess }> {
  const fake = await startFakeSlack();
  const home = freshDir(prefix);
  return { fake, home, app: await startApp({ fake, home, ...options }) };
}

/** Stops the apps, then the fake Slack; any of them may be missing when a start failed. */
export async function stopAll(fake: FakeSlack | undefined, ...apps: (AppProcess | undefined)[]): Promise<void> {
  await Promise.all(apps.map((a) => a?.stop()));
  await fake?.close();
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  retryNum?: number;
}

export interface Delivery {
  status: number;
  /** The ack's body (JSON when it is JSON). */
  body: unknown;
  ms: number;
  responseUrl: string;
}

async function post(app: AppProcess, form: string, options: SendOptions, responseUrl: string): Promise<Delivery> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': sign(options.secret ?? SECRET, timestamp, form),
  };
  if (options.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(options.retryNum);
    headers['X-Slack-Retry-Reason'] = 'http_timeout';
  }
  const started = Date.now();
  const res = await fetch(app.url, { method: 'POST', headers, body: form });
  const text = await res.text();
  const ms = Date.now() - started;
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : '';
  } catch {
    // plain text
  }
  return { status: res.status, body, ms, responseUrl };
}

/** The fields Slack sends with a slash command. */
export function commandPayload(fake: FakeSlack, user: string, channel: string, text: string): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM,
    team_domain: 'example',
    channel_id: channel,
    channel_name: channel.toLowerCase(),
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/snowops',
    text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: fake.newResponseUrl(),
    trigger_id: randomBytes(6).toString('hex'),
  };
}

/** A block_actions payload for a click on `button`. */
export function clickPayload(
  fake: FakeSlack,
  user: string,
  channel: string,
  button: { action_id: string; value: string },
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
    api_app_id: APP_ID,
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: true },
    trigger_id: randomBytes(6).toString('hex'),
    team: { id: TEAM, domain: 'example' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: channel.toLowerCase() },
    response_url: fake.newResponseUrl(),
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: 'snowops_confirmation',
        text: { type: 'plain_text', text: 'Confirm' },
        value: button.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

export function slashCommand(
  app: AppProcess,
  fake: FakeSlack,
  user: string,
  channel: string,
  text: string,
  options: SendOptions = {},
): Promise<Delivery> {
  const payload = commandPayload(fake, user, channel, text);
  return post(app, new URLSearchParams(payload).toString(), options, payload.response_url!);
}

export function click(
  app: AppProcess,
  fake: FakeSlack,
  user: string,
  channel: string,
  button: { action_id: string; value: string },
  options: SendOptions = {},
): Promise<Delivery> {
  const payload = clickPayload(fake, user, channel, button);
  const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(app, form, options, payload.response_url as string);
}

/** The n-th (1-based) message posted to a response_url. */
export function response(fake: FakeSlack, url: string, n = 1, ms = 30_000): Promise<Record<string, unknown>> {
  return fake.waitFor(() => fake.responses(url)[n - 1]?.body, ms, `response ${n} on ${url}`);
}

/** All the text of a message: its fallback text and every text in its blocks. */
export function textOf(message: { text?: unknown; blocks?: unknown }): string {
  const parts: string[] = [typeof message.text === 'string' ? message.text : ''];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') parts.push(x);
        else if (k !== 'value') walk(x);
      }
    }
  };
  walk(message.blocks);
  return parts.join('\n');
}

export function buttons(message: { blocks?: unknown }): Record<string, { action_id: string; value: string } & Block> {
  const out: Record<string, { action_id: string; value: string } & Block> = {};
  for (const block of (message.blocks as Block[]) ?? []) {
    if (block.type !== 'actions') continue;
    for (const e of block.elements as ({ action_id: string; value: string } & Block)[]) out[e.action_id] = e;
  }
  return out;
}

export async function databaseNames(home: string): Promise<string[]> {
  return (await query(home, 'SHOW DATABASES')).map((r) => String(r.name));
}
