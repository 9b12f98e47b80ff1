/**
 * `snowops runbook list | show NAME | run NAME_OR_FILE [--param k=v] [--yes] [--resume ID]
 * [--runbooks DIR] [--connection NAME] [--role ROLE] [--policy FILE]`. A run prints each step's title, status
 * and duration on stderr as it goes and a JSON summary on stdout at the end; it exits 0 only if
 * every step that had to succeed did, and a run that stopped says how to continue it.
 */
import { parseArgs } from 'node:util';
import { clockFromEnv } from '../config/clock.js';
import { ensureHome, envValue, policyFile, resolveHome } from '../config/home.js';
import { invalidInput } from '../errors.js';
import { loadPolicy } from '../ops/policy.js';
import { paramValues } from '../runbooks/check.js';
import { findRunbook, type Library, loadLibrary, runbookDirs } from '../runbooks/library.js';
import { checkParams } from '../runbooks/loader.js';
import { type RunStatus, runRemaining, type StepResult } from '../runbooks/runner.js';
import { openRunStore, type RunRecord, type StepRecord } from '../runbooks/store.js';
import { stepSummary } from '../runbooks/summary.js';
import type { Runbook } from '../runbooks/types.js';
import type { CliDeps, CliIo } from './main.js';
import { openRunner, osUser } from './main.js';
import { asError, EXIT, exitCodeForError, planText, printJson, reportError } from './output.js';
import { cliConfirmation } from './prompt.js';

export const RUNBOOK_USAGE =
  'usage: snowops runbook list | show NAME | run NAME_OR_FILE [--param k=v] [--yes] [--resume RUN_ID] [--runbooks DIR]';

const OPTIONS = {
  param: { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  resume: { type: 'string' },
  runbooks: { type: 'string' },
  connection: { type: 'string' },
  role: { type: 'string' },
  policy: { type: 'string' },
  json: { type: 'boolean' },
} as const;

interface Values {
  param?: string[];
  yes?: boolean;
  resume?: string;
  runbooks?: string;
  connection?: string;
  role?: string;
  policy?: string;
  json?: boolean;
}

function parse(argv: string[]): { positionals: string[]; values: Values } {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (e) {
    throw invalidInput(`snowops runbook: ${(e as Error).message}`, RUNBOOK_USAGE);
  }
}

/** The built-in runbooks, then $SNOWOPS_HOME/runbooks, then --runbooks DIR (or SNOWOPS_RUNBOOKS). */
function library(io: CliIo, deps: CliDeps, values: Values): Library {
  const extra = values.runbooks ?? envValue(io.env, 'SNOWOPS_RUNBOOKS');
  return loadLibrary(runbookDirs(resolveHome(io.env), extra), deps.catalog);
}

export async function runRunbookCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  try {
    const { positionals, values } = parse(argv);
    const [sub, name, ...extra] = positionals;
    if (extra.length > 0) throw invalidInput(`snowops runbook: unexpected argument "${extra[0]}".`, RUNBOOK_USAGE);
    if (sub === 'list' && name === undefined) return list(io, library(io, deps, values), values);
    if (sub === 'show' && name !== undefined)
      return show(io, findRunbook(library(io, deps, values), name, deps.catalog));
    if (sub === 'run' && name !== undefined) return await run(io, deps, name, values);
    throw invalidInput(
      sub === undefined ? 'snowops runbook: list, show or run?' : `snowops runbook: cannot "${[sub, name].join(' ')}".`,
      RUNBOOK_USAGE,
    );
  } catch (e) {
    return reportError(io.stdout, io.stderr, asError(e));
  }
}

function list(io: CliIo, lib: Library, values: Values): number {
  for (const b of lib.broken) io.stderr.write(`snowops: ${b.error.message}\n`);
  if (values.json) {
    printJson(
      io.stdout,
      lib.runbooks.map((r) => ({
        name: r.name,
        title: r.title,
        origin: r.origin,
        file: r.file,
        steps: r.steps.length,
      })),
    );
    return EXIT.ok;
  }
  const width = Math.max(4, ...lib.runbooks.map((r) => r.name.length));
  for (const r of lib.runbooks)
    io.stdout.write(`${r.name.padEnd(width)}  ${r.title} (${r.origin}, ${r.steps.length} steps)\n`);
  return EXIT.ok;
}

