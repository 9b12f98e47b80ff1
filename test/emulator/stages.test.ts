import { describe, expect, it } from 'vitest';
import { client, failure } from './helpers.js';

describe('stages', () => {
  it('creates, lists, describes and drops stages', async () => {
    const c = client();
    await c.execute('CREATE DATABASE sdb');
    const r = await c.execute("CREATE STAGE TASKS_STAGE COMMENT = 'for tasks' DIRECTORY = (ENABLE = TRUE)");
    expect(r.rows[0].status).toBe('Stage area TASKS_STAGE successfully created.');
    await c.execute(
      "CREATE STAGE ext URL = 's3://bucket/path/' FILE_FORMAT = (TYPE = CSV NULL_IF = ('', 'NULL')) CREDENTIALS = (AWS_KEY_ID = 'k' AWS_SECRET_KEY = 's')",
    );
    const s = await c.execute('SHOW STAGES IN SCHEMA sdb.public');
    expect(s.columns.map((x) => x.name)).toEqual([
      'created_on',
      'name',
      'database_name',
      'schema_name',
      'url',
      'has_credentials',
      'has_encryption_key',
      'owner',
      'comment',
      'region',
      'type',
      'cloud',
      'notification_channel',
      'storage_integration',
      'endpoint',
      'owner_role_type',
      'directory_enabled',
    ]);
    expect(s.rows.map((x) => [x.name, x.type, x.url, x.cloud, x.has_credentials, x.directory_enabled])).toEqual([
      ['EXT', 'EXTERNAL', 's3://bucket/path/', 'AWS', 'Y', 'N'],
      ['TASKS_STAGE', 'INTERNAL', '', null, 'N', 'Y'],
    ]);
    const d = await c.execute('DESC STAGE ext');
    expect(d.rows.find((x) => x.property === 'TYPE')?.property_value).toBe('CSV');
    const dup = await failure(c.execute('CREATE STAGE tasks_stage'));
    expect(dup.message).toBe("SQL compilation error:\nObject 'TASKS_STAGE' already exists.");
    expect((await c.execute('DROP STAGE tasks_stage')).rows[0].status).toBe('TASKS_STAGE successfully dropped.');
    const missing = await failure(c.execute('DROP STAGE sdb.public.tasks_stage'));
    expect(missing.message).toBe(
      "SQL compilation error:\nStage 'SDB.PUBLIC.TASKS_STAGE' does not exist or not authorized.",
    );
  });
});
