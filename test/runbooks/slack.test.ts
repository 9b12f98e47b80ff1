/**
 * Runbooks from Slack: `snowops slack --http` as a child process against the fake Slack (the
 * Slack tests' fake Web API and signing helpers), `/snowops runbook quickstart` posted in the
 * channel and stepped through by "Run next step" clicks, each step that needs confirmation
 * (the drops among them) confirmed with its own button; a failing step retried and skipped;
 * access checked per step as for commands. The emulator and the run store the app uses are
 * checked directly (same SNOWOPS_HOME).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, type PostedMessage, startFakeSlack } from '../slack/fake-slack.js';
import {
  type AppProcess,
  buttons,
  click,
  freshDir,
  fullAccess,
  query,
  response,
  slashCommand,
  startApp,
  stopAll,
  textOf,
} from '../slack/helpers.js';
import { snowops, storedRun } from './helpers.js';

const ADMIN = 'UADMIN';
const READER = 'UREADER';
const OPS = 'COPS';
const POLICY = `[slack]\naudit_channel = "CAUDIT"\ndefault_effects = ["read"]\n${fullAccess(ADMIN, OPS)}`;
const FAILING = `name: slack-fail
title: A step that fails
description: Describes a table that is not there, then lists databases.
steps:
  - id: missing
    title: Describe a missing table
    tool: describe_object
    args: { kind: table, database: NO_DB, schema: NO_SCHEMA, name: NO_TABLE }
  - id: create
    title: Create a database
    tool: create_database
    args: { name: SLACK_RB_DB }
`;

/** In a folder of its own, given to the app as SNOWOPS_RUNBOOKS (the env form of --runbooks DIR). */
const EXTRA = `name: slack-extra
title: From the team's folder
description: Lists the databases.
steps:
  - id: list
    title: List the databases
    tool: list_objects
    args: { kind: database }
`;

let fake: FakeSlack;
let app: AppProcess;
let home: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  home = freshDir('snowops-runbook-slack-');
  mkdirSync(join(home, 'runbooks'));
  writeFileSync(join(home, 'runbooks', 'slack-fail.yaml'), FAILING);
  const extra = join(home, 'team-runbooks');
  mkdirSync(extra);
  writeFileSync(join(extra, 'slack-extra.yaml'), EXTRA);
  app = await startApp({ fake, home, policy: POLICY, env: { SNOWOPS_RUNBOOKS: extra } });
});

afterAll(() => stopAll(fake, app));

/** Posts `/snowops runbook ...` and returns the runbook message the app posted in the channel. */
async function start(text: string): Promise<PostedMessage> {
  const count = fake.messages.length;
  const delivery = await slashCommand(app, fake, ADMIN, OPS, text);
  expect(delivery.status, app.stderr()).toBe(200);
  expect(delivery.body, `no error expected for ${text}`).toBe('');
  return fake.waitFor(
    () => fake.messages.slice(count).find((m) => m.channel === OPS && m.text.startsWith('Runbook ')),
    20_000,
    'the runbook message',
  );
}

function threadLines(message: PostedMessage): string[] {
  return fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === message.ts)
    .map((c) => String(c.body.text));
}

/** Clicks a button of the runbook message as `user` and waits for the step's line in the thread. */
async function clickStep(
  message: PostedMessage,
  action: string,
  user = ADMIN,
): Promise<Record<string, unknown> | undefined> {
  const button = buttons(message)[action];
  expect(button, `${action} in: ${textOf(message)}`).toBeDefined();
  const lines = threadLines(message).length;
  const delivery = await click(app, fake, user, OPS, button!);
  expect(delivery.status).toBe(200);
  // Either the step ran, failed or was skipped (a thread line, after the message was edited), or
  // nothing ran and only the clicker hears back (a plan to confirm, a notice).
  await fake.waitFor(
    () => {
      if (threadLines(message).length > lines) return true;
      const answer = fake.responses(delivery.responseUrl)[0]?.body;
      return answer !== undefined && !textOf(answer).includes(' failed (');
    },
    30_000,
    `the outcome of ${action}`,
  );
  return fake.responses(delivery.responseUrl)[0]?.body;
}

