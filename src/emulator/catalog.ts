/**
 * The generic catalog: every emulated object is one row of `objects`, keyed by kind, database,
 * schema and name (stored names, exact and case-sensitive), with its properties as JSON.
 * Kind modules keep whatever else they need (table rows, task history) in tables of their own.
 *
 * Dropped objects that Time Travel keeps move to `dropped_objects` with their ids (so a kind's
 * own state keyed by id, such as a table's rows, stays theirs): `objects` and its UNIQUE key
 * hold live objects only, so a name is free again once dropped. One DROP's rows share the
 * `drop_id` of the object it named (a database with its schemas, tables, ...), come back
 * together and expire together.
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
CREATE TABLE IF NOT EXISTS dropped_objects (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  database TEXT NOT NULL DEFAULT '',
  schema TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  created_on INTEGER NOT NULL,
  props TEXT NOT NULL DEFAULT '{}',
  dropped_on INTEGER NOT NULL,
  expires_on INTEGER NOT NULL,
  drop_id INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dropped_objects_by_name ON dropped_objects (kind, database, schema, name);
CREATE INDEX IF NOT EXISTS dropped_objects_by_drop ON dropped_objects (drop_id);
CREATE INDEX IF NOT EXISTS dropped_objects_by_expiry ON dropped_objects (expires_on);
`;

/** A dropped object Time Travel still keeps. */
export interface DroppedObject<P = object> extends CatalogObject<P> {
  droppedOn: Date;
}

interface DroppedRow extends ObjectRow {
  dropped_on: number;
  expires_on: number;
  drop_id: number;
}

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
  /** Once seen, `dropped_objects` stays (only a read-only file from before Time Travel lacks it). */
  private droppedTableSeen = false;

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

  /**
   * Moves objects from `objects` to `dropped_objects` as one drop (`root` is the object the
   * DROP named), kept until `expiresOn`.
   */
  setAside(root: CatalogObject<unknown>, inside: CatalogObject<unknown>[], droppedOn: Date, expiresOn: Date): void {
    const move = this.db.prepare(
      'INSERT INTO dropped_objects (id, kind, database, schema, name, created_on, props, dropped_on, expires_on, drop_id) ' +
        'SELECT id, kind, database, schema, name, created_on, props, ?, ?, ? FROM objects WHERE id = ?',
    );
    for (const o of [root, ...inside]) {
      move.run(droppedOn.getTime(), expiresOn.getTime(), root.id, o.id);
      this.remove(o);
    }
  }

  /**
   * Dropped objects a DROP named (not what went with them), kept past `now`, newest drop
   * first. Empty on a file from before Time Travel that was opened read-only (no table yet).
   */
  dropped<P = object>(
    kind: string,
    where: { database?: string; schema?: string; name?: string },
    now: Date,
  ): DroppedObject<P>[] {
    if (!this.hasDroppedTable()) return [];
    let sql = 'SELECT * FROM dropped_objects WHERE id = drop_id AND kind = ? AND expires_on > ?';
    const args: (string | number)[] = [kind, now.getTime()];
    for (const [column, value] of Object.entries(where)) {
      if (value === undefined) continue;
      sql += ` AND ${column} = ?`;
      args.push(value);
    }
    sql += ' ORDER BY database, schema, name, dropped_on DESC, id DESC';
    return (this.db.prepare(sql).all(...args) as DroppedRow[]).map((r) => ({
      ...toObject<P>(r),
      droppedOn: new Date(r.dropped_on),
    }));
  }

  /** Puts one drop's objects back into `objects`, with their ids; returns them. */
  restore(dropId: number): CatalogObject[] {
    const rows = this.db
      .prepare('SELECT * FROM dropped_objects WHERE drop_id = ? ORDER BY id')
      .all(dropId) as DroppedRow[];
    this.db
      .prepare(
        'INSERT INTO objects (id, kind, database, schema, name, created_on, props) ' +
          'SELECT id, kind, database, schema, name, created_on, props FROM dropped_objects WHERE drop_id = ?',
      )
      .run(dropId);
    this.db.prepare('DELETE FROM dropped_objects WHERE drop_id = ?').run(dropId);
    return rows.map((r) => toObject(r));
  }

  /** Takes every dropped object kept no later than `now` out of the catalog for good; returns them. */
  takeExpired(now: Date): CatalogObject[] {
    const rows = this.db
      .prepare('SELECT * FROM dropped_objects WHERE expires_on <= ? ORDER BY id DESC')
      .all(now.getTime()) as DroppedRow[];
    if (rows.length) this.db.prepare('DELETE FROM dropped_objects WHERE expires_on <= ?').run(now.getTime());
    return rows.map((r) => toObject(r));
  }

  private hasDroppedTable(): boolean {
    this.droppedTableSeen ||=
      this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dropped_objects'").get() !==
      undefined;
    return this.droppedTableSeen;
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
