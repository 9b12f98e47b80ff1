import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { createEmulatorClient, type EmulatorClientOptions } from '../../src/client/emulator.js';
import { isSnowopsError, type SnowopsError } from '../../src/errors.js';
import { freshDir } from '../helpers/home.js';

const homes: string[] = [];
const clients: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

/** A fresh SNOWOPS_HOME, removed after the test. */
export function tempHome(): string {
  const home = freshDir('snowops-emu-');
  homes.push(home);
  return home;
}

/** An emulator client on a fresh (or given) home, closed after the test. */
export function client(opts: Partial<EmulatorClientOptions> = {}) {
  const c = createEmulatorClient({ home: opts.home ?? tempHome(), provisionSeconds: 0, ...opts });
  clients.push(c);
  return c;
}

/** The SnowopsError a promise rejects with (fails the test when it resolves). */
export async function failure(p: Promise<unknown>): Promise<SnowopsError> {
  try {
    await p;
  } catch (e) {
    if (isSnowopsError(e)) return e;
    throw e;
  }
  throw new Error('expected the statement to fail');
}
