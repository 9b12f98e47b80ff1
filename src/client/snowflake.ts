/**
 * The SqlClient for real Snowflake (and the emulator's wire server), through the official Node
 * driver. The driver is heavy (about a second and 100 MB to load), so it is imported only when
 * the first statement needs a session; nothing else in snowops imports it.
 */
import { homedir } from 'node:os';
import type * as Sdk from 'snowflake-sdk';
import { type ConnectionOptions, endpointOf, type ResolvedConnection } from '../config/connections.js';
import { fromSnowflakeError, SnowopsError } from '../errors.js';
import { classifyStatement } from '../sql/classifier.js';
import type { Bind, Cell, Column, QueryResult, Row, SqlClient, StatementOptions } from './types.js';

type SnowflakeConnection = Extract<ResolvedConnection, { kind: 'snowflake' }>;
type Driver = typeof Sdk;

export interface SnowflakeClientOptions {
  /** Fields every statement's QUERY_TAG carries (e.g. `{ actor: 'U123' }`); `snowops` is always set. */
  queryTagBase?: Record<string, string>;
  /** Login retries on network errors; small, so a bad host fails in seconds, not minutes. */
  loginRetries?: number;
  /** Upper bound on one login, after which it fails naming the host and port. */
  loginTimeoutMs?: number;
}

/** Session-expiry codes after which one new login is worth it (407002: the driver gave up its session). */
const SESSION_GONE = new Set(['390111', '390112', '390114', '407002']);
const NETWORK_CODES = new Set(['401001', '401002']);

let driverPromise: Promise<Driver> | undefined;

/** Imports snowflake-sdk once, with its AWS warning silenced and its logging off stdout. */
export function loadDriver(): Promise<Driver> {
  driverPromise ??= (async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const mod = (await import('snowflake-sdk')) as Driver & { default?: Driver };
    const sdk = mod.default ?? mod;
    const level = (process.env.SNOWOPS_DRIVER_LOG_LEVEL || 'OFF').toUpperCase() as Sdk.LogLevel;
    const toStderr = (m: string) => process.stderr.write(`snowflake-sdk: ${m}\n`);
    sdk.configure({
      logLevel: level,
      customLogger: { error: toStderr, warn: toStderr, info: toStderr, debug: toStderr, trace: toStderr },
    });
    return sdk;
  })();
  return driverPromise;
}

/** The driver's connection options for a resolved connection. */
export function driverOptions(o: ConnectionOptions, loginRetries: number): Sdk.ConnectionOptions {
  const opts: Record<string, unknown> = {
    account: o.account,
    username: o.user,
    role: o.role,
    warehouse: o.warehouse,
    database: o.database,
    schema: o.schema,
    application: 'snowops',
    sfRetryMaxLoginRetries: loginRetries,
    clientSessionKeepAlive: false,
  };
  if (o.host || o.port || o.protocol) {
    const { protocol, host, port } = endpointOf(o);
    opts.accessUrl = `${protocol}://${host}:${port}`;
  }
  const authenticator = (o.authenticator ?? inferAuthenticator(o)).toUpperCase();
  opts.authenticator = authenticator;
  if (authenticator === 'SNOWFLAKE_JWT') {
    if (o.private_key_file) opts.privateKeyPath = expandHome(o.private_key_file);
    if (o.private_key_passphrase) opts.privateKeyPass = o.private_key_passphrase;
  } else if (authenticator === 'OAUTH' || authenticator === 'PROGRAMMATIC_ACCESS_TOKEN') {
    if (o.token) opts.token = o.token;
    else if (o.token_file_path) opts.tokenFilePath = expandHome(o.token_file_path);
  } else if (o.password) {
    opts.password = o.password;
  }
  for (const k of Object.keys(opts)) if (opts[k] === undefined) delete opts[k];
  return opts as unknown as Sdk.ConnectionOptions;
}

