/**
 * The runner on the real emulator, with small tool definitions of its own so every branch of
 * the flow (plan, policy, dry run, confirmation, tokens, audit) is exercised on purpose.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createEmulatorClient } from '../../src/client/emulator.js';
import type { SqlClient } from '../../src/client/types.js';
import { SnowopsError } from '../../src/errors.js';
import { defaultPolicy, type Policy } from '../../src/ops/policy.js';
import { type CallOptions, createRunner, type Runner } from '../../src/ops/runner.js';
import { createMode, mutationFields, mutationOutput } from '../../src/ops/schemas.js';
import type { AuditEntry, Effect, ReadTool, ToolDef, WriteTool } from '../../src/ops/types.js';
import { ident, parseName, quoteString } from '../../src/sql/identifiers.js';

const HINTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false };

async function databaseRow(client: SqlClient, name: string) {
  const { rows } = await client.execute(`SHOW DATABASES LIKE ${quoteString(name)}`);
  return rows.find((r) => r.name === name);
}

const makeInput = z.object({
  name: z.string(),
  mode: createMode,
  comment: z.string().optional(),
  password: z.string().optional(),
  ...mutationFields,
});

/** CREATE DATABASE with snowflake.core's modes: or_replace over an existing one is destructive. */
const makeDatabase: WriteTool<typeof makeInput> = {
  kind: 'write',
  effect: 'destructive',
  name: 'make_database',
  title: 'Make a database',
  description: 'test tool',
  toolset: 'core',
  input: makeInput,
  output: mutationOutput(),
  annotations: HINTS,
  nameFields: ['name'],
  async plan(args, ctx) {
    const name = parseName(args.name, 'database name');
    const exists = (await ctx.run(`SHOW DATABASES LIKE ${quoteString(name)}`)).rows.some((r) => r.name === name);
    const replace = args.mode === 'or_replace' && exists;
    const verb = replace
      ? 'CREATE OR REPLACE DATABASE'
      : args.mode === 'if_not_exists'
        ? 'CREATE DATABASE IF NOT EXISTS'
        : 'CREATE DATABASE';
    const comment = args.comment === undefined ? '' : ` COMMENT = ${quoteString(args.comment)}`;
    return {
      tool: 'make_database',
      effect: replace ? 'destructive' : 'write',
      summary: `${replace ? 'Replace' : 'Create'} database ${name}.`,
      statements: [`${verb} ${ident(name)}${comment}`],
      impact: replace ? [`drops database ${name} and everything in it`] : [`creates database ${name}`],
      reversible: null,
    };
  },
  async after(args, _plan, ctx) {
    const name = parseName(args.name);
    const row = (await ctx.run(`SHOW DATABASES LIKE ${quoteString(name)}`)).rows.find((r) => r.name === name);
    return { message: `Database ${name} ready.`, object: { name, comment: row?.comment ?? null } };
  },
};

/** A tool whose plan always has one effect and one statement. */
function fixedTool(name: string, effect: Effect, sql: (db: string) => string): WriteTool {
  const input = z.object({ name: z.string(), ...mutationFields });
  return {
    kind: 'write',
    effect: effect === 'read' ? 'write' : effect,
    name,
    title: name,
    description: 'test tool',
    toolset: 'core',
    input,
    output: mutationOutput(),
    annotations: HINTS,
    nameFields: ['name'],
    async plan(args: z.infer<typeof input>) {
      const db = parseName(args.name);
      return {
        tool: name,
        effect,
        summary: `${name} ${db}.`,
        statements: [sql(ident(db))],
        impact: [],
        reversible: null,
      };
    },
  };
}

const listInput = z.object({ like: z.string().optional(), limit: z.number().int().min(1).max(10).default(10) });
const listDatabases: ReadTool<typeof listInput> = {
  kind: 'read',
  effect: 'read',
  name: 'list_dbs',
  title: 'List databases',
  description: 'test tool',
  toolset: 'core',
  input: listInput,
  output: z.object({ names: z.array(z.string()) }),
  annotations: { ...HINTS, readOnlyHint: true, destructiveHint: false },
  async read(args, ctx) {
    const like = args.like === undefined ? '' : ` LIKE ${quoteString(args.like)}`;
    const { rows } = await ctx.run(`SHOW DATABASES${like}`);
    return { names: rows.map((r) => String(r.name)).slice(0, args.limit) };
  },
};

