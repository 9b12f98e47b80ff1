/**
 * The one place statements are looked up. Kind modules (src/emulator/kinds/*.ts) register
 * their handlers per verb and keyword phrase; SYSTEM$ functions and before-write hooks are
 * registered here too. The engine only dispatches; it knows no kind by name.
 */
import type Database from 'better-sqlite3';
import type { Bind, QueryResult } from '../client/types.js';
import type { Catalog, CatalogObject } from './catalog.js';
import type { CloneScope, CloneTarget } from './clone.js';
import type { Literal, Parser } from './parser.js';

export interface Session {
  id: string;
  user: string;
  role: string;
  database: string | null;
  schema: string | null;
  warehouse: string | null;
  queryTag?: string;
}

/** Everything a statement sees while it runs, inside its transaction. */
export interface ExecContext {
  db: Database.Database;
  catalog: Catalog;
  registry: Registry;
  /** The session as the statement may change it (USE, CREATE DATABASE); applied on commit. */
  session: Session;
  /** The statement's clock: one instant for the whole statement. */
  now: Date;
  provisionSeconds: number;
  queryId: string;
  /** True inside a writing statement (BEGIN IMMEDIATE); false for reads. */
  writing: boolean;
  /** Values for `?` / `:n` placeholders, in order. */
  binds: Bind[];
  /** Runs another statement inside this one's transaction (task definitions, scripted steps). */
  run(sql: string, binds?: Bind[], session?: Session): QueryResult;
}

/** A parsed statement: whether it writes (decides the transaction), and how to run it. */
export interface Statement {
  writes: boolean;
  run(ctx: ExecContext): QueryResult;
}

export type Verb = 'CREATE' | 'ALTER' | 'DROP' | 'UNDROP' | 'SHOW' | 'DESCRIBE';

/** What the dispatcher consumed before the phrase: `CREATE OR REPLACE TRANSIENT`, `SHOW TERSE`. */
export interface Head {
  verb: Verb | string;
  orReplace: boolean;
  orAlter: boolean;
  /** CREATE modifiers before the kind keyword, uppercase: TRANSIENT, TEMPORARY, SECURE, ... */
  modifiers: string[];
  terse: boolean;
}

/** Parses the rest of the statement (after the phrase) and returns what to run. */
export type Handler = (p: Parser, head: Head) => Statement;

/** One object kind: its keyword phrases and the handlers it provides. */
export interface KindModule {
  /** Catalog kind id, as in src/resources/types.ts: 'database', 'compute_pool', ... */
  kind: string;
  /** Keyword phrase after CREATE/ALTER/DROP/DESCRIBE: 'DATABASE', 'COMPUTE POOL'. */
  keyword: string;
  /** Phrase after SHOW: 'DATABASES', 'COMPUTE POOLS'. */
  plural?: string;
  /** Other phrases meaning the same kind (e.g. 'TABLES' has none; 'DESC' is handled globally). */
  create?: Handler;
  alter?: Handler;
  drop?: Handler;
  undrop?: Handler;
  show?: Handler;
  describe?: Handler;
  /**
   * Cleans up the kind's own storage when one of its objects leaves the catalog for good:
   * dropped or replaced without Time Travel, dropped with its database or schema, or purged
   * once its retention time is over.
   */
  onRemove?(ctx: ExecContext, obj: CatalogObject): void;
  /** What a container holds (a database's schemas and their objects): dropped and restored with it. */
  contents?(ctx: ExecContext, obj: CatalogObject): CatalogObject[];
  /** Days Time Travel keeps a dropped object for UNDROP (its SHOW row's retention_time); none: gone at once. */
  retention?(obj: CatalogObject): number;
  /** Gone for good even when Time Travel keeps the database or schema it is dropped with. */
  notKeptWithContainer?: boolean;
  /** Puts right what must not come back as it was dropped (a task's schedule comes back suspended). */
  onRestore?(ctx: ExecContext, obj: CatalogObject): void;
  /**
   * Copies one of its objects to `target` when the schema or database holding it is cloned.
   * Returns the copy, or nothing when Snowflake does not clone it (internal stages). Kinds
   * without it are not cloned (container services).
   */
  clone?(ctx: ExecContext, source: CatalogObject, target: CloneTarget, scope: CloneScope): CatalogObject | undefined;
}

export interface SystemFunction {
  /** Whether calling it changes state (decides BEGIN IMMEDIATE). */
  writes: boolean;
  /** Literal arguments evaluated in JS; returns the single text/number/boolean cell. */
  call(ctx: ExecContext, args: Literal[]): string | number | boolean | null;
}

