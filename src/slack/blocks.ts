/**
 * Block Kit building blocks within Slack's limits (section text 3000, field 2000, 10 fields per
 * section, header 150, 50 blocks per message). Values are escaped for mrkdwn; https URLs become
 * links. Higher-level messages (results, plans, errors) are built from these in messages.ts.
 */
import type { types } from '@slack/bolt';
import { clip, escapeMrkdwn } from './text.js';

export type Block = types.KnownBlock;

export interface Message {
  /** The notification and fallback text. */
  text: string;
  blocks: Block[];
}

export const LIMITS = {
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  blocks: 50,
  /** Items shown of a list before "... and N more". */
  listItems: 20,
  contextText: 2000,
} as const;

export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) } };
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true } };
}

export function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, LIMITS.contextText) }] };
}

/** Sections of two-column fields, ten per section. */
export function fieldSections(pairs: [string, string][]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < pairs.length; i += LIMITS.fieldsPerSection) {
    blocks.push({
      type: 'section',
      fields: pairs.slice(i, i + LIMITS.fieldsPerSection).map(([k, v]) => ({
        type: 'mrkdwn' as const,
        text: clip(`*${escapeMrkdwn(k)}*\n${v}`, LIMITS.fieldText),
      })),
    });
  }
  return blocks;
}

/** Text as it goes inside a code block: escaped, and three backticks would end the block early. */
function inCode(text: string): string {
  return escapeMrkdwn(text).replace(/```/g, '`\u200b``');
}

/** Text in a code block, cut to fit one section (a cut block says so). */
export function codeBlock(text: string, title?: string): Block {
  const head = title ? `${title}\n` : '';
  const room = LIMITS.sectionText - head.length - 8 - 30;
  let body = inCode(text);
  if (body.length > room) {
    // Escaping lengthens the text (& < > become entities): keep the longest start that fits once
    // escaped, or section() would clip the block and lose its closing fence and this note.
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (inCode(text.slice(0, mid)).length <= room) lo = mid;
      else hi = mid - 1;
    }
    body = `${inCode(text.slice(0, lo))}\n… (${text.length - lo} more characters)`;
  }
  return section(`${head}\`\`\`${body}\`\`\``);
}

/** Lines as sections, packed up to the section limit, at most `max` lines, with a count of the rest. */
export function lineSections(lines: string[], max: number = LIMITS.listItems, noun = 'more'): Block[] {
  const shown = lines.slice(0, max);
  const more = lines.length - shown.length;
  if (more > 0) shown.push(`_… and ${more} ${noun}_`);
  const blocks: Block[] = [];
  let current = '';
  for (const line of shown) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > LIMITS.sectionText && current) {
      blocks.push(section(current));
      current = line;
    } else current = next;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

function isUrl(s: string): boolean {
  return /^https?:\/\/[^\s<>|]+$/.test(s);
}

/** Escaped text with its https URLs as links. */
export function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>|]+)/)
    .map((part, i) => (i % 2 === 1 ? `<${part}|${escapeMrkdwn(part)}>` : escapeMrkdwn(part)))
    .join('');
}

/** One value as mrkdwn: null as a dash, URLs as links, the rest escaped. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return isUrl(value) ? `<${value}|${escapeMrkdwn(value)}>` : escapeMrkdwn(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.length === 0 ? '—' : value.map(formatValue).join(', ');
  }
  if (typeof value === 'object') return `\`${escapeMrkdwn(clip(JSON.stringify(value), 500))}\``;
  return escapeMrkdwn(String(value));
}

/** A value that fits in one field: not an object, or a list of non-objects. */
export function isScalar(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((v) => v === null || typeof v !== 'object');
  return value === null || typeof value !== 'object' || value instanceof Date;
}

/** Keys that say little in a one-line summary of a list item. */
const QUIET = new Set(['name', 'kind', 'owner', 'comment', 'created_on', 'database_name', 'schema_name']);

/** `• *NAME* — key: value · key: value` for one item of a list. */
export function itemLine(item: unknown, detail = 4): string {
  if (item === null || typeof item !== 'object') return `• ${formatValue(item)}`;
  const o = item as Record<string, unknown>;
  const title = typeof o.name === 'string' ? `*${escapeMrkdwn(o.name)}*` : '';
  const shown = Object.entries(o).filter(([k, v]) => !QUIET.has(k) && isScalar(v) && v !== null && v !== '');
  // Links always make it into the line; other details up to `detail`.
  const links = shown.filter(([, v]) => typeof v === 'string' && isUrl(v));
  const others = shown.filter((e) => !links.includes(e)).slice(0, detail);
  const rest = shown
    .filter((e) => links.includes(e) || others.includes(e))
    .map(([k, v]) => `${escapeMrkdwn(k)}: ${formatValue(v)}`);
  return `• ${[title, rest.join(' · ')].filter(Boolean).join(' — ')}`;
}

/** A row set as an aligned text table (for run_sql). */
export function textTable(columns: string[], rows: Record<string, unknown>[]): string {
  // A line break inside a value would start a new table row: it is shown as ↵.
  const cell = (v: unknown) => (v === null || v === undefined ? 'NULL' : clip(String(v).replace(/\r?\n/g, '↵'), 40));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [
    line(columns),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}

/** Keeps a message within the block limit, saying what was left out. */
export function fitBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  return [
    ...blocks.slice(0, LIMITS.blocks - 1),
    context(`… ${blocks.length - LIMITS.blocks + 1} more blocks left out`),
  ];
}
