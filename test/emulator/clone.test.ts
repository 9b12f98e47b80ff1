/**
 * CREATE DATABASE|SCHEMA|TABLE ... CLONE on the emulator: the clone has the source's definition
 * and rows in storage of its own, containers bring what Snowflake clones (tasks suspended,
 * graphs pointing at the copies; no services, no internal stages unless asked), and CREATE's
 * modes and errors are the usual ones. The clock is the test's.
 */
import { beforeEach, expect, describe as group, it } from 'vitest';
import { call, freshHomes } from '../cli/process.js';
import { query } from '../helpers/home.js';
import { client, failure } from './helpers.js';

const HOUR = 3_600_000;
let now = 0;
let c: ReturnType<typeof client>;
const sql = (text: string) => c.execute(text);
const rowsOf = async (text: string) => (await sql(text)).rows;
const statusOf = async (text: string) => (await rowsOf(text))[0]?.status;
const names = async (text: string) => (await rowsOf(text)).map((r) => r.name);
const values = async (table: string) =>
  (await rowsOf(`SELECT * FROM ${table} ORDER BY 1`)).map((r) => Object.values(r).join('|'));
const tableRow = async (database: string, schema: string, name: string) =>
  (await rowsOf(`SHOW TABLES LIKE '${name}' IN SCHEMA ${database}.${schema}`))[0];
/** A table's foreign keys as the catalog keeps them (no SHOW lists them): [columns, referenced table]. */
const foreignKeys = (database: string, schema: string, name: string) => {
  const row = c.engine.db
    .prepare("SELECT props FROM objects WHERE kind = 'table' AND database = ? AND schema = ? AND name = ?")
    .get(database, schema, name) as { props: string };
  const props = JSON.parse(row.props) as {
    constraints: { type: string; columns: string[]; references?: { table: string[] } }[];
  };
  return props.constraints
    .filter((k) => k.type === 'FOREIGN KEY')
    .map((k) => [k.columns.join(','), k.references!.table.join('.')]);
};
const tasks = async (database: string, schema: string) =>
  (await rowsOf(`SHOW TASKS IN SCHEMA ${database}.${schema}`)).map((t) => ({
    name: t.name,
    id: t.id,
    state: t.state,
    predecessors: JSON.parse(String(t.predecessors)) as string[],
    schedule: t.schedule,
    definition: t.definition,
  }));

beforeEach(async () => {
  now = Date.parse('2025-03-01T12:00:00Z');
  c = client({ now: () => new Date(now) });
  await sql('CREATE DATABASE D');
});

