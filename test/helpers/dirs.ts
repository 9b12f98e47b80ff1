/** Temporary folders and the built CLI, for tests that run real processes on a fresh home. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The built `snowops` (node dist/src/cli.js); `npm test` builds it first. */
export const BIN = join(ROOT, 'dist', 'src', 'cli.js');

/** BIN, or an error saying how to build it. */
export function builtCli(): string {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm test does).`);
  return BIN;
}

/** A new empty folder under the system's temporary folder. */
export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
