/**
 * The MCP surface of `snowops mcp` as a client sees it: tools/list against the catalog,
 * read-only and toolset selection, errors, logging, resources, prompts, and a clean stdout.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../tools/index.js';
import { CLI, freshDir, ROOT, type Session, startSession, text } from './helpers.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as {
  tools: { name: string; description: string }[];
};

describe('snowops mcp, all toolsets', () => {
  let session: Session;
  let tools: Tool[];
  beforeAll(async () => {
    session = await startSession({ record: true });
    tools = (await session.client.listTools()).tools;
  });
  afterAll(() => session?.close());

  it('lists exactly the catalog, in order, as the manifest does', () => {
    expect(tools.map((t) => t.name)).toEqual(catalog.map((t) => t.name));
    expect(tools.map((t) => ({ name: t.name, description: t.description }))).toEqual(manifest.tools);
  });

  it('gives every tool object schemas, a title and all four annotations', () => {
    for (const tool of tools) {
      const def = catalog.find((t) => t.name === tool.name)!;
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.title).toBe(def.title);
      const a = tool.annotations!;
      expect(
        [a.readOnlyHint, a.destructiveHint, a.idempotentHint, a.openWorldHint].map((h) => typeof h),
        tool.name,
      ).toEqual(['boolean', 'boolean', 'boolean', 'boolean']);
      expect(a.readOnlyHint, tool.name).toBe(def.kind === 'read');
    }
  });

  it('answers a bad argument with an isError result naming the field', async () => {
    const wrongType = await session.call('create_database', { name: 42 });
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/invalid_input.*\bname\b/);
    expect(text(wrongType)).toMatch(/How to fix: create_database takes: .*name/);
    const typo = await session.call('drop_object', { kind: 'database', name: 'ANY_DB', if_exist: true });
    expect(typo.isError).toBe(true);
    expect(text(typo)).toContain('if_exist: unknown key');
    const blank = await session.call('create_schema', { database: 'ANY_DB', name: '   ' });
    expect(blank.isError).toBe(true);
    expect(text(blank)).toMatch(/invalid_input/);
    expect(text(blank)).toMatch(/name/i);
  });

  it('turns a Snowflake error into text with its code and a way out', async () => {
    const result = await session.call('describe_object', { kind: 'database', name: 'NO_SUCH_DB' });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('(not_found)');
    expect(text(result)).toContain('Snowflake error 002003');
    expect(text(result)).toContain('How to fix:');
  });

  it('returns structured results with a text summary, and dry_run only plans', async () => {
    const planned = await session.ok('create_database', { name: 'MCP_DRY', dry_run: true });
    expect(planned.status).toBe('planned');
    expect((planned.plan as { statements: string[] }).statements).toEqual(['CREATE DATABASE MCP_DRY']);
    const listed = await session.ok('list_objects', { kind: 'database', like: 'MCP_DRY' });
    expect(listed.objects).toEqual([]);
    const done = await session.call('create_database', { name: 'mcp_made' });
    expect(done.structuredContent).toMatchObject({ status: 'done', object: { name: 'MCP_MADE' } });
    expect(text(done)).toMatch(/^Done: /);
  });

  it('pages list tools with next_cursor', async () => {
    for (const n of [1, 2, 3]) await session.ok('create_database', { name: `MCP_PAGE_${n}` });
    const first = await session.ok('list_objects', { kind: 'database', starts_with: 'MCP_PAGE_', limit: 2 });
    expect((first.objects as { name: string }[]).map((o) => o.name)).toEqual(['MCP_PAGE_1', 'MCP_PAGE_2']);
    expect(typeof first.next_cursor).toBe('string');
    const second = await session.ok('list_objects', {
      kind: 'database',
      starts_with: 'MCP_PAGE_',
      limit: 2,
      cursor: first.next_cursor,
    });
    expect((second.objects as { name: string }[]).map((o) => o.name)).toEqual(['MCP_PAGE_3']);
    expect(second.next_cursor).toBeNull();
  });

  it('flags truncated run_sql results', async () => {
    const result = await session.call('run_sql', { sql: 'SHOW DATABASES', limit: 1 });
    expect(result.structuredContent).toMatchObject({ status: 'done', truncated: true });
    expect((result.structuredContent as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it('offers one resource per object kind, listing what exists', async () => {
    const { resources } = await session.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining(['snowflake://databases', 'snowflake://warehouses']),
    );
    const templates = (await session.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(
      expect.arrayContaining([
        'snowflake://databases/{database}/schemas',
        'snowflake://databases/{database}/schemas/{schema}/tables',
      ]),
    );
    const warehouses = await session.client.readResource({ uri: 'snowflake://warehouses' });
    const listed = JSON.parse((warehouses.contents[0] as { text: string }).text) as { objects: { name: string }[] };
    expect(listed.objects.map((o) => o.name)).toContain('COMPUTE_WH');
    const schemas = await session.client.readResource({ uri: 'snowflake://databases/MCP_MADE/schemas' });
    const names = (JSON.parse((schemas.contents[0] as { text: string }).text) as { objects: { name: string }[] })
      .objects;
    expect(names.map((o) => o.name)).toEqual(expect.arrayContaining(['INFORMATION_SCHEMA', 'PUBLIC']));
    const failed = await session.client.readResource({ uri: 'snowflake://databases/NOPE/schemas' }).catch((e) => e);
    expect(failed).toBeInstanceOf(Error);
    // The client adds "MCP error <code>: " once; the server's text starts with what failed.
    expect((failed as Error).message).toMatch(
      /^MCP error -32602: reading snowflake:\/\/databases\/NOPE\/schemas failed \(not_found\)/,
    );
    expect((failed as Error).message).toMatch(/002003[\s\S]*How to fix: /);
  });

  it('offers the quickstart prompt with the exact calls in order, and no two prompts of one name', async () => {
    const names = (await session.client.listPrompts()).prompts.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['quickstart', 'spcs-quickstart', 'quickstart-cleanup']));
    expect(new Set(names).size).toBe(names.length);
    const prompt = await session.client.getPrompt({ name: 'quickstart' });
    const body = (prompt.messages[0]!.content as { text: string }).text;
    expect(body).toMatch(/create_database[^\n]* \{"name":"PYTHON_API_DB"/);
    expect(body.indexOf('create_warehouse')).toBeGreaterThan(body.indexOf('add_column'));
    expect(body).toContain('confirmation_token');
  });

  it('forwards warnings to the client and keeps stdout to JSON-RPC', async () => {
    expect(session.logs.some((l) => l.level === 'warning' && String(l.data).includes('local emulator'))).toBe(true);
    await session.close();
    const lines = session.stdoutLines();
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      const message = JSON.parse(line) as { jsonrpc?: string };
      expect(message.jsonrpc, line).toBe('2.0');
    }
    expect(session.stderr()).toContain('serving');
  });
});

describe('snowops mcp selection', () => {
  it('--read-only lists only tools that read, run_sql as its read-only variant', async () => {
    const session = await startSession({ args: ['--read-only'] });
    try {
      const { tools } = await session.client.listTools();
      const reads = catalog.filter((t) => t.kind === 'read').map((t) => t.name);
      expect(tools.map((t) => t.name).sort()).toEqual([...reads, 'run_sql'].sort());
      for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      const select = await session.ok('run_sql', { sql: 'SELECT 1 AS ONE' });
      expect(select.rows).toEqual([{ ONE: 1 }]);
      const drop = await session.call('run_sql', { sql: 'DROP DATABASE ANY_DB' });
      expect(drop.isError).toBe(true);
      expect(text(drop)).toContain('policy_denied');
    } finally {
      await session.close();
    }
  });

  it('--role sets the role the server works as', async () => {
    const session = await startSession({ args: ['--connection', 'local', '--role', 'mcp_role'] });
    try {
      expect((await session.ok('run_sql', { sql: 'SELECT CURRENT_ROLE() AS R' })).rows).toEqual([{ R: 'MCP_ROLE' }]);
    } finally {
      await session.close();
    }
  });

  it('--toolsets limits the list to those toolsets', async () => {
    const session = await startSession({ args: ['--toolsets', 'sql,tasks'] });
    try {
      const names = (await session.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(catalog.filter((t) => t.toolset === 'sql' || t.toolset === 'tasks').map((t) => t.name));
      expect(names).toContain('run_sql');
      expect(names).not.toContain('create_database');
      // Resources still list through the runner's list_objects.
      const wh = await session.client.readResource({ uri: 'snowflake://warehouses' });
      expect((wh.contents[0] as { text: string }).text).toContain('COMPUTE_WH');
    } finally {
      await session.close();
    }
  });

  it('refuses to start on an unknown toolset, saying which ones exist', () => {
    const home = freshDir('snowops-mcp-bad-');
    const run = spawnSync(process.execPath, [CLI, 'mcp', '--toolsets', 'core,bogus'], {
      env: { PATH: process.env.PATH, SNOWOPS_HOME: home, SNOWFLAKE_HOME: home },
      input: '',
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Unknown toolset "bogus"');
    expect(run.stderr).toContain('core, tasks, spcs, sql');
  });

  it('policy mcp_confirmation = "elicitation" refuses destructive calls from a client that cannot ask', async () => {
    const dir = freshDir('snowops-mcp-policy-');
    const policy = join(dir, 'policy.toml');
    writeFileSync(policy, 'mcp_confirmation = "elicitation"\n');
    const session = await startSession({ args: ['--policy', policy] });
    try {
      await session.ok('create_database', { name: 'KEEP_ME' });
      const drop = await session.call('drop_object', { kind: 'database', name: 'KEEP_ME' });
      expect(drop.isError).toBe(true);
      expect(text(drop)).toContain('policy_denied');
      expect(text(drop)).toContain('elicitation');
      const still = await session.ok('describe_object', { kind: 'database', name: 'KEEP_ME' });
      expect((still.object as { name: string }).name).toBe('KEEP_ME');
    } finally {
      await session.close();
    }
  });
});
