/**
 * The objects one SQL statement touches, for the policy's deny/allow rules (run_sql, task bodies
 * and every statement a plan will run). Sound, not complete: a statement is read with the
 * shared lexer, and object names are taken from the places Snowflake's grammar puts them (after
 * the verb's kind keyword, FROM/JOIN/INTO/UPDATE/USING, ON/IN/TO <kind>, CLONE, RENAME TO,
 * WAREHOUSE =, AFTER, stages, qualified function calls, IDENTIFIER('...'), known SYSTEM$
 * functions). Whatever it cannot place (CALL, anonymous procedures, scripting blocks, unknown
 * verbs or kinds, IDENTIFIER($var), unqualified names without a current database) throws
 * Unresolved, and the caller refuses the statement while rules exist (fail closed).
 */
import type { SqlClient } from '../client/types.js';
import { isSnowopsError } from '../errors.js';
import { parseQualifiedName } from '../sql/identifiers.js';
import { isKeyword, splitStatements, type Token, tokenizeInput } from '../sql/lexer.js';
import { DEPTH, type Target, type TargetKind } from './rules.js';
import { kindAt, pluralAt, SYSTEM_FUNCTIONS } from './sql-kinds.js';

/** The session's current database and schema (names as stored), null when unset. */
export interface SqlSession {
  database: string | null;
  schema: string | null;
}

/** The client's current database and schema, to qualify the unqualified names of a statement. */
export async function currentSession(client: SqlClient): Promise<SqlSession> {
  const row = (await client.execute('SELECT CURRENT_DATABASE() AS D, CURRENT_SCHEMA() AS S')).rows[0] ?? {};
  return { database: typeof row.D === 'string' ? row.D : null, schema: typeof row.S === 'string' ? row.S : null };
}

/** Why a statement's objects cannot be told. */
export class Unresolved extends Error {}

/** Partial qualification known from the statement itself (a task body runs in its task's schema). */
interface Base {
  database?: string;
  schema?: string;
}

/** A name as written, to be qualified. */
interface Ref {
  kind: TargetKind;
  parts: string[];
  base: Base;
  label?: string;
  /** A listing of what is inside a container of `depth` parts (0: the account). */
  listing?: { depth: number };
  /** Skip it (instead of failing) when the session cannot qualify it. */
  optional?: boolean;
}

const word = (t: Token | undefined): string => (t?.type === 'word' ? t.value.toUpperCase() : '');
const punct = (t: Token | undefined, p: string): boolean => t?.type === 'punct' && t.value === p;

/** Words that never start an object name where one is expected. */
const NOT_A_NAME = new Set(
  (
    'SELECT WITH VALUES LATERAL TABLE ON TO IN FROM WHERE SET AS USING IF NOT EXISTS OR REPLACE ALL FUTURE ' +
    'JOIN INNER LEFT RIGHT FULL OUTER CROSS NATURAL GROUP ORDER HAVING LIMIT UNION WHEN THEN AND'
  ).split(' '),
);
const CLAUSE_ENDS = new Set(
  'WHERE GROUP HAVING QUALIFY ORDER LIMIT UNION EXCEPT MINUS INTERSECT WINDOW FETCH OFFSET SET SELECT VALUES'.split(
    ' ',
  ),
);
const CREATE_MODIFIERS = new Set('TEMPORARY TEMP LOCAL GLOBAL VOLATILE TRANSIENT SECURE RECURSIVE'.split(' '));

/** One part of a name: a word as Snowflake resolves it (uppercase) or a quoted name as stored. */
function part(t: Token): string {
  return t.type === 'word' ? t.value.toUpperCase() : t.value;
}

/** `$name` (a session variable) or `$1` (a staged file's column): never an object name. */
const isVariable = (t: Token | undefined): boolean => t?.type === 'word' && t.value.startsWith('$');

function nameText(text: string): string[] {
  try {
    return parseQualifiedName(text, [1, 3], 'name');
  } catch (e) {
    if (isSnowopsError(e)) throw new Unresolved(`${JSON.stringify(text)} is not an object name`);
    throw e;
  }
}

