/**
 * The audit log through the real runner and emulator: every outcome is one record with who,
 * what, how it was confirmed and what ran; secrets stay out; a locked or failing log never
 * stalls or breaks the call it records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import type { QueryResult, SqlClient } from '../../src/client/types.js';
import { AUDIT_FILE, type AuditRecord, createAuditStore, readAudit } from '../../src/ops/audit.js';
import { defaultPolicy, type Policy, policyFromObject } from '../../src/ops/policy.js';
import { type CallOptions, createRunner } from '../../src/ops/runner.js';
import type { AuditSink } from '../../src/ops/types.js';
import { catalog } from '../../tools/index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CLI: CallOptions = { frontEnd: 'cli', actor: 'alice' };

function setup(opts: { policy?: Policy; audit?: AuditSink; home?: string; wrap?: (c: SqlClient) => SqlClient } = {}) {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'snowops-audit-'));
  const emulator = createEmulatorClient({ home, provisionSeconds: 0 });
  const client = opts.wrap ? opts.wrap(emulator) : emulator;
  const runner = createRunner({ catalog, client, home, policy: opts.policy ?? defaultPolicy(), audit: opts.audit });
  cleanups.push(async () => {
    runner.close();
    await emulator.close();
    if (!opts.home) rmSync(home, { recursive: true, force: true });
  });
  const failing = async (tool: string, args: Record<string, unknown>, options = CLI) => {
    await expect(runner.call(tool, args, options)).rejects.toThrow();
  };
  return { home, runner, emulator, failing, records: () => readAudit(home, { limit: 1000 }).reverse() };
}

describe('what the audit log holds', () => {
  it('one record per outcome, oldest first here; successful reads are not operations', async () => {
    const { home, runner, failing, records } = setup();
    await runner.call('list_objects', { kind: 'database' }, CLI);
    await failing('describe_object', { kind: 'database', name: 'nope' });
    const created = await runner.call('create_database', { name: 'a1', comment: 'first' }, CLI);
    const asked = await runner.call('drop_object', { kind: 'database', name: 'a1' }, CLI);
    await failing('drop_object', {
      kind: 'database',
      name: 'a1',
      if_exists: true,
      confirmation_token: asked.confirmation_token,
    });
    await runner.call(
      'drop_object',
      { kind: 'database', name: 'a1', confirmation_token: asked.confirmation_token },
      {
        ...CLI,
        tokenVia: 'token',
      },
    );
    await runner.call('create_database', { name: 'b1', dry_run: true }, CLI);
    await runner.call('create_database', { name: 'b1' }, CLI);
    await runner.call(
      'drop_object',
      { kind: 'database', name: 'b1' },
      { ...CLI, confirm: async () => false, confirmVia: 'tty' },
    );
    await failing('create_database', { name: 'b1' });
    const denied = setup({
      home,
      policy: policyFromObject({ deny: [{ kind: 'database', pattern: 'B*' }] }, '/p.toml'),
    });
    await expect(denied.runner.call('drop_object', { kind: 'database', name: 'b1' }, CLI)).rejects.toThrow(/Denied/);

    const rows = records();
    expect(rows.map((r) => [r.tool, r.outcome, r.error?.code ?? null])).toEqual([
      ['describe_object', 'failed', 'not_found'],
      ['create_database', 'done', null],
      ['drop_object', 'confirmation_required', null],
      ['drop_object', 'refused', 'confirmation_invalid'],
      ['drop_object', 'done', null],
      ['create_database', 'planned', null],
      ['create_database', 'done', null],
      ['drop_object', 'cancelled', null],
      ['create_database', 'failed', 'already_exists'],
      ['drop_object', 'refused', 'policy_denied'],
    ]);
    const done = rows[1];
    expect(done).toMatchObject({ front_end: 'cli', actor: 'alice', effect: 'write', confirmation: null });
    expect(done.summary).toMatch(/A1/);
    expect(done.args).toMatchObject({ name: 'a1', comment: 'first' });
    expect(done.statements.map((s) => s.sql)).toEqual((created.statements as { sql: string }[]).map((s) => s.sql));
    expect(done.query_ids).toEqual(done.statements.map((s) => s.query_id));
    expect(done.query_ids.every((q) => typeof q === 'string' && q.length > 0)).toBe(true);
    expect(Date.parse(done.time)).not.toBeNaN();
    expect(done.duration_ms).toBeGreaterThanOrEqual(0);
    expect(rows[4].confirmation).toEqual({ how: 'token', by: 'alice', via: 'token' });
    expect(rows[4].args.confirmation_token).toBe('[redacted]');
    expect(rows[7].confirmation).toBeNull();
    expect(rows[7].statements).toEqual([]);
  });

  it('who confirmed and how: an interactive answer, a button click by another person', async () => {
    const { runner, records } = setup();
    await runner.call('create_database', { name: 'c1' }, CLI);
    await runner.call(
      'drop_object',
      { kind: 'database', name: 'c1' },
      { frontEnd: 'mcp', actor: 'alice via claude-ai 0.1', confirm: async () => true, confirmVia: 'elicitation' },
    );
    await runner.call('create_database', { name: 'c2' }, CLI);
    const asked = await runner.call(
      'drop_object',
      { kind: 'database', name: 'c2' },
      { frontEnd: 'slack', actor: 'slack:U1 in C1' },
    );
    await runner.call(
      'drop_object',
      { kind: 'database', name: 'c2', confirmation_token: asked.confirmation_token },
      {
        frontEnd: 'slack',
        actor: 'slack:U1 in C1, confirmed by U2',
        tokenVia: 'slack button',
        confirmedBy: 'slack:U2',
      },
    );
    const confirmations = records()
      .filter((r) => r.outcome === 'done' && r.tool === 'drop_object')
      .map((r) => r.confirmation);
    expect(confirmations).toEqual([
      { how: 'interactive', by: 'alice via claude-ai 0.1', via: 'elicitation' },
      { how: 'token', by: 'slack:U2', via: 'slack button' },
    ]);
  });

  it('secrets stay out: secret-looking keys and secrets written into SQL', async () => {
    const { runner, emulator, records } = setup();
    await emulator.execute('CREATE DATABASE s');
    await emulator.execute('CREATE TABLE s.public.users (name STRING, password STRING)');
    await runner.call('run_sql', { sql: "SELECT name FROM s.public.users WHERE password = 'hunter2'" }, CLI);
    // The emulator has no users: the call fails, and its record still keeps the password out.
    await expect(
      runner.call('run_sql', { sql: "CREATE USER bob PASSWORD = 'hunter2' MUST_CHANGE_PASSWORD = TRUE" }, CLI),
    ).rejects.toThrow(/CREATE USER/);
    const text = JSON.stringify(records());
    expect(text).not.toContain('hunter2');
    const [select, user] = records();
    expect(select.args.sql).toBe("SELECT name FROM s.public.users WHERE password = '[redacted]'");
    expect(select.statements[0].sql).toBe("SELECT name FROM s.public.users WHERE password = '[redacted]'");
    expect(user.outcome).toBe('failed');
    expect(user.args.sql).toContain("PASSWORD = '[redacted]'");
  });

  it('a change is in the log as running while its statements run, then completed', async () => {
    let seen: AuditRecord[] = [];
    let home = '';
    const wrap = (inner: SqlClient): SqlClient => ({
      ...inner,
      backend: inner.backend,
      async execute(sql, binds, options): Promise<QueryResult> {
        if (sql.startsWith('CREATE DATABASE')) seen = readAudit(home, { limit: 10 });
        return inner.execute(sql, binds, options);
      },
      close: () => inner.close(),
    });
    home = mkdtempSync(join(tmpdir(), 'snowops-audit-'));
    const { runner, records } = setup({ home, wrap });
    await runner.call('create_database', { name: 'r1' }, CLI);
    expect(seen.map((r) => [r.tool, r.outcome])).toEqual([['create_database', 'running']]);
    expect(records().map((r) => [r.id, r.outcome])).toEqual([[seen[0].id, 'done']]);
  });
});

describe('writing never stalls or breaks the call', () => {
  it('a log locked by another process: the call completes, one warning, and writing resumes once free', async () => {
    const home = mkdtempSync(join(tmpdir(), 'snowops-audit-'));
    const warnings: string[] = [];
    const store = createAuditStore(home, (line) => warnings.push(line));
    cleanups.push(() => store.close());
    const { runner, records } = setup({ home, audit: store });
    await runner.call('create_database', { name: 'l0' }, CLI);
    const locker = new Database(join(home, AUDIT_FILE));
    locker.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      await runner.call('create_database', { name: 'l1' }, CLI);
      await runner.call('create_database', { name: 'l2' }, CLI);
      // A functional deadline, far above the busy timeout: the calls did not wait for the lock.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/audit log .*audit\.sqlite could not be written .*operations go on/);
    await runner.call('create_database', { name: 'l3' }, CLI);
    expect(records().map((r) => r.args.name)).toEqual(['l0', 'l3']);
    expect((await setup({ home }).emulator.execute('SHOW DATABASES')).rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['L0', 'L1', 'L2', 'L3']),
    );
  });

  it('a sink that throws or rejects breaks nothing', async () => {
    const { runner } = setup({
      audit: {
        begin() {
          throw new Error('begin broke');
        },
        record: () => Promise.reject(new Error('record broke')),
      },
    });
    const done = await runner.call('create_database', { name: 'x1' }, CLI);
    expect(done.status).toBe('done');
  });
});
