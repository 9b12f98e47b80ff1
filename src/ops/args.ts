/**
 * Tool arguments: parsed with the tool's zod input (unknown keys refused at every depth), and
 * normalised for token binding (defaults applied, names as Snowflake stores them, token and
 * dry_run left out).
 */
import type * as z from 'zod';
import { invalidInput } from '../errors.js';
import { parseName } from '../sql/identifiers.js';
import { describeIssues, formatPath } from './issues.js';
import { mutationFields } from './schemas.js';
import type { ToolDef } from './types.js';

/** The schema the runner parses with: a mutating tool always takes dry_run and confirmation_token. */
export function inputSchema(tool: ToolDef): z.ZodObject {
  if (tool.kind === 'read') return tool.input;
  const missing = Object.fromEntries(Object.entries(mutationFields).filter(([k]) => !(k in tool.input.shape)));
  return Object.keys(missing).length === 0 ? tool.input : tool.input.safeExtend(missing);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/** Keys present in the input but gone from the parsed value: zod stripped them as unknown. */
export function strippedKeys(raw: unknown, parsed: unknown, path: PropertyKey[] = []): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    return raw.flatMap((item, i) => strippedKeys(item, parsed[i], [...path, i]));
  }
  if (!isPlainObject(raw) || !isPlainObject(parsed)) return [];
  return Object.keys(raw).flatMap((key) =>
    key in parsed ? strippedKeys(raw[key], parsed[key], [...path, key]) : [formatPath([...path, key])],
  );
}

function fieldList(schema: z.ZodObject): string {
  return Object.entries(schema.shape)
    .map(([k, s]) => ((s as z.ZodType).isOptional() ? k : `${k} (required)`))
    .join(', ');
}

/** A short picture of a value that is not an object; never walks deep or huge input. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `an array of ${value.length}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** Parses raw arguments or throws invalid_input naming every bad field and what it expects. */
export function parseToolArgs(tool: ToolDef, schema: z.ZodObject, raw: unknown): Record<string, unknown> {
  const hint = `${tool.name} takes: ${fieldList(schema)}.`;
  const input = raw === undefined ? {} : raw;
  if (!isPlainObject(input)) {
    throw invalidInput(`The arguments of ${tool.name} must be a JSON object, not ${shown(input)}.`, hint);
  }
  const parsed = schema.safeParse(input);
  const unknown = parsed.success
    ? strippedKeys(input, parsed.data)
    : Object.keys(input).filter((k) => !(k in schema.shape));
  const problems = [
    ...(parsed.success ? [] : describeIssues(parsed.error.issues, input)),
    ...unknown.map((k) => `${k}: unknown key`),
  ];
  if (problems.length > 0 || !parsed.success) {
    throw invalidInput(`Invalid arguments for ${tool.name}: ${problems.join('; ')}.`, hint);
  }
  return parsed.data as Record<string, unknown>;
}

function normaliseAt(value: unknown, parts: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => normaliseAt(v, parts));
  if (parts.length === 0) {
    if (typeof value !== 'string') return value;
    try {
      return parseName(value);
    } catch {
      return value; // the plan already refused bad names; keep the text as given
    }
  }
  if (!isPlainObject(value)) return value;
  const [head, ...rest] = parts as [string, ...string[]];
  if (!(head in value)) return value;
  return { ...value, [head]: normaliseAt(value[head], rest) };
}

/**
 * The arguments a token is bound to: parsed (defaults applied), `nameFields` (dotted paths, arrays
 * walked: "columns.name") turned into stored names, confirmation_token and dry_run removed.
 */
export function normaliseArgs(tool: ToolDef, args: Record<string, unknown>): Record<string, unknown> {
  const { confirmation_token: _token, dry_run: _dryRun, ...rest } = args;
  let out: unknown = rest;
  for (const field of tool.nameFields ?? []) out = normaliseAt(out, field.split('.'));
  return out as Record<string, unknown>;
}

/** Up to three catalog names close to `name`: a small edit distance, else a shared word. */
export function closeNames(name: string, names: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const scored = names.map((n) => ({ n, d: distance(wanted, n) })).sort((a, b) => a.d - b.d);
  const near = scored.filter(({ n, d }) => d <= Math.max(2, Math.floor(n.length / 5)));
  if (near.length > 0) return near.slice(0, 3).map(({ n }) => n);
  const words = new Set(wanted.split(/[_\W]+/).filter((w) => w.length > 2));
  return scored
    .filter(({ n }) => n.split('_').some((w) => words.has(w)))
    .slice(0, 3)
    .map(({ n }) => n);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