/**
 * The name at `i` (`a.b."C"`, `db..t`, IDENTIFIER('a.b')), or null when no name starts there.
 * `any` also takes keywords as the first part (after a dot they always are names).
 */
function readName(tokens: Token[], i: number, any = false): { parts: string[]; next: number } | null {
  const t = tokens[i];
  if (isKeyword(t, 'IDENTIFIER') && punct(tokens[i + 1], '(')) {
    const arg = tokens[i + 2];
    if ((arg?.type !== 'string' && arg?.type !== 'quoted') || !punct(tokens[i + 3], ')')) {
      throw new Unresolved('IDENTIFIER(...) names an object known only when the statement runs');
    }
    return { parts: arg.type === 'string' ? nameText(arg.value) : [arg.value], next: i + 4 };
  }
  if (!t || (t.type !== 'word' && t.type !== 'quoted') || isVariable(t)) return null;
  if (!any && NOT_A_NAME.has(word(t))) return null;
  const parts = [part(t)];
  let k = i + 1;
  while (punct(tokens[k], '.')) {
    if (punct(tokens[k + 1], '.')) {
      parts.push('PUBLIC'); // db..name is db.PUBLIC.name
      k++;
    }
    const next = tokens[k + 1];
    if (next?.type !== 'word' && next?.type !== 'quoted') break;
    parts.push(part(next));
    k += 2;
  }
  return { parts, next: k };
}

/** `@db.schema.stage/path`, `@%table`, `@~`: the object a stage reference names. */
function stageRef(value: string, base: Base): Ref | null {
  if (value.startsWith('~')) return null; // the user's own stage
  const table = value.startsWith('%');
  let text = table ? value.slice(1) : value;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '/' && !quoted) {
      text = text.slice(0, i);
      break;
    }
  }
  return { kind: table ? 'table' : 'stage', parts: nameText(text), base };
}

/** The base a body inside `parts` (a task) runs with. */
function inside(parts: string[], base: Base): Base {
  if (parts.length === 3) return { database: parts[0], schema: parts[1] };
  if (parts.length === 2) return { database: base.database, schema: parts[0] };
  return base;
}

interface Group {
  /** FROM means a relation here (top level, or a group holding a query). */
  query: boolean;
  /** Inside a FROM list: a comma starts another relation. */
  fromList: boolean;
}

interface ScanContext {
  verb: string;
  base: Base;
  /** The kind of the statement's own object, for CLONE, RENAME TO, SWAP WITH. */
  kind?: TargetKind;
  /** For a task's AFTER and FINALIZE: the task's own base. */
  taskBase?: Base;
}

