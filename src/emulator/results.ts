/** Result shapes the handlers return: a status line, or typed columns and rows. */
import type { Cell, Column, QueryResult, Row } from '../client/types.js';

/** Snowflake's status result: one column `status`, one row. */
export function status(text: string): QueryResult {
  return { columns: [{ name: 'status', type: 'text' }], rows: [{ status: text }], queryId: '' };
}

export const OK = 'Statement executed successfully.';

export function rows(columns: Column[], data: Row[]): QueryResult {
  return { columns, rows: data, queryId: '' };
}

/** Column lists written compactly: `name:text created_on:timestamp_ltz rows:fixed`. */
export function columns(spec: string): Column[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const at = entry.lastIndexOf(':');
      return { name: entry.slice(0, at).replace(/~/g, ' '), type: entry.slice(at + 1) };
    });
}

/** Projects rows onto columns, so every row has exactly the result's keys in order. */
export function project(cols: Column[], data: Record<string, Cell | undefined>[]): Row[] {
  return data.map((r) => {
    const out: Row = {};
    for (const c of cols) out[c.name] = r[c.name] ?? null;
    return out;
  });
}

/** A result whose rows carry exactly its columns (rows built for SHOW hold more). */
export function projected(cols: Column[], data: Record<string, Cell | undefined>[]): QueryResult {
  return rows(cols, project(cols, data));
}
