/**
 * SYSTEM$ functions called with literal arguments: `SELECT SYSTEM$X('a', 1) [AS alias]` and
 * `CALL SYSTEM$X('a', 1)`. The function is looked up in the registry and evaluated in JS.
 */
import type { Cell } from '../../client/types.js';
import { compilationError, unsupported } from '../errors.js';
import type { Literal, Parser } from '../parser.js';
import type { Registry, Statement } from '../registry.js';
import { rows } from '../results.js';

/** True when the parser (after SELECT or CALL) is at `SYSTEM$NAME (`. */
export function isSystemCall(p: Parser): boolean {
  const t = p.peek();
  return t?.type === 'word' && /^SYSTEM\$/i.test(t.value) && p.isPunct('(', 1);
}

/** Parses `SYSTEM$X(literal, ...)` [AS alias]; `select` decides the column name rules. */
export function parseSystemCall(p: Parser, registry: Registry, select: boolean): Statement {
  const start = p.pos;
  const nameToken = p.next();
  const name = nameToken.value.toUpperCase();
  p.expectPunct('(');
  const args: Literal[] = [];
  if (!p.isPunct(')')) {
    do args.push(p.literal());
    while (p.acceptPunct(','));
  }
  p.expectPunct(')');
  const text = p.textFrom(start);
  let column = select ? upperOutsideQuotes(text) : name;
  if (select && (p.acceptKw('AS') || p.isName())) column = p.name();
  p.end();
  const fn = registry.systemFunctions.get(name);
  if (!fn) {
    throw compilationError(`Unknown function ${name}`, '002140', '42601');
  }
  return {
    writes: fn.writes,
    run(ctx) {
      const value: Cell = fn.call(ctx, args);
      const type = typeof value === 'number' ? 'fixed' : typeof value === 'boolean' ? 'boolean' : 'text';
      return rows([{ name: column, type }], [{ [column]: value }]);
    },
  };
}

/** Snowflake names an unaliased expression column by its text, unquoted parts uppercased. */
export function upperOutsideQuotes(text: string): string {
  return text.replace(/('(?:[^'\\]|\\.|'')*')|("(?:[^"]|"")*")|([^'"]+)/g, (_m, s, q, other) =>
    s !== undefined ? s.toUpperCase() : q !== undefined ? q : other.toUpperCase(),
  );
}

export function register(registry: Registry): void {
  registry.on('CALL', '', (p) => {
    if (!isSystemCall(p)) throw unsupported(`CALL ${p.peek()?.value.toUpperCase() ?? ''}`.trim());
    return parseSystemCall(p, registry, false);
  });
}
