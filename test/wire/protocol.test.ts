/**
 * The wire server in this process, spoken to over real HTTP: raw requests for the protocol's
 * rules (gzip by magic bytes, JSON always, errors as HTTP 200, tokens), and the real driver for
 * cell encodings, binds and QUERY_TAG.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakeClient } from '../../src/client/snowflake.js';
import type { Bind, QueryResult } from '../../src/client/types.js';
import { Engine, type Session } from '../../src/emulator/engine.js';
import { createWireServer, type WireServer } from '../../src/emulator/wire/server.js';
import { tempDir } from './helpers.js';

let home: string;
let engine: Engine;
let wire: WireServer;
let base: string;
let now = Date.now();
/** What reached the engine: each statement with its binds and the session's QUERY_TAG then. */
const seen: { sql: string; binds: Bind[] | undefined; tag: string | undefined }[] = [];

/** A result with one column of every type the drivers decode, as the engine would return it. */
const TYPED: QueryResult = {
  columns: [
    { name: 'I', type: 'fixed' },
    { name: 'D', type: 'fixed' },
    { name: 'R', type: 'real' },
    { name: 'S', type: 'text' },
    { name: 'B', type: 'boolean' },
    { name: 'DT', type: 'date' },
    { name: 'TS', type: 'timestamp_ltz' },
    { name: 'NTZ', type: 'timestamp_ntz' },
    { name: 'TZ', type: 'timestamp_tz' },
    { name: 'N', type: 'text' },
  ],
  rows: [
    {
      I: 42,
      D: 12.25,
      R: -0.5,
      S: "it's",
      B: true,
      DT: new Date('2024-02-29T00:00:00Z'),
      TS: new Date('2024-05-01T12:34:56.789Z'),
      NTZ: new Date('1969-12-31T23:59:59.500Z'),
      TZ: new Date('2024-05-01T00:00:00.001Z'),
      N: null,
    },
    { I: -7, D: 0, R: 1e21, S: '', B: false, DT: null, TS: null, NTZ: null, TZ: null, N: null },
  ],
  queryId: '',
};