/** Collects what a statement's clauses name (see the module comment). */
function scan(tokens: Token[], from: number, ctx: ScanContext, out: Ref[]): void {
  const ctes = new Set<string>();
  tokens.forEach((t, k) => {
    if ((t.type === 'word' || t.type === 'quoted') && isKeyword(tokens[k + 1], 'AS')) {
      if (isKeyword(tokens[k + 2], 'PROCEDURE'))
        throw new Unresolved('an anonymous procedure runs code snowops cannot read');
      if (punct(tokens[k + 2], '(')) ctes.add(part(t));
    }
  });
  const push = (kind: TargetKind, parts: string[], extra: Partial<Ref> = {}) => {
    if (parts.length === 1 && (kind === 'table' || kind === 'object') && ctes.has(parts[0])) return;
    out.push({ kind, parts, base: ctx.base, ...extra });
  };
  const stack: Group[] = [{ query: true, fromList: false }];
  let expectItem = false;

  /** A relation where one must be: a name (or a function), else whatever follows is scanned. */
  const relation = (k: number): number => {
    // ALTER SERVICE ... FROM SPECIFICATION $$...$$: the spec follows, not a relation.
    if (isKeyword(tokens[k], 'SPECIFICATION') || isKeyword(tokens[k], 'SPECIFICATION_TEMPLATE')) return k + 1;
    const name = readName(tokens, k);
    if (!name) {
      expectItem = punct(tokens[k], '(');
      // FROM $1 in a ->> chain is the previous statement's result; any other variable is unknown.
      if (isVariable(tokens[k]) && /^\$\d+$/.test(tokens[k].value)) return k + 1;
      if (tokens[k]?.type === 'bind' || isVariable(tokens[k])) throw new Unresolved('a variable is used as a name');
      return k;
    }
    // A name called like a function is one, except where a column list follows a table.
    const columns = ['INTO', 'REFERENCES'].includes(word(tokens[k - 1]));
    if (punct(tokens[name.next], '(') && !columns) {
      if (name.parts.length > 1) push('object', name.parts);
    } else push('table', name.parts);
    return name.next;
  };

  let k = from;
  while (k < tokens.length) {
    const t = tokens[k];
    const group = stack[stack.length - 1];
    const u = word(t);
    if (punct(t, '(')) {
      const next = tokens[k + 1];
      const grouped = expectItem && !['SELECT', 'WITH', 'VALUES'].includes(word(next)) && !punct(next, '(');
      stack.push({ query: false, fromList: grouped });
      expectItem = false;
      k = grouped ? relation(k + 1) : k + 1;
      continue;
    }
    expectItem = false;
    if (punct(t, ')')) {
      if (stack.length > 1) stack.pop();
      k++;
      continue;
    }
    if (t.type === 'stage') {
      const ref = stageRef(t.value, ctx.base);
      if (ref) out.push(ref);
      k++;
      continue;
    }
    if (punct(t, ',') && group.fromList) {
      k = relation(k + 1);
      continue;
    }
    if (t.type !== 'word' && t.type !== 'quoted') {
      k++;
      continue;
    }
    if (CLAUSE_ENDS.has(u)) group.fromList = false;
    if (u === 'SELECT' || u === 'DELETE') group.query = true;
    // FROM <kind> <name> only in REVOKE ... FROM ROLE r and CREATE DATABASE d FROM SHARE s; elsewhere
    // FROM is followed by a relation, whatever its name.
    const kindedFrom =
      u === 'FROM' && (ctx.verb === 'REVOKE' || (ctx.verb === 'CREATE' && isKeyword(tokens[k + 1], 'SHARE')));
    const kinded = ['ON', 'IN', 'TO'].includes(u) || kindedFrom ? kindAt(tokens, k + 1) : null;
    if (kinded && (kinded.nameless || readName(tokens, kinded.next, true))) {
      if (kinded.kind === null) throw new Unresolved(`snowops cannot place a ${kinded.label}`);
      if (kinded.nameless) {
        if (kinded.kind === 'account_object')
          out.push({ kind: 'account_object', parts: ['ACCOUNT'], base: ctx.base, label: 'account' });
        k = kinded.next;
        continue;
      }
      const name = readName(tokens, kinded.next, true)!;
      const parts = kinded.column ? name.parts.slice(0, -1) : name.parts;
      out.push({
        kind: kinded.kind,
        parts,
        base: ctx.base,
        label: kinded.kind === 'account_object' ? kinded.label : undefined,
      });
      k = name.next;
      continue;
    }
    if ((u === 'FROM' && group.query) || u === 'JOIN' || u === 'INTO' || u === 'REFERENCES') {
      if (u !== 'INTO' && u !== 'REFERENCES') group.fromList = true;
      k = relation(k + 1);
      continue;
    }
    if (u === 'UPDATE' && !isKeyword(tokens[k + 1], 'SET')) {
      k = relation(k + 1);
      continue;
    }
    if (u === 'USING' && (ctx.verb === 'MERGE' || ctx.verb === 'DELETE')) {
      group.fromList = true;
      k = relation(k + 1);
      continue;
    }
    if (u === 'TABLE' && !punct(tokens[k + 1], '(')) {
      const name = readName(tokens, k + 1);
      if (name) {
        push('table', name.parts);
        k = name.next;
        continue;
      }
    }
    const sameKind =
      u === 'CLONE'
        ? 1
        : (u === 'RENAME' && isKeyword(tokens[k + 1], 'TO')) || (u === 'SWAP' && isKeyword(tokens[k + 1], 'WITH'))
          ? 2
          : 0;
    if (sameKind && ctx.kind) {
      const name = readName(tokens, k + sameKind, true);
      if (name) {
        push(ctx.kind, name.parts);
        k = name.next;
        continue;
      }
    }
    if ((u === 'WAREHOUSE' || u === 'QUERY_WAREHOUSE') && punct(tokens[k + 1], '=')) {
      const name = readName(tokens, k + 2, true);
      if (name) {
        out.push({ kind: 'warehouse', parts: name.parts, base: ctx.base });
        k = name.next;
        continue;
      }
    }
    if (ctx.taskBase && (u === 'AFTER' || (u === 'FINALIZE' && punct(tokens[k + 1], '=')))) {
      let j = u === 'AFTER' ? k + 1 : k + 2;
      for (;;) {
        const name = readName(tokens, j, true);
        if (!name) break;
        out.push({ kind: 'task', parts: name.parts, base: ctx.taskBase });
        j = name.next;
        if (!punct(tokens[j], ',') || u === 'FINALIZE') break;
        j++;
      }
      k = j;
      continue;
    }
    if (/^SYSTEM\$/i.test(t.value) && punct(tokens[k + 1], '(')) {
      const fn = SYSTEM_FUNCTIONS.get(t.value.toUpperCase());
      if (fn === undefined) throw new Unresolved(`${t.value.toUpperCase()} is a system function snowops does not read`);
      if (fn !== 'none') {
        const arg = tokens[k + 2];
        if (arg?.type !== 'string')
          throw new Unresolved(`${t.value.toUpperCase()} is given a name known only when it runs`);
        out.push({ kind: fn, parts: nameText(arg.value), base: ctx.base });
      }
      k += 2;
      continue;
    }
    // A qualified function call or sequence: db.schema.fn(...), db.schema.seq.NEXTVAL.
    const name = readName(tokens, k, true);
    if (name && !punct(tokens[k - 1], '.')) {
      const last = name.parts[name.parts.length - 1];
      if (name.parts.length > 1 && punct(tokens[name.next], '(')) push('object', name.parts.slice(-3));
      else if (name.parts.length > 1 && (last === 'NEXTVAL' || last === 'CURRVAL'))
        push('object', name.parts.slice(0, -1));
      k = Math.max(name.next, k + 1);
      continue;
    }
    k++;
  }
}