describe('/snowops runbook', () => {
  it('is in /snowops help', async () => {
    const help = textOf((await slashCommand(app, fake, READER, OPS, 'help')).body as object);
    expect(help).toContain(
      '`/snowops runbook` lists the runbooks; `/snowops runbook NAME [param=value ...]` posts one',
    );
    expect(help).toContain('/snowops create_database');
  });

  it('lists the runbooks, and refuses an unknown one or a bad param in the ack', async () => {
    const list = await slashCommand(app, fake, ADMIN, OPS, 'runbook');
    expect(textOf(list.body as object)).toMatch(
      /\*quickstart\* — Snowflake quickstart \(database to DAG\) \(24 steps\)/,
    );
    expect(textOf(list.body as object)).toContain('*slack-fail*');
    expect(textOf(list.body as object)).toContain("*slack-extra* — From the team's folder (1 steps)");
    const unknown = await slashCommand(app, fake, ADMIN, OPS, 'runbook quickstrat');
    expect(textOf(unknown.body as object)).toContain('There is no runbook named "quickstrat".');
    const param = await slashCommand(app, fake, ADMIN, OPS, 'runbook quickstart colour=blue');
    expect(textOf(param.body as object)).toContain('Runbook quickstart has no param "colour".');
  });

  it('steps through the quickstart by button clicks, confirming the suspend and the drops', async () => {
    const message = await start('runbook quickstart');
    expect(textOf(message)).toContain('Runbook: Snowflake quickstart (database to DAG)');
    expect(textOf(message)).toContain(':white_circle: *1. Create the database* `create_database`');
    const runId = /run `([^`]+)`/.exec(textOf(message))![1]!;

    const confirmedSteps: string[] = [];
    for (let i = 0; i < 24; i++) {
      const answer = await clickStep(message, 'snowops_runbook_next');
      if (answer) {
        // A plan to confirm, for the clicker only, with the step's own Confirm.
        expect(answer.response_type).toBe('ephemeral');
        expect(textOf(answer)).toContain('this needs your confirmation');
        const confirm = buttons(answer).snowops_runbook_confirm;
        expect(confirm, textOf(answer)).toBeDefined();
        expect(confirm!.style).toBe('danger');
        const lines = threadLines(message).length;
        const delivery = await click(app, fake, ADMIN, OPS, confirm!);
        const result = await response(fake, delivery.responseUrl);
        expect(result.replace_original).toBe(true);
        expect(textOf(result)).toContain(':white_check_mark:');
        await fake.waitFor(() => threadLines(message).length > lines, 20_000, 'the confirmed step in the thread');
        confirmedSteps.push(String(answer.text).replace(/^Runbook quickstart, step (\w+): .*$/s, '$1'));
      }
      expect(textOf(message)).toContain(`:white_check_mark: *${i + 1}. `);
    }
    expect(confirmedSteps).toEqual(['suspend_trunc', 'drop_trunc', 'drop_filter', 'drop_dag']);

    // The message shows every step done and who ran it; no button is left.
    const final = textOf(message);
    expect(final).toContain('Runbook complete.');
    expect(final).toMatch(
      /:white_check_mark: \*24\. Drop the DAG \(all its tasks\)\* `drop_object` — done by <@UADMIN> in/,
    );
    expect(buttons(message)).toEqual({});
    expect(message.text).toBe('Runbook quickstart: 24 of 24 steps done');

    // The thread records who ran what, confirmations included.
    const thread = threadLines(message);
    expect(thread).toHaveLength(24);
    expect(thread.every((l) => l.includes('done by <@UADMIN>'))).toBe(true);
    expect(thread.filter((l) => l.includes('(confirmed by <@UADMIN>)'))).toHaveLength(4);

    // What happened in the account, and in the run store.
    expect(await query(home, 'SHOW TASKS IN SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA')).toEqual([]);
    const columns = await query(home, 'DESCRIBE TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE');
    expect(columns.map((c) => c.name)).toEqual(['TEMPERATURE', 'LOCATION', 'ELEVATION']);
    const run = storedRun(home, runId);
    expect(run.front_end).toBe('slack');
    expect([...run.steps.values()].every((s) => s.status === 'done' && s.actor?.startsWith('slack:UADMIN'))).toBe(true);
    expect(run.steps.get('drop_dag')!.actor).toBe('slack:UADMIN in COPS');
    const audit = await snowops(['audit', '--json', '--tool', 'drop_object'], { home, snowflakeHome: home });
    expect((JSON.parse(audit.stdout) as Record<string, unknown>[])[0]).toMatchObject({
      front_end: 'runbook',
      actor: 'slack:UADMIN in COPS',
      args: { kind: 'dag', name: 'PYTHON_API_DAG' },
      confirmation: { how: 'token', by: 'slack:UADMIN', via: 'slack button' },
      outcome: 'done',
    });
  });

  it('tells a click on a step already handled, and runs nothing again', async () => {
    const message = await start('runbook slack-fail');
    const first = buttons(message).snowops_runbook_next!;
    await clickStep(message, 'snowops_runbook_next');
    await clickStep(message, 'snowops_runbook_skip');
    // The first step was skipped after it failed: its old "Run next step" button is stale.
    const again = await click(app, fake, ADMIN, OPS, first);
    const answer = await response(fake, again.responseUrl);
    expect(textOf(answer)).toContain('That step was already handled');
  });

  it('offers Retry and Skip after a failure, and checks each clicker like a command', async () => {
    const message = await start('runbook slack-fail');
    const runId = /run `([^`]+)`/.exec(textOf(message))![1]!;
    const failed = await clickStep(message, 'snowops_runbook_next');
    expect(textOf(failed!)).toContain('describe_object failed (not_found)');
    expect(textOf(message)).toMatch(/:x: \*1\. Describe a missing table\* `describe_object` — failed \(<@UADMIN>\)/);
    expect(Object.keys(buttons(message)).sort()).toEqual(['snowops_runbook_retry', 'snowops_runbook_skip']);

    await clickStep(message, 'snowops_runbook_retry');
    expect(storedRun(home, runId).steps.get('missing')!.attempts).toBe(2);
    await clickStep(message, 'snowops_runbook_skip');
    expect(textOf(message)).toContain(
      ':fast_forward: *1. Describe a missing table* `describe_object` — skipped by <@UADMIN>',
    );

    // A reader may not create a database: refused, recorded, nothing created; the admin retries.
    const denied = await clickStep(message, 'snowops_runbook_next', READER);
    expect(textOf(denied!)).toContain('may not run write operations');
    expect(await query(home, "SHOW DATABASES LIKE 'SLACK_RB_DB'")).toEqual([]);
    await clickStep(message, 'snowops_runbook_retry');
    expect(textOf(message)).toContain('Runbook complete.');
    expect(await query(home, "SHOW DATABASES LIKE 'SLACK_RB_DB'")).toHaveLength(1);
    const thread = threadLines(message);
    expect(thread.some((l) => l.includes('<@UADMIN> skipped step 1'))).toBe(true);
  });
});
