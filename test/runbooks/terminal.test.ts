/**
 * A runbook step that needs confirmation, on a terminal: the plan is shown and y/N asked. A child
 * process has no terminal, so the CLI runs in this process with streams that say they are one;
 * the catalog, the runner, the run store and the emulator are the real ones.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { freshDir } from '../helpers/home.js';
import { localEnv, runOn, streams } from '../helpers/terminal.js';
import { query, type Summary, storedRun } from './helpers.js';

const DROPS = `name: drops
title: Creates and drops
description: Creates a database, drops it, lists what is left.
steps:
  - id: create
    title: Create the database
    tool: create_database
    args: { name: TERM_DB }
  - id: drop
    title: Drop it
    tool: drop_object
    args: { kind: database, name: TERM_DB }
  - id: list
    title: List databases
    tool: list_objects
    args: { kind: database, like: "TERM_%" }
`;

async function onTerminal(argv: string[], answer: string, env: NodeJS.ProcessEnv) {
  const io = streams(answer);
  const code = await runOn(io, argv, env);
  return { code, summary: JSON.parse(io.out()) as Summary, stderr: io.err() };
}

it('asks y/N with the plan; no stops the run (exit 4) and a later yes finishes it', async () => {
  const root = freshDir('snowops-runbook-tty-');
  const file = join(root, 'drops.yaml');
  writeFileSync(file, DROPS);
  const env = localEnv(root);
  const home = env.SNOWOPS_HOME!;

  const no = await onTerminal(['runbook', 'run', file], 'n', env);
  expect(no.code).toBe(4);
  expect(no.summary.status).toBe('cancelled');
  expect(no.summary.steps.map((s) => s.status)).toEqual(['done', 'cancelled', 'pending']);
  expect(no.stderr).toMatch(/SQL:\n {2}DROP DATABASE TERM_DB;\n[\s\S]*Run it\? \[y\/N\] /);
  expect(no.stderr).toContain(`snowops runbook run ${file} --resume ${no.summary.run_id}`);
  expect(await query(home, "SHOW DATABASES LIKE 'TERM_DB'")).toHaveLength(1);

  const yes = await onTerminal(['runbook', 'run', file, '--resume', no.summary.run_id], 'y', env);
  expect(yes.code, yes.stderr).toBe(0);
  expect(yes.summary.steps.map((s) => [s.status, s.earlier ?? false])).toEqual([
    ['done', true],
    ['done', false],
    ['done', false],
  ]);
  expect(await query(home, "SHOW DATABASES LIKE 'TERM_DB'")).toEqual([]);
  const stored = storedRun(home, no.summary.run_id);
  expect(stored.steps.get('create')!.attempts).toBe(1);
  expect(stored.steps.get('drop')!.attempts).toBe(2);
  expect(stored.steps.get('list')!.result!.objects).toEqual([]);
});