/** The statement's own object after CREATE/ALTER/DROP/UNDROP/DESCRIBE and its kind keyword. */
function headed(tokens: Token[], i: number, verb: string, base: Base, out: Ref[]): void {
  let k = i + 1;
  if (verb === 'CREATE' && isKeyword(tokens[k], 'OR')) k += 2;
  while (verb === 'CREATE' && CREATE_MODIFIERS.has(word(tokens[k]))) k++;
  if (verb === 'DESCRIBE' && isKeyword(tokens[k], 'RESULT')) return;
  const kind = kindAt(tokens, k);
  if (!kind) throw new Unresolved(`${verb} ${word(tokens[k]) || '...'} is not an object kind snowops reads`);
  if (kind.nameless && verb === 'ALTER' && kind.label === 'session') return; // ALTER SESSION: no object
  if (kind.kind === null) throw new Unresolved(`snowops cannot place a ${kind.label}`);
  if (kind.nameless) {
    out.push({ kind: kind.kind, parts: ['ACCOUNT'], base, label: kind.label });
    return;
  }
  k = kind.next;
  if (isKeyword(tokens[k], 'IF')) k += isKeyword(tokens[k + 1], 'NOT') ? 3 : 2;
  const name = readName(tokens, k, true);
  if (!name) throw new Unresolved(`no ${kind.label} name after ${verb} ${kind.label.toUpperCase()}`);
  out.push({
    kind: kind.kind,
    parts: name.parts,
    base,
    label: kind.kind === 'account_object' ? kind.label : undefined,
  });
  k = name.next;
  if (verb === 'CREATE' && isKeyword(tokens[k], 'LIKE')) {
    const like = readName(tokens, k + 1, true);
    if (like) out.push({ kind: kind.kind, parts: like.parts, base });
  }
  const ctx: ScanContext = { verb, base, kind: kind.kind };
  let end = tokens.length;
  if (kind.kind === 'task') {
    // A task's body runs in the task's schema: its names are qualified from there.
    ctx.taskBase = inside(name.parts, base);
    ctx.base = ctx.taskBase;
    const as = tokens.findIndex(
      (t, j) => j >= k && isKeyword(t, 'AS') && (verb === 'CREATE' || isKeyword(tokens[j - 1], 'MODIFY')),
    );
    if (as >= 0) {
      end = as;
      statement(tokens.slice(as + 1), ctx.taskBase, out);
    }
  }
  scan(tokens.slice(0, end), k, ctx, out);
}

