/**
 * Slack gives an app 3 seconds to acknowledge a command or a click. With every statement taking
 * 1.5 s (SNOWOPS_EMULATOR_LATENCY_MS), the work behind each request takes longer than that; the
 * ack must not wait for it. The deadline is functional, so it is asserted, with a margin for the
 * trip between Slack and the app.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeSlack } from './fake-slack.js';
import {
  type AppProcess,
  buttons,
  click,
  databaseNames,
  fullAccess,
  response,
  slashCommand,
  startWithFake,
  stopAll,
  textOf,
} from './helpers.js';

const SLACK_DEADLINE_MS = 3000;
/** Slack's deadline less what the round trip over the internet may take. */
const ACK_WITHIN_MS = SLACK_DEADLINE_MS - 500;

let fake: FakeSlack;
let app: AppProcess;
let home: string;

beforeAll(async () => {
  ({ fake, home, app } = await startWithFake('snowops-slack-slow-', {
    policy: fullAccess('UADMIN', 'COPS'),
    env: { SNOWOPS_EMULATOR_LATENCY_MS: '1500' },
  }));
});

afterAll(() => stopAll(fake, app));

it('acks every command and click within the deadline while the backend is slow', async () => {
  const sent = Date.now();
  const created = await slashCommand(app, fake, 'UADMIN', 'COPS', 'create_database slow_db');
  expect(created.status).toBe(200);
  expect(created.ms).toBeLessThan(ACK_WITHIN_MS);
  await response(fake, created.responseUrl, 1, 60_000);
  // The work itself outlasted Slack's deadline, so the ack really did not wait for it.
  expect(fake.responses(created.responseUrl)[0]!.at - sent).toBeGreaterThan(SLACK_DEADLINE_MS);

  const many = await Promise.all([
    slashCommand(app, fake, 'UADMIN', 'COPS', 'list_objects database'),
    slashCommand(app, fake, 'UADMIN', 'COPS', 'describe_object database slow_db'),
    slashCommand(app, fake, 'UADMIN', 'COPS', 'create_warehouse slow_wh size=xsmall'),
    slashCommand(app, fake, 'UADMIN', 'COPS', 'drop_object database slow_db'),
  ]);
  for (const d of many) {
    expect(d.status).toBe(200);
    expect(d.ms).toBeLessThan(ACK_WITHIN_MS);
  }
  const plan = await response(fake, many[3]!.responseUrl, 1, 60_000);
  const confirm = buttons(plan).snowops_confirm;
  expect(confirm, textOf(plan)).toBeDefined();
  const clicked = await click(app, fake, 'UADMIN', 'COPS', confirm!);
  expect(clicked.status).toBe(200);
  expect(clicked.ms).toBeLessThan(ACK_WITHIN_MS);
  expect(textOf(await response(fake, clicked.responseUrl, 1, 60_000))).toContain('Database SLOW_DB dropped');
  expect(await databaseNames(home)).not.toContain('SLOW_DB');
  for (const d of many.slice(0, 3)) await response(fake, d.responseUrl, 1, 60_000);
});
