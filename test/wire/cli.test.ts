/**
 * snowops itself as a Snowflake client: `snowops call --connection NAME` and `snowops connections`
 * against `snowops emulator serve`, configured only by a connections.toml in a temporary
 * SNOWFLAKE_HOME. Also: a call on the embedded emulator never loads snowflake-sdk.
 */
import { chmodSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Served, serve, snowops, tempDir, wireSection, writeConnections } from './helpers.js';

let served: Served;
let serverHome: string;
let cliHome: string;
let sfHome: string;
let connectionsFile: string;
let probe: string;

/** The environment of a CLI run: its own SNOWOPS_HOME, the test's SNOWFLAKE_HOME. */
const env = (extra: Record<string, string> = {}) => ({ SNOWOPS_HOME: cliHome, SNOWFLAKE_HOME: sfHome, ...extra });

const call = (tool: string, args: unknown, ...flags: string[]) =>
  snowops(['call', tool, JSON.stringify(args), ...flags], env());

beforeAll(async () => {
  serverHome = tempDir('cli-server');
  cliHome = tempDir('cli-home');
  sfHome = tempDir('cli-sf');
  served = await serve(serverHome);
  connectionsFile = writeConnections(
    sfHome,
    [wireSection('emu', served.port, { password: 's3cret-pw' }), '[other]\naccount = "acme-prod"\nuser = "bob"\n'].join(
      '\n',
    ),
  );
  // Reports at exit whether the process ever loaded snowflake-sdk (CommonJS, so in require.cache).
  probe = join(sfHome, 'probe.mjs');
  writeFileSync(
    probe,
    `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const loaded = Object.keys(cache).some((k) => k.includes('/node_modules/snowflake-sdk/'));
  process.stderr.write('probe: snowflake-sdk loaded=' + loaded + '\\n');
});
`,
  );
});

