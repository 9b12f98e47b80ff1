/**
 * The emulator's engine: state in one SQLite file (WAL, busy timeout, shared by several
 * processes), one transaction per statement (BEGIN IMMEDIATE when it writes), statements
 * dispatched through the Registry the kind modules fill. No background threads: anything
 * time-driven is derived from `now` when a statement looks.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Bind, QueryResult } from '../client/types.js';
import { isSnowopsError } from '../errors.js';
import { openShared, openSqlite, type SqliteDatabase } from '../sqlite.js';
import { CATALOG_DDL, Catalog } from './catalog.js';
import { compilationError, EmulatorSqlError, newQueryId, unsupported } from './errors.js';
import { registerAll } from './kinds/index.js';
import { type Literal, Parser } from './parser.js';
import { timestampText } from './query/types.js';
import { type ExecContext, type Head, Registry, type Session, type Statement } from './registry.js';

export { EmulatorSqlError } from './errors.js';
export type { ExecContext, KindModule, Session, Statement } from './registry.js';

export interface EngineOptions {
  path: string;
  /** Seconds compute pools and services take to provision (env SNOWOPS_EMULATOR_PROVISION_SECONDS, default 10). */
  provisionSeconds?: number;
  now?: () => Date;
  /** Open without writing even when the file is writable (reads only). Default: decided by file permissions. */
  readOnly?: boolean;
}

/**
 * Words that begin statements Snowflake knows: a phrase after them that no module handles
 * (GRANT ..., UNDROP TAG) is refused as unsupported, naming it, rather than as a syntax error.
 */
const KNOWN_VERBS = new Set(
  (
    'ALTER BEGIN CALL COMMENT COMMIT COPY CREATE DELETE DESCRIBE DROP EXECUTE EXPLAIN GET GRANT INSERT LIST ' +
    'MERGE PUT REMOVE REVOKE ROLLBACK SELECT SET SHOW START TRUNCATE UNDROP UNSET UPDATE USE WITH'
  ).split(' '),
);

/** CREATE modifiers that may stand between CREATE [OR REPLACE] and the kind keyword. */
const MODIFIERS = new Set(['TRANSIENT', 'TEMPORARY', 'TEMP', 'LOCAL', 'GLOBAL', 'VOLATILE', 'SECURE', 'RECURSIVE']);

const BUSY_TIMEOUT_MS = 15_000;

export class Engine {
  readonly registry: Registry;
  readonly readOnly: boolean;
  private readonly catalog: Catalog;
  private readonly now: () => Date;
  private readonly provisionSeconds: number;
  /** The statement running now, for SQL functions that read the session (CURRENT_DATABASE()). */
  private active: ExecContext | null = null;

  private constructor(
    readonly db: SqliteDatabase,
    opts: EngineOptions,
    readOnly: boolean,
    /** Set when a read-only file is read through a private copy (see openReadOnly). */
    private readonly snapshotDir?: string,
  ) {
    this.readOnly = readOnly;
    this.now = opts.now ?? (() => new Date());
    const env = process.env.SNOWOPS_EMULATOR_PROVISION_SECONDS;
    this.provisionSeconds = opts.provisionSeconds ?? (env !== undefined && env !== '' ? Number(env) : 10);
    this.catalog = new Catalog(db);
    this.registry = new Registry();
    registerAll(this.registry);
    for (const f of this.registry.sqlFunctions) this.defineFunction(f.name, f.fn);
    // SYSTEM$ functions are callable inside any emulated query too, with SQLite values as literals.
    for (const [name, fn] of this.registry.systemFunctions) {
      this.defineFunction(name, (ctx, args) => fn.call(ctx, args.map(toLiteral)));
    }
  }

