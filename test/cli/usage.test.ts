/** The CLI's surface, through the built executable: help, version, usage errors, tools, policy. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, freshHomes, snowops } from './process.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('snowops help and usage errors', () => {
  const homes = freshHomes();

  it('prints help and the version', async () => {
    for (const args of [[], ['--help'], ['-h'], ['help']]) {
      const run = await snowops(args, homes);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^snowops: Snowflake operations/);
      expect(run.stdout).toContain("call TOOL '{json}'");
    }
    for (const args of [
      ['help', 'call'],
      ['call', '--help'],
    ]) {
      const run = await snowops(args, homes);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^usage: snowops call TOOL/);
      expect(run.stdout).toContain('3 confirmation required');
    }
    expect((await snowops(['policy', '--help'], homes)).stdout).toMatch(/^usage: snowops policy check/);
    const version = await snowops(['--version'], homes);
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('refuses unknown commands and flags with exit 2', async () => {
    const unknown = await snowops(['frobnicate'], homes);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^snowops: unknown command "frobnicate"\.\nusage: snowops <command>/);
    expect((await snowops(['help', 'frobnicate'], homes)).code).toBe(2);
    const flag = await snowops(['tools', '--jsn'], homes);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^snowops tools: unknown option --jsn\./);
    // call reports usage errors as JSON on stdout too, for scripts.
    const callFlag = await snowops(['call', 'list_objects', '{"kind":"database"}', '--force'], homes);
    expect(callFlag.code).toBe(2);
    expect(callFlag.json).toEqual({
      status: 'error',
      error: { code: 'invalid_input', message: 'snowops call: unknown option --force.' },
    });
    const before = await snowops(['--policy', 'x', 'tools'], homes);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/Options go after the command/);
  });

  it('reports bad JSON, bad arguments and unknown tools as invalid_input, exit 2', async () => {
    const badJson = await snowops(['call', 'list_objects', '{kind: database}'], homes);
    expect(badJson.code).toBe(2);
    expect(badJson.json.error).toMatchObject({ code: 'invalid_input' });
    expect(badJson.json.error?.message).toMatch(/^The arguments are not valid JSON/);
    expect(badJson.stderr.trim().split('\n').at(-1)).toMatch(
      /^snowops: invalid_input: The arguments are not valid JSON/,
    );

    const badArgs = await call(homes, 'list_objects', { kind: 'databases', limit: 0 });
    expect(badArgs.code).toBe(2);
    expect(badArgs.json.error?.message).toBe(
      'Invalid arguments for list_objects: kind: expected one of database, schema, table, stage, warehouse, task, dag, compute_pool, image_repository, service; limit: expected a number >= 1.',
    );

    const typo = await call(homes, 'create_databse', { name: 'X' });
    expect(typo.code).toBe(2);
    expect(typo.json.error).toMatchObject({ code: 'invalid_input', hint: 'Did you mean create_database?' });

    // Snowflake's messages hold a line break; stderr still gets one line per error.
    const missingDb = await call(
      homes,
      'list_objects',
      { kind: 'schema', database: 'NO_SUCH_DB' },
      '--connection',
      'local',
    );
    expect(missingDb.code).toBe(1);
    expect(missingDb.json.error?.message).toBe(
      "SQL compilation error:\nDatabase 'NO_SUCH_DB' does not exist or not authorized.",
    );
    expect(missingDb.stderr).toMatch(
      /^snowops: not_found: SQL compilation error: Database 'NO_SUCH_DB' does not exist or not authorized\. .+\n$/,
    );

    const dryRead = await call(homes, 'list_objects', { kind: 'database' }, '--dry-run');
    expect(dryRead.code).toBe(2);
    expect(dryRead.json.error?.message).toMatch(/only reads/);
  });

  it('says once on stderr that it uses the embedded emulator when no connection is configured', async () => {
    const run = await call(homes, 'list_objects', { kind: 'database' });
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ objects: expect.any(Array), next_cursor: null });
    const notices = run.stderr.split('\n').filter((l) => /local emulator/.test(l));
    expect(notices).toHaveLength(1);
    const local = await call(homes, 'list_objects', { kind: 'database' }, '--connection', 'local');
    expect(local.code).toBe(0);
    expect(local.stderr).toBe('');
    const missing = await call(homes, 'list_objects', { kind: 'database' }, '--connection', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.json.error?.message).toMatch(/Connection 'nope' not found/);
  });
});

describe('snowops tools', () => {
  const homes = freshHomes();

  it('lists name, effect, toolset and title per line', async () => {
    const run = await snowops(['tools'], homes);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const byName = new Map(lines.map((l) => [l.split(/\s+/)[0], l.split(/\s{2,}/)]));
    expect(byName.get('list_objects')).toEqual(['list_objects', 'read', 'core', 'List objects']);
    expect(byName.get('drop_object')?.slice(1, 3)).toEqual(['destructive', 'core']);
    expect(byName.get('suspend_warehouse')?.[1]).toBe('disruptive');
  });

  it('--json gives every tool with its input schema', async () => {
    const run = await snowops(['tools', '--json'], homes);
    expect(run.code).toBe(0);
    const tools = JSON.parse(run.stdout) as { name: string; input_schema: Record<string, unknown> }[];
    const create = tools.find((t) => t.name === 'create_database')!;
    expect(create).toMatchObject({
      effect: 'write',
      toolset: 'core',
      annotations: { readOnlyHint: false, destructiveHint: true },
    });
    expect(create.input_schema).toMatchObject({
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, dry_run: { type: 'boolean' }, confirmation_token: { type: 'string' } },
    });
  });

  it('under a read_only policy lists only what may run', async () => {
    const file = join(homes.snowflakeHome, 'ro.toml');
    writeFileSync(file, 'read_only = true\n');
    const run = await snowops(['tools', '--policy', file], homes);
    const names = run.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    expect(names).toContain('list_objects');
    expect(names).toContain('run_sql');
    expect(names).not.toContain('create_database');
  });
});

describe('snowops policy check and enforcement', () => {
  const homes = freshHomes();

  it('prints the effective policy: defaults, the home file, or --policy FILE', async () => {
    const defaults = await snowops(['policy', 'check'], homes);
    expect(defaults.code).toBe(0);
    expect(defaults.json).toMatchObject({ read_only: false, confirm: ['destructive', 'disruptive'], source: null });

    const file = join(homes.snowflakeHome, 'policy.toml');
    writeFileSync(file, '[[deny]]\nkind = "database"\npattern = "PROD_*"\n');
    const fromFile = await snowops(['policy', 'check', '--policy', file], homes);
    expect(fromFile.json).toMatchObject({ deny: [{ kind: 'database', pattern: 'PROD_*' }], source: file });

    writeFileSync(file, '[[deny]]\nkind = "db"\npattern = "PROD_*"\n');
    const bad = await snowops(['policy', 'check', '--policy', file], homes);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      new RegExp(`^snowops: invalid_input: policy ${file}: deny\\[0\\]\\.kind: expected one of database, schema`),
    );

    const missing = await snowops(['policy', 'check', '--policy', join(homes.snowflakeHome, 'none.toml')], homes);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/file not found/);
    expect((await snowops(['policy'], homes)).code).toBe(2);
    const extra = await snowops(['policy', 'check', 'now'], homes);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/^snowops policy: expected "check", got "check now"\./);
  });

  it('read_only denies changes with exit 5 and changes nothing', async () => {
    const file = join(homes.snowflakeHome, 'read-only.toml');
    writeFileSync(file, 'read_only = true\n');
    const denied = await call(homes, 'create_database', { name: 'RO_DB' }, '--policy', file);
    expect(denied.code).toBe(5);
    expect(denied.json.error).toMatchObject({ code: 'policy_denied' });
    expect(denied.stderr).toMatch(/^snowops: policy_denied: /m);
    const sql = await call(homes, 'run_sql', { sql: 'CREATE DATABASE RO_DB' }, '--policy', file);
    expect(sql.code).toBe(5);
    const list = await call(homes, 'list_objects', { kind: 'database', like: 'RO_DB' }, '--policy', file);
    expect(list).toMatchObject({ code: 0, json: { objects: [] } });
  });

  it('takes the policy file from SNOWOPS_POLICY for every command, as the servers do', async () => {
    const file = join(homes.snowflakeHome, 'from-env.toml');
    writeFileSync(file, 'read_only = true\n');
    const env = { env: { SNOWOPS_POLICY: file } };
    const check = await snowops(['policy', 'check'], homes, env);
    expect(check.json).toMatchObject({ read_only: true, source: file });
    const denied = await snowops(['call', 'create_database', JSON.stringify({ name: 'ENV_DB' })], homes, env);
    expect(denied.code).toBe(5);
    const tools = await snowops(['tools'], homes, env);
    expect(tools.stdout).not.toMatch(/create_database/);
  });
});
