/**
 * The objects a SQL statement touches, as the policy sees them: qualified stored names, from the
 * places Snowflake's grammar puts names, and Unresolved (fail closed) for what cannot be told.
 */
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/ops/rules.js';
import { type SqlSession, sqlTargets, Unresolved } from '../../src/ops/sql-targets.js';

const NO_SESSION: SqlSession = { database: null, schema: null };

async function targets(sql: string, session: SqlSession = NO_SESSION): Promise<string[]> {
  const found = await sqlTargets(sql, async () => session);
  return found.map(show).sort();
}

function show(t: Target): string {
  return `${t.listing ? 'list ' : ''}${t.kind} ${t.path.join('.')}`;
}

async function unresolved(sql: string, session: SqlSession = NO_SESSION): Promise<string> {
  try {
    await sqlTargets(sql, async () => session);
  } catch (e) {
    if (e instanceof Unresolved) return e.message;
    throw e;
  }
  throw new Error(`expected ${sql} to be unresolved`);
}

const IN_ANALYTICS: SqlSession = { database: 'ANALYTICS', schema: 'PUBLIC' };

describe('relations in queries and DML', () => {
  it('qualified names in FROM, JOIN, comma lists and subqueries, in any spelling', async () => {
    expect(
      await targets(
        'SELECT * FROM prod_db.public.t a, "PROD_DB".s2.u JOIN Prod_Db.s3."v w" ON a.x = u.x WHERE a.y IN (SELECT y FROM other.s.z)',
      ),
    ).toEqual(['table OTHER.S.Z', 'table PROD_DB.PUBLIC.T', 'table PROD_DB.S2.U', 'table PROD_DB.S3.v w']);
  });

  it('unqualified names take the session database and schema; without them the statement is unresolved', async () => {
    expect(await targets('SELECT * FROM t JOIN s2.u USING (id)', IN_ANALYTICS)).toEqual([
      'table ANALYTICS.PUBLIC.T',
      'table ANALYTICS.S2.U',
    ]);
    expect(await unresolved('SELECT * FROM t')).toMatch(/T is not qualified, and the session has no current database/);
    expect(await unresolved('SELECT * FROM s.t', { database: null, schema: null })).toMatch(/S.T is not qualified/);
  });

  it('what is not a relation is not taken for one: functions, EXTRACT ... FROM, CTE names, aliases, columns', async () => {
    expect(
      await targets(
        'WITH recent AS (SELECT * FROM a.b.events) SELECT EXTRACT(year FROM r.ts), TRIM(BOTH FROM r.name), COUNT(*) FROM recent r, LATERAL FLATTEN(input => r.v) f',
      ),
    ).toEqual(['table A.B.EVENTS']);
    expect(await targets('SELECT 1')).toEqual([]);
    expect(await targets('SELECT CURRENT_DATABASE(), UPPER(x.y) FROM TABLE(RESULT_SCAN(LAST_QUERY_ID())) x')).toEqual(
      [],
    );
  });

  it('grouped joins, db..name and IDENTIFIER with a literal', async () => {
    expect(await targets('SELECT * FROM (a.b.c JOIN d..e ON c.k = e.k)')).toEqual(['table A.B.C', 'table D.PUBLIC.E']);
    expect(await targets('SELECT * FROM IDENTIFIER(\'prod_db.s."t x"\')')).toEqual(['table PROD_DB.S.t x']);
    expect(await unresolved('SELECT * FROM IDENTIFIER($name)')).toMatch(/known only when the statement runs/);
  });

  it('INSERT, UPDATE, DELETE, MERGE and COPY name their tables and stages', async () => {
    expect(await targets('INSERT INTO a.b.t (x, y) SELECT x, y FROM c.d.u')).toEqual(['table A.B.T', 'table C.D.U']);
    expect(await targets('UPDATE a.b.t SET x = 1 FROM c.d.u WHERE t.k = u.k')).toEqual(['table A.B.T', 'table C.D.U']);
    expect(await targets('DELETE FROM a.b.t USING c.d.u, e.f.g WHERE t.k = u.k')).toEqual([
      'table A.B.T',
      'table C.D.U',
      'table E.F.G',
    ]);
    expect(
      await targets('MERGE INTO a.b.t USING (SELECT * FROM c.d.u) s ON t.k = s.k WHEN MATCHED THEN UPDATE SET v = s.v'),
    ).toEqual(['table A.B.T', 'table C.D.U']);
    expect(await targets("COPY INTO a.b.t FROM @a.b.stg/files/ PATTERN = '.*csv'")).toEqual([
      'stage A.B.STG',
      'table A.B.T',
    ]);
    expect(await targets('SELECT $1, $2 FROM @"My Db".s.stg (FILE_FORMAT => \'x\')')).toEqual(['stage My Db.S.STG']);
    expect(await targets('LIST @~/x')).toEqual([]);
  });

  it('qualified functions and sequences belong to their schema', async () => {
    expect(await targets('SELECT prod_db.s.f(1), prod_db.s.seq.NEXTVAL')).toEqual([
      'object PROD_DB.S.F',
      'object PROD_DB.S.SEQ',
    ]);
  });
});