group('CREATE TABLE ... CLONE', () => {
  beforeEach(async () => {
    await sql(
      "CREATE TABLE D.PUBLIC.SRC (ID INT NOT NULL PRIMARY KEY, NOTE VARCHAR(10) DEFAULT 'x' COMMENT 'a note', " +
        'CODE VARCHAR(5) UNIQUE, PARENT INT REFERENCES SRC (ID), AT TIMESTAMP_NTZ) ' +
        "CLUSTER BY (ID) CHANGE_TRACKING = TRUE DATA_RETENTION_TIME_IN_DAYS = 3 COMMENT = 'the source'",
    );
    await sql("INSERT INTO D.PUBLIC.SRC VALUES (1, 'one', 'a', NULL, '2024-01-01 10:00:00'), (2, 'two', 'b', 1, NULL)");
  });

  it('copies columns, constraints, properties and rows, created now', async () => {
    const source = await tableRow('D', 'PUBLIC', 'SRC');
    advance(HOUR);
    expect(await statusOf('CREATE TABLE D.PUBLIC.CP CLONE D.PUBLIC.SRC')).toBe('Table CP successfully created.');

    expect(await rowsOf('DESCRIBE TABLE D.PUBLIC.CP')).toEqual(await rowsOf('DESCRIBE TABLE D.PUBLIC.SRC'));
    expect(await values('D.PUBLIC.CP')).toEqual(await values('D.PUBLIC.SRC'));
    expect(await values('D.PUBLIC.CP')).toHaveLength(2);
    const copy = await tableRow('D', 'PUBLIC', 'CP');
    expect(copy).toEqual({ ...source, name: 'CP', created_on: new Date(now) });
    expect(copy).toMatchObject({
      comment: 'the source',
      cluster_by: 'LINEAR(ID)',
      change_tracking: 'ON',
      retention_time: '3',
      rows: 2,
    });
    expect(source.created_on).toEqual(new Date(now - HOUR));
    const keys = async (table: string) =>
      (await rowsOf(`SHOW PRIMARY KEYS IN TABLE D.PUBLIC.${table}`)).map((k) => [k.column_name, k.constraint_name]);
    expect(await keys('CP')).toEqual(await keys('SRC'));
    expect((await rowsOf('SHOW UNIQUE KEYS IN TABLE D.PUBLIC.CP')).map((k) => k.column_name)).toEqual(['CODE']);
    // A table clone's foreign key still points at the table the source's points at.
    expect(foreignKeys('D', 'PUBLIC', 'CP')).toEqual([['PARENT', 'D.PUBLIC.SRC']]);
  });

  it('the clone and its source change independently', async () => {
    await sql('CREATE TABLE D.PUBLIC.CP CLONE D.PUBLIC.SRC');
    const before = await values('D.PUBLIC.SRC');
    await sql("INSERT INTO D.PUBLIC.CP (ID, CODE) VALUES (3, 'c')");
    await sql("UPDATE D.PUBLIC.CP SET NOTE = 'changed' WHERE ID = 1");
    expect(await values('D.PUBLIC.SRC')).toEqual(before);
    expect(await values('D.PUBLIC.CP')).toEqual([before[0].replace('|one|', '|changed|'), before[1], '3|x|c||']);

    await sql('DELETE FROM D.PUBLIC.SRC WHERE ID = 2');
    await sql('INSERT INTO D.PUBLIC.SRC (ID) VALUES (9)');
    expect(await values('D.PUBLIC.CP')).toHaveLength(3);
    expect((await values('D.PUBLIC.SRC')).map((v) => v.split('|')[0])).toEqual(['1', '9']);
    expect((await tableRow('D', 'PUBLIC', 'CP')).rows).toBe(3);
  });

  it('takes names from the session, TRANSIENT and COPY GRANTS, and clones into another schema', async () => {
    await sql('CREATE SCHEMA D.OTHER');
    await sql('USE SCHEMA D.PUBLIC');
    expect(await statusOf('CREATE TRANSIENT TABLE OTHER.T CLONE SRC COPY GRANTS')).toBe(
      'Table T successfully created.',
    );
    expect(await tableRow('D', 'OTHER', 'T')).toMatchObject({ kind: 'TRANSIENT', rows: 2 });
    expect(foreignKeys('D', 'OTHER', 'T')).toEqual([['PARENT', 'D.PUBLIC.SRC']]);
  });
});

