import { describe, expect, it } from 'vitest';
import { createDatabaseSql } from '../../src/resources/database.js';
import { createSchemaSql } from '../../src/resources/schema.js';
import { createStageSql } from '../../src/resources/stage.js';
import { addColumnSql, addPrimaryKeySql, createTableSql } from '../../src/resources/table.js';
import {
  createWarehouseSql,
  normaliseSize,
  resizeWarehouseSql,
  resumeWarehouseSql,
  suspendWarehouseSql,
} from '../../src/resources/warehouse.js';

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'accepted';
}

describe('CREATE DATABASE', () => {
  it('emits the quickstart statement and every option', () => {
    expect(createDatabaseSql({ name: 'PYTHON_API_DB', mode: 'or_replace' })).toBe(
      'CREATE OR REPLACE DATABASE PYTHON_API_DB',
    );
    expect(
      createDatabaseSql({
        name: 'My DB',
        mode: 'if_not_exists',
        transient: true,
        data_retention_time_in_days: 0,
        comment: "it's a \\ test",
      }),
    ).toBe(
      `CREATE TRANSIENT DATABASE IF NOT EXISTS "My DB" DATA_RETENTION_TIME_IN_DAYS = 0 COMMENT = 'it''s a \\\\ test'`,
    );
    expect(createDatabaseSql({ name: 'D', mode: 'plain' })).toBe('CREATE DATABASE D');
  });

  it('refuses retention outside 0..90', () => {
    expect(refused(() => createDatabaseSql({ name: 'D', mode: 'plain', data_retention_time_in_days: 91 }))).toBe(
      'invalid_input',
    );
    expect(refused(() => createDatabaseSql({ name: 'D', mode: 'plain', data_retention_time_in_days: 1.5 }))).toBe(
      'invalid_input',
    );
  });
});

describe('CREATE SCHEMA and STAGE', () => {
  it('qualifies with the database and quotes what needs quoting', () => {
    expect(createSchemaSql({ database: 'PYTHON_API_DB', name: 'PYTHON_API_SCHEMA', mode: 'or_replace' })).toBe(
      'CREATE OR REPLACE SCHEMA PYTHON_API_DB.PYTHON_API_SCHEMA',
    );
    expect(
      createSchemaSql({ database: 'db"x', name: 'SELECT', mode: 'plain', managed_access: true, transient: true }),
    ).toBe('CREATE TRANSIENT SCHEMA "db""x"."SELECT" WITH MANAGED ACCESS');
    expect(createStageSql({ database: 'D', schema: 'S', name: 'TASKS_STAGE', mode: 'plain', comment: 'x' })).toBe(
      "CREATE STAGE D.S.TASKS_STAGE COMMENT = 'x'",
    );
  });
});

