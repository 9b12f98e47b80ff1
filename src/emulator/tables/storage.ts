/**
 * Where an emulated table's rows live: one real SQLite table per catalog object, named by the
 * object's id (`t_<id>`) so renames never move data. Columns keep their stored Snowflake names
 * and declare the canonical Snowflake type, which the query layer reads back to type results.
 */
import type Database from 'better-sqlite3';
import type { ColumnDef } from './columns.js';

export function storageName(id: number): string {
  return `t_${id}`;
}

export function sqliteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The declared type SQLite keeps (and reports back) for a canonical Snowflake type. */
export function declaredType(canonical: string): string {
  return canonical.startsWith('VECTOR') ? 'VECTOR' : canonical;
}

/** A column's DEFAULT in SQLite terms, from the text Snowflake shows. */
export function sqliteDefault(shown: string | null): string | null {
  if (shown === null) return null;
  const fn = /^([A-Z_]+)\(\d*\)$/.exec(shown)?.[1];
  if (fn) {
    if (fn === 'CURRENT_DATE') return "(date('now'))";
    if (fn === 'CURRENT_TIME' || fn === 'LOCALTIME') return "(strftime('%H:%M:%f', 'now'))";
    if (fn === 'CURRENT_USER' || fn === 'CURRENT_ROLE') return "('ACCOUNTADMIN')";
    return "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
  }
  if (/^(TRUE|FALSE)$/.test(shown)) return shown === 'TRUE' ? '1' : '0';
  if (shown.startsWith("'")) {
    // Snowflake's literal (backslash escapes) as a SQLite literal (quotes doubled only).
    const body = shown
      .slice(1, -1)
      .replace(/''/g, "'")
      .replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    return `'${body.replace(/'/g, "''")}'`;
  }
  return `(${shown})`;
}

function columnSql(c: ColumnDef): string {
  const def = sqliteDefault(c.default);
  return `${sqliteIdent(c.name)} ${declaredType(c.type)}${c.nullable ? '' : ' NOT NULL'}${def === null ? '' : ` DEFAULT ${def}`}`;
}

export function createStorage(db: Database.Database, id: number, columns: ColumnDef[]): void {
  db.exec(`CREATE TABLE ${sqliteIdent(storageName(id))} (${columns.map(columnSql).join(', ')})`);
}

/** New storage for `toId` holding a copy of every row of `fromId` (same columns). */
export function copyStorage(db: Database.Database, fromId: number, toId: number, columns: ColumnDef[]): void {
  createStorage(db, toId, columns);
  const list = columns.map((c) => sqliteIdent(c.name)).join(', ');
  db.exec(
    `INSERT INTO ${sqliteIdent(storageName(toId))} (${list}) SELECT ${list} FROM ${sqliteIdent(storageName(fromId))}`,
  );
}

export function dropStorage(db: Database.Database, id: number): void {
  db.exec(`DROP TABLE IF EXISTS ${sqliteIdent(storageName(id))}`);
}

export function rowCount(db: Database.Database, id: number): number {
  const r = db.prepare(`SELECT count(*) AS n FROM ${sqliteIdent(storageName(id))}`).get() as { n: number };
  return r.n;
}

/**
 * Rebuilds the storage with new columns, copying the values of the columns that survive.
 * `from` maps each new column name to the old column it takes its values from (renames);
 * columns without a source get their DEFAULT.
 */
export function rebuildStorage(
  db: Database.Database,
  id: number,
  columns: ColumnDef[],
  from: Map<string, string>,
): void {
  const name = storageName(id);
  const tmp = `${name}_rebuild`;
  db.exec(`CREATE TABLE ${sqliteIdent(tmp)} (${columns.map(columnSql).join(', ')})`);
  const kept = columns.filter((c) => from.has(c.name));
  if (kept.length) {
    db.exec(
      `INSERT INTO ${sqliteIdent(tmp)} (${kept.map((c) => sqliteIdent(c.name)).join(', ')}) ` +
        `SELECT ${kept.map((c) => sqliteIdent(from.get(c.name)!)).join(', ')} FROM ${sqliteIdent(name)}`,
    );
  }
  db.exec(`DROP TABLE ${sqliteIdent(name)}`);
  db.exec(`ALTER TABLE ${sqliteIdent(tmp)} RENAME TO ${sqliteIdent(name)}`);
}
