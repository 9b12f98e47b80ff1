/**
 * What the Slack app says, built from real results (the catalog's tools on the emulator through
 * the runner) and checked against Slack's Block Kit limits as the fake Slack enforces them:
 * lists truncated with a count, rows and SQL in code blocks, errors with Snowflake's code and
 * the fix, plans whose buttons carry the confirmation.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import { defaultPolicy } from '../../src/ops/policy.js';
import { createRunner, type Runner } from '../../src/ops/runner.js';
import type { Plan } from '../../src/ops/types.js';
import { confirmationMessage, errorMessage, resultMessage } from '../../src/slack/messages.js';
import { decodePending, encodePending } from '../../src/slack/pending.js';
import { catalog } from '../../tools/index.js';
import { validateBlocks } from './fake-slack.js';
import { buttons, textOf } from './helpers.js';

let runner: Runner;
let close: () => Promise<void>;

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'snowops-slack-msg-'));
  const client = createEmulatorClient({ home, latencyMs: 0 });
  runner = createRunner({ catalog, client, home, policy: defaultPolicy() });
  close = async () => {
    runner.close();
    await client.close();
  };
  const call = (tool: string, args: Record<string, unknown>) =>
    runner.call(tool, args, { frontEnd: 'slack', actor: 't' });
  await call('create_database', { name: 'MSG_DB' });
  const columns = [{ name: 'ID', datatype: 'int' }];
  for (let i = 0; i < 27; i++)
    await call('create_table', { database: 'MSG_DB', schema: 'PUBLIC', name: `T${i}`, columns });
  const values = Array.from({ length: 60 }, (_, i) => `(${i})`).join(', ');
  await call('run_sql', { sql: `INSERT INTO MSG_DB.PUBLIC.T0 (ID) VALUES ${values}` });
});

afterAll(async () => {
  await close?.();
});

const call = (tool: string, args: Record<string, unknown>) =>
  runner.call(tool, args, { frontEnd: 'slack', actor: 't' });

async function failure(tool: string, args: Record<string, unknown>): Promise<unknown> {
  try {
    await call(tool, args);
  } catch (e) {
    return e;
  }
  throw new Error(`${tool} should have failed`);
}

describe('results as Block Kit', () => {
  it('truncates a long list with a count of the rest', async () => {
    const result = await call('list_objects', { kind: 'table', database: 'MSG_DB', schema: 'PUBLIC' });
    const msg = resultMessage('list_objects', result);
    expect(validateBlocks(msg.blocks)).toBeUndefined();
    const text = textOf(msg);
    expect(text).toContain('*27 found*');
    expect(text).toContain('• *T0* — rows: 60');
    expect(text).toContain('_… and 7 more_');
    expect(text).not.toContain('*T9*');
  });

  it('shows an object as fields and its columns as a list', async () => {
    const result = await call('describe_object', { kind: 'table', database: 'MSG_DB', schema: 'PUBLIC', name: 'T0' });
    const msg = resultMessage('describe_object', result);
    expect(validateBlocks(msg.blocks)).toBeUndefined();
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: 'table MSG_DB.PUBLIC.T0' } });
    expect(textOf(msg)).toContain('*rows*\n60');
    expect(textOf(msg)).toContain('• *ID* — datatype: NUMBER(38,0)');
  });

  it('shows rows as a table in a code block, and the SQL that ran', async () => {
    const rows = await call('run_sql', { sql: 'SELECT ID FROM MSG_DB.PUBLIC.T0 ORDER BY ID', limit: 50 });
    const msg = resultMessage('run_sql', rows);
    expect(validateBlocks(msg.blocks)).toBeUndefined();
    const text = textOf(msg);
    expect(text).toMatch(/```ID\n-+\n0\n1\n/);
    expect(text).toContain('50 rows (truncated at the limit); first 20 shown');
    expect(text).toContain('*SQL that ran*\n```SELECT ID FROM MSG_DB.PUBLIC.T0 ORDER BY ID;```');
  });

  it('keeps one table line per row when a value holds line breaks', async () => {
    const msg = resultMessage('run_sql', await call('run_sql', { sql: "SELECT 'two\\nlines' AS X, 1 AS Y" }));
    expect(textOf(msg)).toContain('```X         | Y\n----------+--\ntwo↵lines | 1```');
  });

  it('cuts SQL full of characters Slack escapes inside its code block, with the closing fence and a count', async () => {
    const sql = `SELECT '${'<>&'.repeat(900)}' AS X`;
    const msg = resultMessage('run_sql', await call('run_sql', { sql }));
    expect(validateBlocks(msg.blocks)).toBeUndefined();
    const block = textOf(msg).split('*SQL that ran*\n')[1] ?? '';
    expect(block).toMatch(/^```SELECT '(&lt;&gt;&amp;)+/);
    expect(block).toMatch(/\n… \(\d+ more characters\)```/);
  });

  it('shows errors with what was wrong, Snowflake code and the fix', async () => {
    const error = await failure('describe_object', { kind: 'database', name: 'NO_SUCH_DB' });
    const msg = errorMessage('describe_object', error);
    expect(validateBlocks(msg.blocks)).toBeUndefined();
    const text = textOf(msg);
    expect(text).toContain('describe_object failed (not_found)');
    expect(text).toMatch(/Snowflake error 002003 \(SQLSTATE 02000\)/);
    expect(text).toContain('*Fix:* Check the name');
  });

  it('keeps a plan with long SQL within the limits, and its buttons carry the confirmation', async () => {
    const sql = `CREATE OR REPLACE TABLE MSG_DB.PUBLIC.WIDE (${Array.from({ length: 400 }, (_, i) => `C${i} INT`).join(', ')})`;
    const asked = await call('run_sql', { sql });
    expect(asked.status).toBe('confirmation_required');
    const expiresAt = new Date(String(asked.expires_at));
    const value = encodePending({
      tool: 'run_sql',
      args: { sql },
      token: String(asked.confirmation_token),
      requester: 'U1',
      channel: 'C1',
      expiresAt: expiresAt.getTime(),
    });
    const msg = confirmationMessage(asked.plan as Plan, { requester: 'U1', expiresAt, value });
    expect(validateBlocks(msg.blocks)).toBeUndefined();
    expect(textOf(msg)).toMatch(/more characters\)```/);
    const confirm = buttons(msg).snowops_confirm!;
    expect(confirm.style).toBe('danger');
    expect(decodePending(confirm.value)).toEqual({
      tool: 'run_sql',
      args: { sql },
      token: asked.confirmation_token,
      requester: 'U1',
      channel: 'C1',
      expiresAt: expiresAt.getTime(),
    });
  });

  it('refuses to put a plan too large for a button into Slack', () => {
    const sql = Array.from({ length: 3000 }, (_, i) => `${i.toString(36)}${Math.random().toString(36)}`).join(' ');
    expect(() =>
      encodePending({ tool: 'run_sql', args: { sql }, token: 't', requester: 'U', channel: 'C', expiresAt: 0 }),
    ).toThrow(/too large to confirm with a Slack button/);
    expect(() => decodePending('z1.AAAA')).toThrow(/does not carry a snowops confirmation/);
  });
});
