/**
 * The real snowflake-sdk, configured only through a connections.toml in a temporary
 * SNOWFLAKE_HOME, against `snowops emulator serve` running as a child process.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import { createSnowflakeClient } from '../../src/client/snowflake.js';
import type { QueryResult, SqlClient } from '../../src/client/types.js';
import { resolveConnection } from '../../src/config/connections.js';
import { SnowopsError } from '../../src/errors.js';
import { closedPort, type Served, serve, tempDir, wireSection, writeConnections } from './helpers.js';

let home: string;
let sfHome: string;
let server: Served;
let deadPort: number;
const opened: SqlClient[] = [];

function client(name: string, env: Record<string, string> = {}): SqlClient {
  const conn = resolveConnection({ name, env: { SNOWFLAKE_HOME: sfHome, ...env }, warn: () => {} });
  if (conn.kind !== 'snowflake') throw new Error('expected a Snowflake connection');
  const c = createSnowflakeClient(conn, { queryTagBase: { tool: 'test' } });
  opened.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<SnowopsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SnowopsError);
    return e as SnowopsError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  home = tempDir('wire-home');
  sfHome = tempDir('wire-sf');
  server = await serve(home, ['--user', 'ALICE', '--password', 'pw']);
  deadPort = await closedPort();
  writeConnections(
    sfHome,
    [
      wireSection('emu', server.port),
      wireSection('badpw', server.port, { password: 'wrong' }),
      wireSection('dead', deadPort),
    ].join('\n'),
  );
});

afterAll(async () => {
  for (const c of opened) await c.close();
  await server?.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(sfHome, { recursive: true, force: true });
});

/** A result's shape: column names and types, and each cell's JS type. */
function shape(r: QueryResult) {
  return {
    columns: r.columns,
    cells: r.rows.map((row) =>
      Object.values(row).map((v) => (v instanceof Date ? 'date' : v === null ? 'null' : typeof v)),
    ),
  };
}

