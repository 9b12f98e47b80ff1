/**
 * Deny and allow rules through the real runner on the emulator, with the full catalog: what is
 * refused (policy_denied naming the rule and the file), what still works, that a refused call
 * changes nothing, and that the refusal is in the audit log.
 */
import { describe, expect, it } from 'vitest';
import { readAudit } from '../../src/ops/audit.js';
import { type Policy, parsePolicy, policyFromObject } from '../../src/ops/policy.js';
import { catalog } from '../../tools/index.js';
import { type Harness, harness } from '../tools/helpers.js';

const FILE = '/etc/snowops/snowops.toml';

function policy(doc: Record<string, unknown>): Policy {
  return policyFromObject(doc, FILE);
}

const DENY_PROD = policy({ deny: [{ kind: 'database', pattern: 'PROD_*' }] });

/** The call is refused by policy and changes nothing in the account. */
async function refused(h: Harness, tool: string, args: Record<string, unknown>): Promise<string> {
  const before = await h.state();
  const e = await h.failure(tool, args);
  expect(e.code, e.message).toBe('policy_denied');
  expect(await h.state()).toEqual(before);
  return e.message;
}

async function setUpProd(h: Harness) {
  await h.sql('CREATE DATABASE PROD_DB');
  await h.sql('CREATE TABLE PROD_DB.PUBLIC.ORDERS (ID INT)');
  await h.sql('CREATE DATABASE ANALYTICS');
  await h.sql('CREATE SCHEMA ANALYTICS.S');
}

