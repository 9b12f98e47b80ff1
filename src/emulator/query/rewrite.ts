/**
 * Turns a Snowflake SELECT/INSERT/UPDATE/DELETE into SQLite text, token by token:
 * table references (1/2/3-part names, CTE names, TABLE(fn(...))) become the emulated tables'
 * storage, `::` and CAST go through SF_CAST, a few functions are renamed, literals are
 * re-quoted for SQLite, `:n` binds are expanded, and the top-level select list gets
 * Snowflake's column names (TEMPERATURE, CURRENT_ACCOUNT(), aliases uppercased).
 */
import type { Bind } from '../../client/types.js';
import type { Token } from '../../sql/lexer.js';
import { unsupported } from '../errors.js';
import type { Literal } from '../parser.js';
import { Parser } from '../parser.js';
import type { TableFunctionArgs } from '../registry.js';
import { upperOutsideQuotes } from '../statements/system.js';
import { canonicalHint, snowType } from './types.js';

/** How the rewriter reaches the catalog (injected, so the rewrite is testable on its own). */
export interface RewriteEnv {
  /** A table reference's SQLite form, e.g. `"t_12"`; throws Snowflake's error when missing. */
  table(parts: string[]): string;
  /** Materialises TABLE(fn(args)) and returns the SQLite table to read. */
  tableFunction(parts: string[], args: TableFunctionArgs): string;
}

export interface Rewritten {
  sql: string;
  binds: Bind[];
  /** Result column name -> Snowflake type from the select list, when the text tells it. */
  hints: Map<string, string>;
  /** The same hints as canonical types (NUMBER(18,0) where `hints` says fixed). */
  canonicalHints: Map<string, string>;
  /**
   * Names of top-level select items that are expressions without an alias (`COUNT(*)`, `1`):
   * a table created from the query has no name for them. Empty for set operations, whose
   * result names its columns.
   */
  unnamed: string[];
  /** How many emulated tables (or table functions) the statement reads or writes. */
  tables: number;
}

/** Words that can follow a table reference and so are never its alias. */
const NOT_ALIAS = new Set(
  (
    'WHERE GROUP ORDER LIMIT HAVING QUALIFY UNION EXCEPT INTERSECT MINUS JOIN INNER LEFT RIGHT FULL CROSS ' +
    'NATURAL ON USING SET VALUES SELECT LATERAL SAMPLE TABLESAMPLE AT BEFORE CHANGES MATCH_RECOGNIZE PIVOT ' +
    'UNPIVOT WINDOW FETCH OFFSET WITH AS OUTER ASOF DEFAULT'
  ).split(' '),
);

/** Words that end the FROM list of the current query level. */
const END_FROM = new Set(
  'WHERE GROUP ORDER LIMIT HAVING QUALIFY UNION EXCEPT INTERSECT MINUS ON USING WINDOW SET VALUES SELECT FETCH OFFSET'.split(
    ' ',
  ),
);

/** Words that end an unaliased select item's last operand, so a trailing word is not an alias. */
const NOT_IMPLICIT_ALIAS = new Set(
  'END NULL TRUE FALSE AND OR NOT IS IN LIKE ILIKE BETWEEN THEN ELSE WHEN CASE DISTINCT ASC DESC'.split(' '),
);

const RENAMES: Record<string, string> = {
  IFF: 'IIF',
  NVL: 'IFNULL',
  LEN: 'LENGTH',
  CHAR_LENGTH: 'LENGTH',
  CHARACTER_LENGTH: 'LENGTH',
  SUBSTRING: 'SUBSTR',
  CEILING: 'CEIL',
  ARRAY_SIZE: 'JSON_ARRAY_LENGTH',
};

/** Clock functions Snowflake allows with or without `()`, as SQLite functions. */
const CLOCK: Record<string, string> = {
  CURRENT_TIMESTAMP: 'SF_CURRENT_TIMESTAMP',
  LOCALTIMESTAMP: 'SF_CURRENT_TIMESTAMP',
  SYSTIMESTAMP: 'SF_CURRENT_TIMESTAMP',
  GETDATE: 'SF_CURRENT_TIMESTAMP',
  SYSDATE: 'SF_SYSDATE',
  CURRENT_DATE: 'SF_CURRENT_DATE',
  CURRENT_TIME: 'SF_CURRENT_TIME',
  LOCALTIME: 'SF_CURRENT_TIME',
};

