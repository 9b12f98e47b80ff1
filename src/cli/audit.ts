/**
 * `snowops audit [--since 1h|ISO] [--tool X] [--actor Y] [--outcome O] [--limit N] [--json]`:
 * the audit log of $SNOWOPS_HOME, newest first, as a table for people or JSON for scripts.
 */
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { resolveHome } from '../config/home.js';
import { invalidInput, SnowopsError } from '../errors.js';
import { type AuditRecord, readAudit } from '../ops/audit.js';
import { HELP } from './help.js';
import { EXIT, printJson } from './output.js';

export interface AuditIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const OUTCOMES = ['done', 'planned', 'confirmation_required', 'refused', 'cancelled', 'failed', 'running'];

/** `--since`: a duration back from now (90s, 15m, 1h, 2d, 1w) or an ISO-8601 instant. */
export function parseSince(text: string, now: Date): Date {
  const duration = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNITS[duration[2].toLowerCase()] * 1000);
  const instant = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime())) {
    throw invalidInput(
      `--since ${JSON.stringify(text)} is neither a duration nor a date.`,
      'Use a duration such as 30m, 1h, 2d or 1w, or an ISO-8601 instant such as 2025-01-31T09:00:00Z.',
    );
  }
  return instant;
}

function confirmedText(r: AuditRecord): string {
  if (!r.confirmation) return '-';
  return `${r.confirmation.via ?? r.confirmation.how} by ${r.confirmation.by}`;
}

/** One line per record: when, where from, who, what, how it ended and why. */
function table(records: AuditRecord[]): string {
  const rows = records.map((r) => [
    r.time.replace(/\.\d{3}Z$/, 'Z'),
    r.front_end,
    r.actor,
    r.tool,
    r.effect ?? '-',
    r.outcome,
    confirmedText(r),
    `${r.duration_ms}ms`,
    r.error ? `${r.error.code}: ${r.error.message}` : (r.summary ?? ''),
  ]);
  const head = ['TIME', 'FROM', 'ACTOR', 'TOOL', 'EFFECT', 'OUTCOME', 'CONFIRMED', 'TOOK', 'SUMMARY / ERROR'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c.replace(/\s+/g, ' ') : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export async function runAuditCommand(argv: string[], io: AuditIo, now = new Date()): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        since: { type: 'string' },
        tool: { type: 'string' },
        actor: { type: 'string' },
        outcome: { type: 'string' },
        limit: { type: 'string' },
      },
    });
  try {
    parsed = parse();
  } catch (e) {
    throw invalidInput(`snowops audit: ${(e as Error).message}`, HELP.audit!.split('\n')[0]);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(`${HELP.audit}\n`);
    return EXIT.ok;
  }
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100000) {
    throw invalidInput(`--limit ${JSON.stringify(values.limit)} is not a whole number from 1 to 100000.`);
  }
  if (values.outcome !== undefined && !OUTCOMES.includes(values.outcome)) {
    throw invalidInput(
      `--outcome ${JSON.stringify(values.outcome)} is not an outcome.`,
      `Use one of ${OUTCOMES.join(', ')}.`,
    );
  }
  const home = resolveHome(io.env);
  let records: AuditRecord[];
  try {
    records = readAudit(home, {
      since: values.since === undefined ? undefined : parseSince(values.since, now),
      tool: values.tool,
      actor: values.actor,
      outcome: values.outcome,
      limit,
    });
  } catch (e) {
    if (e instanceof SnowopsError) throw e;
    throw new SnowopsError('internal', `Cannot read the audit log in ${home}: ${(e as Error).message}`, {
      hint: 'Check that SNOWOPS_HOME is the right directory and that you may read audit.sqlite there.',
      cause: e,
    });
  }
  if (values.json) printJson(io.stdout, records);
  else if (records.length === 0) io.stdout.write('No audit records match.\n');
  else io.stdout.write(`${table(records)}\n`);
  return EXIT.ok;
}
