/**
 * Runbook tests drive the built `snowops` (node dist/src/cli.js) as separate processes on a
 * fresh SNOWOPS_HOME, and look at what happened through the emulator's file and the run store.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore, type RunRecord } from '../../src/runbooks/store.js';
import { freshHomes, type Run, snowops } from '../cli/process.js';
import { freshDir, query } from '../helpers/home.js';

export { freshHomes, query, type Run, snowops };

export type Homes = ReturnType<typeof freshHomes>;

/** Small provisioning times, so container services come up within a test. */
export const FAST = { SNOWOPS_EMULATOR_PROVISION_SECONDS: '1' };

export function runbook(homes: Homes, args: string[], options: { env?: Record<string, string> } = {}): Promise<Run> {
  return snowops(['runbook', ...args], homes, { env: { ...FAST, ...options.env } });
}

/** A folder with these runbook files (name -> YAML text). */
export function runbookDir(files: Record<string, string>): string {
  const dir = freshDir('snowops-runbooks-');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export async function names(home: string, sql: string): Promise<string[]> {
  return (await query(home, sql)).map((r) => String(r.name));
}

/** The stored run, as a later `--resume` would read it. */
export function storedRun(home: string, id: string): RunRecord {
  const store = openRunStore(home);
  try {
    return store.get(id);
  } finally {
    store.close();
  }
}

export interface Summary {
  status: string;
  run_id: string;
  runbook: string;
  params: Record<string, unknown>;
  steps: {
    id: string;
    status: string;
    earlier?: boolean;
    summary?: string;
    error?: { code: string; message: string };
  }[];
  resume?: string;
}

export const summary = (run: Run) => run.json as unknown as Summary;
