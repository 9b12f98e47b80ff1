/**
 * A policy that denies PROD_* databases stops create, drop and run_sql against prod_db from
 * every front end, each as a real process (the CLI, the MCP server with the SDK's client, the
 * Slack app against the fake Slack), and every refusal is in the audit log with who asked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import { type AuditRecord, readAudit } from '../../src/ops/audit.js';
import { call, freshHomes, snowops } from '../cli/process.js';
import { freshDir, startSession, text } from '../mcp/helpers.js';
import { type FakeSlack, startFakeSlack } from '../slack/fake-slack.js';
import {
  type AppProcess,
  databaseNames,
  fullAccess,
  response,
  slashCommand,
  startApp,
  textOf,
} from '../slack/helpers.js';

const DENY = `
[[deny]]
kind = "database"
pattern = "PROD_*"
`;

/** A home whose account holds PROD_DB with a table. */
async function prodHome(home: string): Promise<void> {
  const client = createEmulatorClient({ home });
  await client.execute('CREATE DATABASE PROD_DB');
  await client.execute('CREATE TABLE PROD_DB.PUBLIC.ORDERS (ID INT)');
  await client.close();
}

const ATTEMPTS = {
  create: { tool: 'create_database', args: { name: 'prod_db', mode: 'or_replace' } },
  drop: { tool: 'drop_object', args: { kind: 'database', name: 'Prod_Db' } },
  sql: { tool: 'run_sql', args: { sql: 'DROP DATABASE "PROD_DB"' } },
};

function expectRefusals(records: AuditRecord[], frontEnd: string, actor: RegExp): void {
  const refused = records.filter((r) => r.outcome === 'refused');
  expect(refused.map((r) => r.tool).sort()).toEqual(['create_database', 'drop_object', 'run_sql']);
  for (const r of refused) {
    expect(r.front_end).toBe(frontEnd);
    expect(r.actor).toMatch(actor);
    expect(r.error?.code).toBe('policy_denied');
    expect(r.error?.message).toContain('PROD_*');
    expect(r.statements).toEqual([]);
  }
}

describe('the CLI', () => {
  it('exits 5 with the rule and the file, changes nothing, and snowops audit lists the refusals', async () => {
    const homes = freshHomes();
    await prodHome(homes.home);
    const policyFile = join(homes.home, 'snowops.toml');
    writeFileSync(policyFile, DENY);
    for (const { tool, args } of Object.values(ATTEMPTS)) {
      const run = await call(homes, tool, args, '--yes');
      expect(run.code, run.stderr).toBe(5);
      expect(run.json.error).toMatchObject({ code: 'policy_denied' });
      expect(String(run.json.error?.message)).toContain(policyFile);
      expect(run.stderr).toMatch(/^snowops: policy_denied: Denied by policy/m);
    }
    expect((await call(homes, 'run_sql', { sql: 'SHOW DATABASES' })).stdout).toContain('PROD_DB');

    const listed = await snowops(['audit', '--outcome', 'refused', '--json'], homes);
    expect(listed.code, listed.stderr).toBe(0);
    expectRefusals(JSON.parse(listed.stdout), 'cli', /^\w+$/);
    const human = await snowops(['audit', '--since', '1h', '--tool', 'drop_object'], homes);
    expect(human.stdout.split('\n')[0]).toMatch(/^TIME\s+FROM\s+ACTOR\s+TOOL\s+EFFECT\s+OUTCOME/);
    expect(human.stdout).toMatch(/cli .* drop_object .* refused .* policy_denied: Denied by policy/);
    expect(human.stdout).not.toContain('run_sql');
  });
});

describe('the MCP server', () => {
  it('answers isError with the refusal, and records the client', async () => {
    const home = freshDir('snowops-policy-mcp-');
    await prodHome(home);
    writeFileSync(join(home, 'snowops.toml'), DENY);
    const session = await startSession({ home });
    try {
      for (const { tool, args } of Object.values(ATTEMPTS)) {
        const result = await session.call(tool, args);
        expect(result.isError, text(result)).toBe(true);
        expect(text(result)).toMatch(/Denied by policy: database PROD_DB matches \[\[deny\]\] #1/);
      }
      expect(await databaseNames(home)).toContain('PROD_DB');
    } finally {
      await session.close();
    }
    expectRefusals(readAudit(home, { limit: 50 }), 'mcp', /via snowops-test 1\.0\.0$/);
  });
});

describe('the Slack app', () => {
  const ADMIN = 'UADMIN';
  const OPS = 'COPS';
  let fake: FakeSlack;
  let app: AppProcess;
  let home: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    home = freshDir('snowops-policy-slack-');
    await prodHome(home);
    const policy = `${DENY}\n${fullAccess(ADMIN, OPS)}`;
    app = await startApp({ fake, home, policy });
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('answers with the refusal, never offers a Confirm button, and records user and channel', async () => {
    for (const command of [
      'create_database prod_db mode=or_replace',
      'drop_object database Prod_Db',
      'run_sql DROP DATABASE "PROD_DB"',
    ]) {
      const delivery = await slashCommand(app, fake, ADMIN, OPS, command);
      expect(delivery.status, app.stderr()).toBe(200);
      const answer = await response(fake, delivery.responseUrl);
      expect(textOf(answer), command).toMatch(/Denied by policy: database PROD_DB matches/);
      expect(JSON.stringify(answer.blocks)).not.toContain('snowops_confirm');
    }
    expect(await databaseNames(home)).toContain('PROD_DB');
    expectRefusals(readAudit(home, { limit: 50 }), 'slack', /^slack:UADMIN in COPS$/);
  });
});
