/**
 * Plain SELECT / INSERT / UPDATE / DELETE / TRUNCATE on emulated tables. The statement is
 * rewritten for SQLite (query/rewrite.ts) and run against the tables' storage inside the
 * statement's transaction; results come back with Snowflake's column names and types.
 */
import type { Bind, Column, QueryResult, Row } from '../../client/types.js';
import type { Token } from '../../sql/lexer.js';
import { compilationError, doesNotExist, EmulatorSqlError, shown, unsupported } from '../errors.js';
import { requireSchema, resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import { register as registerFunctions } from '../query/functions.js';
import { type RewriteEnv, type Rewritten, rewrite } from '../query/rewrite.js';
import { canonicalType, defaultCanonical, inferType, snowType, timestampText, toCell } from '../query/types.js';
import type { ExecContext, Registry, Statement } from '../registry.js';
import { OK, status } from '../results.js';
import { findTable, TABLE } from '../tables/model.js';
import { sqliteIdent, storageName } from '../tables/storage.js';
import { useWarehouse } from '../warehouses/model.js';
import { isSystemCall, parseSystemCall } from './system.js';

const DECLARED: Record<string, string> = {
  fixed: 'NUMBER(38,0)',
  real: 'FLOAT',
  text: 'VARCHAR',
  boolean: 'BOOLEAN',
  date: 'DATE',
  time: 'TIME',
  timestamp_ltz: 'TIMESTAMP_LTZ',
  timestamp_ntz: 'TIMESTAMP_NTZ',
  timestamp_tz: 'TIMESTAMP_TZ',
  variant: 'VARIANT',
  object: 'OBJECT',
  array: 'ARRAY',
};

let tempCounter = 0;

/** Puts a table function's result in a temporary SQLite table (never in the shared file). */
function materialize(ctx: ExecContext, result: QueryResult, temps: string[]): string {
  const name = `snowops_tf_${process.pid}_${++tempCounter}`;
  const cols = result.columns.map((c) => `${sqliteIdent(c.name)} ${DECLARED[c.type] ?? 'VARCHAR'}`);
  ctx.db.exec(`CREATE TEMP TABLE ${sqliteIdent(name)} (${cols.join(', ')})`);
  temps.push(name);
  if (result.rows.length) {
    const insert = ctx.db.prepare(
      `INSERT INTO temp.${sqliteIdent(name)} VALUES (${result.columns.map(() => '?').join(', ')})`,
    );
    for (const r of result.rows) {
      insert.run(
        ...result.columns.map((c) => {
          const v = r[c.name];
          return v instanceof Date ? timestampText(v) : typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
        }),
      );
    }
  }
  return `temp.${sqliteIdent(name)}`;
}

/** SQLite's complaints in Snowflake's words. */
const TRANSLATIONS: [RegExp, (m: RegExpExecArray, verb: string) => EmulatorSqlError][] = [
  [/^no such column: (.+)$/, (m) => compilationError(`invalid identifier '${m[1].toUpperCase()}'`, '000904', '42000')],
  [/^no such function: (.+)$/, (m) => compilationError(`Unknown function ${m[1].toUpperCase()}`, '002140', '42601')],
  [
    /^ambiguous column name: (.+)$/,
    (m) => compilationError(`ambiguous column name '${m[1].toUpperCase()}'`, '002028', '42601'),
  ],
  [
    /^NOT NULL constraint failed/,
    () => new EmulatorSqlError('100072', '22000', 'NULL result in a non-nullable column'),
  ],
  [
    /has (\d+) columns but (\d+) values were supplied|(\d+) columns? assigned (\d+) values/,
    (m) =>
      compilationError(
        `Insert value list does not match column list expecting ${m[1] ?? m[3]} but got ${m[2] ?? m[4]}`,
        '002020',
        '21S01',
      ),
  ],
  [
    /Too few parameter values|Too many parameter values/,
    () => compilationError('Bind variable ? not set.', '002049', '42601'),
  ],
  [
    /syntax error|incomplete input/,
    (m, verb) =>
      new EmulatorSqlError(
        '000002',
        '0A000',
        `Unsupported feature '${verb}': the local Snowflake emulator could not run this statement (${m.input}).`,
      ),
  ],
];

function translate(e: unknown, verb: string): unknown {
  if (!(e instanceof Error) || e instanceof EmulatorSqlError) return e;
  for (const [re, build] of TRANSLATIONS) {
    const m = re.exec(e.message);
    if (m) return build(m, verb);
  }
  return e;
}

/** A query's answer with what a table made from it needs: each column's canonical type, the raw values. */
export interface SelectOutcome {
  result: QueryResult;
  /** Per column: its canonical Snowflake type (NUMBER(38,0), VARCHAR(10)), or null when it has none (VECTOR). */
  canonical: (string | null)[];
  /** The rows as SQLite returned them (booleans 1/0, times as text), column by column. */
  raw: unknown[][];
  /** Result columns named by an expression's text (see Rewritten.unnamed). */
  unnamed: string[];
}

/** The query's answer: types from declared (canonical) types, select-list hints or the values. */
function selectResult(ctx: ExecContext, rw: Rewritten, binds: Bind[]): SelectOutcome {
  const stmt = ctx.db.prepare(rw.sql);
  if (!stmt.reader) throw unsupported('SELECT');
  stmt.raw(true);
  const described = stmt.columns();
  const data = stmt.all(...binds) as unknown[][];
  const cols: Column[] = described.map((c, i) => ({
    name: c.name,
    type: (c.type && snowType(c.type)) || rw.hints.get(c.name) || inferType(data.map((r) => r[i])),
  }));
  // A storage column declares its canonical type (VECTOR, which SQLite cannot declare in full, has none).
  const canonical = described.map((c, i) =>
    c.type ? canonicalType(c.type) : (rw.canonicalHints.get(c.name) ?? defaultCanonical(cols[i].type)),
  );
  const out: Row[] = data.map((r) => {
    const row: Row = {};
    cols.forEach((c, i) => {
      row[c.name] = toCell(c.type, r[i]);
    });
    return row;
  });
  return { result: { columns: cols, rows: out, queryId: '' }, canonical, raw: data, unnamed: rw.unnamed };
}

function dmlResult(verb: string, changes: number): QueryResult {
  if (verb === 'INSERT') {
    return {
      columns: [{ name: 'number of rows inserted', type: 'fixed' }],
      rows: [{ 'number of rows inserted': changes }],
      queryId: '',
    };
  }
  if (verb === 'UPDATE') {
    return {
      columns: [
        { name: 'number of rows updated', type: 'fixed' },
        { name: 'number of multi-joined rows updated', type: 'fixed' },
      ],
      rows: [{ 'number of rows updated': changes, 'number of multi-joined rows updated': 0 }],
      queryId: '',
    };
  }
  return {
    columns: [{ name: 'number of rows deleted', type: 'fixed' }],
    rows: [{ 'number of rows deleted': changes }],
    queryId: '',
  };
}

/** True when the statement calls a SYSTEM$ function that changes state. */
function callsWritingFunction(tokens: Token[], registry: Registry): boolean {
  return tokens.some((t) => t.type === 'word' && registry.systemFunctions.get(t.value.toUpperCase())?.writes === true);
}

const REFUSED_WORDS = /^(QUALIFY|PIVOT|UNPIVOT|LATERAL|MATCH_RECOGNIZE)$/i;

/** Refuses, before anything runs, the query words the SQLite rewrite cannot carry. */
export function refuseUnsupported(verb: string, tokens: Token[]): void {
  const refused = tokens.find((t) => t.type === 'word' && REFUSED_WORDS.test(t.value));
  if (refused) throw unsupported(`${verb} with ${refused.value.toUpperCase()}`);
}

/**
 * Rewrites a statement for SQLite and hands it to `use` inside the running statement, with
 * the binds SQLite takes and the storage id of the first table named (INSERT's target).
 * SQLite's errors come back in Snowflake's words; table functions' temporary tables go after.
 */
function withRewritten<T>(
  ctx: ExecContext,
  verb: string,
  tokens: Token[],
  source: string,
  use: (rw: Rewritten, binds: Bind[], target: number | undefined) => T,
): T {
  const temps: string[] = [];
  let target: number | undefined;
  const env: RewriteEnv = {
    table(parts) {
      const ref = resolveObject(ctx, parts, verb);
      if (ref.schema === 'INFORMATION_SCHEMA') throw unsupported(`${verb} from INFORMATION_SCHEMA views`);
      requireSchema(ctx, ref);
      const t = findTable(ctx, ref);
      if (!t) throw doesNotExist('Object', shown(ref.database, ref.schema, ref.name));
      target ??= t.id;
      return sqliteIdent(storageName(t.id));
    },
    tableFunction(parts, args) {
      const name = parts[parts.length - 1];
      const fn = ctx.registry.tableFunctions.get(name);
      if (!fn) throw compilationError(`Unknown user-defined table function ${shown(...parts)}`, '002140', '42601');
      return materialize(ctx, fn(ctx, args), temps);
    },
  };
  try {
    const rw = rewrite(tokens, source, ctx.binds, env);
    if (rw.binds.some((b) => b === undefined)) throw compilationError('Bind variable ? not set.', '002049', '42601');
    const binds = rw.binds.map((b) => (typeof b === 'boolean' ? (b ? 1 : 0) : b));
    if (rw.tables > 0) useWarehouse(ctx);
    return use(rw, binds, target);
  } catch (e) {
    throw translate(e, verb);
  } finally {
    for (const t of temps) ctx.db.exec(`DROP TABLE IF EXISTS temp.${sqliteIdent(t)}`);
  }
}

/**
 * Runs a query (SELECT, WITH ... SELECT, `(SELECT ...)`) inside the running statement, as a
 * SELECT statement would, failing as it would; CREATE TABLE ... AS SELECT reads it this way.
 */
export function runSelect(ctx: ExecContext, tokens: Token[], source: string): SelectOutcome {
  const query = unwrapped(tokens);
  return withRewritten(ctx, 'SELECT', query, source, (rw, binds) => selectResult(ctx, rw, binds));
}

const isPunct = (t: Token | undefined, value: string) => t?.type === 'punct' && t.value === value;

/** `(SELECT ...)` as `SELECT ...`: SQLite takes no parentheses around a whole statement. */
function unwrapped(tokens: Token[]): Token[] {
  while (isPunct(tokens[0], '(') && closingParen(tokens) === tokens.length - 1) tokens = tokens.slice(1, -1);
  return tokens;
}

/** Index of the `)` closing the `(` at tokens[0], or -1. */
function closingParen(tokens: Token[]): number {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (isPunct(tokens[k], '(')) depth++;
    else if (isPunct(tokens[k], ')') && --depth === 0) return k;
  }
  return -1;
}

