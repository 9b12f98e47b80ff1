/**
 * SNOWOPS_HOME: where snowops keeps its local state (the emulator's SQLite file, the token key,
 * spent tokens, the audit log, the policy file). `SNOWOPS_HOME` if set and not empty, else
 * ~/.snowops. Created private (mode 700) on first use.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SnowopsError } from '../errors.js';

/** An environment variable that is set but empty counts as unset. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * The policy file a command uses: --policy, else SNOWOPS_POLICY; undefined means the default
 * $SNOWOPS_HOME/snowops.toml. Every command reads it this way, so a shell and a server agree.
 */
export function policyFile(env: NodeJS.ProcessEnv, flag: string | undefined): string | undefined {
  return flag ?? envValue(env, 'SNOWOPS_POLICY');
}

/** The absolute path of SNOWOPS_HOME; does not touch the file system. */
export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = envValue(env, 'SNOWOPS_HOME');
  return fromEnv ? resolve(fromEnv) : join(homedir(), '.snowops');
}

/** Creates the directory (and its parents) if missing, mode 700, and returns it. */
export function ensureHome(home: string): string {
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new SnowopsError('internal', `Cannot create the snowops home directory ${home}: ${String(cause)}`, {
      hint: 'Set SNOWOPS_HOME to a directory you can write to.',
      cause,
    });
  }
  return home;
}
