/**
 * The generic catalog: every emulated object is one row of `objects`, keyed by kind, database,
 * schema and name (stored names, exact and case-sensitive), with its properties as JSON.
 * Kind modules keep whatever else they need (table rows, task history) in tables of their own.
 */
import type Database from 'better-sqlite3';

export interface CatalogObject<P = object> {
  id: number;
  kind: string;
  /** null for account objects (databases, warehouses, compute pools). */
  database: string | null;
  /** null for account objects and schemas. */
  schema: string | null;
  name: string;
  createdOn: Date;
  props: P;
}

interface ObjectRow {
  id: number;
  kind: string;
  database: string;
  schema: string;
  name: string;
  created_on: number;
  props: string;
}

export const CATALOG_DDL = `
CREATE TABLE IF NOT EXISTS objects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  database TEXT NOT NULL DEFAULT '',
  schema TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  created_on INTEGER NOT NULL,
  props TEXT NOT NULL DEFAULT '{}',
  UNIQUE (kind, database, schema, name)
);
CREATE INDEX IF NOT EXISTS objects_container ON objects (database, schema);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

function toObject<P>(r: ObjectRow): CatalogObject<P> {
  return {
    id: r.id,
    kind: r.kind,
    database: r.database === '' ? null : r.database,
    schema: r.schema === '' ? null : r.schema,
    name: r.name,
    createdOn: new Date(r.created_on),
    props: JSON.parse(r.props) as P,
  };
}

export interface ObjectKey {
  kind: string;
  database?: string | null;
  schema?: string | null;
  name: string;
}

export class Catalog {
  constructor(readonly db: Database.Database) {}

  get<P = object>(key: ObjectKey): CatalogObject<P> | undefined {
    const r = this.db
      .prepare('SELECT * FROM objects WHERE kind = ? AND database = ? AND schema = ? AND name = ?')
      .get(key.kind, key.database ?? '', key.schema ?? '', key.name) as ObjectRow | undefined;
    return r ? toObject<P>(r) : undefined;
  }

  byId<P = object>(id: number): CatalogObject<P> | undefined {
    const r = this.db.prepare('SELECT * FROM objects WHERE id = ?').get(id) as ObjectRow | undefined;
    return r ? toObject<P>(r) : undefined;
  }

  /** Inserts an object and returns it with its id. */
  insert<P>(key: ObjectKey, props: P, createdOn: Date): CatalogObject<P> {
    const info = this.db
      .prepare('INSERT INTO objects (kind, database, schema, name, created_on, props) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key.kind, key.database ?? '', key.schema ?? '', key.name, createdOn.getTime(), JSON.stringify(props));
    return this.byId<P>(Number(info.lastInsertRowid))!;
  }

  /** Replaces an object's properties. */
  update<P>(obj: CatalogObject<P>, props: P): CatalogObject<P> {
    this.db.prepare('UPDATE objects SET props = ? WHERE id = ?').run(JSON.stringify(props), obj.id);
    return { ...obj, props };
  }

  rename(obj: CatalogObject<unknown>, name: string): void {
    this.db.prepare('UPDATE objects SET name = ? WHERE id = ?').run(name, obj.id);
  }

  /** Removes one catalog row (kind modules clean up their own storage; see Registry.dropObject). */
  remove(obj: CatalogObject<unknown>): void {
    this.db.prepare('DELETE FROM objects WHERE id = ?').run(obj.id);
  }

  /**
   * Objects of a kind, optionally within a database or schema, ordered as SHOW orders them:
   * by database, schema, then name (binary order, as Snowflake compares names).
   */
  list<P = object>(kind: string, where: { database?: string; schema?: string } = {}): CatalogObject<P>[] {
    let sql = 'SELECT * FROM objects WHERE kind = ?';
    const args: string[] = [kind];
    if (where.database !== undefined) {
      sql += ' AND database = ?';
      args.push(where.database);
    }
    if (where.schema !== undefined) {
      sql += ' AND schema = ?';
      args.push(where.schema);
    }
    sql += ' ORDER BY database, schema, name';
    return (this.db.prepare(sql).all(...args) as ObjectRow[]).map((r) => toObject<P>(r));
  }

  /** Everything inside a database (or one schema of it), any kind, deepest first. */
  contents(database: string, schema?: string): CatalogObject[] {
    const rows =
      schema === undefined
        ? this.db.prepare("SELECT * FROM objects WHERE database = ? ORDER BY schema = '' , id DESC").all(database)
        : this.db
            .prepare('SELECT * FROM objects WHERE database = ? AND schema = ? ORDER BY id DESC')
            .all(database, schema);
    return (rows as ObjectRow[]).map((r) => toObject(r));
  }

  getMeta(key: string): string | undefined {
    const r = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