/** SHOW <plural> [LIKE ..] [IN ...]: a listing of a container; other SHOWs name their objects. */
function show(tokens: Token[], i: number, base: Base, out: Ref[]): void {
  let k = i + 1;
  if (isKeyword(tokens[k], 'TERSE')) k++;
  const plural = pluralAt(tokens, k);
  if (!plural) {
    scan(tokens, k, { verb: 'SHOW', base }, out);
    return;
  }
  const depthOf: Record<number, number> = { 1: 0, 2: 1, 3: 2 };
  const max = depthOf[DEPTH[plural.kind]];
  k = plural.next;
  while (k < tokens.length && !isKeyword(tokens[k], 'IN')) k++;
  const listing = (parts: string[], depth: number, optional = false): void => {
    out.push({ kind: plural.kind, parts, base, listing: { depth: Math.min(depth, max) }, optional });
  };
  if (max === 0 || isKeyword(tokens[k + 1], 'ACCOUNT')) {
    listing([], 0);
    return;
  }
  if (k >= tokens.length) {
    listing([], 1, true); // the current database, if any
    return;
  }
  const container = isKeyword(tokens[k + 1], 'DATABASE') ? 1 : isKeyword(tokens[k + 1], 'SCHEMA') ? 2 : 0;
  const name = readName(tokens, container ? k + 2 : k + 1, container > 0);
  if (!name) {
    listing([], container || 1, container === 0);
    return;
  }
  if (container) {
    listing(name.parts, container);
    return;
  }
  // IN name: a database, or db.schema (a one-part name may also be a schema of the current database).
  listing(name.parts, name.parts.length === 1 ? 1 : 2);
  if (name.parts.length === 1) listing(name.parts, 2, true);
}

/** USE [ROLE|WAREHOUSE|DATABASE|SCHEMA] name. */
function use(tokens: Token[], i: number, base: Base, out: Ref[]): void {
  const what = word(tokens[i + 1]);
  if (what === 'SECONDARY') return;
  const kinds: Record<string, TargetKind> = {
    ROLE: 'account_object',
    WAREHOUSE: 'warehouse',
    DATABASE: 'database',
    SCHEMA: 'schema',
  };
  const kind = kinds[what];
  const name = readName(tokens, kind ? i + 2 : i + 1, true);
  if (!name) throw new Unresolved('USE without a name');
  out.push({
    kind: kind ?? (name.parts.length === 1 ? 'database' : 'schema'),
    parts: name.parts,
    base,
    label: kind === 'account_object' ? 'role' : undefined,
  });
}

const SCANNED = new Set(
  'SELECT WITH INSERT UPDATE DELETE MERGE COPY SET UNSET LIST LS REMOVE RM PUT GET COMMENT GRANT REVOKE VALUES'.split(
    ' ',
  ),
);

/** The refs of one statement (a `->>` chain: of each part). */
function statement(tokens: Token[], base: Base, out: Ref[]): void {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (punct(t, '->>')) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  for (const p of parts) one(p, base, out);
}

