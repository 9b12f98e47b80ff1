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