const suspendThing = fixedTool('suspend_thing', 'disruptive', (db) => `CREATE DATABASE ${db}`);
const dropDatabase = fixedTool('drop_db', 'destructive', (db) => `DROP DATABASE ${db}`);
const sneakyPlan: WriteTool = {
  ...fixedTool('sneaky', 'write', (db) => `CREATE DATABASE ${db}`),
  async plan(args, ctx) {
    await ctx.run(`CREATE DATABASE ${ident(parseName(args.name))}`);
    return { tool: 'sneaky', effect: 'write', summary: 'x', statements: [], impact: [], reversible: null };
  },
};
/** Like run_sql: a mutating tool whose plan may be a read, offered under read_only. */
const sqlLike: WriteTool = {
  ...fixedTool('sql_like', 'destructive', (db) => `DROP DATABASE ${db}`),
  readOnlyVariant: true,
  input: z.object({ sql: z.string(), ...mutationFields }),
  async plan(args) {
    const read = /^\s*show/i.test(args.sql);
    return {
      tool: 'sql_like',
      effect: read ? 'read' : 'destructive',
      summary: 'Run it.',
      statements: [args.sql],
      impact: [],
      reversible: null,
    };
  },
  async apply(_args, plan, ctx) {
    const result = await ctx.run(plan.statements[0]!);
    return { message: `${result.rows.length} rows.`, result: { rows: result.rows.length } };
  },
};

const CATALOG: ToolDef[] = [listDatabases, makeDatabase, suspendThing, dropDatabase, sneakyPlan, sqlLike];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

interface Setup {
  runner: Runner;
  client: SqlClient;
  audit: AuditEntry[];
  clock: { now: Date };
  home: string;
}

function setup(policy: Partial<Policy> = {}, home = mkdtempSync(join(tmpdir(), 'snowops-runner-'))): Setup {
  const client = createEmulatorClient({ home });
  const audit: AuditEntry[] = [];
  const clock = { now: new Date() };
  const runner = createRunner({
    catalog: CATALOG,
    client,
    home,
    policy: { ...defaultPolicy(), ...policy },
    now: () => clock.now,
    audit: { record: (e) => void audit.push(structuredClone(e)) },
  });
  cleanups.push(async () => {
    runner.close();
    await client.close();
  });
  return { runner, client, audit, clock, home };
}

const CLI: CallOptions = { frontEnd: 'cli', actor: 'alice' };

async function refused(p: Promise<unknown>, code: string): Promise<SnowopsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SnowopsError);
    expect((e as SnowopsError).code).toBe(code);
    return e as SnowopsError;
  }
  throw new Error(`expected ${code}`);
}

describe('runner: arguments', () => {
  it('runs read tools and names every bad field', async () => {
    const { runner, client } = setup();
    await client.execute('CREATE DATABASE ALPHA');
    expect(await runner.call('list_dbs', { like: 'ALPH%' }, CLI)).toEqual({ names: ['ALPHA'] });
    const err = await refused(runner.call('list_dbs', { like: 3, limit: 50, extra: true }, CLI), 'invalid_input');
    expect(err.message).toBe(
      'Invalid arguments for list_dbs: like: expected string, got number; limit: expected a number <= 10; extra: unknown key.',
    );
    expect(err.hint).toBe('list_dbs takes: like, limit.');
    expect((await refused(runner.call('list_dbs', [1], CLI), 'invalid_input')).message).toMatch(
      /must be a JSON object/,
    );
  });

  it('refuses unknown keys of write tools too, and names missing ones', async () => {
    const { runner, client } = setup();
    const err = await refused(runner.call('make_database', { nme: 'X', mode: 'replace' }, CLI), 'invalid_input');
    expect(err.message).toBe(
      'Invalid arguments for make_database: name: required (expected string); mode: expected one of error_if_exists, or_replace, if_not_exists; nme: unknown key.',
    );
    expect(err.hint).toMatch(
      /^make_database takes: name \(required\), mode, comment, password, dry_run, confirmation_token\.$/,
    );
    await refused(runner.call('make_database', { name: 'X', nme: 'X' }, CLI), 'invalid_input');
    expect(await databaseRow(client, 'X')).toBeUndefined();
  });

  it('suggests close names for an unknown tool', async () => {
    const { runner } = setup();
    const err = await refused(runner.call('make_databse', {}, CLI), 'invalid_input');
    expect(err.message).toBe('There is no tool named "make_databse".');
    expect(err.hint).toBe('Did you mean make_database?');
  });
});

