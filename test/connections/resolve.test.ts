import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listConnections, maskOptions, resolveConnection } from '../../src/config/connections.js';
import { SnowopsError } from '../../src/errors.js';

let home: string;
let warnings: string[];
const warn = (line: string) => warnings.push(line);

function write(name: string, text: string, mode = 0o600): string {
  const file = join(home, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

function resolve(env: Record<string, string> = {}, name?: string) {
  return resolveConnection({ name, env: { SNOWFLAKE_HOME: home, ...env }, warn });
}

function thrown(fn: () => unknown): SnowopsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SnowopsError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'snowops-conn-'));
  warnings = [];
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const CONNECTIONS = `
[default]
account = "acme-default"
user = "alice"
password = "s3cret"

[dev]
account = "acme-dev"
user = "bob"
authenticator = "SNOWFLAKE_JWT"
private_key_file = "/keys/rsa_key.p8"
private_key_file_pwd = "keypass"
port = 8443
`;

describe('connection names', () => {
  it('uses connections.toml [NAME] before config.toml [connections.NAME]', () => {
    const file = write('connections.toml', CONNECTIONS);
    write('config.toml', '[connections.dev]\naccount = "from-config"\n[connections.cfg]\naccount = "only-config"\n');
    const dev = resolve({}, 'dev');
    expect(dev).toMatchObject({ kind: 'snowflake', name: 'dev', file, options: { account: 'acme-dev' } });
    // aliases and numbers come through as the CLI's keys, as strings
    expect(dev.kind === 'snowflake' && dev.options).toMatchObject({
      private_key_file: '/keys/rsa_key.p8',
      private_key_passphrase: 'keypass',
      port: '8443',
    });
    const cfg = resolve({}, 'cfg');
    expect(cfg).toMatchObject({ name: 'cfg', file: join(home, 'config.toml'), options: { account: 'only-config' } });
  });

  it('takes the default name from SNOWFLAKE_DEFAULT_CONNECTION_NAME, then default_connection_name, then default', () => {
    write('connections.toml', CONNECTIONS);
    expect(resolve()).toMatchObject({ name: 'default', options: { account: 'acme-default' } });
    write('config.toml', 'default_connection_name = "dev"\n');
    expect(resolve()).toMatchObject({ name: 'dev' });
    expect(resolve({ SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'default' })).toMatchObject({ name: 'default' });
    // set but empty counts as unset
    expect(resolve({ SNOWFLAKE_DEFAULT_CONNECTION_NAME: '' })).toMatchObject({ name: 'dev' });
  });

  it('prefers --connection over SNOWOPS_CONNECTION over the default', () => {
    write('connections.toml', CONNECTIONS);
    expect(resolve({ SNOWOPS_CONNECTION: 'dev' })).toMatchObject({ name: 'dev' });
    expect(resolve({ SNOWOPS_CONNECTION: 'dev' }, 'default')).toMatchObject({ name: 'default' });
    expect(resolve({ SNOWOPS_CONNECTION: '' })).toMatchObject({ name: 'default' });
  });

  it('treats local as the embedded emulator even when the files define connections', () => {
    write('connections.toml', CONNECTIONS);
    expect(resolve({}, 'local')).toEqual({ kind: 'local', name: 'local' });
    expect(resolve({ SNOWOPS_CONNECTION: 'local' })).toEqual({ kind: 'local', name: 'local' });
    expect(warnings).toEqual([]);
  });

  it('falls back to local with one line listing what it found when there is no default', () => {
    write('connections.toml', '[dev]\naccount = "a"\n[prod]\naccount = "b"\n');
    expect(resolve()).toEqual({ kind: 'local', name: 'local' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("no connection 'default'");
    expect(warnings[0]).toContain('dev, prod');
  });

  it('falls back to local when there are no files at all', () => {
    expect(resolve()).toEqual({ kind: 'local', name: 'local' });
    expect(warnings[0]).toContain(home);
  });

  it('refuses a named connection that does not exist instead of falling back', () => {
    write('connections.toml', CONNECTIONS);
    const err = thrown(() => resolve({}, 'prod'));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain("Connection 'prod' not found");
    expect(err.hint).toContain('dev');
    expect(thrown(() => resolve({ SNOWOPS_CONNECTION: 'nope' })).message).toContain("'nope'");
  });

  it('refuses a connection without an account', () => {
    write('connections.toml', '[bare]\nuser = "x"\n');
    const err = thrown(() => resolve({}, 'bare'));
    expect(err.message).toContain("Connection 'bare'");
    expect(err.hint).toContain('SNOWFLAKE_ACCOUNT');
  });

  it('reports TOML syntax errors with the file and line', () => {
    const file = write('connections.toml', '[default]\naccount = "x"\nuser = \n');
    const err = thrown(() => resolve());
    expect(err.message).toContain(file);
    expect(err.message).toContain('line 3');
  });
});

describe('environment variables', () => {
  it('override the file, key by key, and set-but-empty counts as unset', () => {
    write('connections.toml', CONNECTIONS);
    const conn = resolve({ SNOWFLAKE_USER: 'carol', SNOWFLAKE_ROLE: 'SYSADMIN', SNOWFLAKE_PASSWORD: '' });
    expect(conn).toMatchObject({
      name: 'default',
      options: { account: 'acme-default', user: 'carol', role: 'SYSADMIN', password: 's3cret' },
      envOverrides: ['SNOWFLAKE_USER', 'SNOWFLAKE_ROLE'],
    });
  });

  it('SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> override the file and SNOWFLAKE_<KEY> for that connection only', () => {
    write('connections.toml', CONNECTIONS);
    const env = {
      SNOWFLAKE_USER: 'carol',
      SNOWFLAKE_CONNECTIONS_DEV_USER: 'dave',
      SNOWFLAKE_CONNECTIONS_DEV_PRIVATE_KEY_PASSPHRASE: 'fromenv',
      SNOWFLAKE_CONNECTIONS_DEFAULT_PASSWORD: '',
    };
    expect(resolve(env, 'dev')).toMatchObject({
      name: 'dev',
      options: { account: 'acme-dev', user: 'dave', private_key_passphrase: 'fromenv' },
      envOverrides: [
        'SNOWFLAKE_USER',
        'SNOWFLAKE_CONNECTIONS_DEV_USER',
        'SNOWFLAKE_CONNECTIONS_DEV_PRIVATE_KEY_PASSPHRASE',
      ],
    });
    // Another connection's variables do not apply; set-but-empty counts as unset.
    expect(resolve(env)).toMatchObject({
      name: 'default',
      options: { user: 'carol', password: 's3cret' },
      envOverrides: ['SNOWFLAKE_USER'],
    });
    const listed = listConnections({ env: { SNOWFLAKE_HOME: home, ...env }, warn });
    expect(listed.find((c) => c.name === 'dev')?.options.user).toBe('dave');
    expect(listed.find((c) => c.name === 'default')?.options.user).toBe('carol');
  });

  it('give way to a role chosen for one run', () => {
    write('connections.toml', CONNECTIONS);
    const conn = resolveConnection({
      env: { SNOWFLAKE_HOME: home, SNOWFLAKE_ROLE: 'SYSADMIN' },
      warn,
      role: 'ANALYST',
    });
    expect(conn).toMatchObject({ name: 'default', options: { role: 'ANALYST' } });
  });

  it('carry a role chosen for one run to the emulator too, and refuse a role that is no name', () => {
    expect(resolveConnection({ name: 'local', env: { SNOWFLAKE_HOME: home }, warn, role: 'ops' })).toEqual({
      kind: 'local',
      name: 'local',
      role: 'ops',
    });
    expect(resolveConnection({ name: 'local', env: { SNOWFLAKE_HOME: home }, warn })).toEqual({
      kind: 'local',
      name: 'local',
    });
    const blank = thrown(() => resolveConnection({ name: 'local', env: { SNOWFLAKE_HOME: home }, warn, role: ' ' }));
    expect(blank).toMatchObject({ code: 'invalid_input', message: 'The role given with --role is empty.' });
  });

  it('make the env connection on their own', () => {
    write('connections.toml', CONNECTIONS);
    const conn = resolve(
      {
        SNOWFLAKE_ACCOUNT: 'envacct',
        SNOWFLAKE_USER: 'u',
        SNOWFLAKE_TOKEN: 'tok',
        SNOWFLAKE_AUTHENTICATOR: 'OAUTH',
        SNOWFLAKE_HOST: '127.0.0.1',
        SNOWFLAKE_PORT: '9000',
        SNOWFLAKE_PROTOCOL: 'http',
      },
      'env',
    );
    expect(conn).toEqual({
      kind: 'snowflake',
      name: 'env',
      file: null,
      envOverrides: expect.arrayContaining(['SNOWFLAKE_ACCOUNT', 'SNOWFLAKE_TOKEN']),
      options: {
        account: 'envacct',
        user: 'u',
        token: 'tok',
        authenticator: 'OAUTH',
        host: '127.0.0.1',
        port: '9000',
        protocol: 'http',
      },
    });
    expect(thrown(() => resolve({}, 'env')).hint).toContain('SNOWFLAKE_ACCOUNT');
  });

  it('reject a port that is not a number', () => {
    write('connections.toml', CONNECTIONS);
    expect(thrown(() => resolve({ SNOWFLAKE_PORT: 'eighty' })).message).toContain(
      "port must be a number, got 'eighty'",
    );
  });
});

describe('file permissions', () => {
  it('refuses connections.toml writable by others, naming the file and the chmod', () => {
    const file = write('connections.toml', CONNECTIONS, 0o666);
    const err = thrown(() => resolve());
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain(file);
    expect(err.message).toContain('writable by other users');
    expect(err.hint).toBe(`Run: chmod 600 ${file}`);
  });

  it('refuses config.toml writable by its group too', () => {
    const file = write('config.toml', 'default_connection_name = "x"\n', 0o620);
    expect(thrown(() => resolve()).hint).toBe(`Run: chmod 600 ${file}`);
  });

  it('warns about a file others can read and still uses it', () => {
    const file = write('connections.toml', CONNECTIONS, 0o644);
    expect(resolve()).toMatchObject({ name: 'default' });
    expect(warnings).toEqual([expect.stringContaining(`${file} is readable by other users`)]);
    expect(warnings[0]).toContain(`chmod 600 ${file}`);
  });
});

describe('listing and masking', () => {
  it('lists connections with their source, the default marked and secrets masked', () => {
    const file = write('connections.toml', CONNECTIONS);
    write('config.toml', 'default_connection_name = "dev"\n[connections.cfg]\naccount = "c"\ntoken = "t0k"\n');
    const list = listConnections({ env: { SNOWFLAKE_HOME: home }, warn });
    expect(list.map((c) => [c.name, c.isDefault])).toEqual([
      ['default', false],
      ['dev', true],
      ['cfg', false],
      ['local', false],
    ]);
    expect(list[0]).toMatchObject({ source: file, options: { password: '********', user: 'alice' } });
    expect(list[2].options.token).toBe('********');
    expect(JSON.stringify(list)).not.toMatch(/s3cret|keypass|t0k/);
  });

  it('marks local as the default when the default connection is missing', () => {
    write('connections.toml', '[dev]\naccount = "a"\n');
    const list = listConnections({ env: { SNOWFLAKE_HOME: home, SNOWFLAKE_ACCOUNT: 'e' }, warn });
    expect(list.map((c) => [c.name, c.isDefault])).toEqual([
      ['dev', false],
      ['env', false],
      ['local', true],
    ]);
  });

  it('masks every secret key', () => {
    expect(maskOptions({ account: 'a', password: 'p', token: 't', private_key_passphrase: 'k' })).toEqual({
      account: 'a',
      password: '********',
      token: '********',
      private_key_passphrase: '********',
    });
  });
});
