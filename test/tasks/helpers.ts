/** A real emulator engine on a temporary file, with a clock the test moves. */
import { join } from 'node:path';
import type { Row } from '../../src/client/types.js';
import { EmulatorSqlError, Engine } from '../../src/emulator/engine.js';
import { freshDir } from '../helpers/home.js';

export interface TestEngine {
  engine: Engine;
  path: string;
  clock: { now: Date };
  /** Runs one statement and returns its rows. */
  q(sql: string): Row[];
  /** Runs one statement that must fail; returns the error. */
  fail(sql: string): EmulatorSqlError;
  close(): void;
}

export function tempDir(prefix = 'snowops-tasks-'): string {
  return freshDir(prefix);
}

export function openEngine(path = join(tempDir(), 'emulator.sqlite'), start = '2024-01-01T09:00:00Z'): TestEngine {
  const clock = { now: new Date(start) };
  const engine = Engine.open({ path, now: () => clock.now });
  const session = engine.newSession();
  return {
    engine,
    path,
    clock,
    q: (sql) => engine.execute(sql, [], session).rows,
    fail(sql) {
      try {
        engine.execute(sql, [], session);
      } catch (e) {
        if (e instanceof EmulatorSqlError) return e;
        throw e;
      }
      throw new Error(`expected failure: ${sql}`);
    },
    close: () => engine.close(),
  };
}

export function minutesLater(t: TestEngine, minutes: number): void {
  t.clock.now = new Date(t.clock.now.getTime() + minutes * 60_000);
}

/** name -> state from SHOW TASKS. */
export function states(t: TestEngine, scope = 'D.S'): Record<string, string> {
  return Object.fromEntries(t.q(`SHOW TASKS IN SCHEMA ${scope}`).map((r) => [String(r.name), String(r.state)]));
}