group('CREATE SCHEMA ... CLONE', () => {
  beforeEach(async () => {
    await sql('CREATE SCHEMA D.S');
    await sql('CREATE TABLE D.S.CUSTOMERS (ID INT PRIMARY KEY, NAME VARCHAR(20))');
    await sql("INSERT INTO D.S.CUSTOMERS VALUES (1, 'ann'), (2, 'bob')");
    await sql('CREATE TABLE D.PUBLIC.REGIONS (ID INT PRIMARY KEY)');
    await sql(
      'CREATE TABLE D.S.ORDERS (ID INT, CUSTOMER INT, REGION INT, ' +
        'FOREIGN KEY (CUSTOMER) REFERENCES CUSTOMERS (ID), FOREIGN KEY (REGION) REFERENCES D.PUBLIC.REGIONS (ID))',
    );
    await sql('INSERT INTO D.S.ORDERS VALUES (10, 1, NULL)');
    await sql("CREATE STAGE D.S.LANDING URL = 's3://bucket/landing/' COMMENT = 'external'");
    await sql('CREATE STAGE D.S.INTERNAL');
    await sql("CREATE IMAGE REPOSITORY D.S.REPO COMMENT = 'images'");
    await sql("CREATE TASK D.S.ROOT WAREHOUSE = COMPUTE_WH SCHEDULE = '5 MINUTE' AS SELECT 1");
    await sql('CREATE TASK D.S.CHILD WAREHOUSE = COMPUTE_WH AFTER D.S.ROOT AS INSERT INTO D.S.ORDERS VALUES (0, 0, 0)');
    await sql('ALTER TASK D.S.CHILD RESUME');
    await sql('ALTER TASK D.S.ROOT RESUME');
  });

  it('copies tables with rows, external stages, image repositories and tasks (suspended, graph on the copies)', async () => {
    const sourceTasks = await tasks('D', 'S');
    expect(sourceTasks.map((t) => [t.name, t.state])).toEqual([
      ['CHILD', 'started'],
      ['ROOT', 'started'],
    ]);
    advance(60_000); // less than the schedule: the graph does not run before the clone
    expect(await statusOf('CREATE SCHEMA D.DEV CLONE D.S')).toBe('Schema DEV successfully created.');

    expect((await rowsOf('SHOW TABLES IN SCHEMA D.DEV')).map((t) => [t.name, t.rows])).toEqual([
      ['CUSTOMERS', 2],
      ['ORDERS', 1],
    ]);
    expect(await values('D.DEV.CUSTOMERS')).toEqual(['1|ann', '2|bob']);
    expect(await rowsOf('DESCRIBE TABLE D.DEV.ORDERS')).toEqual(await rowsOf('DESCRIBE TABLE D.S.ORDERS'));
    // Inside the cloned schema: the copy; outside it: the same table as the source's.
    expect(foreignKeys('D', 'DEV', 'ORDERS')).toEqual([
      ['CUSTOMER', 'D.DEV.CUSTOMERS'],
      ['REGION', 'D.PUBLIC.REGIONS'],
    ]);
    expect(foreignKeys('D', 'S', 'ORDERS')).toEqual([
      ['CUSTOMER', 'CUSTOMERS'],
      ['REGION', 'D.PUBLIC.REGIONS'],
    ]);

    // Snowflake clones external named stages with a schema, not internal ones.
    expect((await rowsOf('SHOW STAGES IN SCHEMA D.DEV')).map((s) => [s.name, s.url, s.comment])).toEqual([
      ['LANDING', 's3://bucket/landing/', 'external'],
    ]);
    expect((await rowsOf('SHOW IMAGE REPOSITORIES IN SCHEMA D.DEV')).map((r) => [r.name, r.comment])).toEqual([
      ['REPO', 'images'],
    ]);

    const copies = await tasks('D', 'DEV');
    expect(copies.map(({ name, state, predecessors, schedule }) => ({ name, state, predecessors, schedule }))).toEqual([
      { name: 'CHILD', state: 'suspended', predecessors: ['D.DEV.ROOT'], schedule: null },
      { name: 'ROOT', state: 'suspended', predecessors: [], schedule: '5 MINUTE' },
    ]);
    expect(copies.map((t) => t.definition)).toEqual(sourceTasks.map((t) => t.definition));
    expect(copies.map((t) => t.id)).not.toContain(sourceTasks[0].id);
    const rootRow = (await rowsOf("SHOW TASKS LIKE 'ROOT' IN SCHEMA D.DEV"))[0];
    expect(rootRow.created_on).toEqual(new Date(now));
    expect(JSON.parse(String(rootRow.task_relations))).toEqual({ Predecessors: [] });
    expect(await tasks('D', 'S')).toEqual(sourceTasks);

    // The copy of the graph can be started on its own.
    await sql('ALTER TASK D.DEV.CHILD RESUME');
    await sql('ALTER TASK D.DEV.ROOT RESUME');
    expect((await tasks('D', 'DEV')).map((t) => t.state)).toEqual(['started', 'started']);
  });

  it('INCLUDE INTERNAL STAGES copies internal stages too; WITH MANAGED ACCESS and properties apply to the clone', async () => {
    await sql("ALTER SCHEMA D.S SET COMMENT = 'prod' DATA_RETENTION_TIME_IN_DAYS = 5");
    await sql("CREATE TRANSIENT SCHEMA D.ALL CLONE D.S INCLUDE INTERNAL STAGES WITH MANAGED ACCESS COMMENT = 'all'");
    expect(await names('SHOW STAGES IN SCHEMA D.ALL')).toEqual(['INTERNAL', 'LANDING']);
    const shown = (await rowsOf("SHOW SCHEMAS LIKE 'ALL' IN DATABASE D"))[0];
    expect(shown).toMatchObject({ comment: 'all', options: 'TRANSIENT, MANAGED ACCESS', retention_time: '5' });
    await sql('CREATE SCHEMA D.PLAIN CLONE D.S');
    expect((await rowsOf("SHOW SCHEMAS LIKE 'PLAIN' IN DATABASE D"))[0]).toMatchObject({
      comment: 'prod',
      options: '',
      retention_time: '5',
    });
  });

  it('is the session’s schema afterwards, as CREATE SCHEMA makes it; a one-part source is in the current database', async () => {
    await sql('USE DATABASE D');
    await sql('CREATE SCHEMA COPY CLONE S');
    expect(await rowsOf('SELECT CURRENT_SCHEMA() AS S')).toEqual([{ S: 'COPY' }]);
    expect(await names('SHOW TABLES IN SCHEMA')).toEqual(['CUSTOMERS', 'ORDERS']);
  });
});