/** A function callable from SQL run by SQLite (DML and SELECT), e.g. CURRENT_DATABASE(). */
export interface SqlFunction {
  name: string;
  fn(ctx: ExecContext, args: unknown[]): unknown;
}

/** Arguments of a table function call: `NAME => value` pairs (names uppercase) and positional literals. */
export interface TableFunctionArgs {
  named: Record<string, Literal>;
  positional: Literal[];
}

/**
 * A table function read by `SELECT ... FROM TABLE([db.]INFORMATION_SCHEMA.NAME(ARG => value, ...))`:
 * it only reads and returns the whole result (columns and rows) for the SELECT to project.
 */
export type TableFunction = (ctx: ExecContext, args: TableFunctionArgs) => QueryResult;

/** Runs before every writing statement, inside its transaction (e.g. scheduled-task catch-up). */
export type BeforeWriteHook = (ctx: ExecContext) => void;

export class Registry {
  private readonly handlers = new Map<string, Map<string, Handler>>();
  readonly kinds = new Map<string, KindModule>();
  readonly systemFunctions = new Map<string, SystemFunction>();
  readonly beforeWrite: BeforeWriteHook[] = [];
  readonly sqlFunctions: SqlFunction[] = [];
  readonly tableFunctions = new Map<string, TableFunction>();
  /** Schema-creating SQL each module needs (CREATE TABLE IF NOT EXISTS ...), run on open. */
  readonly migrations: string[] = [];
  /** Objects a fresh account starts with, created once when the file is new. */
  readonly bootstraps: ((ctx: ExecContext) => void)[] = [];

  /** Registers a handler for `<verb> <phrase>`, e.g. ('SHOW', 'PRIMARY KEYS') or ('EXECUTE', 'TASK'). */
  on(verb: string, phrase: string, handler: Handler): void {
    let byPhrase = this.handlers.get(verb);
    if (!byPhrase) {
      byPhrase = new Map();
      this.handlers.set(verb, byPhrase);
    }
    if (byPhrase.has(phrase)) throw new Error(`duplicate handler for ${verb} ${phrase}`);
    byPhrase.set(phrase, handler);
  }

  addKind(m: KindModule): void {
    if (this.kinds.has(m.kind)) throw new Error(`duplicate kind ${m.kind}`);
    this.kinds.set(m.kind, m);
    if (m.create) this.on('CREATE', m.keyword, m.create);
    if (m.alter) this.on('ALTER', m.keyword, m.alter);
    if (m.drop) this.on('DROP', m.keyword, m.drop);
    if (m.undrop) this.on('UNDROP', m.keyword, m.undrop);
    if (m.describe) this.on('DESCRIBE', m.keyword, m.describe);
    if (m.show && m.plural) this.on('SHOW', m.plural, m.show);
  }

  addSystemFunction(name: string, fn: SystemFunction): void {
    this.systemFunctions.set(name.toUpperCase(), fn);
  }

  /** A function SQLite may call while running emulated SELECT/DML (names are case-insensitive). */
  addSqlFunction(name: string, fn: SqlFunction['fn']): void {
    this.sqlFunctions.push({ name, fn });
  }

  /** An INFORMATION_SCHEMA table function (name without the schema, case-insensitive). */
  addTableFunction(name: string, fn: TableFunction): void {
    this.tableFunctions.set(name.toUpperCase(), fn);
  }

  addBeforeWrite(hook: BeforeWriteHook): void {
    this.beforeWrite.push(hook);
  }

  /** Finds the longest registered phrase at the parser's position; consumes it. */
  match(verb: string, p: Parser): { phrase: string; handler: Handler } | undefined {
    const byPhrase = this.handlers.get(verb);
    if (!byPhrase) return undefined;
    let best: { phrase: string; handler: Handler } | undefined;
    for (const [phrase, handler] of byPhrase) {
      if (phrase === '' || p.isKw(phrase)) {
        if (!best || phrase.length > best.phrase.length) best = { phrase, handler };
      }
    }
    if (best && best.phrase !== '') p.acceptKw(best.phrase);
    return best;
  }

  /** Removes an object and what it holds from the catalog for good, letting each kind clean up its storage. */
  removeObject(ctx: ExecContext, obj: CatalogObject): void {
    const kind = this.kinds.get(obj.kind);
    for (const inner of kind?.contents?.(ctx, obj) ?? []) {
      if (ctx.catalog.byId(inner.id)) this.removeObject(ctx, inner);
    }
    kind?.onRemove?.(ctx, obj);
    ctx.catalog.remove(obj);
  }
}
