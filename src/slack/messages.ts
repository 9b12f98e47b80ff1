/**
 * What snowops says in Slack: results (objects as fields, lists truncated with a count, SQL and
 * rows in code blocks), plans with Confirm and Cancel, errors with Snowflake's code and the fix,
 * help, and progress. All of it as Block Kit within Slack's limits (blocks.ts).
 */
import { isSnowopsError, type SnowopsError } from '../errors.js';
import type { Plan } from '../ops/types.js';
import {
  type Block,
  codeBlock,
  context,
  fieldSections,
  fitBlocks,
  formatValue,
  header,
  isScalar,
  itemLine,
  LIMITS,
  lineSections,
  linkify,
  type Message,
  section,
  textTable,
} from './blocks.js';
import type { CommandShape } from './shape.js';
import { clip, escapeMrkdwn } from './text.js';
import { overviewLines, toolHelp } from './usage.js';

export const ACTION_CONFIRM = 'snowops_confirm';
export const ACTION_CANCEL = 'snowops_cancel';

type Result = Record<string, unknown>;

function message(text: string, blocks: Block[]): Message {
  return { text: clip(text, 3000), blocks: fitBlocks(blocks) };
}

/** Scalars as fields, nested lists as item lines under their key. */
function objectBlocks(object: Result): Block[] {
  const pairs: [string, string][] = [];
  const nested: Block[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (isScalar(value)) pairs.push([key, formatValue(value)]);
    else if (Array.isArray(value)) {
      nested.push(section(`*${escapeMrkdwn(key)}* (${value.length})`));
      nested.push(...lineSections(value.map((v) => itemLine(v, 6))));
    } else if (value !== null && typeof value === 'object') {
      nested.push(section(`*${escapeMrkdwn(key)}*\n${itemLine(value, 8)}`));
    }
  }
  return [...fieldSections(pairs), ...nested];
}

function statementsBlock(statements: { sql: string; query_id?: string }[]): Block[] {
  if (statements.length === 0) return [];
  const ids = statements.map((s) => s.query_id).filter(Boolean);
  return [
    codeBlock(statements.map((s) => `${s.sql};`).join('\n'), '*SQL that ran*'),
    ...(ids.length > 0 ? [context(`Query ids: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`)] : []),
  ];
}

function rowsBlocks(result: Result): Block[] {
  const rows = (result.rows as Result[]) ?? [];
  const columns = Array.isArray(result.columns)
    ? (result.columns as { name: string }[]).map((c) => c.name)
    : Object.keys(rows[0] ?? {});
  const shown = rows.slice(0, LIMITS.listItems);
  const more = rows.length - shown.length;
  const note = `${rows.length} row${rows.length === 1 ? '' : 's'}${result.truncated ? ' (truncated at the limit)' : ''}${more > 0 ? `; first ${shown.length} shown` : ''}`;
  return rows.length === 0 ? [section('_No rows._')] : [codeBlock(textTable(columns, shown)), context(note)];
}

function listBlocks(tool: string, result: Result): Block[] {
  const objects = result.objects as unknown[];
  const blocks = [section(`*${objects.length} found*`), ...lineSections(objects.map((o) => itemLine(o)))];
  if (typeof result.next_cursor === 'string') {
    blocks.push(context(`More exist: \`${tool} … cursor=${escapeMrkdwn(result.next_cursor)}\` shows the next page.`));
  }
  return blocks;
}

/** A read tool's result. */
function readBlocks(tool: string, result: Result): Block[] {
  if (Array.isArray(result.objects)) return listBlocks(tool, result);
  if (Array.isArray(result.rows)) return rowsBlocks(result);
  const blocks: Block[] = [];
  if (typeof result.message === 'string') blocks.push(section(linkify(result.message)));
  const object = result.object;
  if (object && typeof object === 'object' && !Array.isArray(object)) {
    const o = object as Result;
    const title = [result.kind, o.database_name, o.schema_name, o.name].filter((p) => typeof p === 'string');
    blocks.unshift(header(title.length > 1 ? `${title[0]} ${title.slice(1).join('.')}` : tool));
    blocks.push(...objectBlocks(o));
  }
  const rest = Object.fromEntries(Object.entries(result).filter(([k]) => !['message', 'object', 'kind'].includes(k)));
  blocks.push(...objectBlocks(rest));
  return blocks;
}