describe('deny rules', () => {
  it('catch every spelling of a denied name, name the rule and the file, and are in the audit log', async () => {
    const h = harness(DENY_PROD, catalog);
    for (const name of ['prod_db', '"PROD_DB"', 'Prod_Db', '"prod_db"', 'PROD_X']) {
      const message = await refused(h, 'create_database', { name });
      expect(message).toContain('[[deny]] #1 (kind = "database", pattern = "PROD_*")');
      expect(message).toContain(FILE);
    }
    const records = readAudit(h.home, { tool: 'create_database', limit: 10 });
    expect(records).toHaveLength(5);
    expect(records.every((r) => r.outcome === 'refused' && r.error?.code === 'policy_denied')).toBe(true);
    expect(records.map((r) => r.args.name).sort()).toEqual(['"PROD_DB"', '"prod_db"', 'PROD_X', 'Prod_Db', 'prod_db']);
  });

  it('a name that only looks the same (Cyrillic О) is another object: created exactly as given', async () => {
    const h = harness(DENY_PROD, catalog);
    const lookalike = 'PRОD_DB'; // the О is U+041E
    const done = await h.call('create_database', { name: lookalike });
    expect(done.status).toBe('done');
    const names = (await h.sql('SHOW DATABASES')).rows.map((r) => r.name);
    expect(names).toContain(lookalike);
    expect(names).not.toContain('PROD_DB');
    expect(h.client.statements).toContain(`CREATE DATABASE "${lookalike}"`);
  });

  it('a database rule covers its schemas, tables, stages, tasks and services; other databases stay usable', async () => {
    const h = harness(DENY_PROD, catalog);
    await setUpProd(h);
    await refused(h, 'create_schema', { database: 'prod_db', name: 'x' });
    await refused(h, 'create_table', {
      database: 'prod_db',
      schema: 'public',
      name: 't',
      columns: [{ name: 'a', datatype: 'INT' }],
    });
    await refused(h, 'add_column', {
      database: 'prod_db',
      schema: 'public',
      table: 'orders',
      column: { name: 'b', datatype: 'INT' },
    });
    await refused(h, 'create_stage', { database: 'PROD_DB', schema: 'PUBLIC', name: 'st' });
    await refused(h, 'drop_object', { kind: 'table', database: 'prod_db', schema: 'public', name: 'orders' });
    await refused(h, 'drop_object', { kind: 'database', name: 'prod_db' });
    await h.sql('DROP DATABASE PROD_DB');
    await refused(h, 'undrop_object', { kind: 'database', name: 'prod_db' });
    await h.sql('UNDROP DATABASE PROD_DB');
    await refused(h, 'describe_object', { kind: 'table', database: 'prod_db', schema: 'public', name: 'orders' });
    await refused(h, 'list_objects', { kind: 'table', database: 'prod_db' });
    await refused(h, 'create_task', {
      database: 'prod_db',
      schema: 'public',
      name: 't',
      definition: { sql: 'SELECT 1' },
    });
    await refused(h, 'create_service', {
      database: 'PROD_DB',
      schema: 'PUBLIC',
      name: 'svc',
      compute_pool: 'POOL',
      spec: 'spec:\n  containers:\n  - name: a\n    image: /x/y/z/nginx:latest\n',
    });
    // Elsewhere everything works.
    expect((await h.call('create_schema', { database: 'analytics', name: 'x' })).status).toBe('done');
    const dbs = (await h.call('list_objects', { kind: 'database' })).objects as { name: string }[];
    expect(dbs.map((d) => d.name)).toContain('PROD_DB');
  });

  it('run_sql: statements against the denied database are refused, others run; what cannot be resolved is refused', async () => {
    const h = harness(DENY_PROD, catalog);
    // A fresh session has no current database: an unqualified name cannot be placed.
    expect(await refused(h, 'run_sql', { sql: 'SELECT * FROM orders' })).toMatch(/no current database/);
    await setUpProd(h);
    for (const sql of [
      'DROP DATABASE prod_db',
      'SELECT * FROM prod_db.public.orders',
      'select * from "PROD_DB"."PUBLIC"."ORDERS" /* hidden */',
      'INSERT INTO analytics.s.copy SELECT * FROM Prod_Db.public.orders',
      'USE DATABASE prod_db',
      'SHOW TABLES IN DATABASE prod_db',
      "SELECT * FROM IDENTIFIER('prod_db.public.orders')",
    ]) {
      expect(await refused(h, 'run_sql', { sql })).toContain('PROD_');
    }
    expect(await refused(h, 'run_sql', { sql: 'CALL prod_db.public.p()' })).toMatch(/cannot tell which objects/);
    // Unqualified names take the session's current database and schema (here set around snowops).
    await h.sql('USE SCHEMA PROD_DB.PUBLIC');
    expect(await refused(h, 'run_sql', { sql: 'SELECT * FROM orders' })).toContain('table PROD_DB.PUBLIC.ORDERS');
    expect((await h.call('run_sql', { sql: 'SELECT 1 AS one' })).rows).toEqual([{ ONE: 1 }]);
    await h.call('run_sql', { sql: 'USE SCHEMA analytics.s' });
    expect((await h.call('run_sql', { sql: 'CREATE TABLE t (a INT)' })).status).toBe('done');
    expect((await h.sql('SHOW TABLES IN SCHEMA ANALYTICS.S')).rows.map((r) => r.name)).toEqual(['T']);
  });

  it('task bodies are held to the rules: a body touching a denied database, and code snowops cannot read', async () => {
    const h = harness(DENY_PROD, catalog);
    await setUpProd(h);
    const task = { database: 'analytics', schema: 's', name: 'nightly' };
    expect(
      await refused(h, 'create_task', { ...task, definition: { sql: 'DELETE FROM prod_db.public.orders' } }),
    ).toContain('table PROD_DB.PUBLIC.ORDERS');
    expect(
      await refused(h, 'create_task', {
        ...task,
        definition: { python: { code: 'def main(s):\n  return "x"', handler: 'main' } },
      }),
    ).toMatch(/anonymous procedure/);
    await refused(h, 'deploy_dag', {
      ...task,
      tasks: [
        { name: 'a', definition: { sql: 'SELECT 1' } },
        { name: 'b', definition: { sql: 'TRUNCATE prod_db.public.orders' } },
      ],
    });
    const ok = await h.call('create_task', { ...task, definition: { sql: 'INSERT INTO analytics.s.t SELECT 1' } });
    expect(ok.status).toBe('done');
  });

  it("a warehouse rule, a schema rule and a dag rule (which covers the DAG's tasks)", async () => {
    const h = harness(
      policy({
        deny: [
          { kind: 'warehouse', pattern: 'BIG_*' },
          { kind: 'schema', pattern: 'ANALYTICS.SECRET*' },
          { kind: 'dag', pattern: 'ANALYTICS.S.NIGHTLY' },
        ],
      }),
      catalog,
    );
    await setUpProd(h);
    await h.sql('CREATE WAREHOUSE BIG_WH');
    expect(await refused(h, 'resize_warehouse', { name: 'big_wh', size: 'LARGE' })).toContain('#1');
    await refused(h, 'create_task', {
      database: 'analytics',
      schema: 's',
      name: 't',
      warehouse: 'big_wh',
      definition: { sql: 'SELECT 1' },
    });
    expect(await refused(h, 'create_schema', { database: 'analytics', name: 'secret_x' })).toContain('#2');
    await refused(h, 'run_sql', { sql: 'CREATE TABLE analytics.secret_x.t (a INT)' });
    expect(
      await refused(h, 'deploy_dag', {
        database: 'analytics',
        schema: 's',
        name: 'nightly',
        tasks: [{ name: 'a', definition: { sql: 'SELECT 1' } }],
      }),
    ).toContain('#3');
    await refused(h, 'drop_object', { kind: 'task', database: 'analytics', schema: 's', name: 'NIGHTLY$A' });
    expect((await h.call('create_schema', { database: 'analytics', name: 'public2' })).status).toBe('done');
  });
});

