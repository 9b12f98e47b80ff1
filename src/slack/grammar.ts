/**
 * The slash command grammar (DESIGN §8): `/snowops TOOL args`, where the object's address is one
 * qualified argument with Snowflake's quoting rules (`db.schema."My Table"`), other required
 * fields are positional in schema order, optional ones `key=value`, nested values JSON. The
 * text's last positional text field (run_sql's SQL) takes the rest of the line. Every mistake is
 * an invalid_input whose hint is the tool's usage line.
 */
import { invalidInput, isSnowopsError } from '../errors.js';
import { closeNames } from '../ops/args.js';
import { ident, parseQualifiedName } from '../sql/identifiers.js';
import { type CommandShape, type FieldInfo, normaliseToolWord, type Slot } from './shape.js';
import { unescapeSlack } from './text.js';
import { slotPlaceholder, usageLine } from './usage.js';

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Where an object kind lives, so `describe_object table` knows it needs DATABASE.SCHEMA.NAME. */
export type ScopeOf = (kind: string) => 'account' | 'database' | 'schema' | undefined;

export type ParsedCommand =
  | { kind: 'help'; topic?: string }
  | { kind: 'call'; shape: CommandShape; args: Record<string, unknown>; text: string };

/**
 * Splits on whitespace outside double quotes and JSON brackets. Inside quotes a backslash keeps
 * the next character; an unclosed quote or bracket runs to the end (the value check reports it).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    let quoted = false;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '\\') i++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
      else if (depth === 0 && /\s/.test(c)) break;
    }
    tokens.push({ text: text.slice(start, i), start, end: i });
  }
  return tokens;
}

const OPTION = /^([A-Za-z_][A-Za-z0-9_-]*)=([\s\S]*)$/;

function optionOf(token: Token, shape: CommandShape): { field: FieldInfo; text: string } | 'unknown' | undefined {
  const m = OPTION.exec(token.text);
  if (!m) return undefined;
  const field = shape.fields.get(m[1]!.toLowerCase().replace(/-/g, '_'));
  return field ? { field, text: m[2]! } : 'unknown';
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** One field's value from its text, by the field's type. */
export function fieldValue(field: FieldInfo, text: string, usage: string): unknown {
  const bad = (what: string) => invalidInput(`${field.key}: ${what}, got ${JSON.stringify(text)}.`, `Usage: ${usage}`);
  switch (field.type) {
    case 'number': {
      if (!/^[+-]?\d+(\.\d+)?$/.test(text)) throw bad('expected a number');
      return Number(text);
    }
    case 'boolean': {
      const v = text.toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      throw bad('expected true or false');
    }
    case 'enum': {
      const wanted = text.toLowerCase().replace(/-/g, '_');
      const match = field.choices.find((c) => c.toLowerCase() === wanted);
      if (match === undefined) throw bad(`expected one of ${field.choices.join(', ')}`);
      return match;
    }
    case 'string': {
      // A name keeps its quotes (they make it case-sensitive); other text may be quoted to hold spaces.
      if (!field.isName && text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
        try {
          return JSON.parse(text.replace(/\n/g, '\\n').replace(/\t/g, '\\t'));
        } catch {
          return text.slice(1, -1);
        }
      }
      return text;
    }
    default: {
      try {
        return JSON.parse(text);
      } catch (e) {
        if (field.textFallback === 'string') return text;
        if (field.textFallback === 'list' && !/^[[{"]/.test(text)) return text.split(',').map((s) => s.trim());
        throw bad(`expected JSON (${(e as Error).message})`);
      }
    }
  }
}

const SCOPE_PARTS = { account: 1, database: 2, schema: 3 } as const;
const SCOPE_WORDS = ['', 'NAME', 'DATABASE.NAME', 'DATABASE.SCHEMA.NAME'];

/** Fills the address fields from `db.schema.name`, checked against the kind's scope when known. */
function addressArgs(
  slot: Extract<Slot, { kind: 'address' }>,
  text: string,
  kind: string | undefined,
  scopeOf: ScopeOf | undefined,
  usage: string,
): Record<string, string> {
  const scope = kind ? scopeOf?.(kind) : undefined;
  const what = kind ? `${kind.replace(/_/g, ' ')} name` : 'name';
  const parts = parseQualifiedName(text, [Math.max(1, slot.min), slot.max], what).map(ident);
  if (scope) {
    const expected = slot.fromRight ? SCOPE_PARTS[scope] : SCOPE_PARTS[scope] - 1;
    if (slot.fromRight ? parts.length !== expected : parts.length > expected) {
      const how = slot.fromRight
        ? `is written ${SCOPE_WORDS[expected]}`
        : expected === 0
          ? 'is an account object: list it without a database'
          : `is listed in ${expected === 1 ? 'DATABASE' : 'DATABASE or DATABASE.SCHEMA'}`;
      throw invalidInput(`A ${kind!.replace(/_/g, ' ')} ${how}; got ${JSON.stringify(text)}.`, `Usage: ${usage}`);
    }
  }
  // By the kind's scope a schema is DATABASE.NAME even where a table would be DATABASE.SCHEMA.NAME.
  const byScope = scope === 'database' ? slot.fields.filter((f) => f.key !== 'schema') : slot.fields;
  const fields = slot.fromRight ? byScope.slice(byScope.length - parts.length) : slot.fields;
  return Object.fromEntries(parts.map((p, i) => [fields[i]!.key, p]));
}

export interface GrammarOptions {
  command?: string;
  scopeOf?: ScopeOf;
}

/** Parses the text of one `/snowops` command against the offered tools. */
export function parseCommand(
  raw: string,
  shapes: ReadonlyMap<string, CommandShape>,
  options: GrammarOptions = {},
): ParsedCommand {
  const command = options.command ?? '/snowops';
  const text = unescapeSlack(raw).trim();
  const tokens = tokenize(text);
  const first = tokens[0];
  if (!first || ['help', '-h', '--help', '?'].includes(first.text.toLowerCase())) {
    const topic = tokens[1] ? normaliseToolWord(tokens[1].text) : undefined;
    if (topic !== undefined && !shapes.has(topic)) throw unknownTool(tokens[1]!.text, shapes, command);
    return { kind: 'help', topic };
  }
  const shape = shapes.get(normaliseToolWord(first.text));
  if (!shape) throw unknownTool(first.text, shapes, command);
  const usage = usageLine(shape, command);
  try {
    return { kind: 'call', shape, args: parseArgs(shape, tokens.slice(1), text, usage, options), text };
  } catch (e) {
    // Every mistake ends with the usage line, also those found by the name parser.
    if (!isSnowopsError(e) || e.code !== 'invalid_input' || e.hint?.includes('Usage:')) throw e;
    throw invalidInput(e.message, [e.hint, `Usage: ${usage}`].filter(Boolean).join(' '));
  }
}

function parseArgs(
  shape: CommandShape,
  rest: Token[],
  text: string,
  usage: string,
  options: GrammarOptions,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (key in args) throw invalidInput(`${key} is given twice.`, `Usage: ${usage}`);
    args[key] = value;
  };
  const setOption = (token: Token) => {
    const option = optionOf(token, shape);
    if (option === 'unknown') {
      const key = OPTION.exec(token.text)![1]!;
      const close = closeNames(key, [...shape.fields.keys()]);
      throw invalidInput(
        `${shape.tool.name} has no option ${JSON.stringify(key)}${close.length > 0 ? ` (did you mean ${close.join(', ')}?)` : ''}.`,
        `Usage: ${usage}`,
      );
    }
    if (!option) return false;
    set(option.field.key, fieldValue(option.field, option.text, usage));
    return true;
  };

  const isOption = (token: Token) => {
    const option = optionOf(token, shape);
    return option !== undefined && option !== 'unknown';
  };
  let slot = 0;
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (setOption(token)) continue;
    const current = shape.slots[slot++];
    if (!current) {
      throw invalidInput(
        `Unexpected argument ${JSON.stringify(token.text)}: ${shape.tool.name} takes ${shape.slots.length} positional argument(s); optional ones are written key=value.`,
        `Usage: ${usage}`,
      );
    }
    if (current.kind === 'address') {
      for (const [k, v] of Object.entries(
        addressArgs(current, token.text, args.kind as string | undefined, options.scopeOf, usage),
      )) {
        set(k, v);
      }
    } else if (current.rest) {
      // The rest of the line, except trailing key=value options.
      let end = rest.length;
      while (end > i + 1 && isOption(rest[end - 1]!)) end--;
      set(current.field.key, fieldValue(current.field, text.slice(token.start, rest[end - 1]!.end), usage));
      for (const option of rest.slice(end)) setOption(option);
      break;
    } else {
      set(current.field.key, fieldValue(current.field, token.text, usage));
    }
  }

  for (const s of shape.slots) {
    const keys = s.kind === 'field' ? [s.field.key] : s.fields.filter((f) => f.required).map((f) => f.key);
    if (keys.length > 0 && keys.every((k) => !(k in args))) {
      throw invalidInput(`Missing ${slotPlaceholder(s)}.`, `Usage: ${usage}`);
    }
  }
  return args;
}

function unknownTool(word: string, shapes: ReadonlyMap<string, CommandShape>, command: string) {
  const close = closeNames(normaliseToolWord(word), [...shapes.keys()]);
  return invalidInput(
    `There is no tool ${JSON.stringify(word)}.${close.length > 0 ? ` Did you mean ${close.join(', ')}?` : ''}`,
    `Usage: ${command} TOOL args; ${command} help lists the tools.`,
  );
}