group('CREATE DATABASE ... CLONE', () => {
  beforeEach(async () => {
    await sql('CREATE DATABASE PROD');
    await sql('CREATE SCHEMA PROD.SALES');
    await sql('CREATE SCHEMA PROD.HR');
    await sql('CREATE TABLE PROD.SALES.ORDERS (ID INT, AMOUNT NUMBER(10,2))');
    await sql('INSERT INTO PROD.SALES.ORDERS VALUES (1, 9.5), (2, 20)');
    await sql('CREATE TABLE PROD.HR.PEOPLE (ID INT PRIMARY KEY, NAME VARCHAR(20))');
    await sql("INSERT INTO PROD.HR.PEOPLE VALUES (1, 'ann')");
    await sql('CREATE TABLE PROD.SALES.REPS (PERSON INT REFERENCES HR.PEOPLE (ID))');
    await sql('CREATE TABLE PROD.PUBLIC.NOTES (TXT VARCHAR(50))');
    await sql("INSERT INTO PROD.PUBLIC.NOTES VALUES ('kept')");
    await sql('CREATE COMPUTE POOL POOL MIN_NODES = 1 MAX_NODES = 1 INSTANCE_FAMILY = CPU_X64_XS');
    await sql(
      'CREATE SERVICE PROD.SALES.SVC IN COMPUTE POOL POOL FROM SPECIFICATION $$spec:\n  containers:\n  - name: web\n    image: /prod/sales/repo/web:1\n$$',
    );
  });

  it('copies every schema with its tables and rows; services stay behind; the clone becomes current', async () => {
    advance(HOUR);
    expect(await statusOf('CREATE DATABASE DEV CLONE PROD')).toBe('Database DEV successfully created.');
    expect(await rowsOf('SELECT CURRENT_DATABASE() AS D, CURRENT_SCHEMA() AS S')).toEqual([{ D: 'DEV', S: 'PUBLIC' }]);

    const schemas = await rowsOf('SHOW SCHEMAS IN DATABASE DEV');
    expect(schemas.map((s) => s.name)).toEqual(['HR', 'INFORMATION_SCHEMA', 'PUBLIC', 'SALES']);
    expect(schemas.every((s) => (s.created_on as Date).getTime() === now)).toBe(true);
    expect((await rowsOf('SHOW TABLES IN DATABASE DEV')).map((t) => [t.schema_name, t.name, t.rows])).toEqual([
      ['HR', 'PEOPLE', 1],
      ['PUBLIC', 'NOTES', 1],
      ['SALES', 'ORDERS', 2],
      ['SALES', 'REPS', 0],
    ]);
    expect(await values('DEV.SALES.ORDERS')).toEqual(await values('PROD.SALES.ORDERS'));
    expect(foreignKeys('DEV', 'SALES', 'REPS')).toEqual([['PERSON', 'DEV.HR.PEOPLE']]);

    expect(await rowsOf('SHOW SERVICES IN SCHEMA DEV.SALES')).toEqual([]);
    expect(await names('SHOW SERVICES IN SCHEMA PROD.SALES')).toEqual(['SVC']);

    await sql('INSERT INTO DEV.SALES.ORDERS VALUES (3, 1)');
    await sql('TRUNCATE TABLE PROD.PUBLIC.NOTES');
    expect(await values('PROD.SALES.ORDERS')).toHaveLength(2);
    expect(await values('DEV.SALES.ORDERS')).toHaveLength(3);
    expect(await values('DEV.PUBLIC.NOTES')).toEqual(['kept']);
  });

  it("keeps the source's properties unless the statement sets them; TRANSIENT makes the clone and its schemas transient", async () => {
    await sql("ALTER DATABASE PROD SET COMMENT = 'production' DATA_RETENTION_TIME_IN_DAYS = 7");
    await sql("CREATE DATABASE DEV CLONE PROD IGNORE TABLES WITH INSUFFICIENT DATA RETENTION COMMENT = 'dev'");
    expect((await rowsOf("SHOW DATABASES LIKE 'DEV'"))[0]).toMatchObject({
      comment: 'dev',
      retention_time: '7',
      kind: 'STANDARD',
    });
    await sql('CREATE TRANSIENT DATABASE SCRATCH CLONE PROD');
    expect((await rowsOf("SHOW DATABASES LIKE 'SCRATCH'"))[0]).toMatchObject({
      kind: 'TRANSIENT',
      comment: 'production',
    });
    expect((await rowsOf("SHOW SCHEMAS LIKE 'SALES' IN DATABASE SCRATCH"))[0]).toMatchObject({ options: 'TRANSIENT' });
  });

  it('a source without PUBLIC gives a clone without it', async () => {
    await sql('DROP SCHEMA PROD.PUBLIC');
    await sql('CREATE DATABASE DEV CLONE PROD');
    expect(await names('SHOW SCHEMAS IN DATABASE DEV')).toEqual(['HR', 'INFORMATION_SCHEMA', 'SALES']);
    expect(await rowsOf('SELECT CURRENT_DATABASE() AS D, CURRENT_SCHEMA() AS S')).toEqual([{ D: 'DEV', S: null }]);
  });
});