afterAll(async () => {
  await served?.stop();
  for (const d of [serverHome, cliHome, sfHome]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('snowops call --connection NAME through the wire server', () => {
  it('creates and lists through the real driver, in the home the server was started with', async () => {
    const created = await call('create_database', { name: 'cli_wire_db' }, '--connection', 'emu');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).status).toBe('done');

    const listed = await call('list_objects', { kind: 'database', like: 'CLI_WIRE%' }, '--connection', 'emu');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).objects.map((o: { name: string }) => o.name)).toEqual(['CLI_WIRE_DB']);

    // The server's SNOWOPS_HOME holds it; the CLI's own local emulator does not.
    const direct = await snowops(
      ['call', 'list_objects', JSON.stringify({ kind: 'database', like: 'CLI_WIRE%' }), '--connection', 'local'],
      env({ SNOWOPS_HOME: serverHome }),
    );
    expect(JSON.parse(direct.stdout).objects).toHaveLength(1);
    const mine = await call('list_objects', { kind: 'database', like: 'CLI_WIRE%' }, '--connection', 'local');
    expect(JSON.parse(mine.stdout).objects).toHaveLength(0);
  });

  it('takes the connection from SNOWOPS_CONNECTION too', async () => {
    const r = await snowops(
      ['call', 'list_objects', JSON.stringify({ kind: 'database', like: 'CLI_WIRE%' })],
      env({ SNOWOPS_CONNECTION: 'emu' }),
    );
    expect(JSON.parse(r.stdout).objects).toHaveLength(1);
  });

  it("reports Snowflake's error code and message with exit code 1", async () => {
    const r = await call('run_sql', { sql: 'SHOW SCHEMAS IN DATABASE NO_SUCH_DB' }, '--connection', 'emu');
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({ code: 'not_found', snowflake_code: '002003', sql_state: '02000' });
    expect(error.message).toContain("Database 'NO_SUCH_DB' does not exist or not authorized.");
    expect(error.query_id).toMatch(/^01/);
  });

  it('--role overrides the role for one run, over SNOWFLAKE_ROLE, on Snowflake and on the embedded emulator', async () => {
    const role = async (env: Record<string, string>, ...flags: string[]) => {
      const sql = JSON.stringify({ sql: 'SELECT CURRENT_ROLE() AS R' });
      const r = await snowops(['call', 'run_sql', sql, ...flags], { ...env });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).rows[0].R;
    };
    expect(await role(env(), '--connection', 'emu')).toBe('ACCOUNTADMIN');
    expect(await role(env({ SNOWFLAKE_ROLE: 'ANALYST' }), '--connection', 'emu')).toBe('ANALYST');
    expect(await role(env({ SNOWFLAKE_ROLE: 'ANALYST' }), '--connection', 'emu', '--role', 'sysadmin')).toBe(
      'SYSADMIN',
    );
    expect(await role(env(), '--connection', 'local', '--role', 'ops_role')).toBe('OPS_ROLE');
    const blank = await call('list_objects', { kind: 'database' }, '--connection', 'emu', '--role', '');
    expect(blank.code).toBe(2);
    expect(JSON.parse(blank.stdout).error.message).toBe('The role given with --role is empty.');
  });

  it('refuses a connection that does not exist, naming it, and runs nothing', async () => {
    const r = await call('list_objects', { kind: 'database' }, '--connection', 'nope');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toContain("Connection 'nope' not found");
  });

  it('loads snowflake-sdk only for a Snowflake connection', async () => {
    const args = ['call', 'list_objects', JSON.stringify({ kind: 'database' })];
    const local = await snowops([...args, '--connection', 'local'], env(), ['--import', probe]);
    expect(local.code).toBe(0);
    expect(local.stderr).toContain('probe: snowflake-sdk loaded=false');
    const wire = await snowops([...args, '--connection', 'emu'], env(), ['--import', probe]);
    expect(wire.code).toBe(0);
    expect(wire.stderr).toContain('probe: snowflake-sdk loaded=true');
  });

  it('keeps the driver off stdout and out of the working directory', async () => {
    const cwd = tempDir('cli-cwd');
    try {
      const r = await snowops(
        ['call', 'list_objects', JSON.stringify({ kind: 'warehouse' }), '--connection', 'emu'],
        env(),
        [],
        cwd,
      );
      expect(JSON.parse(r.stdout).objects.length).toBeGreaterThan(0);
      expect(r.stderr).toBe('');
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('snowops connections', () => {
  it('lists the connections with their file, the default and no secrets', async () => {
    const r = await snowops(['connections'], env({ SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'emu' }));
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/NAME\s+SOURCE\s+ACCOUNT\s+USER\s+HOST/);
    expect(lines.find((l) => l.includes(' emu '))).toMatch(
      new RegExp(`^\\*\\s+emu\\s+${connectionsFile}\\s+local\\s+alice\\s+http://127.0.0.1:${served.port}$`),
    );
    expect(lines.find((l) => l.includes(' other '))).toMatch(/^\s+other\s+\S+\s+acme-prod\s+bob$/);
    expect(lines.at(-1)).toMatch(/^\s+local\s+embedded emulator$/);
    expect(r.stdout).not.toContain('s3cret-pw');

    const json = await snowops(['connections', '--json'], env());
    const list = JSON.parse(json.stdout);
    expect(list.find((c: { name: string }) => c.name === 'emu').options.password).toBe('********');
    // No default connection named "default": local is the default.
    expect(list.find((c: { isDefault: boolean }) => c.isDefault).name).toBe('local');
  });

  it('tests a connection by logging in and asking who and where it is', async () => {
    const r = await snowops(['connections', 'test', 'emu'], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      connection: 'emu',
      backend: 'snowflake',
      source: connectionsFile,
      endpoint: `http://127.0.0.1:${served.port}`,
      account: expect.any(String),
      role: 'ACCOUNTADMIN',
      warehouse: 'COMPUTE_WH',
      query_id: expect.stringMatching(/^01/),
    });
    // The same question answered in-process by the embedded emulator: the same account.
    const local = await snowops(['connections', 'test', 'local'], env({ SNOWOPS_HOME: serverHome }));
    expect(JSON.parse(local.stdout)).toMatchObject({
      backend: 'emulator',
      account: JSON.parse(r.stdout).account,
    });
  });

  it('reports a failed test with the login error and exit code 1', async () => {
    const dir = tempDir('cli-badpw');
    const guardedHome = tempDir('cli-guarded');
    const guarded = await serve(guardedHome, ['--user', 'ALICE', '--password', 'right']);
    try {
      writeConnections(dir, wireSection('guarded', guarded.port, { password: 'wrong' }));
      const r = await snowops(['connections', 'test', 'guarded'], env({ SNOWFLAKE_HOME: dir }));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Login to 127.0.0.1:${guarded.port} as alice failed: Incorrect username or password`);
    } finally {
      await guarded.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(guardedHome, { recursive: true, force: true });
    }
  });

  it('refuses a connections.toml others can write, with the chmod that fixes it', async () => {
    const dir = tempDir('cli-perm');
    try {
      const file = writeConnections(dir, wireSection('emu', served.port));
      chmodSync(file, 0o666);
      const r = await snowops(['connections'], env({ SNOWFLAKE_HOME: dir }));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`Refusing to read ${file}`);
      expect(r.stderr).toContain(`chmod 600 ${file}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
