/**
 * Tools driven the way front ends drive them: the real runner over the real emulator on a fresh
 * SNOWOPS_HOME. `state()` reads the emulator catalog through SHOW so tests can check that a call
 * changed exactly what it should.
 */
import { expect } from 'vitest';
import type { QueryResult, SqlClient } from '../../src/client/types.js';
import type { SnowopsError } from '../../src/errors.js';
import { defaultPolicy, type Policy } from '../../src/ops/policy.js';
import type { ToolDef } from '../../src/ops/types.js';
import { objectTools } from '../../tools/objects.js';
import { sqlTools } from '../../tools/sql.js';
import { warehouseTools } from '../../tools/warehouses.js';
import { type RunnerHarness, runnerHarness } from '../helpers/runner.js';

/** The tools under test here (the full catalog also holds other areas' tools). */
export const coreTools: ToolDef[] = [...objectTools, ...warehouseTools, ...sqlTools];

/** A SqlClient that records every statement it is given, around a real client. */
export function recording(inner: SqlClient): SqlClient & { statements: string[] } {
  const statements: string[] = [];
  return {
    backend: inner.backend,
    statements,
    execute(sql, binds, options): Promise<QueryResult> {
      statements.push(sql);
      return inner.execute(sql, binds, options);
    },
    close: () => inner.close(),
  };
}

export interface Harness extends Omit<RunnerHarness<SqlClient & { statements: string[] }>, 'emulator'> {
  state(): Promise<string[]>;
}

export function harness(policy: Policy = defaultPolicy(), tools: ToolDef[] = coreTools): Harness {
  const h = runnerHarness({
    tools,
    policy,
    prefix: 'snowops-tools-',
    provisionSeconds: 0,
    wrap: recording,
    checkOutput: true,
  });
  return { ...h, state: () => catalogState(h.emulator) };
}

const str = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

/** Everything the core kinds hold, one line per object or column, sorted. */
export async function catalogState(client: SqlClient): Promise<string[]> {
  const lines: string[] = [];
  for (const w of (await client.execute('SHOW WAREHOUSES')).rows) {
    lines.push(`warehouse ${JSON.stringify(w.name)} ${str(w.size)} ${str(w.state)} ${str(w.auto_suspend)}`);
  }
  for (const d of (await client.execute('SHOW DATABASES')).rows) {
    const db = String(d.name);
    const q = `"${db.replace(/"/g, '""')}"`;
    lines.push(`database ${JSON.stringify(db)} ${str(d.comment)}`);
    for (const s of (await client.execute(`SHOW SCHEMAS IN DATABASE ${q}`)).rows) {
      lines.push(`schema ${JSON.stringify([db, s.name])}`);
    }
    for (const s of (await client.execute(`SHOW STAGES IN DATABASE ${q}`)).rows) {
      lines.push(`stage ${JSON.stringify([db, s.schema_name, s.name])}`);
    }
    for (const t of (await client.execute(`SHOW TABLES IN DATABASE ${q}`)).rows) {
      const parts = [db, String(t.schema_name), String(t.name)];
      lines.push(`table ${JSON.stringify(parts)} rows=${str(t.rows)}`);
      const name = parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
      for (const c of (await client.execute(`DESCRIBE TABLE ${name}`)).rows) {
        lines.push(`column ${JSON.stringify([...parts, c.name])} ${str(c.type)} ${str(c['null?'])} ${str(c.default)}`);
      }
    }
  }
  return lines.sort();
}

/** Asserts the error carries Snowflake's code and a hint. */
export function expectSnowflakeError(e: SnowopsError, code: string, snowflakeCode: string): void {
  expect(e.code).toBe(code);
  expect(e.snowflakeCode).toBe(snowflakeCode);
  expect(e.hint ?? '').not.toBe('');
}
