/**
 * A snowops process killed (SIGKILL) in the middle of deploy_dag, at exactly the Nth statement
 * (SNOWOPS_FAULT_KILL_AFTER_STATEMENTS): the emulator file is intact, the graph it left is
 * coherent (every task's predecessors exist), the audit log shows the deploy as running, and
 * the same deploy with or_replace converges on what a clean deploy makes.
 */
import { describe, expect, it } from 'vitest';
import { readAudit } from '../../src/ops/audit.js';
import { call, freshHomes, snowops } from '../cli/process.js';
import { integrity, rows } from './helpers.js';

const DAG = {
  database: 'fault_db',
  schema: 'public',
  name: 'nightly',
  schedule: { minutes: 60 },
  mode: 'or_replace',
  tasks: [
    { name: 'a', definition: { sql: 'SELECT 1' } },
    { name: 'b', predecessors: ['a'], definition: { sql: 'SELECT 2' } },
    { name: 'c', predecessors: ['a'], definition: { sql: 'SELECT 3' } },
  ],
  finalizer: { name: 'fin', definition: { sql: 'SELECT 4' } },
};

/** The graph as SHOW TASKS tells it, without ids and times. */
async function graph(home: string): Promise<string[]> {
  const tasks = await rows(home, 'SHOW TASKS IN SCHEMA FAULT_DB.PUBLIC');
  return tasks
    .map((t) =>
      JSON.stringify([
        t.name,
        t.state,
        t.predecessors,
        t.definition,
        t.schedule,
        t.warehouse,
        t.condition,
        t.task_relations,
      ]),
    )
    .sort();
}

async function deploy(homes: ReturnType<typeof freshHomes>, env: Record<string, string> = {}) {
  return snowops(['call', 'deploy_dag', '-', '--yes'], homes, { input: JSON.stringify(DAG), env });
}

async function freshAccount() {
  const homes = freshHomes();
  expect((await call(homes, 'create_database', { name: 'fault_db' })).code).toBe(0);
  return homes;
}

describe('SIGKILL in the middle of deploy_dag', () => {
  it('leaves a coherent account, and the same deploy converges', async () => {
    const clean = await freshAccount();
    const done = await deploy(clean);
    expect(done.code, done.stderr).toBe(0);
    const statements = (done.json.statements as unknown[]).length;
    expect(statements).toBe(10);
    const expected = await graph(clean.home);
    expect(expected).toHaveLength(5);

    for (const n of [1, 3, 5, 8]) {
      const homes = await freshAccount();
      const killed = await deploy(homes, { SNOWOPS_FAULT_KILL_AFTER_STATEMENTS: String(n) });
      expect(killed.code, `killed after ${n}: ${killed.stderr}`).toBeNull();
      expect(integrity(homes.home)).toBe('ok');

      const left = await rows(homes.home, 'SHOW TASKS IN SCHEMA FAULT_DB.PUBLIC');
      expect(left.length, `after ${n} statements`).toBeGreaterThanOrEqual(Math.min(n, 5));
      const names = new Set(left.map((t) => `FAULT_DB.PUBLIC.${t.name}`));
      for (const t of left) {
        for (const p of JSON.parse(String(t.predecessors)) as string[]) expect(names).toContain(p);
      }
      const audit = readAudit(homes.home, { tool: 'deploy_dag', limit: 5 });
      expect(audit.map((r) => r.outcome)).toEqual(['running']);

      const again = await deploy(homes);
      expect(again.code, again.stderr).toBe(0);
      expect(await graph(homes.home), `re-run after a kill at ${n}`).toEqual(expected);
      expect(readAudit(homes.home, { tool: 'deploy_dag', limit: 5 }).map((r) => r.outcome)).toEqual([
        'done',
        'running',
      ]);
    }
  });
});
