/**
 * Key-pair (encrypted keys too), OAuth and programmatic access token logins: connections.toml
 * entries go through the resolver and the real driver to `snowops emulator serve`, which
 * accepts these without verifying them and logs how each login authenticated.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakeClient } from '../../src/client/snowflake.js';
import { resolveConnection } from '../../src/config/connections.js';
import { SnowopsError } from '../../src/errors.js';
import { type Served, serve, tempDir, writeConnections } from './helpers.js';

let served: Served;
let home: string;
let sfHome: string;

function privateFile(name: string, text: string): string {
  const file = join(sfHome, name);
  writeFileSync(file, text);
  chmodSync(file, 0o600);
  return file;
}

beforeAll(async () => {
  home = tempDir('auth-home');
  sfHome = tempDir('auth-sf');
  served = await serve(home, ['--user', 'ALICE', '--password', 'pw']);
  const keys = (passphrase?: string) =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: passphrase
        ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }
        : { type: 'pkcs8', format: 'pem' },
    }).privateKey;
  const plainKey = privateFile('rsa_key.p8', keys());
  const encryptedKey = privateFile('rsa_key_enc.p8', keys('key-pass'));
  const tokenFile = privateFile('token', 'pat-from-file');
  const at = `host = "127.0.0.1"\nport = ${served.port}\nprotocol = "http"\naccount = "local"\n`;
  writeConnections(
    sfHome,
    [
      `[keypair]\nuser = "bob"\nauthenticator = "SNOWFLAKE_JWT"\nprivate_key_file = "${plainKey}"\n${at}`,
      `[keypair_inferred]\nuser = "bob"\nprivate_key_path = "${plainKey}"\n${at}`,
      `[encrypted]\nuser = "bob"\nauthenticator = "SNOWFLAKE_JWT"\nprivate_key_file = "${encryptedKey}"\nprivate_key_file_pwd = "key-pass"\n${at}`,
      `[oauth]\nuser = "carol"\nauthenticator = "oauth"\ntoken = "oauth-access-token"\n${at}`,
      `[pat]\nuser = "dave"\nauthenticator = "PROGRAMMATIC_ACCESS_TOKEN"\ntoken_file_path = "${tokenFile}"\n${at}`,
    ].join('\n'),
  );
});

afterAll(async () => {
  await served?.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(sfHome, { recursive: true, force: true });
});

async function login(name: string, env: Record<string, string> = {}) {
  const conn = resolveConnection({ name, env: { SNOWFLAKE_HOME: sfHome, ...env }, warn: () => {} });
  if (conn.kind !== 'snowflake') throw new Error('expected a Snowflake connection');
  const client = createSnowflakeClient(conn);
  try {
    return await client.execute('SHOW DATABASES');
  } finally {
    await client.close();
  }
}

describe('authenticators passed through to the driver', () => {
  it.each([
    ['keypair', 'BOB', 'SNOWFLAKE_JWT'],
    ['keypair_inferred', 'BOB', 'SNOWFLAKE_JWT'],
    ['encrypted', 'BOB', 'SNOWFLAKE_JWT'],
    ['oauth', 'CAROL', 'OAUTH'],
    ['pat', 'DAVE', 'PROGRAMMATIC_ACCESS_TOKEN'],
  ])('%s logs in as %s with %s', async (name, user, authenticator) => {
    const before = served.log().length;
    const r = await login(name);
    expect(r.columns[1].name).toBe('name');
    await served.waitFor(new RegExp(`session \\d+: ${user} logged in \\(${authenticator}\\)`));
    expect(served.log().slice(before)).toContain(`${user} logged in (${authenticator})`);
  });

  it('refuses a missing key file, naming it', async () => {
    await expect(login('keypair', { SNOWFLAKE_PRIVATE_KEY_FILE: join(sfHome, 'missing.p8') })).rejects.toThrow(
      /missing\.p8/,
    );
  });

  it('reports a wrong key passphrase before anything reaches the server', async () => {
    const before = served.log();
    let error: unknown;
    try {
      await login('encrypted', { SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'wrong' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SnowopsError);
    expect((error as SnowopsError).message).toMatch(/^Cannot use the private key .*rsa_key_enc\.p8: .*bad decrypt/);
    expect((error as SnowopsError).hint).toContain('SNOWFLAKE_PRIVATE_KEY_PASSPHRASE');
    expect(served.log()).toBe(before);
  });
});
