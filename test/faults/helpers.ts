/** What the fault tests share: reading a home's emulator state and checking the file itself. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEmulatorClient } from '../../src/client/emulator.js';
import type { Row } from '../../src/client/types.js';

/** Rows of one statement on the home's emulator, from a client of this process. */
export async function rows(home: string, sql: string): Promise<Row[]> {
  const client = createEmulatorClient({ home, latencyMs: 0 });
  try {
    return (await client.execute(sql)).rows;
  } finally {
    await client.close();
  }
}

/** SQLite's own check of the emulator file: 'ok' when no page or index is damaged. */
export function integrity(home: string): string {
  const db = new Database(join(home, 'emulator.sqlite'), { readonly: true });
  try {
    return String((db.pragma('integrity_check') as { integrity_check: string }[])[0]?.integrity_check);
  } finally {
    db.close();
  }
}
