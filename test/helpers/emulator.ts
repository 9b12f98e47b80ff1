/** Reading what processes under test left in a home: its emulator file, from a client of this process. */
import { createEmulatorClient } from '../../src/client/emulator.js';

/** Rows of one statement on the home's emulator (the same SQLite file the processes use). */
export async function query(home: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = createEmulatorClient({ home, latencyMs: 0 });
  try {
    return (await client.execute(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.close();
  }
}
