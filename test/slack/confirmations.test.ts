/**
 * Confirmations and access control from Slack, through `snowops slack --http` child processes
 * sharing one SNOWOPS_HOME (replicas): cancel, double clicks and redeliveries that run once,
 * expiry (a replica whose clock is 6 minutes ahead), clicks by the wrong person, access per user
 * and channel, signatures. A separate home runs four-eyes approval. Every "nothing changed" is
 * checked on the emulator itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import {
  type AppProcess,
  buttons,
  click,
  databaseNames,
  freshDir,
  fullAccess,
  response,
  SECRET,
  sign,
  slashCommand,
  startApp,
  stopAll,
  textOf,
} from './helpers.js';

const ALL = '["read", "write", "disruptive", "destructive"]';
const POLICY = `
[slack]
audit_channel = "CAUDIT"
[slack.users.UADMIN]
effects = ${ALL}
[slack.users.UOTHER]
effects = ${ALL}
[slack.users.UWRITER]
effects = ["read", "write"]
[slack.channels.COPS]
effects = ${ALL}
[slack.channels.CWRITE]
effects = ["read", "write"]
`;
const FOUR_EYES = `[slack]\nfour_eyes = true\napprovers = ["UAPPROVER", "UADMIN"]\n${fullAccess('UADMIN', 'COPS')}`;

type Message = Record<string, unknown>;

let fake: FakeSlack;
let home: string;
let app: AppProcess;
let replica: AppProcess;
let late: AppProcess;

beforeAll(async () => {
  fake = await startFakeSlack();
  home = freshDir('snowops-slack-confirm-');
  [app, replica, late] = await Promise.all([
    startApp({ fake, home, policy: POLICY }),
    startApp({ fake, home, policy: POLICY }),
    startApp({ fake, home, policy: POLICY, env: { SNOWOPS_TEST_NOW: '+6m' } }),
  ]);
});

afterAll(() => stopAll(fake, app, replica, late));

async function run(text: string, user = 'UADMIN', channel = 'COPS', to = app): Promise<Message> {
  const delivery = await slashCommand(to, fake, user, channel, text);
  expect(delivery.status).toBe(200);
  return response(fake, delivery.responseUrl);
}

async function plan(text: string, user = 'UADMIN', channel = 'COPS', to = app) {
  const message = await run(text, user, channel, to);
  const b = buttons(message);
  expect(b.snowops_confirm, textOf(message)).toBeDefined();
  return { message, confirm: b.snowops_confirm!, cancel: b.snowops_cancel! };
}

async function clickAndRead(
  to: AppProcess,
  user: string,
  button: { action_id: string; value: string },
  retryNum?: number,
) {
  const delivery = await click(to, fake, user, 'COPS', button, { retryNum });
  expect(delivery.status).toBe(200);
  return response(fake, delivery.responseUrl);
}

const auditLines = () =>
  fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'CAUDIT')
    .map((c) => String(c.body.text));

/** Audit lines are posted after the answer: wait for the one expected. */
const auditLine = (pattern: RegExp) =>
  fake.waitFor(() => auditLines().find((l) => pattern.test(l)), 10_000, `an audit line matching ${pattern}`);