/** Key file means key-pair auth, a token alone means OAuth; otherwise password. */
function inferAuthenticator(o: ConnectionOptions): string {
  if (o.private_key_file) return 'SNOWFLAKE_JWT';
  if ((o.token || o.token_file_path) && !o.password) return 'OAUTH';
  return 'SNOWFLAKE';
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? homedir() + p.slice(1) : p;
}

/** Statements that may run twice without harm (reads): the only ones retried after a new login. */
export function safeToRepeat(sql: string): boolean {
  try {
    return classifyStatement(sql).effect === 'read';
  } catch {
    return false;
  }
}

/** The QUERY_TAG of one statement: JSON naming snowops, the tool, the actor and the request id. */
export function queryTag(base: Record<string, string>, tag: string | undefined): string {
  let own: Record<string, unknown> = {};
  if (tag) {
    try {
      const parsed = JSON.parse(tag);
      own = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : { tag };
    } catch {
      own = { tag };
    }
  }
  return JSON.stringify({ app: 'snowops', ...base, ...own });
}

interface DriverError extends Error {
  code?: string | number;
  sqlState?: string;
  data?: { queryId?: string };
}

/** A driver error as a SnowopsError with Snowflake's code, SQLSTATE, message and query id. */
export function mapDriverError(err: DriverError, queryId?: string): SnowopsError {
  return fromSnowflakeError({
    code: String(err.code ?? ''),
    message: err.message,
    sqlState: err.sqlState,
    queryId: err.data?.queryId ?? queryId,
    cause: err,
  });
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return new Date(v.getTime());
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return String(v);
}

class SnowflakeClient implements SqlClient {
  readonly backend = 'snowflake' as const;
  private connection: Promise<Sdk.Connection> | undefined;
  private closed = false;
  private readonly where: string;

  constructor(
    private readonly conn: SnowflakeConnection,
    private readonly opts: SnowflakeClientOptions,
  ) {
    const { host, port } = endpointOf(conn.options);
    this.where = `${host}:${port}`;
  }

  async execute(sql: string, binds: Bind[] = [], options: StatementOptions = {}): Promise<QueryResult> {
    if (this.closed) throw new SnowopsError('internal', 'The Snowflake connection is closed.');
    const tag = queryTag(this.opts.queryTagBase ?? {}, options.queryTag);
    try {
      return await this.run(await this.open(), sql, binds, tag);
    } catch (e) {
      const err = e as DriverError;
      if (!SESSION_GONE.has(String(err.code))) throw e instanceof SnowopsError ? e : mapDriverError(err);
      // The session expired for good (the driver renews session tokens itself): log in again once.
      this.drop();
      const fresh = await this.open();
      if (!safeToRepeat(sql)) {
        throw new SnowopsError(
          'snowflake_error',
          `The Snowflake session expired (${err.code}: ${err.message}); snowops logged in again but did not repeat the statement, because it changes the account.`,
          {
            snowflakeCode: String(err.code),
            hint: 'Check whether the change happened, then run it again.',
            cause: err,
          },
        );
      }
      try {
        return await this.run(fresh, sql, binds, tag);
      } catch (again) {
        throw again instanceof SnowopsError ? again : mapDriverError(again as DriverError);
      }
    }
  }

  /** Logs in (once, on first use) and resolves when the session is up. */
  open(): Promise<Sdk.Connection> {
    this.connection ??= this.login().catch((e) => {
      this.connection = undefined;
      throw e;
    });
    return this.connection;
  }

