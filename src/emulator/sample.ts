/**
 * The sample database a fresh local account starts with, so tasks and queries have something
 * to read: SNOWOPS_SAMPLE_DATA.PUBLIC.WEATHER with a few rows.
 */

import type { ExecContext, Registry } from './registry.js';
import type { TableProps } from './tables/model.js';
import { sqliteIdent, storageName } from './tables/storage.js';

export const SAMPLE_DATABASE = 'SNOWOPS_SAMPLE_DATA';

const ROWS: [string, string, number, number][] = [
  ['Amsterdam', '2024-06-01', 17.5, 2.1],
  ['Amsterdam', '2024-06-02', 19.0, 0.0],
  ['Lisbon', '2024-06-01', 24.3, 0.0],
  ['Lisbon', '2024-06-02', 26.1, 0.0],
  ['Oslo', '2024-06-01', 12.8, 5.4],
  ['Oslo', '2024-06-02', 14.2, 1.2],
  ['Tokyo', '2024-06-01', 23.9, 12.5],
  ['Tokyo', '2024-06-02', 22.4, 30.2],
];

function createSample(ctx: ExecContext): void {
  const session = { ...ctx.session };
  ctx.run(`CREATE DATABASE ${SAMPLE_DATABASE} COMMENT = 'Sample data of the local Snowflake emulator'`, [], session);
  ctx.run(
    'CREATE TABLE PUBLIC.WEATHER (CITY VARCHAR(40) NOT NULL, OBSERVED_ON DATE NOT NULL, ' +
      "TEMPERATURE_C NUMBER(5,1), PRECIPITATION_MM NUMBER(6,1)) COMMENT = 'Daily weather observations'",
    [],
    session,
  );
  // Rows go straight into storage: an INSERT would resume COMPUTE_WH, which starts suspended.
  const table = ctx.catalog.get<TableProps>({
    kind: 'table',
    database: SAMPLE_DATABASE,
    schema: 'PUBLIC',
    name: 'WEATHER',
  })!;
  const insert = ctx.db.prepare(`INSERT INTO ${sqliteIdent(storageName(table.id))} VALUES (?, ?, ?, ?)`);
  for (const row of ROWS) insert.run(...row);
}

export function register(registry: Registry): void {
  registry.bootstraps.push(createSample);
}