/** Session functions Snowflake allows without `()`. */
const BARE_SESSION = new Set(['CURRENT_USER', 'CURRENT_ROLE']);

/** Functions whose first argument is a date part written as a bare word. */
const DATE_PART_FIRST = new Set([
  'DATEADD',
  'DATEDIFF',
  'TIMEADD',
  'TIMEDIFF',
  'TIMESTAMPADD',
  'TIMESTAMPDIFF',
  'DATE_TRUNC',
  'DATE_PART',
]);

function sqliteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function sqliteName(stored: string): string {
  return `"${stored.replace(/"/g, '""')}"`;
}

function isName(t: Token | undefined): boolean {
  return t !== undefined && (t.type === 'word' || t.type === 'quoted');
}

function stored(t: Token): string {
  return t.type === 'word' ? t.value.toUpperCase() : t.value;
}

function upper(t: Token | undefined): string {
  return t?.type === 'word' ? t.value.toUpperCase() : '';
}

/** Index just past the parenthesised group starting at `i` (tokens[i] is '('). */
function skipGroup(tokens: Token[], i: number): number {
  let depth = 0;
  for (let k = i; k < tokens.length; k++) {
    if (tokens[k].type === 'punct' && tokens[k].value === '(') depth++;
    if (tokens[k].type === 'punct' && tokens[k].value === ')') {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return tokens.length;
}

/** Names defined by `WITH name [(cols)] AS (...)`. */
function cteNames(tokens: Token[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (!isName(tokens[i])) continue;
    let k = i + 1;
    if (tokens[k]?.value === '(' && tokens[k].type === 'punct') k = skipGroup(tokens, k);
    if (upper(tokens[k]) === 'AS' && tokens[k + 1]?.type === 'punct' && tokens[k + 1].value === '(') {
      const prev = tokens[i - 1];
      if (upper(prev) === 'WITH' || upper(prev) === 'RECURSIVE' || (prev?.type === 'punct' && prev.value === ',')) {
        names.add(stored(tokens[i]));
      }
    }
  }
  return names;
}

interface SelectItem {
  start: number;
  end: number; // exclusive
}

/** The top-level SELECT list's items (token ranges), or null when the statement has none. */
function selectItems(tokens: Token[]): SelectItem[] | null {
  let i = 0;
  if (upper(tokens[0]) === 'WITH') {
    i = 1;
    if (upper(tokens[i]) === 'RECURSIVE') i++;
    for (;;) {
      i++; // the CTE name
      if (tokens[i]?.value === '(' && tokens[i].type === 'punct') i = skipGroup(tokens, i);
      if (upper(tokens[i]) !== 'AS') return null;
      i = skipGroup(tokens, i + 1);
      if (tokens[i]?.type === 'punct' && tokens[i].value === ',') {
        i++;
        continue;
      }
      break;
    }
  }
  while (tokens[i]?.type === 'punct' && tokens[i].value === '(') i++;
  if (upper(tokens[i]) !== 'SELECT') return null;
  i++;
  if (upper(tokens[i]) === 'DISTINCT' || upper(tokens[i]) === 'ALL') i++;
  if (upper(tokens[i]) === 'TOP') i += 2;
  const items: SelectItem[] = [];
  let start = i;
  let depth = 0;
  for (; i <= tokens.length; i++) {
    const t = tokens[i];
    const atEnd =
      t === undefined ||
      (depth === 0 && t.type === 'word' && END_FROM.has(t.value.toUpperCase()) && t.value.toUpperCase() !== 'SET') ||
      (depth === 0 && upper(t) === 'FROM') ||
      (t.type === 'punct' && t.value === ')' && depth === 0);
    if (atEnd || (depth === 0 && t.type === 'punct' && t.value === ',')) {
      if (i > start) items.push({ start, end: i });
      if (atEnd) break;
      start = i + 1;
      continue;
    }
    if (t.type === 'punct' && t.value === '(') depth++;
    if (t.type === 'punct' && t.value === ')') depth--;
  }
  return items;
}

interface Naming {
  /** Index of the token after which ` AS "NAME"` goes, or of the alias token to replace. */
  at: number;
  replace: boolean;
  name: string;
  /** An expression named by its text (no alias, not a column reference). */
  unnamed?: boolean;
}

/** Snowflake's name for each select item: its alias, its column, or its text. */
/** Fills `hints` with the canonical type each item's text implies (see canonicalHint). */
function namings(tokens: Token[], source: string, hints: Map<string, string>): Naming[] {
  const out: Naming[] = [];
  for (const item of selectItems(tokens) ?? []) {
    const its = tokens.slice(item.start, item.end);
    const last = its[its.length - 1];
    if (last.type === 'punct' && last.value === '*') continue;
    const prev = its[its.length - 2];
    if (its.length >= 2 && upper(prev) === 'AS' && isName(last)) {
      const name = stored(last);
      const hint = canonicalHint(its.slice(0, -2));
      if (hint) hints.set(name, hint);
      out.push({ at: item.end - 1, replace: true, name });
      continue;
    }
    const operandEnd =
      prev !== undefined &&
      (prev.type === 'quoted' ||
        prev.type === 'string' ||
        prev.type === 'number' ||
        (prev.type === 'word' && !NOT_IMPLICIT_ALIAS.has(upper(prev))) ||
        (prev.type === 'punct' && prev.value === ')'));
    if (its.length >= 2 && isName(last) && !NOT_IMPLICIT_ALIAS.has(upper(last)) && operandEnd) {
      const name = stored(last);
      const hint = canonicalHint(its.slice(0, -1));
      if (hint) hints.set(name, hint);
      out.push({ at: item.end - 1, replace: true, name });
      continue;
    }
    const chain = its.every((t, k) => (k % 2 === 0 ? isName(t) : t.type === 'punct' && t.value === '.'));
    const name = chain ? stored(last) : upperOutsideQuotes(source.slice(its[0].start, last.end)).replace(/\s+/g, ' ');
    const hint = canonicalHint(its);
    if (hint) hints.set(name, hint);
    out.push({ at: item.end - 1, replace: false, name, unnamed: !chain });
  }
  return out;
}

/** True when the statement combines queries at its top level (UNION, EXCEPT, INTERSECT, MINUS). */
function isSetOperation(tokens: Token[]): boolean {
  let depth = 0;
  return tokens.some((t) => {
    if (t.type === 'punct' && t.value === '(') depth++;
    if (t.type === 'punct' && t.value === ')') depth--;
    return depth === 0 && /^(UNION|EXCEPT|INTERSECT|MINUS)$/.test(upper(t));
  });
}

/** Parses `TABLE(name(args))` starting at tokens[i] = TABLE; returns the call and the next index. */
function tableCall(
  tokens: Token[],
  source: string,
  i: number,
): { parts: string[]; args: TableFunctionArgs; next: number } {
  const end = skipGroup(tokens, i + 1);
  const p = new Parser(tokens.slice(i + 2, end - 1), source);
  const parts = p.qualifiedName(3);
  const args: TableFunctionArgs = { named: {}, positional: [] };
  p.expectPunct('(');
  if (!p.acceptPunct(')')) {
    do {
      if (p.isName() && p.isPunct('=>', 1)) {
        const key = p.name().toUpperCase();
        p.next();
        args.named[key] = p.literal();
      } else args.positional.push(p.literal() as Literal);
    } while (p.acceptPunct(','));
    p.expectPunct(')');
  }
  p.end();
  return { parts, args, next: end };
}

/** Reads a type written after `::` or inside CAST(x AS type); returns its text and the next index. */
function typeText(tokens: Token[], source: string, i: number): { text: string; next: number } {
  let k = i;
  if (tokens[k]?.type !== 'word') throw new Parser(tokens, source).fail(tokens[k]);
  k++;
  while (tokens[k]?.type === 'word' && /^(PRECISION|VARYING|WITH|WITHOUT|LOCAL|TIME|ZONE)$/i.test(tokens[k].value)) k++;
  if (tokens[k]?.type === 'punct' && tokens[k].value === '(') k = skipGroup(tokens, k);
  return { text: source.slice(tokens[i].start, tokens[k - 1].end).toUpperCase(), next: k };
}

interface Level {
  kind: 'root' | 'group' | 'call' | 'cast';
  outStart: number;
  inFrom: boolean;
  expectTable: 'alias' | 'plain' | null;
}

export function rewrite(tokens: Token[], source: string, binds: Bind[], env: RewriteEnv): Rewritten {
  const out: string[] = [];
  const canonicalHints = new Map<string, string>();
  const marks = namings(tokens, source, canonicalHints);
  const hints = new Map<string, string>();
  for (const [name, canonical] of canonicalHints) {
    const type = snowType(canonical);
    if (type) hints.set(name, type);
  }
  const ctes = cteNames(tokens);
  const outBinds: Bind[] = [];
  let positional = 0;
  let tables = 0;
  const stack: Level[] = [{ kind: 'root', outStart: 0, inFrom: false, expectTable: null }];
  let lastAtom = 0;
  let pendingCast: string | null = null;
  let markIndex = 0;
  let i = 0;
  const top = () => stack[stack.length - 1];

  const flushMarks = () => {
    while (markIndex < marks.length && marks[markIndex].at < i) {
      const m = marks[markIndex++];
      if (!m.replace) out.push(`AS ${sqliteName(m.name)}`);
    }
  };

  while (i < tokens.length) {
    const t = tokens[i];
    const level = top();
    const mark = marks[markIndex];
    if (mark?.replace && mark.at === i) {
      out.push(sqliteName(mark.name));
      markIndex++;
      i++;
      continue;
    }
    if (level.expectTable) {
      const mode = level.expectTable;
      level.expectTable = null;
      if (upper(t) === 'TABLE' && tokens[i + 1]?.value === '(') {
        const call = tableCall(tokens, source, i);
        out.push(env.tableFunction(call.parts, call.args));
        tables++;
        i = call.next;
        if (!isName(tokens[i]) || NOT_ALIAS.has(upper(tokens[i]))) {
          if (upper(tokens[i]) !== 'AS') out.push(`AS ${sqliteName(call.parts[call.parts.length - 1])}`);
        }
        flushMarks();
        continue;
      }
      if (isName(t) && !(t.type === 'word' && NOT_ALIAS.has(upper(t)) && upper(t) !== 'DEFAULT')) {
        const parts = [stored(t)];
        let k = i + 1;
        while (tokens[k]?.type === 'punct' && tokens[k].value === '.' && isName(tokens[k + 1])) {
          parts.push(stored(tokens[k + 1]));
          k += 2;
        }
        if (mode === 'alias' && tokens[k]?.type === 'punct' && tokens[k].value === '(') {
          throw unsupported(`FROM ${parts.join('.')}(...)`);
        }
        if (parts.length === 1 && ctes.has(parts[0])) out.push(sqliteName(parts[0]));
        else {
          out.push(env.table(parts));
          tables++;
          const next = tokens[k];
          const hasAlias = upper(next) === 'AS' || (isName(next) && !NOT_ALIAS.has(upper(next)));
          if (mode === 'alias' && !hasAlias) out.push(`AS ${sqliteName(parts[parts.length - 1])}`);
        }
        i = k;
        flushMarks();
        continue;
      }
    }
    if (t.type === 'word') {
      const w = t.value.toUpperCase();
      const next = tokens[i + 1];
      const callNext = next?.type === 'punct' && next.value === '(';
      if ((w === 'FROM' || w === 'JOIN') && (level.kind === 'root' || level.kind === 'group')) {
        out.push(w);
        level.inFrom = true;
        level.expectTable = 'alias';
        i++;
        continue;
      }
      if (w === 'INTO' && level.kind === 'root' && upper(tokens[0]) === 'INSERT') {
        out.push(w);
        level.expectTable = 'plain';
        i++;
        continue;
      }
      if (w === 'UPDATE' && i === 0) {
        out.push(w);
        level.expectTable = 'alias';
        i++;
        continue;
      }
      if (END_FROM.has(w)) level.inFrom = false;
      if (w === 'MINUS') {
        out.push('EXCEPT');
        i++;
        continue;
      }
      if (w === 'ILIKE') {
        out.push('LIKE');
        i++;
        continue;
      }
      if ((w === 'CAST' || w === 'TRY_CAST') && callNext) {
        lastAtom = out.length;
        out.push(w === 'CAST' ? 'SF_CAST' : 'SF_TRY_CAST');
        pendingCast = w;
        i++;
        continue;
      }
      if (w === 'AS' && level.kind === 'cast') {
        const type = typeText(tokens, source, i + 1);
        out.push(`, ${sqliteString(type.text)}`);
        i = type.next;
        continue;
      }
      if (w in CLOCK) {
        lastAtom = out.length;
        out.push(`${CLOCK[w]}()`);
        i += callNext ? skipGroup(tokens, i + 1) - i : 1;
        flushMarks();
        continue;
      }
      if (BARE_SESSION.has(w) && !callNext && tokens[i - 1]?.value !== '.') {
        lastAtom = out.length;
        out.push(`${w}()`);
        i++;
        flushMarks();
        continue;
      }
      if (callNext && DATE_PART_FIRST.has(w) && tokens[i + 2]?.type === 'word' && tokens[i + 3]?.value === ',') {
        lastAtom = out.length;
        stack.push({ kind: 'call', outStart: out.length, inFrom: false, expectTable: null });
        out.push(`${w}(${sqliteString(tokens[i + 2].value.toUpperCase())}`);
        i += 3;
        continue;
      }
      if (tokens[i - 1]?.value !== '.' || tokens[i - 1]?.type !== 'punct') lastAtom = out.length;
      out.push(callNext && w in RENAMES ? RENAMES[w] : t.value);
      i++;
      flushMarks();
      continue;
    }
    if (t.type === 'punct') {
      const v = t.value;
      if (v === '(') {
        const prev = tokens[i - 1];
        const sub = upper(tokens[i + 1]) === 'SELECT' || upper(tokens[i + 1]) === 'WITH';
        const kind: Level['kind'] = pendingCast
          ? 'cast'
          : !sub && (prev?.type === 'word' || prev?.type === 'quoted')
            ? 'call'
            : 'group';
        const start = kind === 'group' ? out.length : lastAtom;
        pendingCast = null;
        stack.push({ kind, outStart: start, inFrom: false, expectTable: null });
        out.push('(');
        i++;
        continue;
      }
      if (v === ')') {
        const closed = stack.length > 1 ? stack.pop()! : top();
        lastAtom = closed.outStart;
        out.push(')');
        i++;
        flushMarks();
        continue;
      }
      if (v === '::') {
        const type = typeText(tokens, source, i + 1);
        out.splice(lastAtom, 0, 'SF_CAST(');
        out.push(`, ${sqliteString(type.text)})`);
        i = type.next;
        flushMarks();
        continue;
      }
      if (v === ',' && level.inFrom && (level.kind === 'root' || level.kind === 'group')) level.expectTable = 'alias';
      if (v === '=>') throw unsupported('named arguments (=>) outside TABLE(...)');
      out.push(v);
      i++;
      flushMarks();
      continue;
    }
    if (!(t.type === 'quoted' && tokens[i - 1]?.type === 'punct' && tokens[i - 1].value === '.')) lastAtom = out.length;
    if (t.type === 'string' || t.type === 'dollar') out.push(sqliteString(t.value));
    else if (t.type === 'quoted') out.push(sqliteName(t.value));
    else if (t.type === 'number') out.push(t.value);
    else if (t.type === 'bind') {
      out.push('?');
      outBinds.push(t.value === '?' ? binds[positional++] : binds[Number(t.value.slice(1)) - 1]);
    } else throw unsupported(`stage references (@${t.value})`);
    i++;
    flushMarks();
  }
  flushMarks();
  const unnamed = isSetOperation(tokens) ? [] : marks.filter((m) => m.unnamed).map((m) => m.name);
  return { sql: out.join(' '), binds: outBinds, hints, canonicalHints, unnamed, tables };
}