  /** Exposes a JS function to SQLite, converting results SQLite cannot hold (booleans, Dates). */
  private defineFunction(name: string, fn: (ctx: ExecContext, args: unknown[]) => unknown): void {
    this.db.function(name, { varargs: true, deterministic: false }, (...args: unknown[]) => {
      if (!this.active) throw new Error(`${name} called outside a statement`);
      const v = fn(this.active, args);
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v instanceof Date) return timestampText(v);
      return v === undefined ? null : (v as string | number | bigint | Buffer | null);
    });
  }

  /** Opens (creating when needed) the state file. Read-only when the file cannot be written. */
  static open(opts: EngineOptions): Engine {
    const readOnly = opts.readOnly ?? (existsSync(opts.path) && !writable(opts.path));
    if (readOnly) {
      const { db, snapshotDir } = openReadOnly(opts.path);
      return new Engine(db, opts, true, snapshotDir);
    }
    const db = openShared(opts.path, BUSY_TIMEOUT_MS);
    db.pragma('synchronous = NORMAL');
    const engine = new Engine(db, opts, false);
    engine.migrate();
    return engine;
  }

  newSession(init: Partial<Session> = {}): Session {
    return {
      id: randomUUID(),
      user: 'SNOWOPS',
      role: 'ACCOUNTADMIN',
      database: null,
      schema: null,
      warehouse: 'COMPUTE_WH',
      ...init,
    };
  }

  /** Runs exactly one statement. Throws EmulatorSqlError with Snowflake's code, SQLSTATE and message. */
  execute(sql: string, binds: Bind[] | undefined, session: Session): QueryResult {
    const queryId = newQueryId();
    try {
      const stmt = this.parse(sql);
      const next: Session = { ...session };
      const ctx = this.context(next, queryId, stmt.writes, binds ?? []);
      const result = this.inTransaction(stmt.writes, () => {
        if (stmt.writes) for (const hook of this.registry.beforeWrite) this.withActive(ctx, () => hook(ctx));
        return this.withActive(ctx, () => stmt.run(ctx));
      });
      Object.assign(session, next);
      return { ...result, queryId };
    } catch (e) {
      throw toSqlError(e, queryId);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
    if (this.snapshotDir) rmSync(this.snapshotDir, { recursive: true, force: true });
  }

  /** Parses one statement: the verb, CREATE's OR REPLACE and modifiers, then the registered phrase. */
  parse(sql: string): Statement {
    const p = Parser.of(sql);
    // One statement per call, as Snowflake's MULTI_STATEMENT_COUNT=1 default requires.
    while (
      p.tokens.length &&
      p.tokens[p.tokens.length - 1].type === 'punct' &&
      p.tokens[p.tokens.length - 1].value === ';'
    )
      p.tokens.pop();
    const count = p.tokens.filter((t) => t.type === 'punct' && t.value === ';').length + 1;
    if (count > 1) {
      throw new EmulatorSqlError(
        '000008',
        '0A000',
        `Actual statement count ${count} did not match the desired statement count 1.`,
      );
    }
    const first = p.peek();
    if (!first) throw new EmulatorSqlError('000900', '42601', 'Empty SQL statement.');
    if (first.type !== 'word') {
      if (first.type === 'punct' && first.value === '(') return this.dispatch(p, 'SELECT');
      throw p.fail();
    }
    p.next();
    let verb = first.value.toUpperCase();
    if (verb === 'DESC') verb = 'DESCRIBE';
    return this.dispatch(p, verb);
  }

  private dispatch(p: Parser, verb: string): Statement {
    const head: Head = { verb, orReplace: false, orAlter: false, modifiers: [], terse: false };
    const start = p.pos;
    if (verb === 'CREATE') {
      if (p.acceptKw('OR REPLACE')) head.orReplace = true;
      else if (p.acceptKw('OR ALTER')) head.orAlter = true;
    }
    if (verb === 'SHOW' && p.acceptKw('TERSE')) head.terse = true;
    for (;;) {
      const m = this.registry.match(verb, p);
      if (m) return m.handler(p, head);
      const t = p.peek();
      if (verb === 'CREATE' && t?.type === 'word' && MODIFIERS.has(t.value.toUpperCase())) {
        head.modifiers.push(t.value.toUpperCase());
        p.next();
        continue;
      }
      break;
    }
    if (KNOWN_VERBS.has(verb)) {
      const phrase = ['CREATE', 'ALTER', 'DROP', 'UNDROP', 'SHOW', 'DESCRIBE'].includes(verb)
        ? p.tokens
            .slice(start, p.pos + 1)
            .filter((t) => t.type === 'word')
            .map((t) => t.value.toUpperCase())
        : [];
      if (verb === 'EXECUTE' && p.peek()?.type === 'word') phrase.push(p.peek()!.value.toUpperCase());
      throw unsupported([verb, ...phrase].join(' '));
    }
    throw p.fail(p.tokens[0]);
  }

  private context(session: Session, queryId: string, writing: boolean, binds: Bind[]): ExecContext {
    const ctx: ExecContext = {
      db: this.db,
      catalog: this.catalog,
      registry: this.registry,
      session,
      now: this.now(),
      provisionSeconds: this.provisionSeconds,
      queryId,
      writing,
      binds,
      run: (sql, nestedBinds, nestedSession) => {
        const stmt = this.parse(sql);
        if (stmt.writes && !ctx.writing) throw compilationError('a statement that writes cannot run inside a read');
        const inner: ExecContext = { ...ctx, session: nestedSession ?? ctx.session, binds: nestedBinds ?? [] };
        inner.run = ctx.run;
        return this.withActive(inner, () => stmt.run(inner));
      },
    };
    return ctx;
  }

  private withActive<T>(ctx: ExecContext, fn: () => T): T {
    const previous = this.active;
    this.active = ctx;
    try {
      return fn();
    } finally {
      this.active = previous;
    }
  }

  private inTransaction<T>(writes: boolean, fn: () => T): T {
    if (writes && this.readOnly) {
      throw new EmulatorSqlError(
        '000603',
        '25006',
        'The local emulator state file is read-only; this statement changes state. Make SNOWOPS_HOME writable to run it.',
      );
    }
    this.db.exec(writes ? 'BEGIN IMMEDIATE' : 'BEGIN');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  /** Creates the catalog and each module's tables, and a fresh account's objects, once. */
  private migrate(): void {
    this.inTransaction(true, () => {
      this.db.exec(CATALOG_DDL);
      for (const ddl of this.registry.migrations) this.db.exec(ddl);
      if (this.catalog.getMeta('bootstrapped') === undefined) {
        const session = this.newSession();
        const ctx = this.context(session, newQueryId(), true, []);
        this.withActive(ctx, () => {
          for (const b of this.registry.bootstraps) b(ctx);
        });
        this.catalog.setMeta('bootstrapped', ctx.now.toISOString());
      }
    });
  }
}

function toLiteral(v: unknown): Literal {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'number' || typeof v === 'bigint') return { type: 'number', value: Number(v), text: String(v) };
  return { type: 'string', value: String(v) };
}