describe('allow rules', () => {
  const ALLOW = policy({
    deny: [{ kind: 'table', pattern: 'ANALYTICS.S.SECRET' }],
    allow: [
      { kind: 'schema', pattern: 'ANALYTICS.*' },
      { kind: 'warehouse', pattern: 'COMPUTE_WH' },
    ],
  });

  it('allow only what they cover; the first matching deny still wins', async () => {
    const h = harness(ALLOW, catalog);
    await setUpProd(h);
    const table = { database: 'analytics', schema: 's', columns: [{ name: 'a', datatype: 'INT' }] };
    expect((await h.call('create_table', { ...table, name: 'events' })).status).toBe('done');
    expect(await refused(h, 'create_table', { ...table, name: 'secret' })).toContain('[[deny]] #1');
    const other = await refused(h, 'create_database', { name: 'scratch' });
    expect(other).toContain('database SCRATCH matches none of the 2 [[allow]] rule(s)');
    await refused(h, 'create_warehouse', { name: 'other_wh' });
    await refused(h, 'run_sql', { sql: 'SELECT * FROM prod_db.public.orders' });
    // Listing inside what is allowed works; the account's databases may be listed.
    expect((await h.call('list_objects', { kind: 'table', database: 'analytics' })).objects).toHaveLength(1);
    expect((await h.call('list_objects', { kind: 'database' })).objects).not.toHaveLength(0);
    await refused(h, 'list_objects', { kind: 'table', database: 'prod_db' });
    expect((await h.call('run_sql', { sql: 'SELECT COUNT(*) AS n FROM analytics.s.events' })).rows).toEqual([{ N: 0 }]);
  });
});

describe('the policy file', () => {
  it('refuses a pattern with the wrong number of parts for its kind, naming the key', () => {
    expect(() => parsePolicy('[[deny]]\nkind = "table"\npattern = "PROD_*"\n', '/p.toml')).toThrow(
      /^policy \/p\.toml: deny\[0\]\.pattern: a table pattern has 3 parts \(DB\.SCHEMA\.NAME\), but "PROD_\*" has 1/,
    );
    expect(() => parsePolicy('[[allow]]\nkind = "schema"\npattern = "A..B"\n', '/p.toml')).toThrow(
      /allow\[0\]\.pattern: a schema pattern has 2 parts/,
    );
    expect(() => parsePolicy('[[allow]]\nkind = "table"\npattern = "A..B"\n', '/p.toml')).toThrow(/an empty part/);
    expect(parsePolicy('[[deny]]\nkind = "table"\npattern = \'"My.Db".*.*\'\n', '/p.toml').deny).toHaveLength(1);
  });
});
