/**
 * The classifier held against adversarial SQL (DESIGN §3), and the places that rely on it: run_sql
 * under a read_only policy accepts reads and nothing else, every other mutating tool is refused
 * there, and task bodies (create_task, deploy_dag) are rated by the same classifier.
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, policyFromObject } from '../../src/ops/policy.js';
import { offeredTools } from '../../src/ops/runner.js';
import { classifyStatement } from '../../src/sql/classifier.js';
import { catalog } from '../../tools/index.js';
import { harness } from '../tools/helpers.js';

describe('adversarial statements', () => {
  it.each([
    ['SELECT 1 /* ; DROP TABLE t */', 'read', 'SELECT 1'],
    ['SELECT 1; -- and then DROP TABLE t', 'read', 'SELECT 1'],
    ['SELECT 1;;;', 'read', 'SELECT 1'],
    ["SELECT '--' || $$;$$ || ';' FROM t", 'read', "SELECT '--' || $$;$$ || ';' FROM t"],
    ['/*+ hint */ DELETE FROM t', 'write', 'DELETE FROM t'],
    ['(((DELETE FROM t)))', 'write', '(((DELETE FROM t)))'],
    [';DROP TABLE t', 'destructive', 'DROP TABLE t'],
    ['create /* a */ or /* b */ replace table t (a int)', 'destructive', 'create or replace table t (a int)'],
    ['CREATE\tOR\nREPLACE TABLE t (a INT)', 'destructive', 'CREATE\tOR\nREPLACE TABLE t (a INT)'],
    ['SeLeCt SyStEm$CaNcEl_QuErY (1)', 'destructive', 'SeLeCt SyStEm$CaNcEl_QuErY (1)'],
    [
      'SELECT x FROM t WHERE y IN (SELECT SYSTEM$WAIT(1))',
      'destructive',
      'SELECT x FROM t WHERE y IN (SELECT SYSTEM$WAIT(1))',
    ],
    [
      'WITH a AS (SELECT 1), p AS PROCEDURE () RETURNS INT LANGUAGE SQL AS $$ SELECT 1 $$ CALL p()',
      'destructive',
      null,
    ],
    ['WITH a AS (SELECT 1) SELECT * FROM a ->> DROP TABLE t', 'destructive', null],
    ['DROP\u200BTABLE t', 'destructive', null],
    ['SELECT 1 INTO x', 'destructive', null],
    ['EXPLAIN USING TEXT DROP TABLE t', 'read', null],
  ])('%j is %s', (sql, effect, sent) => {
    const c = classifyStatement(sql);
    expect(c.effect).toBe(effect);
    // What is sent is exactly what was rated: comments out, nothing after them hidden.
    if (sent !== null) expect(c.sql).toBe(sent);
  });

  it.each([
    ['SELECT 1; DROP TABLE t', /2 separated by ';'/],
    ["SELECT ';'; DROP TABLE t", /2 separated by ';'/],
    ['SELECT 1 /* ; */ ; /* */ DELETE FROM t', /2 separated by ';'/],
    ['SELECT 1 /* never closed', /does not parse: unterminated comment/],
    ["SELECT 'never closed", /does not parse: unterminated string literal/],
    ['SELECT $$ never closed', /does not parse: unterminated \$\$ body/],
    ['/* only a comment */ -- and another', /the SQL is empty/],
  ])('%j is refused: %s', (sql, message) => {
    expect(() => classifyStatement(sql)).toThrow(message);
  });

  it('a fullwidth semicolon does not split, so what is rated is what runs, as one statement', () => {
    const c = classifyStatement('SELECT 1 ；DROP TABLE t');
    expect(c.sql).toBe('SELECT 1 ；DROP TABLE t');
  });
});

