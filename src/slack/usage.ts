/**
 * Usage lines and help text, generated from each tool's command shape (so they always match
 * what the parser accepts): `/snowops help` lists the tools, `/snowops help TOOL` explains one.
 */
import type { CommandShape, FieldInfo, Slot } from './shape.js';

const ADDRESS_WORDS: Record<string, string> = { database: 'DATABASE', schema: 'SCHEMA', name: 'NAME', table: 'TABLE' };

/** How a slot is written in a usage line: `DATABASE.SCHEMA.NAME`, `[DATABASE.]NAME`, `SQL…`, `COLUMNS(json)`. */
export function slotPlaceholder(slot: Slot): string {
  if (slot.kind === 'field') {
    const word = slot.field.key.toUpperCase();
    if (slot.rest) return `${word}…`;
    return slot.field.type === 'json' ? `${word}(json)` : word;
  }
  const words = slot.fields.map((f) => ADDRESS_WORDS[f.key] ?? f.key.toUpperCase());
  if (slot.fromRight) {
    // Optional containers come before the name: [DATABASE.][SCHEMA.]NAME
    return slot.fields
      .map((f, i) => (i === slot.fields.length - 1 ? words[i] : f.required ? `${words[i]}.` : `[${words[i]}.]`))
      .join('');
  }
  // Optional filters from the left: [DATABASE[.SCHEMA]]
  return `[${words.join('[.')}${']'.repeat(words.length - 1)}]`;
}

function optionHint(field: FieldInfo): string {
  if (field.type === 'boolean') return 'true';
  if (field.type === 'number') return 'N';
  if (field.type === 'enum') return field.choices.length <= 4 ? field.choices.join('|') : field.key.toUpperCase();
  if (field.type === 'json') return 'JSON';
  return field.isName ? 'NAME' : 'TEXT';
}

function positionalKeys(shape: CommandShape): Set<string> {
  const keys = new Set<string>();
  for (const slot of shape.slots) {
    if (slot.kind === 'field') keys.add(slot.field.key);
    else for (const f of slot.fields) keys.add(f.key);
  }
  return keys;
}

/** The optional fields, written key=value. */
export function optionFields(shape: CommandShape): FieldInfo[] {
  const positional = positionalKeys(shape);
  return [...shape.fields.values()].filter((f) => !positional.has(f.key));
}

/**
 * `/snowops drop_object KIND [DATABASE.][SCHEMA.]NAME [if_exists=true] [cascade=true] [dry_run=true]`.
 * Options may come anywhere, also after a rest-of-line field (trailing key=value are options).
 */
export function usageLine(shape: CommandShape, command = '/snowops'): string {
  const options = optionFields(shape).map((f) => `[${f.key}=${optionHint(f)}]`);
  return [command, shape.tool.name, ...shape.slots.map(slotPlaceholder), ...options].join(' ');
}

function describeField(field: FieldInfo, positional: boolean): string {
  const how = positional ? '' : `${field.key}=${optionHint(field)}`;
  const choices = field.type === 'enum' && field.choices.length > 4 ? ` One of: ${field.choices.join(', ')}.` : '';
  const json = field.type === 'json' ? ' Written as JSON.' : '';
  const list = field.textFallback === 'list' ? ' A comma-separated list works too.' : '';
  return `${how ? `\`${how}\`` : `\`${field.key.toUpperCase()}\``} ${field.description}${choices}${json}${list}`.trim();
}

/** The help of one tool, as lines of mrkdwn. */
export function toolHelp(shape: CommandShape, command = '/snowops'): { title: string; usage: string; lines: string[] } {
  const lines: string[] = [shape.tool.description];
  const positional: string[] = [];
  for (const slot of shape.slots) {
    if (slot.kind === 'field') positional.push(`• ${describeField(slot.field, true)}`);
    else {
      const names = slot.fields.map((f) => f.key).join(', ');
      positional.push(
        `• \`${slotPlaceholder(slot)}\` the ${names} in one argument, dot-separated; plain names are stored uppercase, "double-quoted" names keep their case.`,
      );
    }
  }
  if (positional.length > 0) lines.push('*Arguments, in order:*', ...positional);
  const options = optionFields(shape);
  if (options.length > 0) lines.push('*Options:*', ...options.map((f) => `• ${describeField(f, false)}`));
  return { title: shape.tool.title, usage: usageLine(shape, command), lines };
}

/** One line per tool for `/snowops help`. */
export function overviewLines(shapes: readonly CommandShape[], command = '/snowops'): Map<string, string[]> {
  const byToolset = new Map<string, string[]>();
  for (const shape of shapes) {
    const lines = byToolset.get(shape.tool.toolset) ?? [];
    lines.push(`\`${usageLine(shape, command)}\`\n      ${shape.tool.title} (${shape.tool.effect})`);
    byToolset.set(shape.tool.toolset, lines);
  }
  return byToolset;
}