describe('runner: plans and confirmation', () => {
  it('runs a plain write at once and reports the statements that changed things', async () => {
    const { runner, client, audit } = setup();
    const result = await runner.call('make_database', { name: 'python_api_db' }, CLI);
    expect(result).toMatchObject({
      status: 'done',
      message: 'Database PYTHON_API_DB ready.',
      object: { name: 'PYTHON_API_DB', comment: '' },
    });
    const statements = result.statements as { sql: string; query_id: string }[];
    expect(statements.map((s) => s.sql)).toEqual(['CREATE DATABASE PYTHON_API_DB']);
    expect(statements[0]!.query_id).toMatch(/^[0-9a-f-]{20,}$/);
    expect(await databaseRow(client, 'PYTHON_API_DB')).toBeDefined();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      outcome: 'done',
      tool: 'make_database',
      actor: 'alice',
      front_end: 'cli',
      effect: 'write',
      confirmation: null,
      query_ids: [statements[0]!.query_id],
    });
  });

  it('dry_run returns the plan and runs nothing, even for a destructive plan', async () => {
    const { runner, client } = setup();
    expect(await runner.call('make_database', { name: 'D1', dry_run: true }, CLI)).toEqual({
      status: 'planned',
      plan: {
        tool: 'make_database',
        effect: 'write',
        summary: 'Create database D1.',
        statements: ['CREATE DATABASE D1'],
        impact: ['creates database D1'],
        reversible: null,
      },
    });
    expect(await databaseRow(client, 'D1')).toBeUndefined();
    await client.execute("CREATE DATABASE D2 COMMENT = 'old'");
    const planned = await runner.call('make_database', { name: 'D2', mode: 'or_replace', dry_run: true }, CLI);
    expect(planned).toMatchObject({ status: 'planned', plan: { effect: 'destructive' } });
    expect(planned.confirmation_token).toBeUndefined();
    expect((await databaseRow(client, 'D2'))?.comment).toBe('old');
  });

  it('or_replace over an existing object: confirmation_required, then the token runs it once, never twice', async () => {
    const { runner, client, audit } = setup();
    await client.execute("CREATE DATABASE PYTHON_API_DB COMMENT = 'old'");
    const args = { name: 'python_api_db', mode: 'or_replace', comment: 'new' };
    const first = await runner.call('make_database', args, CLI);
    expect(first.status).toBe('confirmation_required');
    expect(first.plan).toMatchObject({
      effect: 'destructive',
      statements: ["CREATE OR REPLACE DATABASE PYTHON_API_DB COMMENT = 'new'"],
    });
    expect(new Date(first.expires_at as string).getTime() - Date.now()).toBeGreaterThan(4 * 60 * 1000);
    expect((await databaseRow(client, 'PYTHON_API_DB'))?.comment).toBe('old');

    const token = first.confirmation_token as string;
    // Same arguments in another order and spelling of the name: same normalised arguments.
    const done = await runner.call(
      'make_database',
      { comment: 'new', confirmation_token: token, mode: 'or_replace', name: 'PYTHON_API_DB' },
      CLI,
    );
    expect(done).toMatchObject({ status: 'done', object: { comment: 'new' } });
    await client.execute("CREATE OR REPLACE DATABASE PYTHON_API_DB COMMENT = 'changed since'");
    const again = await refused(
      runner.call('make_database', { ...args, confirmation_token: token }, CLI),
      'confirmation_invalid',
    );
    expect(again.message).toMatch(/already used/);
    expect((await databaseRow(client, 'PYTHON_API_DB'))?.comment).toBe('changed since');
    expect(audit.map((e) => e.outcome)).toEqual(['confirmation_required', 'done', 'refused']);
    expect(audit[1]!.confirmation).toEqual({ how: 'token', by: 'alice' });
    expect(audit[1]!.args.confirmation_token).toBe('[redacted]');
  });

  it('a token with other arguments is refused, changes nothing, and stays usable', async () => {
    const { runner, client } = setup();
    await client.execute("CREATE DATABASE DB1 COMMENT = 'old'");
    const { confirmation_token } = await runner.call(
      'make_database',
      { name: 'DB1', mode: 'or_replace', comment: 'a' },
      CLI,
    );
    const other = await refused(
      runner.call('make_database', { name: 'DB1', mode: 'or_replace', comment: 'b', confirmation_token }, CLI),
      'confirmation_invalid',
    );
    expect(other.message).toMatch(/other arguments/);
    await refused(runner.call('drop_db', { name: 'DB1', confirmation_token }, CLI), 'confirmation_invalid');
    expect((await databaseRow(client, 'DB1'))?.comment).toBe('old');
    const done = await runner.call(
      'make_database',
      { name: 'DB1', mode: 'or_replace', comment: 'a', confirmation_token },
      CLI,
    );
    expect(done.status).toBe('done');
    expect((await databaseRow(client, 'DB1'))?.comment).toBe('a');
  });

  it('a token is refused once the plan changed (the object went away) and after five minutes', async () => {
    const { runner, client, clock } = setup();
    await client.execute('CREATE DATABASE GONE');
    const gone = await runner.call('drop_db', { name: 'GONE' }, CLI);
    const replace = await runner.call('make_database', { name: 'GONE', mode: 'or_replace' }, CLI);
    await client.execute('DROP DATABASE GONE');
    const changed = await refused(
      runner.call(
        'make_database',
        { name: 'GONE', mode: 'or_replace', confirmation_token: replace.confirmation_token },
        CLI,
      ),
      'confirmation_invalid',
    );
    expect(changed.message).toMatch(/plan changed/);
    expect(await databaseRow(client, 'GONE')).toBeUndefined();

    await client.execute('CREATE DATABASE GONE');
    clock.now = new Date(clock.now.getTime() + 5 * 60 * 1000 + 1000);
    const expired = await refused(
      runner.call('drop_db', { name: 'GONE', confirmation_token: gone.confirmation_token }, CLI),
      'confirmation_invalid',
    );
    expect(expired.message).toMatch(/expired/);
    expect(await databaseRow(client, 'GONE')).toBeDefined();
  });

  it('asks through confirm when the front end can: no cancels, yes runs', async () => {
    const { runner, client, audit } = setup();
    await client.execute('CREATE DATABASE KEEP');
    const asked: string[] = [];
    const cancelled = await runner.call(
      'drop_db',
      { name: 'keep' },
      {
        ...CLI,
        confirm: async (plan) => {
          asked.push(plan.summary);
          return false;
        },
      },
    );
    expect(cancelled).toEqual({ status: 'cancelled', message: 'Cancelled; nothing ran. (drop_db KEEP.)' });
    expect(await databaseRow(client, 'KEEP')).toBeDefined();
    const done = await runner.call('drop_db', { name: 'keep' }, { ...CLI, confirm: async () => true });
    expect(done.status).toBe('done');
    expect(await databaseRow(client, 'KEEP')).toBeUndefined();
    expect(asked).toEqual(['drop_db KEEP.']);
    expect(audit.map((e) => [e.outcome, e.confirmation?.how ?? null])).toEqual([
      ['cancelled', null],
      ['done', 'interactive'],
    ]);
  });

  it('disruptive plans are confirmed unless the policy relaxes them; destructive ones always', async () => {
    const strict = setup();
    expect((await strict.runner.call('suspend_thing', { name: 'S1' }, CLI)).status).toBe('confirmation_required');
    expect(await databaseRow(strict.client, 'S1')).toBeUndefined();
    const relaxed = setup({ confirm: ['destructive'] });
    expect((await relaxed.runner.call('suspend_thing', { name: 'S1' }, CLI)).status).toBe('done');
    expect(await databaseRow(relaxed.client, 'S1')).toBeDefined();
    expect((await relaxed.runner.call('drop_db', { name: 'S1' }, CLI)).status).toBe('confirmation_required');
  });
});