describe('the real driver against the wire server', () => {
  it('runs DDL, DML, queries with binds and SHOW with the same columns, types and values as the embedded emulator', async () => {
    const wire = client('emu');
    const localHome = tempDir('wire-local');
    const local = createEmulatorClient({ home: localHome });
    try {
      const script = [
        'CREATE DATABASE WIRE_DB',
        'CREATE SCHEMA WIRE_DB.S1',
        "SHOW DATABASES LIKE 'WIRE_DB'",
        'SHOW SCHEMAS IN DATABASE WIRE_DB',
        "CREATE WAREHOUSE WIRE_WH WAREHOUSE_SIZE = 'SMALL' AUTO_SUSPEND = 500",
        "ALTER WAREHOUSE WIRE_WH SET WAREHOUSE_SIZE = 'LARGE'",
        "SHOW WAREHOUSES LIKE 'WIRE_WH'",
        'CREATE TABLE WIRE_DB.S1.T (ID INT NOT NULL, PRICE NUMBER(10,2), NAME STRING, OK BOOLEAN, DAY DATE, AT TIMESTAMP_NTZ)',
        'DESCRIBE TABLE WIRE_DB.S1.T',
        "INSERT INTO WIRE_DB.S1.T VALUES (1, 9.99, 'it''s', TRUE, '2024-02-29', '2024-05-01 12:34:56.789'), (2, NULL, NULL, FALSE, NULL, NULL)",
        'SELECT * FROM WIRE_DB.S1.T ORDER BY ID',
        'SELECT COUNT(*) AS N, SUM(PRICE) AS TOTAL FROM WIRE_DB.S1.T',
        "UPDATE WIRE_DB.S1.T SET NAME = 'x' WHERE ID = 2",
        'SHOW TABLES IN SCHEMA WIRE_DB.S1',
      ];
      for (const sql of script) {
        const viaWire = await wire.execute(sql);
        const direct = await local.execute(sql);
        expect(shape(viaWire), sql).toEqual(shape(direct));
        expect(viaWire.queryId).toMatch(/^01[0-9a-f]{6}-/);
      }
      const dbs = await wire.execute("SHOW DATABASES LIKE 'WIRE_DB'");
      expect(dbs.rows).toHaveLength(1);
      expect(dbs.rows[0].name).toBe('WIRE_DB');
      expect(dbs.rows[0].created_on).toBeInstanceOf(Date);
      expect(Math.abs((dbs.rows[0].created_on as Date).getTime() - Date.now())).toBeLessThan(5 * 60_000);
      const whs = await wire.execute("SHOW WAREHOUSES LIKE 'WIRE_WH'");
      const local_ = await local.execute("SHOW WAREHOUSES LIKE 'WIRE_WH'");
      const stable = (r: QueryResult) =>
        Object.fromEntries(
          Object.entries(r.rows[0]).filter(([k, v]) => !(v instanceof Date) && v !== null && k !== 'uuid'),
        );
      expect(whs.rows[0]).toMatchObject({ name: 'WIRE_WH', size: 'Large', auto_suspend: 500 });
      // Every value that does not depend on the moment it was made is the same both ways.
      expect(stable(whs)).toEqual(stable(local_));
      const rows = await wire.execute('SELECT * FROM WIRE_DB.S1.T WHERE ID = ? OR NAME = ? ORDER BY ID', [1, 'x']);
      expect(rows.rows).toEqual((await local.execute('SELECT * FROM WIRE_DB.S1.T ORDER BY ID')).rows);
      expect(rows.rows[0]).toEqual({
        ID: 1,
        PRICE: 9.99,
        NAME: "it's",
        OK: true,
        DAY: new Date('2024-02-29T00:00:00Z'),
        AT: new Date('2024-05-01T12:34:56.789Z'),
      });
    } finally {
      await local.close();
      rmSync(localHome, { recursive: true, force: true });
    }
  });

  it('keeps USE per login', async () => {
    const a = client('emu');
    const b = client('emu');
    await a.execute('CREATE DATABASE IF NOT EXISTS USE_A');
    await a.execute('USE DATABASE USE_A');
    const inA = await a.execute('SHOW SCHEMAS');
    expect(inA.rows.map((r) => r.name)).toContain('PUBLIC');
    // The other login never said USE: a schema listing needs a database there.
    const err = await failure(b.execute('CREATE SCHEMA ONLY_NAME'));
    expect(err.snowflakeCode).toBe('090105');
  });

  it('brings Snowflake errors to the caller with code, SQLSTATE, message and query id', async () => {
    const err = await failure(client('emu').execute('DROP DATABASE NO_SUCH_DB'));
    expect(err.code).toBe('not_found');
    expect(err.snowflakeCode).toBe('002003');
    expect(err.sqlState).toBe('02000');
    expect(err.message).toBe("SQL compilation error:\nDatabase 'NO_SUCH_DB' does not exist or not authorized.");
    expect(err.queryId).toMatch(/^01[0-9a-f]{6}-/);
    const syntax = await failure(client('emu').execute('SELEC 1'));
    expect(syntax.snowflakeCode).toBe('001003');
  });

  it('refuses a wrong password with a clear login error, without retrying', async () => {
    const started = Date.now();
    const err = await failure(client('badpw').execute('SHOW DATABASES'));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(err.snowflakeCode).toBe('390100');
    expect(err.message).toContain(`127.0.0.1:${server.port}`);
    expect(err.message).toContain('Incorrect username or password was specified.');
    expect(err.hint).toContain('badpw');
    await server.waitFor(/login refused: Incorrect username or password/);
  });

  it('lets SNOWFLAKE_PASSWORD override the file', async () => {
    const fixed = await client('badpw', { SNOWFLAKE_PASSWORD: 'pw' }).execute('SHOW DATABASES');
    expect(fixed.columns[0].name).toBe('created_on');
    const broken = await failure(client('emu', { SNOWFLAKE_PASSWORD: 'nope' }).execute('SHOW DATABASES'));
    expect(broken.snowflakeCode).toBe('390100');
  });

  it('fails within a minute, naming host and port, when nothing listens', async () => {
    const started = Date.now();
    const err = await failure(client('dead').execute('SHOW DATABASES'));
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(err.message).toContain(`Cannot reach Snowflake at 127.0.0.1:${deadPort}`);
    expect(err.hint).toContain("connection 'dead'");
  });

  it('closes its session on the server when closed, and refuses statements after', async () => {
    const logins = () => [...server.log().matchAll(/session (\d+): ALICE logged in/g)].map((m) => m[1]);
    const before = logins().length;
    const c = client('emu');
    await c.execute('SHOW DATABASES');
    await server.waitFor(new RegExp(`(session \\d+: ALICE logged in[\\s\\S]*){${before + 1}}`));
    const ids = logins();
    await c.close();
    await c.close();
    await server.waitFor(new RegExp(`session ${ids.at(-1)}: closed`));
    await expect(c.execute('SHOW DATABASES')).rejects.toThrow(/closed/);
  });
});