function show(io: CliIo, runbook: Runbook): number {
  const lines = [`${runbook.name}: ${runbook.title}`, `file: ${runbook.file}`, '', runbook.description, ''];
  const params = Object.entries(runbook.params);
  if (params.length > 0) {
    lines.push('params:');
    for (const [name, p] of params) lines.push(`  ${name} = ${JSON.stringify(p.default)}  ${p.description}`);
    lines.push('');
  }
  lines.push('steps:');
  runbook.steps.forEach((s, i) => {
    const more = s.continue_on_error ? ' (continues on error)' : '';
    lines.push(`  ${i + 1}. ${s.id}: ${s.title} [${s.tool}]${more}`);
  });
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** `--param k=v` (repeatable) -> { k: 'v' }. */
function givenParams(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw invalidInput(`--param ${item}: expected NAME=VALUE.`, RUNBOOK_USAGE);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

const seconds = (ms: number | null) => `${((ms ?? 0) / 1000).toFixed(2)} s`;

async function run(io: CliIo, deps: CliDeps, nameOrFile: string, values: Values): Promise<number> {
  const home = ensureHome(resolveHome(io.env));
  const policy = loadPolicy({ home, file: policyFile(io.env, values.policy) });
  const runbook = findRunbook(library(io, deps, values), nameOrFile, deps.catalog);
  const given = givenParams(values.param);
  const now = clockFromEnv(io.env);
  const store = openRunStore(home, now);
  let cleanup = async () => store.close();
  try {
    let record: RunRecord;
    const actor = osUser(io.env);
    if (values.resume !== undefined) {
      if (Object.keys(given).length > 0) {
        throw invalidInput(
          '--param cannot change a run being resumed: its params were fixed when it started.',
          `Start a new run instead: snowops runbook run ${nameOrFile} --param ...`,
        );
      }
      record = store.get(values.resume);
      if (record.runbook !== runbook.name) {
        throw invalidInput(
          `Run ${record.id} is a run of runbook "${record.runbook}", not "${runbook.name}".`,
          `Resume it with: snowops runbook run ${record.runbook} --resume ${record.id}`,
        );
      }
      checkParams(runbook, deps.catalog, record.params);
    } else {
      const params = paramValues(runbook, given);
      if (Object.keys(given).length > 0) checkParams(runbook, deps.catalog, params);
      record = store.create({ runbook: runbook.name, file: runbook.file, params, created_by: actor, front_end: 'cli' });
    }

    const { client, runner } = openRunner(io, deps, values, { home, policy, now });
    cleanup = async () => {
      runner.close();
      store.close();
      await client.close();
    };

    const n = runbook.steps.length;
    const verb = values.resume !== undefined ? 'resuming' : 'starting';
    io.stderr.write(`snowops runbook: ${verb} ${runbook.name}, run ${record.id} (${n} steps)\n`);
    const stopped: { result?: StepResult; index?: number; kept: Set<string> } = { kept: new Set() };
    const status = await runRemaining(
      { runner, store },
      runbook,
      record,
      {
        frontEnd: 'runbook',
        actor,
        ...cliConfirmation(io, values.yes),
      },
      {
        kept: (step, i, rec) => {
          stopped.kept.add(step.id);
          io.stderr.write(`[${i + 1}/${n}] ${step.title}: ${rec.status} earlier in this run, not repeated\n`);
        },
        start: (step, i) => io.stderr.write(`[${i + 1}/${n}] ${step.title} (${step.tool}) ...\n`),
        finish: (step, i, result) => {
          io.stderr.write(
            `[${i + 1}/${n}] ${step.title}: ${result.status} in ${seconds(result.duration_ms)}${detail(result)}\n`,
          );
          if (result.status === 'confirmation_required' && result.plan) io.stderr.write(`${planText(result.plan)}\n`);
          if (result.status !== 'done') Object.assign(stopped, { result, index: i });
        },
      },
    );
    return finish(io, runbook, record, status, nameOrFile, stopped);
  } catch (e) {
    return reportError(io.stdout, io.stderr, asError(e));
  } finally {
    await cleanup().catch((e: unknown) => io.stderr.write(`snowops: closing failed: ${String(e)}\n`));
  }
}

function detail(result: StepResult): string {
  if (result.status === 'failed' || result.status === 'cancelled') {
    const e = result.error;
    return e ? `: ${e.code}: ${e.message}${e.hint ? ` ${e.hint}` : ''}` : '';
  }
  const text = result.result ? stepSummary(result.result) : '';
  return text ? `: ${text}` : '';
}

function finish(
  io: CliIo,
  runbook: Runbook,
  record: RunRecord,
  status: RunStatus,
  nameOrFile: string,
  stopped: { result?: StepResult; index?: number; kept: Set<string> },
): number {
  const resume = `snowops runbook run ${nameOrFile} --resume ${record.id}`;
  const steps = runbook.steps.map((s) => stepJson(s, record.steps.get(s.id), stopped.kept.has(s.id)));
  const done = steps.filter((s) => s.status === 'done').length;
  printJson(io.stdout, {
    status,
    run_id: record.id,
    runbook: runbook.name,
    params: record.params,
    steps,
    ...(status === 'done' ? {} : { resume }),
  });
  if (status === 'done') {
    io.stderr.write(
      `snowops runbook: ${runbook.name} complete: ${done} of ${steps.length} steps done (run ${record.id}).\n`,
    );
    return EXIT.ok;
  }
  const step = stopped.index !== undefined ? runbook.steps[stopped.index] : undefined;
  const at = step ? ` at step ${stopped.index! + 1} "${step.title}" (${step.tool})` : '';
  io.stderr.write(
    `snowops runbook: ${runbook.name} ${status === 'confirmation_required' ? 'stopped for confirmation' : status}${at}; ${done} of ${steps.length} steps done.\n`,
  );
  if (status === 'confirmation_required') {
    io.stderr.write(
      `This step needs confirmation and no one is at a terminal to give it. To confirm it and go on:\n${resume} --yes\n`,
    );
    return EXIT.confirmationRequired;
  }
  io.stderr.write(`Continue it with:\n${resume}\n`);
  if (status === 'cancelled') return EXIT.cancelled;
  const code = stopped.result?.error?.code;
  return code ? exitCodeForError(code as Parameters<typeof exitCodeForError>[0]) : EXIT.error;
}

function stepJson(step: Runbook['steps'][number], record: StepRecord | undefined, kept: boolean) {
  return {
    id: step.id,
    title: step.title,
    tool: step.tool,
    status: record?.status ?? 'pending',
    ...(kept ? { earlier: true } : {}),
    ...(record?.duration_ms != null ? { duration_ms: record.duration_ms } : {}),
    ...(record?.actor ? { actor: record.actor } : {}),
    ...(record?.result ? { summary: stepSummary(record.result) } : {}),
    ...(record?.error ? { error: record.error } : {}),
  };
}