describe('runner: policy', () => {
  it('read_only offers reads and read variants, and refuses every change', async () => {
    const { runner, client, audit } = setup({ read_only: true });
    expect(runner.tools.map((t) => t.name)).toEqual(['list_dbs', 'sql_like']);
    expect(runner.tools[1]!.annotations.readOnlyHint).toBe(true);
    const denied = await refused(runner.call('make_database', { name: 'RO' }, CLI), 'policy_denied');
    expect(denied.message).toMatch(/read_only/);
    await refused(runner.call('make_database', { name: 'RO', dry_run: true }, CLI), 'policy_denied');
    await refused(runner.call('sql_like', { sql: 'CREATE DATABASE RO' }, CLI), 'policy_denied');
    expect(await databaseRow(client, 'RO')).toBeUndefined();
    expect(await runner.call('sql_like', { sql: "SHOW DATABASES LIKE 'RO'" }, CLI)).toMatchObject({
      status: 'done',
      rows: 0,
    });
    expect(audit.filter((e) => e.outcome === 'refused').map((e) => e.tool)).toEqual([
      'make_database',
      'make_database',
      'sql_like',
    ]);
  });

  it('mcp_confirmation = "elicitation" refuses destructive plans from MCP clients that cannot ask', async () => {
    const { runner, client } = setup({ mcp_confirmation: 'elicitation' });
    await client.execute('CREATE DATABASE E1');
    const mcp: CallOptions = { frontEnd: 'mcp', actor: 'claude 1.0' };
    const err = await refused(runner.call('drop_db', { name: 'E1' }, mcp), 'policy_denied');
    expect(err.message).toMatch(/elicitation/);
    expect((await runner.call('drop_db', { name: 'E1', dry_run: true }, mcp)).status).toBe('planned');
    // A plain write needs no confirmation, so it runs.
    expect((await runner.call('make_database', { name: 'E2' }, mcp)).status).toBe('done');
    // The CLI is not affected; a client that can ask is asked.
    expect((await runner.call('drop_db', { name: 'E1' }, CLI)).status).toBe('confirmation_required');
    const asked = await runner.call(
      'drop_db',
      { name: 'E1' },
      {
        ...mcp,
        canConfirmInteractively: true,
        confirm: async () => true,
      },
    );
    expect(asked.status).toBe('done');
    expect(await databaseRow(client, 'E1')).toBeUndefined();
  });
});

