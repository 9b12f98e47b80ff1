import { describe, expect, it } from 'vitest';
import { client, failure } from './helpers.js';

describe('databases and schemas', () => {
  it('creates a database with PUBLIC and INFORMATION_SCHEMA and makes it current', async () => {
    const c = client();
    const r = await c.execute('CREATE OR REPLACE DATABASE python_api_db');
    expect(r.columns).toEqual([{ name: 'status', type: 'text' }]);
    expect(r.rows).toEqual([{ status: 'Database PYTHON_API_DB successfully created.' }]);
    expect(r.queryId).toMatch(/^01[0-9a-f]{6}-0000-[0-9a-f]{4}-0000-[0-9a-f]{12}$/);
    const s = await c.execute('SHOW SCHEMAS IN DATABASE PYTHON_API_DB');
    expect(s.rows.map((x) => x.name)).toEqual(['INFORMATION_SCHEMA', 'PUBLIC']);
    expect(s.columns.map((x) => x.name)).toEqual([
      'created_on',
      'name',
      'is_default',
      'is_current',
      'database_name',
      'owner',
      'comment',
      'options',
      'retention_time',
      'owner_role_type',
      'object_visibility',
      'budget',
    ]);
    expect(s.rows[1]).toMatchObject({ is_current: 'Y', owner: 'ACCOUNTADMIN', database_name: 'PYTHON_API_DB' });
    expect(s.rows[0]).toMatchObject({
      owner: '',
      comment: 'Views describing the contents of schemas in this database',
    });
    expect(s.rows[0].created_on).toBeInstanceOf(Date);
  });

  it('SHOW DATABASES has Snowflake columns and values', async () => {
    const c = client();
    await c.execute("CREATE TRANSIENT DATABASE t_db DATA_RETENTION_TIME_IN_DAYS = 0 COMMENT = 'it''s mine'");
    const r = await c.execute("SHOW DATABASES LIKE 't\\_%'");
    expect(r.columns.map((x) => x.name)).toEqual([
      'created_on',
      'name',
      'is_default',
      'is_current',
      'origin',
      'owner',
      'comment',
      'options',
      'retention_time',
      'kind',
      'budget',
      'owner_role_type',
      'object_visibility',
    ]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      name: 'T_DB',
      is_default: 'N',
      is_current: 'Y',
      owner: 'ACCOUNTADMIN',
      comment: "it's mine",
      options: 'TRANSIENT',
      retention_time: '0',
      kind: 'TRANSIENT',
    });
    const terse = await c.execute("SHOW TERSE DATABASES LIKE 'T_DB'");
    expect(terse.columns.map((x) => x.name)).toEqual(['created_on', 'name', 'kind', 'database_name', 'schema_name']);
  });

  it('reports existing and missing databases with Snowflake codes', async () => {
    const c = client();
    await c.execute('CREATE DATABASE d1');
    const dup = await failure(c.execute('CREATE DATABASE "D1"'));
    expect(dup).toMatchObject({ code: 'already_exists', snowflakeCode: '002002', sqlState: '42710' });
    expect(dup.message).toBe("SQL compilation error:\nObject 'D1' already exists.");
    expect(dup.queryId).toMatch(/^01/);
    expect((await c.execute('CREATE DATABASE IF NOT EXISTS d1')).rows[0].status).toBe(
      'D1 already exists, statement succeeded.',
    );
    const missing = await failure(c.execute('DROP DATABASE missing_db'));
    expect(missing).toMatchObject({ code: 'not_found', snowflakeCode: '002003', sqlState: '02000' });
    expect(missing.message).toBe("SQL compilation error:\nDatabase 'MISSING_DB' does not exist or not authorized.");
    const schema = await failure(c.execute('CREATE SCHEMA missing_db.s'));
    expect(schema.message).toBe("SQL compilation error:\nDatabase 'MISSING_DB' does not exist or not authorized.");
    const noSchema = await failure(c.execute('DROP SCHEMA d1.nope'));
    expect(noSchema.message).toBe("SQL compilation error:\nSchema 'D1.NOPE' does not exist or not authorized.");
  });

  it('drops a database with its schemas', async () => {
    const c = client();
    await c.execute('CREATE DATABASE gone');
    await c.execute('CREATE SCHEMA gone.s1');
    expect((await c.execute('DROP DATABASE gone')).rows[0].status).toBe('GONE successfully dropped.');
    expect((await c.execute("SHOW DATABASES LIKE 'GONE'")).rows).toHaveLength(0);
    await c.execute('CREATE DATABASE gone');
    const s = await c.execute('SHOW SCHEMAS IN DATABASE gone');
    expect(s.rows.map((x) => x.name)).toEqual(['INFORMATION_SCHEMA', 'PUBLIC']);
    expect((await c.execute('DROP DATABASE IF EXISTS nothing_here')).rows[0].status).toMatch(/already dropped/);
  });

  it('schemas: managed access, transient, comment, describe', async () => {
    const c = client();
    await c.execute('CREATE DATABASE sdb');
    await c.execute("CREATE TRANSIENT SCHEMA s2 WITH MANAGED ACCESS COMMENT = 'x'");
    const r = await c.execute("SHOW SCHEMAS LIKE 'S2' IN DATABASE sdb");
    expect(r.rows[0]).toMatchObject({
      name: 'S2',
      options: 'TRANSIENT, MANAGED ACCESS',
      comment: 'x',
      is_current: 'Y',
    });
    const d = await c.execute('DESCRIBE DATABASE sdb');
    expect(d.rows.map((x) => [x.name, x.kind])).toEqual([
      ['INFORMATION_SCHEMA', 'SCHEMA'],
      ['PUBLIC', 'SCHEMA'],
      ['S2', 'SCHEMA'],
    ]);
  });

  it('stores quoted and hostile names exactly', async () => {
    const c = client();
    await c.execute('CREATE DATABASE "my db; --$$"');
    await c.execute('CREATE SCHEMA "my db; --$$"."Sch""ema"');
    const r = await c.execute('SHOW SCHEMAS IN DATABASE "my db; --$$"');
    expect(r.rows.map((x) => x.name)).toEqual(['INFORMATION_SCHEMA', 'PUBLIC', 'Sch"ema']);
    const missing = await failure(c.execute('DROP DATABASE "My Db; --$$"'));
    expect(missing.message).toBe(`SQL compilation error:\nDatabase '"My Db; --$$"' does not exist or not authorized.`);
  });

  it('reports syntax errors as 001003 with line and position', async () => {
    const c = client();
    const e = await failure(c.execute('CREATE DATABASE'));
    expect(e).toMatchObject({ snowflakeCode: '001003', sqlState: '42000' });
    expect(e.message).toBe("SQL compilation error:\nsyntax error line 1 at position 15 unexpected '<EOF>'.");
    const e2 = await failure(c.execute('CREATE DATABASE x\n  BOGUS = 1'));
    expect(e2.message).toBe("SQL compilation error:\nsyntax error line 2 at position 2 unexpected 'BOGUS'.");
    const e3 = await failure(c.execute('FROBNICATE THINGS'));
    expect(e3.message).toBe("SQL compilation error:\nsyntax error line 1 at position 0 unexpected 'FROBNICATE'.");
  });

  it('refuses statements the emulator does not run, naming them', async () => {
    const c = client();
    const e = await failure(c.execute('GRANT USAGE ON DATABASE x TO ROLE r'));
    expect(e).toMatchObject({ snowflakeCode: '000002', sqlState: '0A000' });
    expect(e.message).toContain("'GRANT'");
    expect(e.message).toContain('local Snowflake emulator does not support');
    const v = await failure(c.execute('CREATE VIEW v AS SELECT 1'));
    expect(v.message).toContain("'CREATE VIEW'");
    const orAlter = await failure(c.execute('CREATE OR ALTER DATABASE d'));
    expect(orAlter.message).toContain("'CREATE OR ALTER DATABASE'");
    const undrop = await failure(c.execute('UNDROP TAG d'));
    expect(undrop.message).toContain("'UNDROP TAG'");
  });

  it('USE changes the session; missing objects fail with 002043', async () => {
    const c = client();
    await c.execute('CREATE DATABASE u1');
    await c.execute('CREATE DATABASE u2');
    await c.execute('USE DATABASE u1');
    const r = await c.execute('SHOW SCHEMAS');
    expect(r.rows.every((x) => x.database_name === 'U1')).toBe(true);
    const e = await failure(c.execute('USE SCHEMA u1.nope'));
    expect(e).toMatchObject({ snowflakeCode: '002043' });
    const role = await failure(c.execute('USE ROLE nobody'));
    expect(role.message).toBe("SQL compilation error:\nRole 'NOBODY' does not exist or not authorized.");
  });

  it('two engines on one file see each other', async () => {
    const first = client();
    const home = (first.engine.db.name as string).replace(/\/emulator\.sqlite$/, '');
    const second = client({ home });
    await first.execute('CREATE DATABASE shared_one');
    expect((await second.execute("SHOW DATABASES LIKE 'SHARED_ONE'")).rows).toHaveLength(1);
    await second.execute('DROP DATABASE shared_one');
    expect((await first.execute("SHOW DATABASES LIKE 'SHARED_ONE'")).rows).toHaveLength(0);
  });
});

describe('hostile names across kinds', () => {
  it('stores warehouse and stage names exactly and refuses names over 255 characters', async () => {
    const c = client();
    await c.execute(`CREATE WAREHOUSE "wh'; DROP WAREHOUSE COMPUTE_WH; --" WAREHOUSE_SIZE = XSMALL`);
    const names = (await c.execute('SHOW WAREHOUSES')).rows.map((r) => r.name);
    expect(names).toEqual(['COMPUTE_WH', "wh'; DROP WAREHOUSE COMPUTE_WH; --"]);
    await c.execute('CREATE DATABASE h');
    await c.execute('CREATE STAGE "st$$ /* x */"');
    expect((await c.execute('SHOW STAGES IN SCHEMA h.public')).rows.map((r) => r.name)).toEqual(['st$$ /* x */']);
    const long = await failure(c.execute(`CREATE DATABASE "${'x'.repeat(256)}"`));
    expect(long.snowflakeCode).toBe('001003');
    expect((await c.execute("SHOW DATABASES LIKE 'x%'")).rows).toHaveLength(0);
    expect((await c.execute(`CREATE DATABASE "${'y'.repeat(255)}"`)).rows[0].status).toContain('successfully created');
  });
});