group('CREATE ... CLONE modes and errors', () => {
  beforeEach(async () => {
    await sql('CREATE TABLE D.PUBLIC.SRC (A INT)');
    await sql('INSERT INTO D.PUBLIC.SRC VALUES (1), (2)');
    await sql('CREATE TABLE D.PUBLIC.OLD (B VARCHAR(5))');
    await sql("INSERT INTO D.PUBLIC.OLD VALUES ('old')");
  });

  it('a missing source is 002003 naming it; a missing target container is the usual 002003', async () => {
    const missing = [
      ['CREATE TABLE D.PUBLIC.X CLONE D.PUBLIC.NOPE', "Table 'D.PUBLIC.NOPE' does not exist or not authorized."],
      ['CREATE TABLE D.PUBLIC.X CLONE D.NOPE.SRC', "Schema 'D.NOPE' does not exist or not authorized."],
      ['CREATE SCHEMA D.X CLONE D.NOPE', "Schema 'D.NOPE' does not exist or not authorized."],
      ['CREATE DATABASE X CLONE NOPE', "Database 'NOPE' does not exist or not authorized."],
      ['CREATE TABLE D.NOPE.X CLONE D.PUBLIC.SRC', "Schema 'D.NOPE' does not exist or not authorized."],
      ['CREATE TABLE NODB.PUBLIC.X CLONE D.PUBLIC.SRC', "Database 'NODB' does not exist or not authorized."],
      ['CREATE SCHEMA NODB.X CLONE D.PUBLIC', "Database 'NODB' does not exist or not authorized."],
    ];
    for (const [statement, message] of missing) {
      const e = await failure(sql(statement));
      expect(e, statement).toMatchObject({ snowflakeCode: '002003', sqlState: '02000' });
      expect(e.message, statement).toBe(`SQL compilation error:\n${message}`);
    }
    expect(await names("SHOW TABLES LIKE 'X' IN DATABASE D")).toEqual([]);
    expect(await names("SHOW DATABASES LIKE 'X'")).toEqual([]);
  });

  it('an existing target is 002002; IF NOT EXISTS leaves it as it is', async () => {
    await sql('CREATE SCHEMA D.S2');
    await sql('CREATE DATABASE D2');
    for (const [statement, name] of [
      ['CREATE TABLE D.PUBLIC.OLD CLONE D.PUBLIC.SRC', 'OLD'],
      ['CREATE SCHEMA D.S2 CLONE D.PUBLIC', 'S2'],
      ['CREATE DATABASE D2 CLONE D', 'D2'],
    ]) {
      const e = await failure(sql(statement));
      expect(e, statement).toMatchObject({ snowflakeCode: '002002', sqlState: '42710' });
      expect(e.message).toBe(`SQL compilation error:\nObject '${name}' already exists.`);
    }
    expect(await statusOf('CREATE TABLE IF NOT EXISTS D.PUBLIC.OLD CLONE D.PUBLIC.SRC')).toBe(
      'OLD already exists, statement succeeded.',
    );
    expect(await values('D.PUBLIC.OLD')).toEqual(['old']);
    expect(await statusOf('CREATE SCHEMA IF NOT EXISTS D.S2 CLONE D.PUBLIC')).toBe(
      'S2 already exists, statement succeeded.',
    );
    expect(await names('SHOW TABLES IN SCHEMA D.S2')).toEqual([]);
    expect(await statusOf('CREATE DATABASE IF NOT EXISTS D2 CLONE D')).toBe('D2 already exists, statement succeeded.');
    expect(await names('SHOW SCHEMAS IN DATABASE D2')).toEqual(['INFORMATION_SCHEMA', 'PUBLIC']);
    expect(await names('SHOW TABLES IN DATABASE D2')).toEqual([]);
  });

  it('OR REPLACE replaces the target, which Time Travel keeps for UNDROP', async () => {
    expect(await statusOf('CREATE OR REPLACE TABLE D.PUBLIC.OLD CLONE D.PUBLIC.SRC')).toBe(
      'Table OLD successfully created.',
    );
    expect(await values('D.PUBLIC.OLD')).toEqual(['1', '2']);
    await sql('ALTER TABLE D.PUBLIC.OLD RENAME TO D.PUBLIC.NEW');
    expect(await statusOf('UNDROP TABLE D.PUBLIC.OLD')).toBe('Table OLD successfully restored.');
    expect(await values('D.PUBLIC.OLD')).toEqual(['old']);

    await sql('CREATE DATABASE D2');
    await sql('CREATE TABLE D2.PUBLIC.GONE (A INT)');
    expect(await statusOf('CREATE OR REPLACE DATABASE D2 CLONE D')).toBe('Database D2 successfully created.');
    expect(await names('SHOW TABLES IN SCHEMA D2.PUBLIC')).toEqual(['NEW', 'OLD', 'SRC']);
    await sql('ALTER DATABASE D2 RENAME TO D3');
    await sql('UNDROP DATABASE D2');
    expect(await names('SHOW TABLES IN SCHEMA D2.PUBLIC')).toEqual(['GONE']);
  });

  it('OR REPLACE may replace the source itself: the clone has its rows, the replaced one is kept', async () => {
    await sql('CREATE OR REPLACE TABLE D.PUBLIC.SRC CLONE D.PUBLIC.SRC');
    expect(await values('D.PUBLIC.SRC')).toEqual(['1', '2']);
    await sql('INSERT INTO D.PUBLIC.SRC VALUES (3)');
    await sql('ALTER TABLE D.PUBLIC.SRC RENAME TO D.PUBLIC.NEWER');
    await sql('UNDROP TABLE D.PUBLIC.SRC');
    expect(await values('D.PUBLIC.SRC')).toEqual(['1', '2']);

    await sql('CREATE SCHEMA D.S');
    await sql('CREATE TABLE D.S.T (A INT)');
    await sql('INSERT INTO D.S.T VALUES (7)');
    await sql('CREATE OR REPLACE SCHEMA D.S CLONE D.S');
    expect(await values('D.S.T')).toEqual(['7']);
    await sql('CREATE OR REPLACE DATABASE D CLONE D');
    expect(await values('D.S.T')).toEqual(['7']);
    expect(await names('SHOW SCHEMAS IN DATABASE D')).toEqual(['INFORMATION_SCHEMA', 'PUBLIC', 'S']);
    expect(await names("SHOW DATABASES LIKE 'D%'")).toEqual(['D']);
  });

  it('AT | BEFORE is refused as unsupported and nothing is created', async () => {
    for (const [statement, clause] of [
      ['CREATE TABLE D.PUBLIC.X CLONE D.PUBLIC.SRC AT (OFFSET => -60)', 'CREATE TABLE ... CLONE ... AT'],
      ["CREATE SCHEMA D.X CLONE D.PUBLIC BEFORE (STATEMENT => '01b2')", 'CREATE SCHEMA ... CLONE ... BEFORE'],
      [
        'CREATE OR REPLACE DATABASE X CLONE D AT (TIMESTAMP => CURRENT_TIMESTAMP())',
        'CREATE DATABASE ... CLONE ... AT',
      ],
    ]) {
      const e = await failure(sql(statement));
      expect(e, statement).toMatchObject({ snowflakeCode: '000002', sqlState: '0A000' });
      expect(e.message).toBe(
        `Unsupported feature '${clause}': the local Snowflake emulator does not support this statement.`,
      );
    }
    expect(await names("SHOW TABLES LIKE 'X' IN DATABASE D")).toEqual([]);
    expect(await names("SHOW SCHEMAS LIKE 'X' IN DATABASE D")).toEqual([]);
    expect(await names("SHOW DATABASES LIKE 'X'")).toEqual([]);
  });

  it('what the grammar does not allow is a syntax error', async () => {
    for (const [statement, at] of [
      ['CREATE DATABASE X IF NOT EXISTS CLONE D', 'IF'],
      ['CREATE TABLE D.PUBLIC.X CLONE D.PUBLIC.SRC (A INT)', '('],
      ["CREATE TABLE D.PUBLIC.X CLONE D.PUBLIC.SRC COMMENT = 'x'", 'COMMENT'],
      ['CREATE TABLE D.PUBLIC.X CLONE D.PUBLIC.SRC INCLUDE INTERNAL STAGES', 'INCLUDE'],
      ['CREATE TABLE D.PUBLIC.X CLONE', '<EOF>'],
      ['CREATE SECURE TABLE D.PUBLIC.X CLONE D.PUBLIC.SRC', 'SECURE'],
    ]) {
      const e = await failure(sql(statement));
      expect(e, statement).toMatchObject({ snowflakeCode: '001003' });
      expect(e.message, statement).toContain(`unexpected '${at}'.`);
    }
    expect(await names("SHOW TABLES LIKE 'X' IN DATABASE D")).toEqual([]);
  });
});

