import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/emulator/engine.js';
import { client, failure, tempHome } from './helpers.js';

function engine() {
  return Engine.open({ path: join(tempHome(), 'emulator.sqlite'), provisionSeconds: 0 });
}

describe('the engine framework', () => {
  it('decides per statement whether it writes', () => {
    const e = engine();
    try {
      const writes = (sql: string) => e.parse(sql).writes;
      expect(writes('SHOW DATABASES')).toBe(false);
      expect(writes('DESCRIBE WAREHOUSE COMPUTE_WH')).toBe(false);
      expect(writes('USE DATABASE x')).toBe(false);
      expect(writes('SELECT 1')).toBe(false);
      expect(writes('CREATE DATABASE x')).toBe(true);
      expect(writes('INSERT INTO t VALUES (1)')).toBe(true);
      expect(writes('ALTER WAREHOUSE w SUSPEND')).toBe(true);
    } finally {
      e.close();
    }
  });

  it('runs SYSTEM$ functions from the registry through SELECT and CALL', () => {
    const e = engine();
    try {
      e.registry.addSystemFunction('SYSTEM$ECHO', {
        writes: false,
        call: (ctx, args) =>
          `${ctx.session.role}:${args.map((a) => (a.type === 'string' ? a.value : a.type)).join(',')}`,
      });
      const s = e.newSession();
      const sel = e.execute("SELECT SYSTEM$ECHO('a', 1)", [], s);
      expect(sel.columns).toEqual([{ name: "SYSTEM$ECHO('A', 1)", type: 'text' }]);
      expect(sel.rows).toEqual([{ "SYSTEM$ECHO('A', 1)": 'ACCOUNTADMIN:a,number' }]);
      const call = e.execute("CALL SYSTEM$ECHO('b')", [], s);
      expect(call.rows).toEqual([{ SYSTEM$ECHO: 'ACCOUNTADMIN:b' }]);
      const missing = () => e.execute("SELECT SYSTEM$NOPE('x')", [], s);
      expect(missing).toThrow('Unknown function SYSTEM$NOPE');
    } finally {
      e.close();
    }
  });

  it('runs before-write hooks inside the writing statement’s transaction only', () => {
    const e = engine();
    try {
      const seen: string[] = [];
      e.registry.addBeforeWrite((ctx) => {
        seen.push(ctx.writing ? 'write' : 'read');
        ctx.catalog.setMeta('hook', String(seen.length));
      });
      const s = e.newSession();
      e.execute('SHOW DATABASES', [], s);
      e.execute('CREATE DATABASE h1', [], s);
      expect(seen).toEqual(['write']);
      expect(() => e.execute('CREATE DATABASE h1', [], s)).toThrow("Object 'H1' already exists.");
      expect(seen).toEqual(['write', 'write']);
      // The failed statement's transaction, hook included, was rolled back.
      const meta = e.db.prepare("SELECT value FROM meta WHERE key = 'hook'").get() as { value: string };
      expect(meta.value).toBe('1');
    } finally {
      e.close();
    }
  });

  it('keeps the session unchanged when a statement fails', () => {
    const e = engine();
    try {
      const s = e.newSession();
      e.execute('CREATE DATABASE s1', [], s);
      expect(s).toMatchObject({ database: 'S1', schema: 'PUBLIC' });
      expect(() => e.execute('USE SCHEMA s1.nope', [], s)).toThrow();
      expect(s).toMatchObject({ database: 'S1', schema: 'PUBLIC' });
    } finally {
      e.close();
    }
  });

  it('one statement per call, with a query id on every result and error', async () => {
    const c = client();
    const many = await failure(c.execute('SELECT 1; SELECT 2'));
    expect(many).toMatchObject({ snowflakeCode: '000008' });
    expect(many.queryId).toMatch(/^01/);
    expect((await c.execute('SELECT 1;')).queryId).toMatch(/^01/);
  });

  it('the client creates a missing home with mode 700', async () => {
    const home = join(tempHome(), 'nested', 'home');
    const c = client({ home });
    await c.execute('SHOW DATABASES');
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });
});

describe('ALTER SESSION', () => {
  it('keeps QUERY_TAG on the session and refuses unknown parameters', async () => {
    const c = client();
    await c.execute("ALTER SESSION SET QUERY_TAG = 'snowops:test', TIMEZONE = 'UTC'");
    expect(c.session.queryTag).toBe('snowops:test');
    await c.execute('ALTER SESSION UNSET QUERY_TAG');
    expect(c.session.queryTag).toBeUndefined();
    const bad = await failure(c.execute('ALTER SESSION SET NOT_A_PARAMETER = 1'));
    expect(bad.message).toContain("invalid parameter 'NOT_A_PARAMETER'");
  });
});