  private async login(): Promise<Sdk.Connection> {
    const sdk = await loadDriver();
    const conn = this.conn;
    const source = conn.file ? `connection '${conn.name}' in ${conn.file}` : `connection '${conn.name}'`;
    let connection: Sdk.Connection;
    try {
      connection = sdk.createConnection(driverOptions(conn.options, this.opts.loginRetries ?? 1));
    } catch (e) {
      // The driver checks options (and reads key and token files) here, before any request.
      throw new SnowopsError('invalid_input', `Connection '${conn.name}' cannot be used: ${(e as Error).message}`, {
        hint: `Check ${source}.`,
        cause: e,
      });
    }
    const timeoutMs = this.opts.loginTimeoutMs ?? 45_000;
    return new Promise<Sdk.Connection>((resolve, reject) => {
      const timer = setTimeout(() => {
        connection.destroy(() => {});
        reject(
          new SnowopsError(
            'snowflake_error',
            `No answer from Snowflake at ${this.where} within ${timeoutMs / 1000} s.`,
            {
              hint: `Check host, port and protocol of ${source}, and your network.`,
            },
          ),
        );
      }, timeoutMs);
      connection.connect((err) => {
        clearTimeout(timer);
        if (!err) return resolve(connection);
        const e = err as DriverError;
        const code = String(e.code ?? '');
        if (NETWORK_CODES.has(code) || e.name === 'NetworkError' || e.name === 'RequestFailedError') {
          const cause = (e.cause as Error | undefined)?.message ?? e.message;
          reject(
            new SnowopsError('snowflake_error', `Cannot reach Snowflake at ${this.where}: ${cause}`, {
              snowflakeCode: code || undefined,
              hint: `Check host, port and protocol of ${source}, and that the server is running.`,
              cause: e,
            }),
          );
          return;
        }
        const keyFile = conn.options.private_key_file;
        if (keyFile && !e.sqlState && /decrypt|passphrase|private key|PEM|DECODER/i.test(e.message)) {
          reject(
            new SnowopsError('invalid_input', `Cannot use the private key ${keyFile}: ${e.message}`, {
              hint: `Check private_key_file and private_key_passphrase (or SNOWFLAKE_PRIVATE_KEY_PASSPHRASE) of ${source}.`,
              cause: e,
            }),
          );
          return;
        }
        const user = conn.options.user ? ` as ${conn.options.user}` : '';
        reject(
          new SnowopsError('snowflake_error', `Login to ${this.where}${user} failed: ${e.message}`, {
            snowflakeCode: code || undefined,
            sqlState: e.sqlState,
            hint: `Check the user and credentials of ${source}.`,
            cause: e,
          }),
        );
      });
    });
  }

  private run(connection: Sdk.Connection, sql: string, binds: Bind[], tag: string): Promise<QueryResult> {
    return new Promise((resolve, reject) => {
      connection.execute({
        sqlText: sql,
        binds: binds.length ? binds : undefined,
        parameters: { QUERY_TAG: tag },
        rowMode: 'array',
        fetchAsString: ['JSON'],
        complete: (err, stmt, rawRows) => {
          if (err) {
            // Session-expiry errors go back raw so execute() can log in again.
            const code = String((err as DriverError).code);
            return reject(SESSION_GONE.has(code) ? err : mapDriverError(err as DriverError, stmt?.getQueryId()));
          }
          const cols = stmt.getColumns() ?? [];
          const columns: Column[] = cols.map((c) => ({ name: c.getName(), type: c.getType() }));
          const rows: Row[] = (rawRows ?? []).map((r: unknown[]) => {
            const row: Row = {};
            columns.forEach((c, i) => {
              row[c.name] = toCell(r[i]);
            });
            return row;
          });
          resolve({ columns, rows, queryId: stmt.getQueryId() });
        },
      });
    });
  }

  /** Forgets the current session without waiting for the server. */
  private drop(): void {
    const current = this.connection;
    this.connection = undefined;
    current?.then((c) => c.destroy(() => {})).catch(() => {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const current = this.connection;
    this.connection = undefined;
    if (!current) return;
    const c = await current.catch(() => undefined);
    if (!c?.isUp()) return;
    await new Promise<void>((resolve) => c.destroy(() => resolve()));
  }
}

/**
 * A SqlClient for a Snowflake connection. Nothing happens until the first statement (or
 * `open()`), so building one costs nothing and never loads the driver.
 */
export function createSnowflakeClient(
  conn: SnowflakeConnection,
  opts: SnowflakeClientOptions = {},
): SqlClient & { open(): Promise<unknown> } {
  return new SnowflakeClient(conn, opts);
}
