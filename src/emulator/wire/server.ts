/**
 * The emulator behind Snowflake's HTTP protocol, as the official drivers speak it: login,
 * queries (JSON rowsets), token renewal, heartbeat, session delete, telemetry, query status and
 * result fetch, abort. Every answer is HTTP 200 with `success` true or false (a 5xx would make
 * the drivers retry for minutes), always as application/json.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { EmulatorSqlError, newQueryId } from '../errors.js';
import { handleLogin, type LoginPolicy } from './login.js';
import { type Body, failure, type Reply, type WireEngine } from './protocol.js';
import { QueryLog } from './query-log.js';
import { isTokenError, SessionStore, type TokenLifetimes } from './sessions.js';

export type { WireEngine } from './protocol.js';

export interface WireServerOptions {
  engine: WireEngine;
  host?: string;
  port?: number;
  /** When set, password logins must match; other authenticators are accepted unverified. */
  user?: string;
  password?: string;
  tokens?: Partial<TokenLifetimes>;
  /** Where one line per notable event goes (renewals, login failures). */
  log?: (line: string) => void;
  clock?: () => number;
}

export interface WireServer {
  readonly server: Server;
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
}

/** The endpoints that need a session token. */
const SESSION_PATHS = [
  /^\/session$/,
  /^\/session\/heartbeat$/,
  /^\/queries\/v1\/(query|abort)-request$/,
  /^\/queries\/[^/]+\/(abort-request|result)$/,
  /^\/monitoring\/queries\/[^/]+$/,
];

function token(req: IncomingMessage): string | undefined {
  return /Snowflake Token="([^"]*)"/.exec(req.headers.authorization ?? '')?.[1];
}

/** Reads the body, gunzipping by magic bytes (drivers gzip without always saying so). */
async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let raw = Buffer.concat(chunks);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  if (raw.length === 0) return {};
  const parsed = JSON.parse(raw.toString('utf8'));
  return typeof parsed === 'object' && parsed !== null ? parsed : {};
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function createWireServer(opts: WireServerOptions): WireServer {
  const log = opts.log ?? (() => {});
  const sessions = new SessionStore(
    { sessionSeconds: opts.tokens?.sessionSeconds ?? 3600, masterSeconds: opts.tokens?.masterSeconds ?? 4 * 3600 },
    opts.clock,
  );
  const queries = new QueryLog(opts.engine);
  const policy: LoginPolicy = { user: opts.user, password: opts.password };

  async function route(req: IncomingMessage, url: URL): Promise<Reply | undefined> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === '/session/v1/login-request') {
      const body = await readBody(req);
      const reply = handleLogin(body, url.searchParams, policy, opts.engine, sessions);
      if (!reply.success) log(`login refused: ${reply.message}`);
      else {
        const d = reply.data as { sessionId: number; displayUserName: string };
        const how = (body.data as { AUTHENTICATOR?: string } | undefined)?.AUTHENTICATOR ?? 'SNOWFLAKE';
        log(`session ${d.sessionId}: ${d.displayUserName} logged in (${how})`);
      }
      return reply;
    }
    if (method === 'POST' && path === '/session/token-request') {
      const body = await readBody(req);
      if (body.requestType !== 'RENEW')
        return failure('390100', `Unsupported token request type '${body.requestType}'.`);
      const s = sessions.renew(token(req));
      if (isTokenError(s)) return failure(s.code, s.message, '08001');
      log(`session ${s.id}: session token renewed`);
      return {
        success: true,
        data: {
          sessionToken: s.sessionToken,
          validityInSecondsST: sessions.lifetimesSeconds.sessionSeconds,
          masterToken: s.masterToken,
          validityInSecondsMT: Math.max(1, Math.round((s.masterExpiresAt - (opts.clock ?? Date.now)()) / 1000)),
          sessionId: s.id,
        },
      };
    }
    if (method === 'POST' && path === '/telemetry/send') {
      await readBody(req);
      return { success: true, data: 'Log Received' };
    }
    // Everything else needs a live session; unknown paths get a 404 whatever the token.
    if (!SESSION_PATHS.some((re) => re.test(path))) return undefined;
    const s = sessions.authenticate(token(req));
    if (method === 'POST' && path === '/session' && url.searchParams.get('delete') === 'true') {
      if (!isTokenError(s)) {
        sessions.delete(s);
        log(`session ${s.id}: closed`);
      }
      return { success: true, data: null };
    }
    if (isTokenError(s)) return failure(s.code, s.message, '08001');
    if (method === 'POST' && path === '/session/heartbeat') return { success: true, data: {} };
    if (method === 'POST' && path === '/queries/v1/query-request') return queries.run(await readBody(req), s.engine);
    if (method === 'POST' && (path === '/queries/v1/abort-request' || /^\/queries\/[^/]+\/abort-request$/.test(path))) {
      // Statements run to completion before their answer is sent, so there is never one to abort.
      return { success: true, data: null };
    }
    const result = /^\/queries\/([^/]+)\/result$/.exec(path);
    if (method === 'GET' && result) return queries.result(decodeURIComponent(result[1]));
    const status = /^\/monitoring\/queries\/([^/]+)$/.exec(path);
    if (method === 'GET' && status) return queries.status(decodeURIComponent(status[1]));
    return undefined;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    route(req, url)
      .then((reply) => {
        if (reply) send(res, 200, reply);
        else send(res, 404, failure('390400', `No such endpoint: ${req.method} ${url.pathname}`));
      })
      .catch((e: unknown) => {
        // A malformed request still gets a JSON answer the driver can show, never a 5xx.
        const message = e instanceof Error ? e.message : String(e);
        const err = e instanceof EmulatorSqlError ? e : undefined;
        send(res, 200, failure(err?.code ?? '000603', message, err?.sqlState ?? 'XX000', err?.queryId || newQueryId()));
      });
  });

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          resolve({ host: addr.address, port: addr.port });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
