/**
 * Tools driven the way front ends drive them: the real runner over the real emulator on a fresh
 * SNOWOPS_HOME. `state()` reads the emulator catalog through SHOW so tests can check that a call
 * changed exactly what it should.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import type { QueryResult, SqlClient } from '../../src/client/types.js';
import { isSnowopsError, type SnowopsError } from '../../src/errors.js';
import { defaultPolicy, type Policy } from '../../src/ops/policy.js';
import { createRunner } from '../../src/ops/runner.js';
import type { ToolDef } from '../../src/ops/types.js';
import { objectTools } from '../../tools/objects.js';
import { sqlTools } from '../../tools/sql.js';
import { warehouseTools } from '../../tools/warehouses.js';

/** The tools under test here (the full catalog also holds other areas' tools). */
export const coreTools: ToolDef[] = [...objectTools, ...warehouseTools, ...sqlTools];

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

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

export interface Harness {
  home: string;
  client: SqlClient & { statements: string[] };
  call(tool: string, args: unknown): Promise<Record<string, unknown>>;
  /** Calls, and when the answer is confirmation_required calls again with the token. */
  confirmed(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The SnowopsError a call fails with (fails the test when it succeeds). */
  failure(tool: string, args: unknown): Promise<SnowopsError>;
  sql(statement: string): Promise<QueryResult>;
  state(): Promise<string[]>;
}

export function harness(policy: Policy = defaultPolicy(), tools: ToolDef[] = coreTools): Harness {
  const home = mkdtempSync(join(tmpdir(), 'snowops-tools-'));
  const emulator = createEmulatorClient({ home, provisionSeconds: 0 });
  const client = recording(emulator);
  const runner = createRunner({ catalog: tools, client, home, policy });
  cleanups.push(async () => {
    runner.close();
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
  });
  // Every result must match the tool's output schema, as the MCP SDK checks structuredContent.
  const call = async (tool: string, args: unknown) => {
    const result = await runner.call(tool, args, { frontEnd: 'cli', actor: 'test' });
    const def = tools.find((t) => t.name === tool);
    const checked = def?.output.safeParse(result);
    if (checked && !checked.success)
      throw new Error(`${tool} result does not match its output schema: ${checked.error}`);
    return result;
  };
  return {
    home,
    client,
    call,
    async confirmed(tool, args) {
      const first = await call(tool, args);
      if (first.status !== 'confirmation_required') return first;
      return call(tool, { ...args, confirmation_token: first.confirmation_token });
    },
    async failure(tool, args) {
      try {
        await call(tool, args);
      } catch (e) {
        if (isSnowopsError(e)) return e;
        throw e;
      }
      throw new Error(`expected ${tool} to fail`);
    },
    sql: (statement) => emulator.execute(statement),
    state: () => catalogState(emulator),
  };
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