describe('statements that name an object of a kind', () => {
  it('CREATE, DROP, UNDROP, ALTER, DESCRIBE and TRUNCATE', async () => {
    expect(await targets('DROP DATABASE IF EXISTS prod_db CASCADE')).toEqual(['database PROD_DB']);
    expect(await targets('CREATE OR REPLACE TRANSIENT SCHEMA prod_db.x')).toEqual(['schema PROD_DB.X']);
    expect(await targets('CREATE TABLE a.b.t2 CLONE a.b.t1')).toEqual(['table A.B.T1', 'table A.B.T2']);
    expect(await targets('CREATE TABLE a.b.t2 AS SELECT * FROM prod_db.s.t')).toEqual([
      'table A.B.T2',
      'table PROD_DB.S.T',
    ]);
    expect(await targets('ALTER TABLE a.b.t RENAME TO prod_db.s.t')).toEqual(['table A.B.T', 'table PROD_DB.S.T']);
    expect(await targets('ALTER WAREHOUSE w SET WAREHOUSE_SIZE = LARGE')).toEqual(['warehouse W']);
    expect(await targets('ALTER COMPUTE POOL p STOP ALL')).toEqual(['compute_pool P']);
    expect(await targets('DESC TABLE prod_db.s.t')).toEqual(['table PROD_DB.S.T']);
    expect(await targets('TRUNCATE TABLE IF EXISTS prod_db.s.t')).toEqual(['table PROD_DB.S.T']);
    expect(await targets('UNDROP SCHEMA prod_db.s')).toEqual(['schema PROD_DB.S']);
    expect(await targets('CREATE VIEW a.b.v AS SELECT * FROM prod_db.s.t')).toEqual([
      'table A.B.V',
      'table PROD_DB.S.T',
    ]);
    expect(await targets('DROP SEQUENCE a.b.seq')).toEqual(['object A.B.SEQ']);
    expect(await targets('DROP ROLE analyst')).toEqual(['account_object ANALYST']);
  });

  it('a task: its warehouse, predecessors, condition and body, qualified in its own schema', async () => {
    expect(
      await targets(
        "CREATE TASK a.b.t WAREHOUSE = wh AFTER a.b.p1, p2 WHEN SYSTEM$STREAM_HAS_DATA('st') AS DELETE FROM logs",
      ),
    ).toEqual(['object A.B.ST', 'table A.B.LOGS', 'task A.B.P1', 'task A.B.P2', 'task A.B.T', 'warehouse WH']);
    expect(await targets('ALTER TASK a.b.t MODIFY AS INSERT INTO prod_db.s.t SELECT 1')).toEqual([
      'table PROD_DB.S.T',
      'task A.B.T',
    ]);
    expect(await targets('SELECT SYSTEM$TASK_DEPENDENTS_ENABLE(\'"My Db".s.root\')')).toEqual(['task My Db.S.ROOT']);
  });

  it('a service: its pool, warehouse and spec stage', async () => {
    expect(
      await targets(
        'CREATE SERVICE a.b.svc IN COMPUTE POOL pool1 FROM SPECIFICATION $$spec: {}$$ QUERY_WAREHOUSE = wh EXTERNAL_ACCESS_INTEGRATIONS = (i1)',
      ),
    ).toEqual(['compute_pool POOL1', 'service A.B.SVC', 'warehouse WH']);
    expect(
      await targets("CREATE SERVICE a.b.svc IN COMPUTE POOL p FROM @a.b.specs SPECIFICATION_FILE = 'x.yaml'"),
    ).toEqual(['compute_pool P', 'service A.B.SVC', 'stage A.B.SPECS']);
  });

  it('USE, GRANT, REVOKE and COMMENT', async () => {
    expect(await targets('USE DATABASE prod_db')).toEqual(['database PROD_DB']);
    expect(await targets('USE prod_db.s')).toEqual(['schema PROD_DB.S']);
    expect(await targets('USE WAREHOUSE wh')).toEqual(['warehouse WH']);
    expect(await targets('GRANT SELECT ON TABLE prod_db.s.t TO ROLE analyst')).toEqual([
      'account_object ANALYST',
      'table PROD_DB.S.T',
    ]);
    expect(await targets('GRANT SELECT ON ALL TABLES IN SCHEMA prod_db.s TO ROLE r')).toEqual([
      'account_object R',
      'schema PROD_DB.S',
    ]);
    expect(await targets('REVOKE USAGE ON DATABASE prod_db FROM ROLE r')).toEqual([
      'account_object R',
      'database PROD_DB',
    ]);
    expect(await targets("COMMENT ON COLUMN prod_db.s.t.c IS 'x'")).toEqual(['table PROD_DB.S.T']);
  });

  it('SHOW lists a container: the account, a database or a schema', async () => {
    expect(await targets('SHOW DATABASES')).toEqual(['list database ']);
    expect(await targets("SHOW TABLES LIKE 'X%' IN DATABASE prod_db")).toEqual(['list table PROD_DB']);
    expect(await targets('SHOW TERSE TASKS IN SCHEMA prod_db.s')).toEqual(['list task PROD_DB.S']);
    expect(await targets('SHOW TABLES IN prod_db', IN_ANALYTICS)).toEqual([
      'list table ANALYTICS.PROD_DB',
      'list table PROD_DB',
    ]);
    expect(await targets('SHOW TABLES', IN_ANALYTICS)).toEqual(['list table ANALYTICS']);
    expect(await targets('SHOW TABLES')).toEqual([]);
    expect(await targets('SHOW COLUMNS IN TABLE prod_db.s.t')).toEqual(['table PROD_DB.S.T']);
  });
});

describe('fail closed', () => {
  it.each([
    ['CALL prod_db.s.proc()', /CALL runs a procedure/],
    ['EXECUTE IMMEDIATE $$DROP DATABASE prod_db$$', /EXECUTE IMMEDIATE runs code/],
    ['WITH p AS PROCEDURE () RETURNS INT LANGUAGE SQL AS $$SELECT 1$$ CALL p()', /anonymous procedure/],
    ['BEGIN DROP DATABASE prod_db; END', /BEGIN statements are not read/],
    ['SELECT SYSTEM$SOMETHING_NEW()', /SYSTEM\$SOMETHING_NEW is a system function/],
    ["SELECT SYSTEM$GET_SERVICE_STATUS(CONCAT('a.b.', 'svc'))", /known only when it runs/],
    ['CREATE DATABASE ROLE prod_db.r', /cannot place a database role/],
    ['DROP WIDGET x', /DROP WIDGET is not an object kind/],
    ['SELECT * FROM $tbl', /a variable is used as a name/],
    ['SELECT * FROM a.b.c.d', /more parts than a table name/],
  ])('%s', async (sql, message) => {
    expect(await unresolved(sql)).toMatch(message);
  });
});