group('through the snowops command', () => {
  it('run_sql CREATE DATABASE DEV_DB CLONE PROD_DB --yes; describe_object and list_objects show the copy', async () => {
    const homes = freshHomes();
    await query(homes.home, 'CREATE DATABASE PROD_DB');
    await query(homes.home, 'CREATE TABLE PROD_DB.PUBLIC.ORDERS (ID INT, AMOUNT NUMBER(10,2))');
    await query(homes.home, 'INSERT INTO PROD_DB.PUBLIC.ORDERS VALUES (1, 9.5), (2, 20), (3, 7.25)');

    const cloned = await call(homes, 'run_sql', { sql: 'CREATE DATABASE DEV_DB CLONE PROD_DB' }, '--yes');
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(cloned.json.status).toBe('done');

    const table = { kind: 'table', database: 'dev_db', schema: 'public', name: 'orders' };
    const described = await call(homes, 'describe_object', table);
    expect(described.code, described.stderr).toBe(0);
    expect(described.json.object).toMatchObject({ name: 'ORDERS', database_name: 'DEV_DB', rows: 3 });
    const listed = await call(homes, 'list_objects', { kind: 'table', database: 'dev_db', schema: 'public' });
    expect(listed.code, listed.stderr).toBe(0);
    expect((listed.json.objects as { name: string; rows: number }[]).map((t) => [t.name, t.rows])).toEqual([
      ['ORDERS', 3],
    ]);
    expect(await query(homes.home, 'SELECT count(*) AS N FROM PROD_DB.PUBLIC.ORDERS')).toEqual([{ N: 3 }]);
  });
});

function advance(ms: number) {
  now += ms;
}
