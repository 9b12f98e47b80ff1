/**
 * The whole emulated account as sorted lines, every kind snowops manages: the core kinds from
 * test/tools/helpers.ts plus tasks, compute pools, image repositories and services. Comparing
 * it before and after a call proves what the call changed, and that nothing else moved.
 */
import type { Cell, SqlClient } from '../../src/client/types.js';
import { catalogState } from '../tools/helpers.js';

const cell = (v: Cell | undefined) => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);

function line(kind: string, path: unknown[], row: Record<string, Cell>, columns: string[]): string {
  return `${kind} ${JSON.stringify(path)} ${JSON.stringify(columns.map((c) => cell(row[c])))}`;
}

export async function accountState(client: SqlClient): Promise<string[]> {
  const lines = await catalogState(client);
  for (const t of (await client.execute('SHOW TASKS IN ACCOUNT')).rows) {
    const cols = ['state', 'warehouse', 'schedule', 'predecessors', 'definition', 'condition', 'comment'];
    lines.push(line('task', [t.database_name, t.schema_name, t.name], t, cols));
  }
  for (const p of (await client.execute('SHOW COMPUTE POOLS')).rows) {
    lines.push(line('compute_pool', [p.name], p, ['state', 'min_nodes', 'max_nodes', 'instance_family', 'comment']));
  }
  for (const r of (await client.execute('SHOW IMAGE REPOSITORIES IN ACCOUNT')).rows) {
    lines.push(line('image_repository', [r.database_name, r.schema_name, r.name], r, ['comment']));
  }
  for (const s of (await client.execute('SHOW SERVICES IN ACCOUNT')).rows) {
    const cols = [
      'status',
      'compute_pool',
      'min_instances',
      'max_instances',
      'query_warehouse',
      'comment',
      'spec_digest',
    ];
    lines.push(line('service', [s.database_name, s.schema_name, s.name], s, cols));
  }
  return lines.sort();
}

/** Lines added and removed between two states. */
export function changes(before: string[], after: string[]): string[] {
  return [
    ...after.filter((l) => !before.includes(l)).map((l) => `+ ${l}`),
    ...before.filter((l) => !after.includes(l)).map((l) => `- ${l}`),
  ];
}
