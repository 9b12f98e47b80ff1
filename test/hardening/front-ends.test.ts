/**
 * Hostile input at each front end's own parser, each a real process: the CLI's JSON argument
 * (10 MB, malformed, nested, wrong types), the MCP server's JSON-RPC (a 10 MB call, broken lines,
 * wrong types) and Slack's command text and button payloads. Each gets a clear error, or exactly
 * the object asked for, and the account proves nothing else changed.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import { call, freshHomes, snowops } from '../cli/process.js';
import { freshDir, CLI as MCP_CLI, startSession, text } from '../mcp/helpers.js';
import { type FakeSlack, startFakeSlack } from '../slack/fake-slack.js';
import { type AppProcess, click, fullAccess, response, slashCommand, startApp, textOf } from '../slack/helpers.js';
import { accountState, changes } from './state.js';

const TEN_MB = 10 * 1024 * 1024;

async function state(home: string): Promise<string[]> {
  const client = createEmulatorClient({ home, latencyMs: 0 });
  try {
    return await accountState(client);
  } finally {
    await client.close();
  }
}

describe('the CLI: snowops call', () => {
  it('10 MB, malformed, deeply nested and mistyped JSON: exit 2, one clear line, nothing changed', async () => {
    const homes = freshHomes();
    expect((await call(homes, 'create_database', { name: 'keep' })).code).toBe(0);
    const before = await state(homes.home);
    const cases: [string[], string | undefined, RegExp][] = [
      [
        ['call', 'create_database', '-'],
        JSON.stringify({ name: 'x'.repeat(TEN_MB) }),
        /is 10485760 characters long; Snowflake allows at most 255/,
      ],
      [
        ['call', 'run_sql', '-'],
        JSON.stringify({ sql: `SELECT 1; ${'DROP DATABASE keep; '.repeat(500_000)}` }),
        /takes one statement/,
      ],
      [['call', 'create_database', '-'], `${'['.repeat(TEN_MB / 2)}${']'.repeat(TEN_MB / 2)}`, /must be a JSON object/],
      [['call', 'create_database', '-'], '{"name": "a", ', /not valid JSON/],
      [['call', 'create_database', '{"name": "a"} trailing'], undefined, /not valid JSON/],
      [['call', 'create_database', '{"name": 42}'], undefined, /name: expected string/],
      [
        ['call', 'create_database', '{"name": "a", "mode": "DROP"}'],
        undefined,
        /mode: expected one of error_if_exists/,
      ],
      [['call', 'create_database', '{"name": "a", "__proto__": {"x": 1}}'], undefined, /__proto__\.x: unknown key/],
      [['call', 'create_database', '[]'], undefined, /must be a JSON object, not \[\]/],
      [['call', 'create_database', 'null'], undefined, /must be a JSON object, not null/],
      [['call', 'drop_database', '{}'], undefined, /no tool named "drop_database".*Did you mean/],
    ];
    for (const [args, input, message] of cases) {
      const run = await snowops(args, homes, { input });
      const label = `${args.join(' ').slice(0, 80)} <${(input ?? '').slice(0, 40)}>`;
      expect(run.code, `${label}: ${run.stderr.slice(0, 300)}`).toBe(2);
      expect(run.json?.error?.code, label).toBe('invalid_input');
      expect(run.stderr, label).toMatch(message);
      expect(run.stderr.split('\n').filter((l) => l.trim()).length, `${label}: one line`).toBeLessThanOrEqual(2);
      expect(run.stderr, label).not.toMatch(/\n\s+at /);
    }
    expect(await state(homes.home)).toEqual(before);
  });
});

/** `snowops mcp` spoken to line by line, to send what a well-behaved client never would. */
function rawServer(home: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [MCP_CLI, 'mcp'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, SNOWOPS_HOME: home, SNOWFLAKE_HOME: join(home, 'none') },
  });
  let buffer = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const lines: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    let cut = buffer.indexOf('\n');
    while (cut >= 0) {
      lines.push(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 1);
      cut = buffer.indexOf('\n');
    }
  });
  const send = (line: string) => child.stdin.write(`${line}\n`);
  const answer = async (id: number): Promise<Record<string, unknown>> => {
    for (let i = 0; i < 600; i++) {
      const found = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((m) => m.id === id);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no answer to ${id}; stdout: ${lines.join('\n')}`);
  };
  return { child, lines, send, answer, stderr: () => stderr };
}

describe('the MCP server', () => {
  it('a 10 MB call, broken JSON-RPC lines and wrong types: errors, and the server goes on', async () => {
    const home = freshDir('snowops-hostile-mcp-');
    const session = await startSession({ home });
    try {
      const huge = await session.call('create_database', { name: 'y'.repeat(TEN_MB) });
      expect(huge.isError).toBe(true);
      expect(text(huge)).toMatch(/invalid_input.*characters long/);
      const typed = await session.call('create_table', {
        database: 'a',
        schema: 'b',
        name: 'c',
        columns: 'all of them',
      });
      expect(text(typed)).toMatch(/columns: expected array/);
      expect((await session.ok('create_database', { name: 'after_huge' })).status).toBe('done');
    } finally {
      await session.close();
    }

    const before = await state(home);
    const raw = rawServer(home);
    try {
      raw.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
        }),
      );
      await raw.answer(1);
      raw.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      raw.send('{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "drop_object", "arguments": {');
      raw.send('not json at all; DROP DATABASE AFTER_HUGE; --');
      raw.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'drop_object', arguments: 'AFTER_HUGE' },
        }),
      );
      raw.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 4,
          method: 'tools/call',
          params: { name: ['drop_object'], arguments: {} },
        }),
      );
      raw.send(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list' }));
      const listed = await raw.answer(5);
      expect((listed.result as { tools: unknown[] }).tools.length).toBeGreaterThan(0);
      for (const id of [3, 4]) {
        const a = await raw.answer(id);
        expect(a.error ?? (a.result as { isError?: boolean }).isError, JSON.stringify(a)).toBeTruthy();
      }
      // stdout carries JSON-RPC and nothing else, whatever came in; what was unreadable is logged.
      for (const line of raw.lines) expect(() => JSON.parse(line), line).not.toThrow();
      expect(raw.stderr()).toMatch(/MCP transport: .*not valid JSON/);
    } finally {
      raw.child.stdin.end();
      await new Promise((r) => raw.child.once('exit', r));
    }
    expect(await state(home)).toEqual(before);
  });
});

describe('the Slack app', () => {
  const ADMIN = 'UADMIN';
  const OPS = 'COPS';
  let fake: FakeSlack;
  let app: AppProcess;
  let home: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    home = freshDir('snowops-hostile-slack-');
    app = await startApp({ fake, home, policy: fullAccess(ADMIN, OPS) });
    const created = await slashCommand(app, fake, ADMIN, OPS, 'create_database keep');
    await response(fake, created.responseUrl);
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  /** The first answer to a command: in the ack (usage errors) or through response_url. */
  async function answer(command: string): Promise<string> {
    const delivery = await slashCommand(app, fake, ADMIN, OPS, command);
    expect(delivery.status, app.stderr()).toBe(200);
    if (delivery.body !== '') return textOf(delivery.body as Record<string, unknown>);
    return textOf(await response(fake, delivery.responseUrl));
  }

  it('hostile command text gets a clear answer, or exactly the object named', async () => {
    const before = await state(home);
    const refusals: [string, RegExp][] = [
      [`create_database ${'z'.repeat(1024 * 1024)}`, /characters long|too long/i],
      ['create_table keep.public.t not-json', /columns/],
      ['create_table keep.public.t [{"name": "a", "datatype": "INT); DROP DATABASE KEEP; --"}]', /data ?type/i],
      ['create_database a mode=or_replace; drop_object database keep', /mode/],
      ['drop_object database', /name|usage/i],
      ['run_sql SELECT 1; DROP DATABASE keep', /one statement/],
      ['create_database "unterminated', /quote/i],
      ['create_database a\u200Bb', /invisible/],
      ['describe_object table keep.public.t.x.y', /part/],
      ['frobnicate everything', /no (tool|command)|unknown/i],
    ];
    for (const [command, message] of refusals) expect(await answer(command), command.slice(0, 80)).toMatch(message);
    expect(await state(home)).toEqual(before);

    // Slack's escaping undone (entities, curly quotes), then the exact names: two databases, as typed.
    for (const command of ['create_database "x&amp;y &lt;z&gt;"', 'create_database \u201cMy Db\u201d']) {
      expect(await answer(command), command).not.toMatch(/did not work|invalid/i);
    }
    const changed = changes(before, await state(home));
    expect(changed.filter((l) => l.startsWith('+ database')).sort()).toEqual([
      '+ database "My Db" ',
      '+ database "x&y <z>" ',
    ]);
    for (const l of changed) expect(l).toMatch(/^\+ (database|schema) \[?"(My Db|x&y <z>)"/);
  });

  it('a forged or broken button payload changes nothing and the app stays up', async () => {
    const before = await state(home);
    for (const value of [
      '',
      'not-base64!',
      Buffer.from('{"tool":"drop_object"}').toString('base64'),
      'x'.repeat(100_000),
    ]) {
      const delivery = await click(app, fake, ADMIN, OPS, { action_id: 'snowops_confirm', value });
      expect(delivery.status).toBe(200);
      const reply = textOf(await response(fake, delivery.responseUrl));
      expect(reply).not.toMatch(/Dropped|done/i);
    }
    expect(await state(home)).toEqual(before);
    expect(await answer('list_objects database like=KEEP')).toContain('KEEP');
  });
});