/**
 * Opens a file this process may not write. SQLite reads a WAL file in place when it can create
 * the -shm file next to it; when the directory is read-only too, it reads a private copy.
 */
function openReadOnly(path: string): { db: SqliteDatabase; snapshotDir?: string } {
  const db = openSqlite(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { db };
  } catch (e) {
    db.close();
    const code = (e as { code?: string }).code ?? '';
    if (!/^SQLITE_(READONLY|CANTOPEN)/.test(code)) throw e;
  }
  const dir = mkdtempSync(join(tmpdir(), 'snowops-readonly-'));
  const copy = join(dir, basename(path));
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  return { db: openSqlite(copy, { readonly: true, fileMustExist: true }), snapshotDir: dir };
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every failure leaves the engine as an EmulatorSqlError carrying the statement's query id. */
function toSqlError(e: unknown, queryId: string): EmulatorSqlError {
  let err: EmulatorSqlError;
  if (e instanceof EmulatorSqlError) err = e;
  else if (isSnowopsError(e)) err = compilationError(e.message);
  else if (e instanceof Error && (e as { code?: string }).code === 'SQLITE_BUSY') {
    err = new EmulatorSqlError(
      '000625',
      '57014',
      'Statement reached its statement or warehouse timeout: the local emulator state file stayed locked.',
    );
  } else {
    const message = e instanceof Error ? e.message : String(e);
    err = new EmulatorSqlError('000603', 'XX000', `SQL execution internal error:\n${message}`);
  }
  err.queryId = queryId;
  return err;
}
