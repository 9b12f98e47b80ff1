/**
 * CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE [IF NOT EXISTS] t [(col [type], ...)]
 * [CLUSTER BY (...)] [COPY GRANTS] [properties] AS <query>: a new table holding the query's rows.
 * The query runs as the same SELECT would (query layer, same errors); its columns give the
 * table's names and canonical types, which a column list may rename and retype (values are
 * cast). As in Snowflake, nothing else carries over: no constraints, defaults or NOT NULL.
 */
import { compilationError, shown, unsupported } from '../errors.js';
import { alreadyExistsStatus, resolveExisting } from '../kinds/common.js';
import { requireSchema, resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import { castValue } from '../query/functions.js';
import type { ExecContext, Head, Statement } from '../registry.js';
import { refuseUnsupported, runSelect, type SelectOutcome } from '../statements/query.js';
import { type ColumnDef, OPTION_WORDS, parseType } from './columns.js';
import {
  checkDuplicates,
  findTable,
  newTableProps,
  parseTableOptions,
  type TableProps,
  tableCreated,
} from './model.js';
import { createStorage, sqliteIdent, storageName } from './storage.js';

/** One entry of the optional column list: a new name, and a type to cast to when given. */
interface ListedColumn {
  name: string;
  type: string | null;
}

/** True when the statement is a CTAS: an AS outside any parentheses after the table's name. */
export function isCreateAsSelect(p: Parser): boolean {
  let depth = 0;
  for (let k = p.pos; k < p.tokens.length; k++) {
    const t = p.tokens[k];
    if (t.type === 'punct' && t.value === '(') depth++;
    else if (t.type === 'punct' && t.value === ')') depth--;
    else if (depth === 0 && t.type === 'word' && t.value.toUpperCase() === 'AS') return true;
  }
  return false;
}

/** `( name [type] , ... )`: Snowflake's CTAS column list takes names with optional types only. */
function parseColumnList(p: Parser): ListedColumn[] {
  p.expectPunct('(');
  const list: ListedColumn[] = [];
  do {
    const name = p.name();
    let type: string | null = null;
    const next = p.peek();
    if (next?.type === 'word') {
      const word = next.value.toUpperCase();
      if (['WITH', 'MASKING', 'TAG', 'PROJECTION'].includes(word)) throw unsupported('column policies and tags');
      if (OPTION_WORDS.has(word)) throw p.fail();
      type = parseType(p);
    }
    list.push({ name, type });
  } while (p.acceptPunct(','));
  p.expectPunct(')');
  return list;
}

/** The statement after `CREATE ... TABLE [IF NOT EXISTS] name`, when isCreateAsSelect says so. */
export function createAsSelect(
  p: Parser,
  head: Head,
  ifNotExists: boolean,
  parts: string[],
  kind: TableProps['kind'] | undefined,
): Statement {
  const list = p.isPunct('(') ? parseColumnList(p) : null;
  const options = parseTableOptions(p);
  p.expectKw('AS');
  const first = p.peek();
  const opensQuery = first?.type === 'word' ? /^(SELECT|WITH)$/i.test(first.value) : p.isPunct('(');
  if (!opensQuery) throw p.fail();
  const query = p.tokens.slice(p.pos);
  refuseUnsupported('SELECT', query);
  if (list) checkDuplicates(list);
  return {
    writes: true,
    run(ctx) {
      const ref = resolveObject(ctx, parts, 'CREATE TABLE');
      requireSchema(ctx, ref);
      const existing = findTable(ctx, ref);
      // IF NOT EXISTS and 002002 are decided before the query runs; OR REPLACE drops the old
      // table only once the query has read it (CREATE OR REPLACE TABLE t AS SELECT ... FROM t).
      if (!head.orReplace && resolveExisting(ctx, head, ifNotExists, existing, shown(ref.name)) === 'skip') {
        return alreadyExistsStatus(ref.name);
      }
      const outcome = runSelect(ctx, query, p.source);
      const cols = columnsOf(outcome, list);
      if (head.orReplace) resolveExisting(ctx, head, false, existing, shown(ref.name));
      const obj = ctx.catalog.insert({ kind: 'table', ...ref }, newTableProps(kind, cols, options), ctx.now);
      createStorage(ctx.db, obj.id, cols);
      insertRows(ctx, obj.id, cols, outcome, list);
      return tableCreated(ref.name);
    },
  };
}

/** The new table's columns: the query's names and canonical types, renamed and retyped by the list. */
function columnsOf(outcome: SelectOutcome, list: ListedColumn[] | null): ColumnDef[] {
  const result = outcome.result.columns;
  if (list && list.length !== result.length) {
    // Snowflake's words for a column list that does not match the query; the code is a guess.
    throw compilationError('Invalid column definition list', '002026', '42601');
  }
  if (!list && outcome.unnamed.length > 0) {
    // Snowflake's words when an expression has no alias to name its column; the code is a guess.
    throw compilationError('Missing column specification');
  }
  const cols = result.map((c, i): ColumnDef => {
    const type = list?.[i].type ?? outcome.canonical[i];
    if (type === null) throw unsupported(`CREATE TABLE ... AS SELECT of a VECTOR column (${shown(c.name)})`);
    return { name: list?.[i].name ?? c.name, type, nullable: true, default: null, comment: null };
  });
  checkDuplicates(cols);
  return cols;
}

/** Inserts the query's rows into the new table's storage, cast where the column list gave a type. */
function insertRows(
  ctx: ExecContext,
  id: number,
  cols: ColumnDef[],
  outcome: SelectOutcome,
  list: ListedColumn[] | null,
): void {
  if (outcome.raw.length === 0) return;
  const insert = ctx.db.prepare(
    `INSERT INTO ${sqliteIdent(storageName(id))} (${cols.map((c) => sqliteIdent(c.name)).join(', ')}) ` +
      `VALUES (${cols.map(() => '?').join(', ')})`,
  );
  const from = outcome.result.columns;
  const cast = (v: unknown, i: number) => {
    if (!list?.[i].type) return v;
    // SQLite keeps booleans as 1/0; cast them as the words Snowflake casts (TRUE -> 'true').
    const value = from[i].type === 'boolean' && typeof v === 'number' ? String(v !== 0) : v;
    return castValue(value, cols[i].type);
  };
  for (const row of outcome.raw) insert.run(...row.map(cast));
}