describe('session expiry', () => {
  let short: Served;
  let shortHome: string;
  beforeAll(async () => {
    shortHome = tempDir('wire-short');
    short = await serve(shortHome, ['--session-ttl', '1', '--master-ttl', '30']);
    writeConnections(sfHome, [wireSection('emu', server.port), wireSection('short', short.port)].join('\n'));
  });
  afterAll(async () => {
    await short?.stop();
    rmSync(shortHome, { recursive: true, force: true });
  });

  it('renews an expired session token once and the statement succeeds', async () => {
    const c = client('short');
    await c.execute('CREATE DATABASE RENEW_DB');
    await new Promise((r) => setTimeout(r, 1500));
    // A write: the driver renews the token with the master token, and the statement runs once.
    await c.execute('CREATE SCHEMA RENEW_DB.AFTER_RENEWAL');
    await short.waitFor(/session \d+: session token renewed/);
    const schemas = await c.execute('SHOW SCHEMAS IN DATABASE RENEW_DB');
    expect(schemas.rows.filter((r) => r.name === 'AFTER_RENEWAL')).toHaveLength(1);
  });
});

describe('login expiry', () => {
  let short: Served;
  let shortHome: string;
  beforeAll(async () => {
    shortHome = tempDir('wire-master');
    short = await serve(shortHome, ['--session-ttl', '1', '--master-ttl', '1']);
    writeConnections(sfHome, [wireSection('emu', server.port), wireSection('master', short.port)].join('\n'));
  });
  afterAll(async () => {
    await short?.stop();
    rmSync(shortHome, { recursive: true, force: true });
  });

  const logins = () => (short.log().match(/logged in/g) ?? []).length;

  it('logs in again once and repeats a read', async () => {
    const c = client('master');
    await c.execute('SHOW DATABASES');
    await short.waitFor(/logged in/);
    await new Promise((r) => setTimeout(r, 1500));
    const again = await c.execute('SHOW DATABASES');
    expect(again.columns[1].name).toBe('name');
    await short.waitFor(/logged in[\s\S]*logged in/);
    expect(logins()).toBe(2);
  });

  it('logs in again but does not repeat a write, and says so', async () => {
    const c = client('master');
    await c.execute('SHOW DATABASES');
    await new Promise((r) => setTimeout(r, 1500));
    const err = await failure(c.execute('CREATE DATABASE NOT_REPEATED'));
    expect(err.message).toContain('did not repeat the statement');
    expect(err.snowflakeCode).toBeTruthy();
    // The new session works, and the refused write did not run.
    const dbs = await c.execute("SHOW DATABASES LIKE 'NOT_REPEATED'");
    expect(dbs.rows).toHaveLength(0);
  });
});
