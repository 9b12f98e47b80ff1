/**
 * Twenty tool calls at once from two server processes on one SNOWOPS_HOME (two MCP servers, each
 * sent ten calls without waiting): every call completes with the right result, nothing is lost
 * in the emulator, and the audit log has a record of every change.
 */
import { describe, expect, it } from 'vitest';
import { readAudit } from '../../src/ops/audit.js';
import { freshDir, type Session, startSession, text } from '../mcp/helpers.js';
import { rows } from './helpers.js';

type Call = { tool: string; args: Record<string, unknown>; check(result: Record<string, unknown>): void };

/** Ten calls for process p: databases, tables, inserts into one shared table, and a read. */
function calls(p: number): Call[] {
  const out: Call[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `CONC_${p}_${i}`;
    out.push({
      tool: 'create_database',
      args: { name: name.toLowerCase() },
      check: (r) => expect(r.object).toMatchObject({ name }),
    });
  }
  for (let i = 0; i < 3; i++) {
    const name = `T_${p}_${i}`;
    out.push({
      tool: 'create_table',
      args: { database: 'shared', schema: 'public', name, columns: [{ name: 'v', datatype: 'INT' }] },
      check: (r) => expect(r.object).toMatchObject({ name, database_name: 'SHARED' }),
    });
  }
  for (let i = 0; i < 3; i++) {
    out.push({
      tool: 'run_sql',
      args: { sql: `INSERT INTO shared.public.log (p, i) VALUES (${p}, ${i})` },
      check: (r) => expect(r.rows).toEqual([{ 'number of rows inserted': 1 }]),
    });
  }
  out.push({
    tool: 'describe_object',
    args: { kind: 'table', database: 'shared', schema: 'public', name: 'log' },
    check: (r) => expect((r.object as { columns: unknown[] }).columns).toHaveLength(2),
  });
  return out;
}

describe('twenty concurrent calls from two processes on one home', () => {
  it('all complete with correct results, and nothing is lost', async () => {
    const home = freshDir('snowops-conc-');
    const sessions: Session[] = [];
    try {
      sessions.push(await startSession({ home }), await startSession({ home }));
      await sessions[0].ok('create_database', { name: 'shared' });
      await sessions[0].ok('run_sql', { sql: 'CREATE TABLE shared.public.log (p INT, i INT)' });

      const all = sessions.flatMap((s, p) => calls(p).map((c) => ({ ...c, session: s })));
      expect(all).toHaveLength(20);
      const results = await Promise.all(all.map((c) => c.session.call(c.tool, c.args)));
      results.forEach((result, k) => {
        expect(result.isError, `${all[k].tool} ${JSON.stringify(all[k].args)}: ${text(result)}`).toBeFalsy();
        all[k].check(result.structuredContent as Record<string, unknown>);
      });
    } finally {
      for (const s of sessions) await s.close();
    }

    const logged = await rows(home, 'SELECT p, i FROM shared.public.log ORDER BY p, i');
    expect(logged).toEqual([0, 1].flatMap((p) => [0, 1, 2].map((i) => ({ P: p, I: i }))));
    const dbs = (await rows(home, "SHOW DATABASES LIKE 'CONC_%'")).map((r) => r.name).sort();
    expect(dbs).toEqual(['CONC_0_0', 'CONC_0_1', 'CONC_0_2', 'CONC_1_0', 'CONC_1_1', 'CONC_1_2']);
    const tables = (await rows(home, "SHOW TABLES LIKE 'T\\_%' IN SCHEMA SHARED.PUBLIC")).map((r) => r.name).sort();
    expect(tables).toEqual(['T_0_0', 'T_0_1', 'T_0_2', 'T_1_0', 'T_1_1', 'T_1_2']);

    const audit = readAudit(home, { since: new Date(0), limit: 100 });
    // 18 concurrent changes and the 2 of the setup; the reads were not operations.
    const changes = audit.filter((r) => r.tool !== 'describe_object');
    expect(changes).toHaveLength(20);
    expect(changes.every((r) => r.outcome === 'done' && r.front_end === 'mcp')).toBe(true);
  });
});