/** The notification text of a read: a count, the object, or the tool's own message. */
function readSummary(tool: string, result: Result): string {
  if (Array.isArray(result.objects)) return `${tool}: ${result.objects.length} found`;
  if (Array.isArray(result.rows)) return `${tool}: ${result.rows.length} rows`;
  if (typeof result.message === 'string') return `${tool}: ${result.message}`;
  const name = (result.object as Result | undefined)?.name;
  return typeof name === 'string' ? `${String(result.kind ?? tool)} ${name}` : `${tool} result`;
}

export function planBlocks(plan: Plan): Block[] {
  const blocks: Block[] = [section(`*${escapeMrkdwn(plan.summary)}*\nEffect: *${plan.effect}*`)];
  if (plan.impact.length > 0)
    blocks.push(
      ...lineSections(
        plan.impact.map((l) => `• ${escapeMrkdwn(l)}`),
        10,
      ),
    );
  blocks.push(codeBlock(plan.statements.map((s) => `${s};`).join('\n'), '*SQL*'));
  blocks.push(context(plan.reversible ? `Undo: ${escapeMrkdwn(plan.reversible)}` : 'Cannot be undone.'));
  return blocks;
}

/** The result of a call, as the person who asked (or confirmed) sees it. */
export function resultMessage(tool: string, result: Result, footer?: string): Message {
  const foot = footer ? [context(footer)] : [];
  switch (result.status) {
    case 'done': {
      const done = String(result.message ?? `${tool} done.`);
      const text = `:white_check_mark: ${done}`;
      const blocks = [section(`:white_check_mark: ${escapeMrkdwn(done)}`)];
      if (Array.isArray(result.rows)) blocks.push(...rowsBlocks(result));
      if (result.object && typeof result.object === 'object') {
        const scalars = Object.entries(result.object as Result).filter(([, v]) => isScalar(v));
        blocks.push(...fieldSections(scalars.slice(0, LIMITS.fieldsPerSection).map(([k, v]) => [k, formatValue(v)])));
      }
      blocks.push(...statementsBlock((result.statements as { sql: string; query_id?: string }[]) ?? []));
      return message(text, [...blocks, ...foot]);
    }
    case 'planned': {
      const plan = result.plan as Plan;
      return message(`Dry run of ${tool}: ${plan.summary}`, [
        section(':memo: *Dry run* — nothing ran.'),
        ...planBlocks(plan),
        ...foot,
      ]);
    }
    case 'cancelled':
      return message(`Cancelled: ${String(result.message ?? '')}`, [
        section(`:no_entry_sign: ${escapeMrkdwn(String(result.message ?? 'Cancelled; nothing ran.'))}`),
        ...foot,
      ]);
    default:
      return message(readSummary(tool, result), [...readBlocks(tool, result), ...foot]);
  }
}

export interface PlanMessageOptions {
  requester: string;
  /** Approvers to name when four_eyes is on; undefined otherwise. */
  approvers?: string;
  expiresAt: Date;
  /** The encoded confirmation both buttons carry. */
  value: string;
}