describe('confirming from Slack', () => {
  it('a drop confirmed by button runs and replaces the plan with the result', async () => {
    await run('create_database confirm_db');
    const { message, confirm } = await plan('drop_object database confirm_db');
    expect(message.response_type).toBe('ephemeral');
    expect(textOf(message)).toContain('DROP DATABASE CONFIRM_DB');
    const result = await clickAndRead(app, 'UADMIN', confirm);
    expect(result.replace_original).toBe(true);
    expect(textOf(result)).toContain(':white_check_mark: Database CONFIRM_DB dropped');
    expect(await databaseNames(home)).not.toContain('CONFIRM_DB');
  });

  it('a drop cancelled changes nothing, and only the requester may cancel', async () => {
    await run('create_database cancel_db');
    const { cancel } = await plan('drop_object database cancel_db');
    const stranger = await clickAndRead(app, 'UOTHER', cancel);
    expect(stranger.replace_original).toBe(false);
    expect(textOf(stranger)).toContain('Only <@UADMIN> can cancel this.');
    const cancelled = await clickAndRead(app, 'UADMIN', cancel);
    expect(cancelled.replace_original).toBe(true);
    expect(textOf(cancelled)).toContain('Cancelled by <@UADMIN>; nothing ran. (Drop database CANCEL_DB.)');
    expect(await databaseNames(home)).toContain('CANCEL_DB');
    await auditLine(/drop_object` by <@UADMIN> .*cancelled by <@UADMIN>/);
  });

  it('someone other than the requester cannot confirm', async () => {
    await run('create_database theirs_db');
    const { confirm } = await plan('drop_object database theirs_db');
    const answer = await clickAndRead(app, 'UOTHER', confirm);
    expect(answer.replace_original, 'the plan stays for the requester').toBe(false);
    expect(textOf(answer)).toContain('Only <@UADMIN>, who asked for it, can confirm this.');
    expect(await databaseNames(home)).toContain('THEIRS_DB');
  });

  it('a confirmation clicked twice, redelivered and sent to another replica runs once', async () => {
    await run('create_database twice_db');
    const { confirm } = await plan('drop_object database twice_db');
    const answers = await Promise.all([
      clickAndRead(app, 'UADMIN', confirm),
      clickAndRead(replica, 'UADMIN', confirm),
      clickAndRead(app, 'UADMIN', confirm, 1),
    ]);
    answers.push(await clickAndRead(replica, 'UADMIN', confirm));
    const texts = answers.map(textOf);
    expect(texts.filter((t) => t.includes(':white_check_mark: Database TWICE_DB dropped'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('already handled; nothing ran again'))).toHaveLength(3);
    expect(answers.filter((a) => a.replace_original === true)).toHaveLength(1);
    expect(await databaseNames(home)).not.toContain('TWICE_DB');
    await auditLine(/TWICE_DB dropped/);
    expect(auditLines().filter((l) => l.includes('TWICE_DB dropped'))).toHaveLength(1);
  });

  it('a command redelivered by Slack is acknowledged and not run again', async () => {
    const again = await slashCommand(app, fake, 'UADMIN', 'COPS', 'create_database redelivered_db', { retryNum: 1 });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.responses(again.responseUrl)).toEqual([]);
    expect(await databaseNames(home)).not.toContain('REDELIVERED_DB');
  });

  it('an expired confirmation runs nothing', async () => {
    await run('create_database expired_db');
    const { confirm } = await plan('drop_object database expired_db');
    // The same click, handled by a replica whose clock is six minutes ahead.
    const answer = await clickAndRead(late, 'UADMIN', confirm);
    expect(answer.replace_original).toBe(true);
    expect(textOf(answer)).toMatch(/expired at .*; nothing ran/);
    expect(await databaseNames(home)).toContain('EXPIRED_DB');
  });
});

describe('access control from the policy', () => {
  it('refuses a user without the effect, and nothing changes', async () => {
    const refused = await run('create_database reader_db', 'UREADER');
    expect(textOf(refused)).toContain('create_database failed (policy_denied)');
    expect(textOf(refused)).toContain('<@UREADER> may not run write operations');
    expect(await databaseNames(home)).not.toContain('READER_DB');
    // Reads are what everyone not listed may do.
    expect(textOf(await run('list_objects database', 'UREADER'))).toContain('*SNOWOPS_SAMPLE_DATA*');

    await run('create_database writer_db', 'UWRITER');
    const drop = await run('drop_object database writer_db', 'UWRITER');
    expect(buttons(drop).snowops_confirm, 'no plan to confirm for someone who may not').toBeUndefined();
    expect(textOf(drop)).toContain('<@UWRITER> may not run destructive operations');
    expect(await databaseNames(home)).toContain('WRITER_DB');
    await auditLine(/drop_object` by <@UWRITER> in <#COPS>: refused/);
  });

  it('needs the channel to allow it too; unlisted channels get the defaults', async () => {
    const elsewhere = await run('create_database elsewhere_db', 'UADMIN', 'CRANDOM');
    expect(textOf(elsewhere)).toContain(
      'write operations (Create database ELSEWHERE_DB.) are not allowed in this channel',
    );
    const writeOnly = await run('drop_object database writer_db', 'UADMIN', 'CWRITE');
    expect(textOf(writeOnly)).toContain('destructive operations');
    expect(textOf(writeOnly)).toContain('not allowed in this channel; here: read, write');
    const names = await databaseNames(home);
    expect(names).not.toContain('ELSEWHERE_DB');
    expect(names).toContain('WRITER_DB');
  });
});

describe('requests Slack did not sign', () => {
  it('are rejected with 401 and run nothing', async () => {
    const text = 'create_database unsigned_db';
    const wrong = await slashCommand(app, fake, 'UADMIN', 'COPS', text, { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    const stale = await slashCommand(app, fake, 'UADMIN', 'COPS', text, {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    const body = new URLSearchParams({ command: '/snowops', text, user_id: 'UADMIN', channel_id: 'COPS' }).toString();
    const unsigned = await fetch(app.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(unsigned.status).toBe(401);
    // A signature over another body does not carry over.
    const ts = Math.floor(Date.now() / 1000);
    const swapped = await fetch(app.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Slack-Request-Timestamp': String(ts),
        'X-Slack-Signature': sign(SECRET, ts, `${body}&x=1`),
      },
      body,
    });
    expect(swapped.status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.responses(wrong.responseUrl)).toEqual([]);
    expect(fake.responses(stale.responseUrl)).toEqual([]);
    expect(await databaseNames(home)).not.toContain('UNSIGNED_DB');
  });
});

describe('usage', () => {
  it('a malformed command is answered in the ack with what was wrong and the usage line', async () => {
    const delivery = await slashCommand(app, fake, 'UADMIN', 'COPS', 'create_warehouse');
    expect(delivery.status).toBe(200);
    const ack = delivery.body as Message;
    expect(ack.response_type).toBe('ephemeral');
    expect(textOf(ack)).toContain('Missing NAME.');
    expect(textOf(ack)).toContain('*Usage:* `/snowops create_warehouse NAME [size=TEXT]');
    const help = (await slashCommand(app, fake, 'UADMIN', 'COPS', 'help drop-object')).body as Message;
    expect(textOf(help)).toContain('/snowops drop_object KIND [DATABASE.][SCHEMA.]NAME [if_exists=true]');
  });
});

describe('four-eyes approval', () => {
  let eyes: AppProcess;
  let eyesHome: string;
  beforeAll(async () => {
    eyesHome = freshDir('snowops-slack-4eyes-');
    eyes = await startApp({ fake, home: eyesHome, policy: FOUR_EYES });
  });
  afterAll(async () => {
    await eyes?.stop();
  });

  it('posts the plan in the channel naming the approvers; only an approver who is not the requester confirms', async () => {
    await run('create_database approved_db', 'UADMIN', 'COPS', eyes);
    const { message, confirm } = await plan('drop_object database approved_db', 'UADMIN', 'COPS', eyes);
    expect(message.response_type).toBe('in_channel');
    expect(textOf(message)).toContain('Needs approval by <@UAPPROVER>, <@UADMIN> (not the requester)');

    const own = await clickAndRead(eyes, 'UADMIN', confirm);
    expect(textOf(own)).toContain('the requester cannot confirm their own plan');
    const bystander = await clickAndRead(eyes, 'UREADER', confirm);
    expect(textOf(bystander)).toContain('<@UREADER> is not an approver');
    expect(await databaseNames(eyesHome)).toContain('APPROVED_DB');

    const approved = await clickAndRead(eyes, 'UAPPROVER', confirm);
    expect(approved.replace_original).toBe(true);
    expect(textOf(approved)).toContain('Requested by <@UADMIN>, confirmed by <@UAPPROVER>.');
    expect(await databaseNames(eyesHome)).not.toContain('APPROVED_DB');
  });
});
