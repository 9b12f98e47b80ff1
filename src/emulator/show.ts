/**
 * SHOW's shared grammar and filtering:
 * `SHOW [TERSE] <plural> [HISTORY] [LIKE 'p'] [IN ACCOUNT | IN DATABASE [d] | IN SCHEMA [s] | IN s]
 *  [STARTS WITH 's'] [ROOT ONLY] [LIMIT n [FROM 'name']]`.
 * Kinds produce their rows in name order; this module scopes, filters and pages them.
 */
import type { Column, QueryResult, Row } from '../client/types.js';
import { cannotPerform, compilationError } from './errors.js';
import { requireDatabase, requireSchema } from './names.js';
import type { Parser } from './parser.js';
import type { ExecContext, Head } from './registry.js';
import { columns, projected } from './results.js';

export type ShowIn =
  | { kind: 'default' }
  | { kind: 'account' }
  | { kind: 'database'; name?: string }
  | { kind: 'schema'; parts?: string[] };

export interface ShowOptions {
  terse: boolean;
  history: boolean;
  like?: string;
  in: ShowIn;
  startsWith?: string;
  rootOnly: boolean;
  limit?: number;
  from?: string;
}

/** Where a kind lives decides which IN forms it accepts. */
export type ShowLevel = 'account' | 'database' | 'schema';

export function parseShowOptions(
  p: Parser,
  head: Head,
  level: ShowLevel,
  extra: { rootOnly?: boolean } = {},
): ShowOptions {
  const o: ShowOptions = { terse: head.terse, history: false, in: { kind: 'default' }, rootOnly: false };
  if (p.acceptKw('HISTORY')) o.history = true;
  if (p.acceptKw('LIKE')) o.like = p.string();
  if (level !== 'account' && p.acceptKw('IN')) {
    if (p.acceptKw('ACCOUNT')) o.in = { kind: 'account' };
    else if (p.acceptKw('DATABASE'))
      o.in = p.isName() && !isShowTail(p) ? { kind: 'database', name: p.name() } : { kind: 'database' };
    else if (level === 'schema' && p.acceptKw('SCHEMA'))
      o.in = p.isName() && !isShowTail(p) ? { kind: 'schema', parts: p.qualifiedName(2) } : { kind: 'schema' };
    else if (level === 'schema') o.in = { kind: 'schema', parts: p.qualifiedName(2) };
    else o.in = { kind: 'database', name: p.name() };
  }
  if (p.acceptKw('STARTS WITH')) o.startsWith = p.string();
  if (extra.rootOnly && p.acceptKw('ROOT ONLY')) o.rootOnly = true;
  if (p.acceptKw('LIMIT')) {
    o.limit = p.integer();
    if (o.limit < 0 || o.limit > 10000)
      throw compilationError(`invalid value [${o.limit}] for LIMIT`, '002063', '22023');
    if (p.acceptKw('FROM')) o.from = p.string();
  }
  p.end();
  return o;
}

function isShowTail(p: Parser): boolean {
  return p.isKw('STARTS') || p.isKw('LIMIT') || p.isKw('ROOT');
}

export interface ShowScope {
  database?: string;
  schema?: string;
}

/**
 * Turns IN ... into the database/schema to list. With no IN, Snowflake uses the current
 * database when there is one, else the whole account.
 */
export function resolveScope(ctx: ExecContext, o: ShowOptions): ShowScope {
  switch (o.in.kind) {
    case 'account':
      return {};
    case 'default':
      return ctx.session.database && ctx.catalog.get({ kind: 'database', name: ctx.session.database })
        ? { database: ctx.session.database }
        : {};
    case 'database': {
      const name = o.in.name ?? ctx.session.database;
      if (!name) throw cannotPerform();
      requireDatabase(ctx, name);
      return { database: name };
    }
    case 'schema': {
      const parts = o.in.parts ?? (ctx.session.schema ? [ctx.session.schema] : undefined);
      if (!parts) throw cannotPerform();
      const database = parts.length === 2 ? parts[0] : ctx.session.database;
      if (!database) throw cannotPerform();
      const schema = parts[parts.length - 1];
      requireSchema(ctx, { database, schema });
      return { database, schema };
    }
  }
}

/** SHOW's LIKE: case-insensitive, `%` any run, `_` one character, `\` escapes. */
export function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 'is');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Applies LIKE, STARTS WITH (case-sensitive) and LIMIT n FROM 'name' (rows after that name). */
export function filterByName<T>(items: T[], o: ShowOptions, nameOf: (t: T) => string): T[] {
  let out = items;
  if (o.like !== undefined) {
    const re = likeToRegExp(o.like);
    out = out.filter((t) => re.test(nameOf(t)));
  }
  if (o.startsWith !== undefined) {
    const s = o.startsWith;
    out = out.filter((t) => nameOf(t).startsWith(s));
  }
  if (o.from !== undefined) {
    const f = o.from;
    out = out.filter((t) => nameOf(t) > f);
  }
  if (o.limit !== undefined) out = out.slice(0, o.limit);
  return out;
}

export const TERSE_COLUMNS = columns(
  'created_on:timestamp_ltz name:text kind:text database_name:text schema_name:text',
);

/** Builds the SHOW result: full columns, or the TERSE ones when asked. */
export function showResult(o: ShowOptions, full: Column[], data: Row[], terse: Column[] = TERSE_COLUMNS): QueryResult {
  return projected(o.terse ? terse : full, data);
}