describe('runner: safety nets', () => {
  it('a plan that tries to change the account is stopped before the statement runs', async () => {
    const { runner, client } = setup();
    const err = await refused(runner.call('sneaky', { name: 'SNEAKY' }, CLI), 'internal');
    expect(err.message).toMatch(/tried to run a statement that changes the account/);
    expect(await databaseRow(client, 'SNEAKY')).toBeUndefined();
  });

  it('secrets are redacted in the audit entry, and a failing audit sink breaks nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'snowops-runner-'));
    const client = createEmulatorClient({ home });
    const runner = createRunner({
      catalog: CATALOG,
      client,
      home,
      policy: defaultPolicy(),
      audit: {
        record() {
          throw new Error('disk full');
        },
      },
    });
    cleanups.push(async () => {
      runner.close();
      await client.close();
    });
    expect((await runner.call('make_database', { name: 'A1', password: 'hunter2' }, CLI)).status).toBe('done');

    const { runner: audited, audit } = setup();
    await audited.call('make_database', { name: 'A2', password: 'hunter2' }, CLI);
    expect(audit[0]!.args).toEqual({ name: 'A2', mode: 'error_if_exists', password: '[redacted]' });
    expect(JSON.stringify(audit)).not.toContain('hunter2');
  });

  it('records a failure from Snowflake with its error and the statements that ran', async () => {
    const { runner, client, audit } = setup();
    await client.execute('CREATE DATABASE DUP');
    // The plan saw no DUP (created in between by someone else): plain CREATE fails with 002002.
    const racing: WriteTool = {
      ...makeDatabase,
      name: 'racing',
      async plan(args, ctx) {
        const plan = await makeDatabase.plan({ ...args, name: 'NOT_THERE' }, ctx);
        return { ...plan, tool: 'racing', statements: ['CREATE DATABASE DUP'] };
      },
    };
    const racingRunner = createRunner({
      catalog: [racing],
      client,
      home: mkdtempSync(join(tmpdir(), 'snowops-runner-')),
      policy: defaultPolicy(),
      audit: { record: (e) => void audit.push(structuredClone(e)) },
    });
    cleanups.push(async () => racingRunner.close());
    const err = await refused(racingRunner.call('racing', { name: 'DUP', mode: 'or_replace' }, CLI), 'already_exists');
    expect(err.snowflakeCode).toBe('002002');
    expect(audit.at(-1)).toMatchObject({
      outcome: 'failed',
      error: { code: 'already_exists', snowflake_code: '002002' },
    });
    expect(runner.tools.map((t) => t.name)).toContain('make_database');
  });
});
