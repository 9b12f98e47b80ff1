/**
 * DROP, ALTER (with SET/UNSET of properties), SHOW and DESCRIBE as every kind writes them. A
 * kind gives its lookup, the clauses it takes and what is its own (a refusal, the session's
 * current object, its row); IF EXISTS, status lines and SHOW filtering are the same for all.
 */
import type { Column, QueryResult, Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { alreadyExists, shown } from '../errors.js';
import { findObject, requireSchema, resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import { type PropParser, type PropValue, parseProps, parseUnset } from '../props.js';
import type { ExecContext, Handler } from '../registry.js';
import { OK, status } from '../results.js';
import { filterByName, parseShowOptions, resolveScope, type ShowLevel, showResult } from '../show.js';
import { dropObject, historyColumns, historyRow, withDropped } from '../timetravel.js';
import { alreadyDroppedStatus, droppedStatus, parseDropTail } from './common.js';
import { type Lookup, requireNamed } from './lookup.js';

export type Change<O> = (ctx: ExecContext, object: O) => void;

export interface DropOptions<O> {
  /** What may follow the name: CASCADE | RESTRICT unless the kind says otherwise. */
  tail?: (p: Parser) => void;
  /** Refuses the drop, or does what must happen while the object is still there. */
  before?: Change<O>;
  /** What changes once it is gone (the session's current object). */
  after?: Change<O>;
}

/** A tail for kinds whose DROP takes nothing after the name. */
export const nothingMore = (p: Parser): void => p.end();

/** DROP <KIND> [IF EXISTS] name [tail]. */
export function dropHandler<O extends CatalogObject>(lookup: Lookup<O>, opts: DropOptions<O> = {}): Handler {
  return (p) => {
    const ifExists = p.acceptKw('IF EXISTS');
    const parts = lookup.parseName(p);
    (opts.tail ?? parseDropTail)(p);
    return {
      writes: true,
      run(ctx) {
        const found = lookup.locate(ctx, parts, `DROP ${lookup.keyword}`);
        const o = found.object;
        if (!o) {
          if (ifExists) return alreadyDroppedStatus(found.name);
          throw found.missing();
        }
        opts.before?.(ctx, o);
        dropObject(ctx, o);
        opts.after?.(ctx, o);
        return droppedStatus(found.name);
      },
    };
  };
}

/** ALTER <KIND> [IF EXISTS] name <change>; `parseChange` reads everything after the name. */
export function alterHandler<O extends CatalogObject>(
  lookup: Lookup<O>,
  parseChange: (p: Parser) => Change<O>,
): Handler {
  return (p) => {
    const ifExists = p.acceptKw('IF EXISTS');
    const parts = lookup.parseName(p);
    const change = parseChange(p);
    p.end();
    return {
      writes: true,
      run(ctx) {
        const found = lookup.locate(ctx, parts, `ALTER ${lookup.keyword}`);
        if (!found.object) {
          if (ifExists) return status(OK);
          throw found.missing();
        }
        change(ctx, found.object);
        return status(OK);
      },
    };
  };
}

/** After RENAME TO: a schema object moves to `[db.][s.]name`, which must be free. */
export function renameInSchema<O extends CatalogObject>(p: Parser, kind: string, action: string): Change<O> {
  const to = p.qualifiedName(3);
  return (ctx, o) => {
    const target = resolveObject(ctx, to, action);
    requireSchema(ctx, target);
    if (findObject(ctx, kind, target)) throw alreadyExists(shown(target.name));
    ctx.db
      .prepare('UPDATE objects SET database = ?, schema = ?, name = ? WHERE id = ?')
      .run(target.database, target.schema, target.name, o.id);
  };
}

/** Puts values into a copy of the props; may refuse them (it sees the statement and the object). */
export type ApplyProps<O extends CatalogObject> = (
  props: O['props'],
  values: Record<string, PropValue>,
  ctx: ExecContext,
  object: O,
) => void;

export interface PropsChangeOptions {
  /** Records the change's time in the props' `updatedOn`. */
  stamp?: boolean;
}

function propsChange<O extends CatalogObject>(
  values: Record<string, PropValue>,
  apply: ApplyProps<O>,
  opts: PropsChangeOptions,
): Change<O> {
  return (ctx, o) => {
    const props = opts.stamp ? { ...o.props, updatedOn: ctx.now.getTime() } : { ...o.props };
    apply(props, values, ctx, o);
    ctx.catalog.update(o, props);
  };
}

/** After SET: `KEY = value ...` (at least one; only `allowed` keys when given). */
export function setProps<O extends CatalogObject>(
  p: Parser,
  spec: Record<string, PropParser>,
  apply: ApplyProps<O>,
  opts: PropsChangeOptions & { allowed?: string[] } = {},
): Change<O> {
  const values = parseProps(p, spec);
  const keys = Object.keys(values);
  if (keys.length === 0 || (opts.allowed && keys.some((k) => !opts.allowed!.includes(k)))) throw p.fail();
  return propsChange(values, apply, opts);
}

/** After UNSET: `KEY, ...`, each applied as `reset(key)` (null, the default, unless the kind says). */
export function unsetProps<O extends CatalogObject>(
  p: Parser,
  spec: Record<string, unknown>,
  apply: ApplyProps<O>,
  opts: PropsChangeOptions & { reset?: (key: string) => PropValue } = {},
): Change<O> {
  const reset = opts.reset ?? (() => null);
  const values = Object.fromEntries(parseUnset(p, spec).map((k) => [k, reset(k)]));
  return propsChange(values, apply, opts);
}

/**
 * SHOW <plural> for kinds whose rows come from their objects alone: account objects are
 * listed whole, others within the IN scope (the current database by default). HISTORY adds
 * the dropped versions Time Travel keeps, for kinds that have it, and the `dropped_on` column.
 */
export function showHandler<P>(
  kind: string,
  level: ShowLevel,
  cols: Column[],
  row: (ctx: ExecContext, o: CatalogObject<P>) => Row,
  terse?: Column[],
): Handler {
  return (p, head) => {
    const o = parseShowOptions(p, head, level);
    return {
      writes: false,
      run(ctx) {
        const scope = level === 'account' ? {} : resolveScope(ctx, o);
        const live = ctx.catalog.list<P>(kind, scope);
        const history = o.history && ctx.registry.kinds.get(kind)?.retention !== undefined;
        const list = filterByName(history ? withDropped(ctx, kind, scope, live) : live, o, (x) => x.name);
        return showResult(
          o,
          history ? historyColumns(cols) : cols,
          list.map((x) => (history ? historyRow(row(ctx, x), x) : row(ctx, x))),
          terse,
        );
      },
    };
  };
}

/** DESCRIBE <KIND> name: the named object, or Snowflake's error for a missing one. */
export function describeHandler<O extends CatalogObject>(
  lookup: Lookup<O>,
  result: (ctx: ExecContext, o: O) => QueryResult,
): Handler {
  return (p) => {
    const parts = lookup.parseName(p);
    p.end();
    return {
      writes: false,
      run: (ctx) => result(ctx, requireNamed(lookup, ctx, parts, `DESCRIBE ${lookup.keyword}`)),
    };
  };
}
