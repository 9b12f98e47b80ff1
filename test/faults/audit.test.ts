/**
 * An audit log that fails on every write (SNOWOPS_FAULT_AUDIT=fail): operations neither block nor
 * break, from the CLI and from a long-running MCP server, and the failure is said once on stderr.
 */
import { describe, expect, it } from 'vitest';
import { readAudit } from '../../src/ops/audit.js';
import { freshHomes, snowops } from '../cli/process.js';
import { freshDir, startSession } from '../mcp/helpers.js';
import { rows } from './helpers.js';

const FAIL = { SNOWOPS_FAULT_AUDIT: 'fail' };
const WARNING = /audit log .*audit\.sqlite could not be written \(\w+: injected audit failure/g;

describe('a failing audit write', () => {
  it('CLI: the change is made and answered as usual, and stderr says so once', async () => {
    const homes = freshHomes();
    const created = await snowops(['call', 'create_database', '{"name":"audit_fault"}'], homes, { env: FAIL });
    expect(created.code, created.stderr).toBe(0);
    expect(created.json.status).toBe('done');
    expect(created.stderr.match(WARNING)).toHaveLength(1);
    const dropped = await snowops(['call', 'drop_object', '{"kind":"database","name":"audit_fault"}', '--yes'], homes, {
      env: FAIL,
    });
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stderr.match(WARNING)).toHaveLength(1);
    expect(await rows(homes.home, "SHOW DATABASES LIKE 'AUDIT_FAULT'")).toEqual([]);
    expect(readAudit(homes.home, { limit: 10 })).toEqual([]);
  });

  it('MCP: every call of a running server still works, and the log line comes once', async () => {
    const home = freshDir('snowops-audit-fault-');
    const session = await startSession({ home, env: FAIL });
    try {
      for (let i = 0; i < 3; i++) {
        const done = await session.ok('create_database', { name: `audit_fault_${i}` });
        expect(done.status).toBe('done');
      }
      const denied = await session.call('run_sql', { sql: 'SELECT 1; SELECT 2' });
      expect(denied.isError).toBe(true);
      expect(session.stderr().match(WARNING)).toHaveLength(1);
    } finally {
      await session.close();
    }
    expect((await rows(home, "SHOW DATABASES LIKE 'AUDIT_FAULT_%'")).map((r) => r.name)).toHaveLength(3);
  });
});