describe('CREATE TABLE and ADD COLUMN', () => {
  it('emits the quickstart table', () => {
    expect(
      createTableSql({
        database: 'PYTHON_API_DB',
        schema: 'PYTHON_API_SCHEMA',
        name: 'PYTHON_API_TABLE',
        mode: 'or_replace',
        columns: [
          { name: 'TEMPERATURE', datatype: 'int', nullable: false },
          { name: 'LOCATION', datatype: 'string' },
        ],
      }),
    ).toBe(
      'CREATE OR REPLACE TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE (TEMPERATURE INT NOT NULL, LOCATION STRING)',
    );
  });

  it('adds defaults, comments, a primary key and a clustering key', () => {
    expect(
      createTableSql({
        database: 'D',
        schema: 'S',
        name: 'T',
        mode: 'if_not_exists',
        columns: [
          { name: 'ID', datatype: 'number(10, 0)', nullable: false, comment: 'key' },
          { name: 'city name', datatype: 'varchar(100)', default: "'it''s'" },
          { name: 'AT', datatype: 'timestamp_ntz', default: 'current_timestamp()' },
        ],
        primaryKey: ['ID'],
        clusterBy: ['city name'],
        comment: 'c',
      }),
    ).toBe(
      "CREATE TABLE IF NOT EXISTS D.S.T (ID NUMBER(10,0) NOT NULL COMMENT 'key', \"city name\" VARCHAR(100) DEFAULT 'it''s', AT TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP(), PRIMARY KEY (ID)) CLUSTER BY (\"city name\") COMMENT = 'c'",
    );
  });

  it('emits the quickstart ALTER TABLE statements', () => {
    const column = { name: 'ELEVATION', datatype: 'int', nullable: false };
    expect(addColumnSql('PYTHON_API_DB', 'PYTHON_API_SCHEMA', 'PYTHON_API_TABLE', column)).toBe(
      'ALTER TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE ADD COLUMN ELEVATION INT NOT NULL',
    );
    expect(addPrimaryKeySql('PYTHON_API_DB', 'PYTHON_API_SCHEMA', 'PYTHON_API_TABLE', ['ELEVATION'])).toBe(
      'ALTER TABLE PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE ADD PRIMARY KEY (ELEVATION)',
    );
  });

  it('refuses SQL smuggled into a datatype or a default', () => {
    const base = { database: 'D', schema: 'S', name: 'T', mode: 'plain' as const };
    for (const datatype of ['int); DROP TABLE X; --', 'int not null', 'varchar(10) default 1', "int'", '']) {
      expect(refused(() => createTableSql({ ...base, columns: [{ name: 'C', datatype }] }))).toBe('invalid_input');
    }
    for (const value of ['1; DROP TABLE X', "'a' || 'b'", 'CURRENT_TIMESTAMP(); --', "'x'); DROP", '(SELECT 1)']) {
      expect(
        refused(() => createTableSql({ ...base, columns: [{ name: 'C', datatype: 'int', default: value }] })),
      ).toBe('invalid_input');
    }
  });
});

describe('warehouses', () => {
  it('emits the quickstart statements', () => {
    expect(createWarehouseSql({ name: 'PYTHON_API_WH', mode: 'plain', size: 'SMALL', auto_suspend: 500 })).toBe(
      'CREATE WAREHOUSE PYTHON_API_WH WAREHOUSE_SIZE = SMALL AUTO_SUSPEND = 500',
    );
    expect(
      createWarehouseSql({
        name: 'W',
        mode: 'or_replace',
        auto_resume: false,
        initially_suspended: true,
        comment: 'x',
      }),
    ).toBe("CREATE OR REPLACE WAREHOUSE W AUTO_RESUME = FALSE INITIALLY_SUSPENDED = TRUE COMMENT = 'x'");
    expect(resizeWarehouseSql('PYTHON_API_WH', 'LARGE')).toBe(
      'ALTER WAREHOUSE PYTHON_API_WH SET WAREHOUSE_SIZE = LARGE',
    );
    expect(suspendWarehouseSql('my wh')).toBe('ALTER WAREHOUSE "my wh" SUSPEND');
    expect(resumeWarehouseSql('W')).toBe('ALTER WAREHOUSE W RESUME');
  });

  it('normalises the common spellings of sizes', () => {
    const cases: [string, string][] = [
      ['Small', 'SMALL'],
      ['x-large', 'XLARGE'],
      ['X_LARGE', 'XLARGE'],
      ['2X-Large', 'XXLARGE'],
      ['xsmall', 'XSMALL'],
      ['X-Small', 'XSMALL'],
      ['XS', 'XSMALL'],
      ['3X-Large', 'XXXLARGE'],
      ['x4large', 'X4LARGE'],
      ['6X-Large', 'X6LARGE'],
      [' medium ', 'MEDIUM'],
    ];
    for (const [input, size] of cases) expect(normaliseSize(input)).toBe(size);
    for (const bad of ['huge', '7X-Large', 'SMALL; DROP', ''])
      expect(refused(() => normaliseSize(bad))).toBe('invalid_input');
  });
});
