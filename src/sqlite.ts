/**
 * Opens SQLite files (the emulator, spent tokens, the audit log, runbook runs). The native
 * better-sqlite3 addon loads with the first open, not at import: a server answering an MCP
 * client's first requests (initialize, tools/list) does not pay the ~13 ms it costs.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;

let Database: typeof BetterSqlite3 | undefined;

export function openSqlite(path: string, options?: BetterSqlite3.Options): SqliteDatabase {
  Database ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  return new Database(path, options);
}

/**
 * Opens a file that several snowops processes write (WAL, waiting up to `busyTimeoutMs` for
 * another writer). Switching a new file to WAL takes an exclusive lock, and SQLite answers that
 * pragma SQLITE_BUSY at once, without waiting, while another process is opening the same new
 * file: so the switch is retried until the timeout.
 */
export function openShared(path: string, busyTimeoutMs: number): SqliteDatabase {
  const db = openSqlite(path);
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const deadline = Date.now() + busyTimeoutMs;
    for (;;) {
      try {
        db.pragma('journal_mode = WAL');
        return db;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw e;
        sleep(10);
      }
    }
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Blocks this thread: opening a database is synchronous, like the rest of better-sqlite3. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
