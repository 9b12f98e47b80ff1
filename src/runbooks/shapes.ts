/**
 * What a `{{ steps.ID.path }}` reference will hold, read from the referenced tool's output
 * schema: whether the path exists at all, and a placeholder of the right type, so a step's
 * arguments can be checked against its input schema before any step has run.
 */
import type * as z from 'zod';
import type { PathPart } from './template.js';

export type Found =
  /** The output schema has no such field. */
  | { kind: 'missing'; at: number }
  /** The schema leaves it open (unknown, any, a shape it cannot follow): anything may be there. */
  | { kind: 'open' }
  | { kind: 'typed'; schema: z.ZodType };

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
}

const def = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Looks through optional, default, pipes and the like to the schema that holds the data. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(s);
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else break;
  }
  return s;
}

/** The schema at `path` inside `schema`. */
export function schemaAt(schema: z.ZodType, path: readonly PathPart[], from = 0): Found {
  const s = unwrap(schema);
  if (from === path.length) return { kind: 'typed', schema: s };
  const d = def(s);
  const part = path[from]!;
  switch (d.type) {
    case 'any':
    case 'unknown':
      return { kind: 'open' };
    case 'object': {
      const next = d.shape?.[String(part)] ?? d.catchall;
      return next ? schemaAt(next, path, from + 1) : { kind: 'missing', at: from };
    }
    case 'record':
      return d.valueType ? schemaAt(d.valueType, path, from + 1) : { kind: 'open' };
    case 'array':
      return typeof part === 'number' && d.element
        ? schemaAt(d.element, path, from + 1)
        : { kind: 'missing', at: from };
    case 'tuple': {
      const item = typeof part === 'number' ? d.items?.[part] : undefined;
      return item ? schemaAt(item, path, from + 1) : { kind: 'missing', at: from };
    }
    case 'union': {
      const found = (d.options ?? []).map((o) => schemaAt(o, path, from));
      const typed = found.find((f) => f.kind === 'typed');
      if (typed) return typed;
      if (found.some((f) => f.kind === 'open')) return { kind: 'open' };
      return found.reduce<Found>((a, b) => (b.kind === 'missing' && a.kind === 'missing' && b.at > a.at ? b : a), {
        kind: 'missing',
        at: from,
      });
    }
    default:
      return { kind: 'missing', at: from };
  }
}

/** A value of the schema's type (undefined when it has none we can make up). */
export function placeholderOf(schema: z.ZodType): { value: unknown } | undefined {
  const d = def(unwrap(schema));
  switch (d.type) {
    case 'string':
      return { value: 'PLACEHOLDER' };
    case 'number':
    case 'int':
      return { value: 1 };
    case 'boolean':
      return { value: true };
    case 'null':
      return { value: null };
    case 'enum':
      return { value: Object.values(d.entries ?? {})[0] };
    case 'literal':
      return { value: d.values?.[0] };
    case 'array':
      return { value: [] };
    case 'object':
    case 'record':
      return { value: {} };
    default:
      return undefined;
  }
}