beforeAll(async () => {
  home = tempDir('wire-proto');
  engine = Engine.open({ path: join(home, 'emulator.sqlite') });
  wire = createWireServer({
    engine: {
      newSession: (init?: Partial<Session>) => engine.newSession(init),
      execute(sql, binds, session) {
        seen.push({ sql, binds, tag: session.queryTag });
        if (sql === 'TYPED') return { ...TYPED, queryId: '01000000-0000-0000-0000-000000000001' };
        return engine.execute(sql, binds, session);
      },
    },
    user: 'ALICE',
    password: 'pw',
    tokens: { sessionSeconds: 60, masterSeconds: 600 },
    clock: () => now,
  });
  const addr = await wire.listen();
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  await wire?.close();
  engine?.close();
  rmSync(home, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON, walked freely by the assertions
type Json = Record<string, any>;

async function post(path: string, body: unknown, token?: string, gzip = false) {
  const raw = Buffer.from(JSON.stringify(body));
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Snowflake Token="${token}"` } : {}) },
    body: gzip ? gzipSync(raw) : raw,
  });
  expect(res.headers.get('content-type')).toBe('application/json');
  return { status: res.status, body: (await res.json()) as Json };
}

async function get(path: string, token: string) {
  const res = await fetch(base + path, { headers: { Authorization: `Snowflake Token="${token}"` } });
  expect(res.headers.get('content-type')).toBe('application/json');
  return (await res.json()) as Json;
}

const login = (data: Record<string, unknown>, gzip = false) =>
  post(
    '/session/v1/login-request?requestId=1&warehouse=COMPUTE_WH',
    { data: { ACCOUNT_NAME: 'LOCAL', ...data } },
    undefined,
    gzip,
  );

describe('protocol', () => {
  it('reads gzipped and plain bodies alike, by their bytes', async () => {
    for (const gzip of [true, false]) {
      const r = await login({ LOGIN_NAME: 'alice', PASSWORD: 'pw' }, gzip);
      expect(r.body.success).toBe(true);
      expect(r.body.data).toMatchObject({ validityInSeconds: 60, masterValidityInSeconds: 600 });
      expect(r.body.data.token).not.toBe(r.body.data.masterToken);
      expect(r.body.data.sessionInfo.warehouseName).toBe('COMPUTE_WH');
    }
  });

  it('answers a bad password with HTTP 200 and Snowflake code 390100', async () => {
    const r = await login({ LOGIN_NAME: 'alice', PASSWORD: 'nope' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      success: false,
      code: '390100',
      message: 'Incorrect username or password was specified.',
      data: { errorCode: '390100', sqlState: '08004' },
    });
  });

  it('accepts key-pair and OAuth logins without verifying them', async () => {
    for (const AUTHENTICATOR of ['SNOWFLAKE_JWT', 'OAUTH', 'PROGRAMMATIC_ACCESS_TOKEN']) {
      const r = await login({ LOGIN_NAME: 'bob', AUTHENTICATOR, TOKEN: 'not-checked' });
      expect(r.body.success, AUTHENTICATOR).toBe(true);
    }
    expect((await login({ AUTHENTICATOR: 'EXTERNALBROWSER' })).body.success).toBe(false);
  });

  it('turns session tokens away once expired, renews them with the master token, and forgets deleted sessions', async () => {
    const { data } = (await login({ LOGIN_NAME: 'alice', PASSWORD: 'pw' })).body;
    const q = (token: string) => post('/queries/v1/query-request?requestId=2', { sqlText: 'SHOW DATABASES' }, token);
    expect((await q(data.token)).body.success).toBe(true);
    expect((await post('/session/heartbeat', {}, data.token)).body.success).toBe(true);

    now += 61_000;
    expect((await q(data.token)).body).toMatchObject({ success: false, code: '390112' });
    const renewed = await post(
      '/session/token-request',
      { requestType: 'RENEW', oldSessionToken: data.token },
      data.masterToken,
    );
    expect(renewed.body.success).toBe(true);
    expect(renewed.body.data.validityInSecondsST).toBe(60);
    expect((await q(renewed.body.data.sessionToken)).body.success).toBe(true);
    expect((await q(data.token)).body.code).toBe('390111');

    now += 601_000;
    const late = await post('/session/token-request', { requestType: 'RENEW' }, data.masterToken);
    expect(late.body).toMatchObject({ success: false, code: '390114' });

    const fresh = (await login({ LOGIN_NAME: 'alice', PASSWORD: 'pw' })).body.data;
    expect((await post('/session?delete=true', {}, fresh.token)).body.success).toBe(true);
    expect((await q(fresh.token)).body.code).toBe('390111');
    expect((await post('/telemetry/send', { logs: [] })).body.success).toBe(true);
  });

  it('keeps results for status and result fetches, and runs asyncExec to completion', async () => {
    const { token } = (await login({ LOGIN_NAME: 'alice', PASSWORD: 'pw' })).body.data;
    const started = await post('/queries/v1/query-request', { sqlText: 'SHOW DATABASES', asyncExec: true }, token);
    expect(started.body.code).toBe('333334');
    const id = started.body.data.queryId;
    expect((await get(`/monitoring/queries/${id}`, token)).data.queries[0].status).toBe('SUCCESS');
    const result = await get(`/queries/${id}/result`, token);
    expect(result.data.rowtype.map((c: { name: string }) => c.name)).toContain('name');
    expect(result.data.returned).toBe(result.data.rowset.length);

    const failed = await post('/queries/v1/query-request', { sqlText: 'DROP DATABASE NOPE' }, token);
    expect(failed.body).toMatchObject({ success: false, code: '002003', data: { sqlState: '02000' } });
    const status = await get(`/monitoring/queries/${failed.body.data.queryId}`, token);
    expect(status.data.queries[0]).toMatchObject({ status: 'FAILED_WITH_ERROR', errorCode: '002003' });
    expect((await post(`/queries/${id}/abort-request`, {}, token)).body.success).toBe(true);
  });

  it('answers unknown paths with JSON too', async () => {
    const r = await post('/no/such/thing', {});
    expect(r.status).toBe(404);
    expect(r.body.success).toBe(false);
  });
});

describe('through the real driver', () => {
  const conn = () =>
    createSnowflakeClient(
      {
        kind: 'snowflake',
        name: 'inproc',
        file: null,
        envOverrides: [],
        options: {
          account: 'local',
          user: 'alice',
          password: 'pw',
          host: '127.0.0.1',
          port: new URL(base).port,
          protocol: 'http',
        },
      },
      { queryTagBase: { actor: 'tester' } },
    );

  it('decodes every cell type to the value the engine produced', async () => {
    const c = conn();
    try {
      const r = await c.execute('TYPED');
      expect(r.columns).toEqual(TYPED.columns);
      expect(r.rows).toEqual(TYPED.rows);
      expect(r.queryId).toBe('01000000-0000-0000-0000-000000000001');
    } finally {
      await c.close();
    }
  });

  it('passes binds in the driver form, and a QUERY_TAG naming snowops, the tool, the actor and the request id', async () => {
    const c = conn();
    try {
      seen.length = 0;
      await c
        .execute('TYPED', [1, 'two', true, null, 2.5], {
          queryTag: JSON.stringify({ tool: 'run_sql', request_id: 'r9' }),
        })
        .catch(() => {});
      expect(seen.at(-1)).toEqual({
        sql: 'TYPED',
        binds: [1, 'two', true, null, 2.5],
        tag: JSON.stringify({ app: 'snowops', actor: 'tester', tool: 'run_sql', request_id: 'r9' }),
      });
      await c.execute('TYPED');
      expect(JSON.parse(seen.at(-1)!.tag!)).toEqual({ app: 'snowops', actor: 'tester' });
    } finally {
      await c.close();
    }
  });
});