function one(tokens: Token[], base: Base, out: Ref[]): void {
  let i = 0;
  while (punct(tokens[i], '(')) i++;
  const verb = word(tokens[i]);
  if (SCANNED.has(verb)) {
    if ((verb === 'GRANT' || verb === 'REVOKE') && kindAt(tokens, i + 1)?.label === 'role') {
      const role = readName(tokens, i + 2, true);
      if (role) out.push({ kind: 'account_object', parts: role.parts, base, label: 'role' });
    }
    scan(tokens, i, { verb, base }, out);
  } else if (['CREATE', 'ALTER', 'DROP', 'UNDROP'].includes(verb)) {
    headed(tokens, i, verb, base, out);
  } else if (verb === 'DESCRIBE' || verb === 'DESC') {
    headed(tokens, i, 'DESCRIBE', base, out);
  } else if (verb === 'SHOW') {
    show(tokens, i, base, out);
  } else if (verb === 'USE') {
    use(tokens, i, base, out);
  } else if (verb === 'EXPLAIN') {
    one(tokens.slice(isKeyword(tokens[i + 1], 'USING') ? i + 3 : i + 1), base, out);
  } else if (verb === 'TRUNCATE') {
    let k = i + 1;
    if (isKeyword(tokens[k], 'TABLE')) k++;
    if (isKeyword(tokens[k], 'IF')) k += 2;
    const name = readName(tokens, k, true);
    if (!name) throw new Unresolved('TRUNCATE without a table name');
    out.push({ kind: 'table', parts: name.parts, base });
  } else if (verb === 'EXECUTE') {
    const name = isKeyword(tokens[i + 1], 'TASK') ? readName(tokens, i + 2, true) : null;
    if (!name) throw new Unresolved(`EXECUTE ${word(tokens[i + 1])} runs code snowops cannot read`);
    out.push({ kind: 'task', parts: name.parts, base });
  } else if (verb === 'CALL') {
    throw new Unresolved('CALL runs a procedure whose code snowops cannot read');
  } else if (verb !== 'COMMIT' && verb !== 'ROLLBACK') {
    throw new Unresolved(`${verb || 'this'} statements are not read by snowops`);
  }
}

/** The names a session must qualify, in order: the session's [database, schema]. */
function qualify(ref: Ref, session: SqlSession | null): Target | null {
  const depth = ref.listing ? ref.listing.depth : DEPTH[ref.kind];
  const label = ref.label ? { label: ref.label } : {};
  if (ref.kind === 'account_object') return { kind: ref.kind, path: [ref.parts.join('.')], ...label };
  if (ref.parts.length > depth) {
    throw new Unresolved(`${ref.parts.join('.')} has more parts than a ${ref.label ?? ref.kind} name`);
  }
  const missing = depth - ref.parts.length;
  const from = [ref.base.database ?? session?.database ?? null, ref.base.schema ?? session?.schema ?? null];
  const prefix = from.slice(0, missing);
  if (prefix.some((p) => p === null)) {
    if (ref.optional) return null;
    const what = missing === 2 ? 'database and schema' : 'database';
    throw new Unresolved(
      `${ref.parts.join('.') || 'the statement'} is not qualified, and the session has no current ${what}`,
    );
  }
  const path = [...(prefix as string[]), ...ref.parts];
  return ref.listing ? { kind: ref.kind, path, listing: true } : { kind: ref.kind, path, ...label };
}

function needsSession(ref: Ref): boolean {
  if (ref.kind === 'account_object') return false;
  const depth = ref.listing ? ref.listing.depth : DEPTH[ref.kind];
  const missing = depth - ref.parts.length;
  return (missing >= 1 && ref.base.database === undefined) || (missing >= 2 && ref.base.schema === undefined);
}

/**
 * The objects the SQL touches. `session` is asked only when a name needs qualifying. Throws
 * Unresolved when they cannot be told, invalid_input when the SQL does not lex.
 */
export async function sqlTargets(sql: string, session: () => Promise<SqlSession>): Promise<Target[]> {
  const refs: Ref[] = [];
  for (const s of splitStatements(tokenizeInput(sql, 'SQL'))) statement(s, {}, refs);
  const current = refs.some(needsSession) ? await session() : null;
  return refs.map((r) => qualify(r, current)).filter((t): t is Target => t !== null);
}
