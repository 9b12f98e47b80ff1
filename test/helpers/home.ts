/**
 * Tests that run real processes on a fresh home: temporary folders, the built CLI, the
 * environment a child gets, and reading what the processes left in the home's emulator.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEmulatorClient } from '../../src/client/emulator.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The built `snowops` (node dist/src/cli.js); `npm test` builds it first. */
export const BIN = join(ROOT, 'dist', 'src', 'cli.js');

/** BIN, or an error saying how to build it. */
export function builtCli(): string {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm test does).`);
  return BIN;
}

/**
 * What a `snowops` child process gets on `home`: PATH from this process and nothing else, no
 * Snowflake connections file, and quick provisioning of container services.
 */
export function childEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    SNOWOPS_HOME: home,
    SNOWFLAKE_HOME: join(home, 'no-snowflake-config'),
    SNOWOPS_EMULATOR_PROVISION_SECONDS: '1',
  };
}

/** A new empty folder under the system's temporary folder. */
export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Rows of one statement on the home's emulator (the same SQLite file the processes use). */
export async function query(home: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = createEmulatorClient({ home, latencyMs: 0 });
  try {
    return (await client.execute(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.close();
  }
}
