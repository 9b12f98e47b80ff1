/**
 * Socket Mode: `snowops slack` without --http opens apps.connections.open with the app-level
 * token and connects to the fake's ws:// socket; commands and clicks arrive as envelopes and run
 * through the same handlers as over HTTP, acked over the socket.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeSlack } from './fake-slack.js';
import {
  type AppProcess,
  buttons,
  clickPayload,
  commandPayload,
  databaseNames,
  fullAccess,
  response,
  startWithFake,
  stopAll,
  textOf,
} from './helpers.js';

let fake: FakeSlack;
let app: AppProcess;
let home: string;

beforeAll(async () => {
  ({ fake, home, app } = await startWithFake('snowops-slack-socket-', {
    policy: fullAccess('UADMIN', 'COPS'),
    mode: 'socket',
  }));
});

afterAll(() => stopAll(fake, app));

it('connects with the app-level token', () => {
  expect(fake.socketConnected()).toBe(true);
  expect(fake.calls.filter((c) => c.method === 'apps.connections.open').map((c) => c.ok)).toEqual([true]);
});

it('runs commands, usage errors and confirmations through the same handlers', async () => {
  const create = commandPayload(fake, 'UADMIN', 'COPS', 'create-database socket_db');
  const acked = await fake.sendEnvelope('slash_commands', create);
  expect(acked.ms).toBeLessThan(2500);
  expect(textOf(await response(fake, create.response_url!))).toContain('Database SOCKET_DB created');
  expect(await databaseNames(home)).toContain('SOCKET_DB');

  const bad = await fake.sendEnvelope('slash_commands', commandPayload(fake, 'UADMIN', 'COPS', 'create_warehouse'));
  expect(textOf(bad.ack)).toContain('Missing NAME.');

  const drop = commandPayload(fake, 'UADMIN', 'COPS', 'drop_object database socket_db');
  await fake.sendEnvelope('slash_commands', drop);
  const plan = await response(fake, drop.response_url!);
  const confirm = buttons(plan).snowops_confirm;
  expect(confirm, textOf(plan)).toBeDefined();
  const stranger = clickPayload(fake, 'UOTHER', 'COPS', confirm!);
  await fake.sendEnvelope('interactive', stranger);
  expect(textOf(await response(fake, stranger.response_url as string))).toContain('Only <@UADMIN>');
  const mine = clickPayload(fake, 'UADMIN', 'COPS', confirm!);
  const clickAck = await fake.sendEnvelope('interactive', mine);
  expect(clickAck.ms).toBeLessThan(2500);
  const result = await response(fake, mine.response_url as string);
  expect(result.replace_original).toBe(true);
  expect(textOf(result)).toContain('Database SOCKET_DB dropped');
  expect(await databaseNames(home)).not.toContain('SOCKET_DB');
});