describe('read_only: reads and nothing else, whatever the tool', () => {
  const READ_ONLY = policyFromObject({ read_only: true }, '/p.toml');

  it('offers only reads and run_sql as a read variant', () => {
    const offered = offeredTools(catalog, READ_ONLY);
    expect(offered.filter((t) => t.kind === 'write').map((t) => t.name)).toEqual(['run_sql']);
    expect(offered.find((t) => t.name === 'run_sql')?.annotations.readOnlyHint).toBe(true);
    const reads = catalog.filter((t) => t.kind === 'read').map((t) => t.name);
    expect(offered.map((t) => t.name).sort()).toEqual([...reads, 'run_sql'].sort());
  });

  it('refuses every mutating tool and every run_sql that is not a read, with or without tokens, and changes nothing', async () => {
    const h = harness(READ_ONLY, catalog);
    const sql = (s: string) => h.call('run_sql', { sql: s });
    await h.sql('CREATE DATABASE ro');
    await h.sql('CREATE TABLE ro.public.t (a INT)');
    await h.sql('INSERT INTO ro.public.t VALUES (1)');
    const before = await h.state();
    for (const tool of catalog.filter((t) => t.kind === 'write' && t.name !== 'run_sql')) {
      const e = await h.failure(tool.name, { name: 'x' });
      expect(e.code, tool.name).toBe('policy_denied');
      expect(e.message).toMatch(/read_only/);
    }
    for (const statement of [
      'INSERT INTO ro.public.t VALUES (2)',
      'DELETE FROM ro.public.t',
      'DROP DATABASE ro',
      'CREATE TABLE ro.public.u (a INT)',
      'SELECT SYSTEM$WAIT(0)',
      'SELECT ro.public.seq.NEXTVAL',
      'CALL ro.public.p()',
      "WITH p AS PROCEDURE () RETURNS INT LANGUAGE SQL AS 'SELECT 1' CALL p()",
      'SELECT 1 ->> DELETE FROM ro.public.t',
    ]) {
      const e = await h.failure('run_sql', { sql: statement });
      expect(e.code, statement).toBe('policy_denied');
      const dry = await h.failure('run_sql', { sql: statement, dry_run: true });
      expect(dry.code, `${statement} (dry run)`).toBe('policy_denied');
    }
    // A token changes nothing: read_only is checked before any token is.
    const token = await h.failure('drop_object', { kind: 'database', name: 'ro', confirmation_token: 'x'.repeat(40) });
    expect(token.code).toBe('policy_denied');
    expect((await sql('SELECT a FROM ro.public.t')).rows).toEqual([{ A: 1 }]);
    expect((await sql('SHOW TABLES IN DATABASE ro')).status).toBe('done');
    expect((await sql('DESCRIBE TABLE ro.public.t')).status).toBe('done');
    expect((await sql('WITH x AS (SELECT a FROM ro.public.t) SELECT COUNT(*) AS n FROM x')).rows).toEqual([{ N: 1 }]);
    expect((await h.call('list_objects', { kind: 'table', database: 'ro' })).objects).toHaveLength(1);
    expect(await h.state()).toEqual(before);
  });
});

describe('task bodies are rated by the same classifier', () => {
  const S = { database: 'tb', schema: 'public' };
  const bodies = [
    'SELECT 1',
    'INSERT INTO tb.public.t SELECT 1',
    'DELETE FROM tb.public.t /* -- */',
    'TRUNCATE TABLE tb.public.t',
    'CREATE OR REPLACE TABLE tb.public.u (a INT)',
    'SELECT SYSTEM$WAIT(1)',
    'CALL tb.public.p()',
    'FROBNICATE tb',
  ];

  it.each(bodies)('create_task and deploy_dag with %j', async (body) => {
    const h = harness(defaultPolicy(), catalog);
    await h.sql('CREATE DATABASE tb');
    const rated = classifyStatement(body, 'x');
    const expected = rated.effect === 'destructive' ? 'destructive' : 'write';
    const task = await h.call('create_task', { ...S, name: 't1', definition: { sql: body }, dry_run: true });
    expect((task.plan as { effect: string }).effect).toBe(expected);
    expect((task.plan as { statements: string[] }).statements[0]).toMatch(new RegExp(`AS ${escapeRegExp(rated.sql)}$`));
    const dag = await h.call('deploy_dag', {
      ...S,
      name: 'd1',
      tasks: [
        { name: 'ok', definition: { sql: 'SELECT 1' } },
        { name: 'x', definition: { sql: body } },
      ],
      dry_run: true,
    });
    expect((dag.plan as { effect: string }).effect).toBe(expected);
  });

  it('a second statement hidden in a body is refused, naming the task, and nothing is created', async () => {
    const h = harness(defaultPolicy(), catalog);
    await h.sql('CREATE DATABASE tb');
    const before = await h.state();
    for (const body of [
      'SELECT 1; DROP DATABASE tb',
      "SELECT ';' ; DROP DATABASE tb",
      'SELECT 1 /* */ ; -- x\nDROP DATABASE tb',
    ]) {
      const e = await h.failure('create_task', { ...S, name: 't1', definition: { sql: body } });
      expect(e.code).toBe('invalid_input');
      expect(e.message).toMatch(/takes one statement/);
      const d = await h.failure('deploy_dag', { ...S, name: 'd1', tasks: [{ name: 'x', definition: { sql: body } }] });
      expect(d.code).toBe('invalid_input');
    }
    expect(await h.state()).toEqual(before);
    expect((await h.sql('SHOW TASKS IN DATABASE tb')).rows).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