function query(verb: string, registry: Registry) {
  return (p: Parser): Statement => {
    if (verb === 'SELECT' && isSystemCall(p)) {
      const start = p.pos;
      try {
        return parseSystemCall(p, registry, true);
      } catch {
        p.pos = start; // more than a lone call: run it as a query
      }
    }
    let tokens = p.tokens;
    let overwrite = false;
    if (verb === 'INSERT') {
      if (p.acceptKw('OVERWRITE')) {
        overwrite = true;
        tokens = [tokens[0], ...tokens.slice(2)];
      }
      if (p.isKw('ALL') || p.isKw('FIRST')) throw unsupported('INSERT ALL / INSERT FIRST');
      if (!p.isKw('INTO')) throw p.fail();
    }
    if (verb === 'DELETE') {
      if (!p.isKw('FROM')) throw p.fail();
      if (tokens.some((t) => t.type === 'word' && t.value.toUpperCase() === 'USING'))
        throw unsupported('DELETE ... USING');
    }
    refuseUnsupported(verb, tokens);
    const writes = verb !== 'SELECT' || callsWritingFunction(tokens, registry);
    return {
      writes,
      run(ctx) {
        if (verb === 'SELECT') return runSelect(ctx, tokens, p.source).result;
        return withRewritten(ctx, verb, tokens, p.source, (rw, binds, target) => {
          if (overwrite && target !== undefined) ctx.db.exec(`DELETE FROM ${sqliteIdent(storageName(target))}`);
          const info = ctx.db.prepare(rw.sql).run(...binds);
          return dmlResult(verb, info.changes);
        });
      },
    };
  };
}

/** TRUNCATE [TABLE] [IF EXISTS] name. */
function truncate(p: Parser): Statement {
  p.acceptKw('TABLE');
  const ifExists = p.acceptKw('IF EXISTS');
  const parts = p.qualifiedName(3);
  p.end();
  return {
    writes: true,
    run(ctx) {
      const t = TABLE.locate(ctx, parts, 'TRUNCATE TABLE');
      if (!t.object) {
        if (ifExists) return status(OK);
        throw t.missing();
      }
      ctx.db.exec(`DELETE FROM ${sqliteIdent(storageName(t.object.id))}`);
      return status(OK);
    },
  };
}

export function register(registry: Registry): void {
  registerFunctions(registry);
  registry.on('SELECT', '', query('SELECT', registry));
  registry.on('WITH', '', query('SELECT', registry));
  registry.on('INSERT', '', query('INSERT', registry));
  registry.on('UPDATE', '', query('UPDATE', registry));
  registry.on('DELETE', '', query('DELETE', registry));
  registry.on('TRUNCATE', '', truncate);
}
