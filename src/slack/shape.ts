/**
 * How a catalog tool is written as a slash command, derived from its zod input schema alone
 * (DESIGN §8): the object's address (database, schema, name) is one qualified positional
 * argument, the other required fields follow positionally in schema order, optional ones are
 * `key=value`. The parser (grammar.ts) and the help (help.ts) both read this, so they never
 * disagree.
 */
import type * as z from 'zod';
import { inputSchema } from '../ops/args.js';
import type { ToolDef } from '../ops/types.js';

export type ValueType = 'string' | 'number' | 'boolean' | 'enum' | 'json';

export interface FieldInfo {
  key: string;
  required: boolean;
  type: ValueType;
  /** The choices of an enum field. */
  choices: string[];
  description: string;
  /** Holds an object name: its text keeps Snowflake's quoting rules (quotes are part of the name). */
  isName: boolean;
  /** Accepts plain text where JSON does not parse (a union with a string member, an array of strings). */
  textFallback: 'none' | 'string' | 'list';
}

/** The positional slots of a command, in order. */
export type Slot =
  | { kind: 'field'; field: FieldInfo; rest: boolean }
  /** `db.schema.name`: the fields it fills, outermost first; `fromRight` when the name is last. */
  | { kind: 'address'; fields: FieldInfo[]; min: number; max: number; fromRight: boolean };

export interface CommandShape {
  tool: ToolDef;
  slots: Slot[];
  /** Every field that may be given as key=value (all of them except the token). */
  fields: Map<string, FieldInfo>;
}

/** Fields a person never types in Slack: the buttons carry the token. */
const HIDDEN = new Set(['confirmation_token']);

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[]; element?: z.ZodType };

function def(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** The schema under optional/default/nullable/pipe wrappers. */
export function baseSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const d = def(s);
    if (
      d.innerType &&
      ['optional', 'default', 'nullable', 'readonly', 'prefault', 'nonoptional', 'catch'].includes(d.type)
    ) {
      s = d.innerType;
    } else if (d.type === 'pipe' && d.in) {
      s = d.in;
    } else {
      return s;
    }
  }
}

function valueType(base: z.ZodType): ValueType {
  const t = def(base).type;
  if (t === 'string') return 'string';
  if (t === 'number' || t === 'int' || t === 'bigint') return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'enum' || t === 'literal') return 'enum';
  return 'json';
}

function choices(base: z.ZodType): string[] {
  const d = def(base) as Def & { values?: unknown[] };
  if (d.type === 'enum') return [...((base as unknown as { options: string[] }).options ?? [])];
  if (d.type === 'literal') return (d.values ?? []).map(String);
  return [];
}

function textFallback(base: z.ZodType): FieldInfo['textFallback'] {
  const d = def(base);
  if (d.type === 'union' && d.options?.some((o) => def(baseSchema(o)).type === 'string')) return 'string';
  if (d.type === 'array' && d.element && def(baseSchema(d.element)).type === 'string') return 'list';
  return 'none';
}

function fieldInfo(key: string, schema: z.ZodType, names: Set<string>): FieldInfo {
  const base = baseSchema(schema);
  return {
    key,
    required: !schema.isOptional(),
    type: valueType(base),
    choices: choices(base),
    description: schema.description ?? base.description ?? '',
    isName: names.has(key),
    textFallback: textFallback(base),
  };
}

/** The fields that make up the object's address, in the order they are written. */
function addressKeys(keys: string[], required: (k: string) => boolean): string[] {
  const containers = ['database', 'schema'].filter((k) => keys.includes(k));
  const name = keys.includes('name') ? 'name' : keys.includes('table') && containers.length > 0 ? 'table' : undefined;
  if (name && required(name)) return [...containers, name];
  // No object name (list_objects): the containers alone, when they are optional filters.
  if (!name && containers.length > 0 && containers.every((k) => !required(k))) return containers;
  return name ? [name] : [];
}

export function commandShape(tool: ToolDef): CommandShape {
  const shape = inputSchema(tool).shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape).filter((k) => !HIDDEN.has(k));
  const address = addressKeys(keys, (k) => !shape[k]!.isOptional());
  const names = new Set([...address, ...(tool.nameFields ?? []).filter((f) => !f.includes('.'))]);
  const fields = new Map(keys.map((k) => [k, fieldInfo(k, shape[k]!, names)]));

  const slots: Slot[] = [];
  for (const key of keys) {
    const field = fields.get(key)!;
    if (address.includes(key)) {
      if (key !== address[0]) continue;
      const parts = address.map((k) => fields.get(k)!);
      const min = parts.filter((p) => p.required).length;
      slots.push({
        kind: 'address',
        fields: parts,
        min,
        max: parts.length,
        fromRight: !parts.every((p) => !p.required),
      });
    } else if (field.required) {
      slots.push({ kind: 'field', field, rest: false });
    }
  }
  // The last positional text field (SQL, a size) takes the rest of the line, spaces and all.
  const last = slots.at(-1);
  if (last?.kind === 'field' && last.field.type === 'string' && !last.field.isName) last.rest = true;
  return { tool, slots, fields };
}

/** The command word people type: create_database is also create-database. */
export function normaliseToolWord(word: string): string {
  return word.trim().toLowerCase().replace(/-/g, '_');
}