export function confirmationMessage(plan: Plan, options: PlanMessageOptions): Message {
  const seconds = Math.floor(options.expiresAt.getTime() / 1000);
  const who = options.approvers
    ? `:busts_in_silhouette: <@${options.requester}> asks to run this. Needs approval by ${options.approvers} (not the requester).`
    : `<@${options.requester}>, this needs your confirmation.`;
  return message(`Confirmation needed: ${plan.summary}`, [
    section(`:warning: ${who}`),
    ...planBlocks(plan),
    {
      type: 'actions',
      block_id: 'snowops_confirmation',
      elements: [
        {
          type: 'button',
          action_id: ACTION_CONFIRM,
          text: { type: 'plain_text', text: 'Confirm' },
          style: 'danger',
          value: options.value,
          confirm: {
            title: { type: 'plain_text', text: clip(`Run this ${plan.effect} operation?`, 100) },
            text: { type: 'plain_text', text: clip(plan.summary, 300) },
            confirm: { type: 'plain_text', text: 'Run it' },
            deny: { type: 'plain_text', text: 'Keep it' },
            style: 'danger',
          },
        },
        {
          type: 'button',
          action_id: ACTION_CANCEL,
          text: { type: 'plain_text', text: 'Cancel' },
          value: options.value,
        },
      ],
    },
    context(
      `Expires <!date^${seconds}^{date_short_pretty} {time}|${options.expiresAt.toISOString()}> (5 minutes); runs at most once.`,
    ),
  ]);
}

/** What was wrong, Snowflake's code when it came from Snowflake, and how to fix it. */
export function errorMessage(tool: string | undefined, error: unknown): Message {
  const e = isSnowopsError(error) ? error : undefined;
  const what = e ? e.message : `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
  const code = e?.code ?? 'internal';
  const title = tool ? `${tool} failed (${code})` : `That did not work (${code})`;
  const blocks: Block[] = [section(`:x: *${escapeMrkdwn(title)}*\n${escapeMrkdwn(what)}`)];
  if (e?.snowflakeCode) blocks.push(context(snowflakeLine(e)));
  const [fix, usage] = splitUsage(e?.hint);
  if (fix) blocks.push(section(`*Fix:* ${escapeMrkdwn(fix)}`));
  if (usage) blocks.push(section(`*Usage:* \`${escapeMrkdwn(usage)}\``));
  return message(`${title}: ${what}`, blocks);
}

function snowflakeLine(e: SnowopsError): string {
  const state = e.sqlState ? ` (SQLSTATE ${e.sqlState})` : '';
  return `Snowflake error ${e.snowflakeCode}${state}${e.queryId ? ` · query id ${e.queryId}` : ''}`;
}

function splitUsage(hint: string | undefined): [string | undefined, string | undefined] {
  if (!hint) return [undefined, undefined];
  const at = hint.indexOf('Usage: ');
  if (at === -1) return [hint, undefined];
  return [hint.slice(0, at).trim() || undefined, hint.slice(at + 'Usage: '.length).trim()];
}

/** `/snowops help`: how to write a command, then `notes` (mrkdwn lines about further commands), then every tool. */
export function helpMessage(shapes: readonly CommandShape[], command: string, notes: readonly string[] = []): Message {
  const blocks: Block[] = [
    section(
      `*${command} TOOL args* runs a Snowflake operation. Name objects as \`database.schema.name\` (plain names are stored uppercase; "double-quote" to keep case), give other required values in order and options as \`key=value\`; nested values are JSON. \`${command} help TOOL\` explains one tool.`,
    ),
    ...notes.map((note) => section(note)),
  ];
  for (const [toolset, lines] of overviewLines(shapes, command)) {
    blocks.push(header(toolset), ...lineSections(lines, 100));
  }
  return message(`${command} help`, blocks);
}

export function toolHelpMessage(shape: CommandShape, command: string): Message {
  const help = toolHelp(shape, command);
  return message(`${command} help ${shape.tool.name}`, [
    header(`${shape.tool.name}: ${help.title}`),
    section(`\`${escapeMrkdwn(help.usage)}\``),
    ...lineSections(help.lines, 100),
  ]);
}

export function progressMessage(tool: string, note: string): Message {
  return message(`${tool}: ${note}`, [section(`:hourglass_flowing_sand: *${tool}* — ${escapeMrkdwn(note)}`)]);
}

/** A short notice; `mrkdwn` is already escaped (it may hold mentions). */
export function noticeMessage(mrkdwn: string): Message {
  return message(mrkdwn, [section(mrkdwn)]);
}
