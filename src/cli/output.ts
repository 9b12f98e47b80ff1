/**
 * How `snowops call` reports: the structured result or error as JSON on stdout, one human line
 * on stderr when something needs attention, and the exit code of DESIGN §8.
 */
import type { Writable } from 'node:stream';
import { type ErrorCode, SnowopsError } from '../errors.js';
import type { Plan } from '../ops/types.js';

export const EXIT = {
  ok: 0,
  error: 1,
  badInput: 2,
  confirmationRequired: 3,
  cancelled: 4,
  denied: 5,
} as const;

export function exitCodeForError(code: ErrorCode): number {
  if (code === 'invalid_input' || code === 'confirmation_invalid') return EXIT.badInput;
  if (code === 'policy_denied') return EXIT.denied;
  return EXIT.error;
}

export function exitCodeForResult(result: Record<string, unknown>): number {
  if (result.status === 'confirmation_required') return EXIT.confirmationRequired;
  if (result.status === 'cancelled') return EXIT.cancelled;
  return EXIT.ok;
}

export function printJson(out: Writable, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints an error both ways and returns its exit code. */
export function reportError(stdout: Writable, stderr: Writable, e: SnowopsError): number {
  printJson(stdout, { status: 'error', error: e.toJSON() });
  stderr.write(errorLine(e));
  return exitCodeForError(e.code);
}

/** The one stderr line of an error; Snowflake's messages hold line breaks ("...error:\nDatabase ..."). */
export function errorLine(e: SnowopsError): string {
  const text = `snowops: ${e.code}: ${e.message}${e.hint ? ` ${e.hint}` : ''}`;
  return `${text.replace(/\s*\n\s*/g, ' ')}\n`;
}

/** The plan as a person reads it, for the y/N question and for stderr. */
export function planText(plan: Plan): string {
  const lines = [`${plan.summary} (${plan.effect})`];
  if (plan.impact.length > 0) lines.push('Impact:', ...plan.impact.map((l) => `  - ${l}`));
  lines.push('SQL:', ...plan.statements.map((s) => `  ${s};`));
  lines.push(`Undo: ${plan.reversible ?? 'cannot be undone'}`);
  return lines.join('\n');
}

export function asError(e: unknown): SnowopsError {
  if (e instanceof SnowopsError) return e;
  return new SnowopsError('internal', e instanceof Error ? e.message : String(e), { cause: e });
}
