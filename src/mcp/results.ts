/**
 * Turns runner results and errors into MCP tool results: structuredContent for the schema, a
 * short text summary for the model (plus the JSON, for clients that only pass text on), and
 * isError results that say what was wrong and how to fix it.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isSnowopsError } from '../errors.js';
import type { Plan, ToolDef } from '../ops/types.js';

type Structured = Record<string, unknown>;

export function toolResult(tool: ToolDef, result: Structured): CallToolResult {
  return {
    structuredContent: result,
    content: [
      { type: 'text', text: summarize(tool, result) },
      { type: 'text', text: JSON.stringify(result) },
    ],
  };
}

export function errorResult(tool: string, err: unknown): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: errorText(tool, err) }] };
}

/** "what was wrong" on the first line, then where it came from, then "how to fix it". */
export function errorText(tool: string, err: unknown): string {
  if (!isSnowopsError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return `${tool} failed (internal): ${message}\nThis is a fault in snowops, not in your arguments; the server log on stderr has details.`;
  }
  const lines = [`${tool} failed (${err.code}): ${err.message}`];
  if (err.snowflakeCode) {
    const state = err.sqlState ? ` (SQLSTATE ${err.sqlState})` : '';
    const query = err.queryId ? `, query id ${err.queryId}` : '';
    lines.push(`Snowflake error ${err.snowflakeCode}${state}${query}.`);
  }
  if (err.hint) lines.push(`How to fix: ${err.hint}`);
  else if (err.code === 'invalid_input') lines.push('How to fix: correct that argument and call again.');
  return lines.join('\n');
}

export function planText(plan: Plan): string {
  const lines = [plan.summary, '', `Effect: ${plan.effect}`];
  if (plan.impact.length > 0) lines.push('Impact:', ...plan.impact.map((line) => `- ${line}`));
  lines.push('SQL:', ...plan.statements.map((sql) => `  ${sql}`));
  lines.push(`Reversible: ${plan.reversible ?? 'no'}`);
  return lines.join('\n');
}

function summarize(tool: ToolDef, result: Structured): string {
  if (tool.kind === 'write') return summarizeMutation(tool.name, result);
  return summarizeRead(tool, result);
}

function summarizeMutation(toolName: string, result: Structured): string {
  const plan = result.plan as Plan | undefined;
  switch (result.status) {
    case 'done': {
      const statements = Array.isArray(result.statements) ? result.statements.length : 0;
      const message = String(result.message ?? toolName).replace(/\.$/, '');
      return `Done: ${message} (${statements} statement${statements === 1 ? '' : 's'} ran).`;
    }
    case 'planned':
      return `Dry run, nothing ran. Plan:\n${plan ? planText(plan) : '(none)'}`;
    case 'cancelled':
      return `Cancelled, nothing ran: ${String(result.message ?? 'the person declined')}`;
    case 'confirmation_required':
      return [
        'Confirmation required; nothing ran yet.',
        plan ? planText(plan) : '',
        '',
        'Show this plan (summary, impact and SQL) to the person and ask whether to run it.',
        `Only after they approve, call ${toolName} again with the same arguments plus`,
        `confirmation_token "${String(result.confirmation_token)}" (valid once, until ${String(result.expires_at)}).`,
        'If they do not approve, do not call it again.',
      ].join('\n');
    default:
      return `${toolName}: ${String(result.status)}`;
  }
}

function summarizeRead(tool: ToolDef, result: Structured): string {
  if (Array.isArray(result.objects)) {
    const names = result.objects.map((o) => String((o as Structured).name ?? '?'));
    const shown = names.slice(0, 20).join(', ');
    const more = names.length > 20 ? `, ... (${names.length - 20} more in the structured result)` : '';
    const next = result.next_cursor
      ? ` More exist: call ${tool.name} again with cursor "${String(result.next_cursor)}".`
      : '';
    return `${names.length} found${names.length ? `: ${shown}${more}` : ''}.${next}`;
  }
  if (Array.isArray(result.rows)) {
    const truncated = result.truncated
      ? ' Truncated: more rows exist; narrow the query or raise limit (max 10000).'
      : '';
    return `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}.${truncated}`;
  }
  if (typeof result.message === 'string') return result.message;
  const object = result.object as Structured | undefined;
  if (object && typeof object.name === 'string') return `${String(result.kind ?? 'object')} ${object.name}.`;
  return `${tool.title}: see the structured result.`;
}
