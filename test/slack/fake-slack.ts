/**
 * A local stand-in for Slack, behaving as its documentation describes: the Web API under /api/
 * (auth.test, chat.postMessage, chat.update, chat.postEphemeral, apps.connections.open) with
 * bearer-token checks and Block Kit validation (invalid_blocks, as Slack refuses them),
 * response_url endpoints (at most 5 responses each), and a ws:// socket for Socket Mode.
 * Everything received is recorded for the tests to inspect.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptWebSocket, type SocketPeer } from './fake-socket.js';

export const TEAM = 'T0TEAM';
export const APP_ID = 'A0SNOWOPS';
export const BOT_USER = 'U0BOT';

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  ok: boolean;
  error?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Block[];
  /** Every version, the first as posted, then each chat.update. */
  versions: { text: string; blocks: Block[] }[];
}

export type Block = Record<string, unknown>;

/** What a response_url received. */
export interface Response {
  body: Record<string, unknown>;
  at: number;
}

export interface SocketEnvelope {
  envelope_id: string;
  type: string;
  payload: unknown;
  accepts_response_payload?: boolean;
  retry_attempt?: number;
}

export interface FakeSlack {
  apiUrl: string;
  botToken: string;
  appToken: string;
  calls: ApiCall[];
  messages: PostedMessage[];
  /** A new response_url, as Slack puts in each command and action payload. */
  newResponseUrl(): string;
  responses(url: string): Response[];
  /** Resolves once `probe` returns a value (polled), or rejects after `ms`. */
  waitFor<T>(probe: () => T | undefined | false, ms?: number, what?: string): Promise<T>;
  /** Sends an envelope over the Socket Mode connection and resolves with the client's ack. */
  sendEnvelope(type: string, payload: unknown): Promise<{ ack: Record<string, unknown>; ms: number }>;
  socketConnected(): boolean;
  close(): Promise<void>;
}

// ---- Block Kit validation (limits from Slack's Block Kit reference) ----

function textLength(t: unknown): number {
  return typeof t === 'object' && t !== null && typeof (t as { text?: unknown }).text === 'string'
    ? (t as { text: string }).text.length
    : -1;
}

function checkText(t: unknown, max: number, where: string, plainOnly = false): string | undefined {
  const o = t as { type?: string; text?: string } | undefined;
  if (!o || typeof o.text !== 'string' || (o.type !== 'plain_text' && o.type !== 'mrkdwn'))
    return `${where}: no text object`;
  if (plainOnly && o.type !== 'plain_text') return `${where}: must be plain_text`;
  if (o.text.length === 0) return `${where}: empty text`;
  if (o.text.length > max) return `${where}: text longer than ${max}`;
  return undefined;
}

function checkButton(e: Record<string, unknown>, where: string): string | undefined {
  const problems = [
    checkText(e.text, 75, `${where}.text`, true),
    typeof e.action_id === 'string' && e.action_id.length > 255 ? `${where}.action_id too long` : undefined,
    typeof e.value === 'string' && e.value.length > 2000 ? `${where}.value longer than 2000` : undefined,
    e.style !== undefined && e.style !== 'primary' && e.style !== 'danger' ? `${where}.style` : undefined,
  ];
  const c = e.confirm as Record<string, unknown> | undefined;
  if (c) {
    problems.push(
      checkText(c.title, 100, `${where}.confirm.title`, true),
      checkText(c.text, 300, `${where}.confirm.text`),
      checkText(c.confirm, 30, `${where}.confirm.confirm`, true),
      checkText(c.deny, 30, `${where}.confirm.deny`, true),
    );
  }
  return problems.find(Boolean);
}

export function validateBlocks(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'blocks is not an array';
  if (blocks.length > 50) return 'more than 50 blocks';
  for (const [i, b] of (blocks as Block[]).entries()) {
    const where = `blocks[${i}]`;
    if (typeof b.block_id === 'string' && b.block_id.length > 255) return `${where}.block_id too long`;
    switch (b.type) {
      case 'section': {
        if (b.text === undefined && b.fields === undefined) return `${where}: section needs text or fields`;
        if (b.text !== undefined) {
          const p = checkText(b.text, 3000, `${where}.text`);
          if (p) return p;
        }
        if (b.fields !== undefined) {
          const fields = b.fields as unknown[];
          if (fields.length > 10) return `${where}: more than 10 fields`;
          for (const [j, f] of fields.entries()) {
            const p = checkText(f, 2000, `${where}.fields[${j}]`);
            if (p) return p;
          }
        }
        break;
      }
      case 'header': {
        const p = checkText(b.text, 150, `${where}.text`, true);
        if (p) return p;
        break;
      }
      case 'context': {
        const elements = b.elements as Block[];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) return `${where}: elements`;
        for (const e of elements) if (textLength(e) > 3000 || textLength(e) === 0) return `${where}: element text`;
        break;
      }
      case 'actions': {
        const elements = b.elements as Block[];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) return `${where}: elements`;
        for (const [j, e] of elements.entries()) {
          if (e.type !== 'button') return `${where}.elements[${j}]: unexpected ${String(e.type)}`;
          const p = checkButton(e, `${where}.elements[${j}]`);
          if (p) return p;
        }
        break;
      }
      case 'divider':
        break;
      default:
        return `${where}: unknown block type ${String(b.type)}`;
    }
  }
  return undefined;
}

// ---- the server ----

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Form bodies carry nested values as JSON strings (as the Web API client sends them). */
function parseApiBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (k === 'blocks' || k === 'attachments') && v.startsWith('[') ? JSON.parse(v) : v;
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8',
  });
  res.end(text);
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const botToken = `xoxb-${randomBytes(6).toString('hex')}`;
  const appToken = `xapp-${randomBytes(6).toString('hex')}`;
  const calls: ApiCall[] = [];
  const messages: PostedMessage[] = [];
  const responseUrls = new Map<string, Response[]>();
  let base = '';
  let tsCounter = 0;
  let peer: SocketPeer | undefined;
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();

  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;

  function api(method: string, auth: string | undefined, body: Record<string, unknown>): Record<string, unknown> {
    const token = auth?.replace(/^Bearer /, '');
    const wanted = method === 'apps.connections.open' ? appToken : botToken;
    if (token !== wanted) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Example',
          user: 'snowops',
          team_id: TEAM,
          user_id: BOT_USER,
          bot_id: 'B0BOT',
        };
      case 'apps.connections.open':
        return { ok: true, url: `${base.replace(/^http/, 'ws')}/socket?ticket=${randomBytes(4).toString('hex')}` };
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        if (typeof body.channel !== 'string' || body.channel === '') return { ok: false, error: 'channel_not_found' };
        if (method === 'chat.postEphemeral' && typeof body.user !== 'string')
          return { ok: false, error: 'user_not_in_channel' };
        if (!body.text && !body.blocks) return { ok: false, error: 'no_text' };
        const problem = validateBlocks(body.blocks);
        if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [problem] } };
        const ts = nextTs();
        const blocks = (body.blocks as Block[]) ?? [];
        const text = String(body.text ?? '');
        if (method === 'chat.postEphemeral') return { ok: true, message_ts: ts };
        messages.push({ channel: body.channel, ts, text, blocks, versions: [{ text, blocks }] });
        return { ok: true, channel: body.channel, ts, message: { text, blocks, ts } };
      }
      case 'chat.update': {
        const m = messages.find((x) => x.channel === body.channel && x.ts === body.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        const problem = validateBlocks(body.blocks);
        if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [problem] } };
        m.text = String(body.text ?? m.text);
        m.blocks = (body.blocks as Block[]) ?? m.blocks;
        m.versions.push({ text: m.text, blocks: m.blocks });
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const body = parseApiBody(raw, req.headers['content-type']);
      const result = api(method, req.headers.authorization, body);
      calls.push({ method, body, ok: result.ok === true, error: result.error as string | undefined });
      send(res, 200, result);
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      const list = responseUrls.get(url.pathname);
      if (!list) return send(res, 404, 'no_such_url');
      if (list.length >= 5) return send(res, 404, 'used_url');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return send(res, 400, 'invalid_payload');
      }
      if (!body.text && !body.blocks && !body.delete_original) return send(res, 400, 'no_text');
      const problem = validateBlocks(body.blocks);
      if (problem) return send(res, 400, `invalid_blocks: ${problem}`);
      list.push({ body, at: Date.now() });
      return send(res, 200, 'ok');
    }
    send(res, 404, 'not_found');
  });

  server.on('upgrade', (req, socket) => {
    if (!req.url?.startsWith('/socket')) {
      socket.destroy();
      return;
    }
    peer = acceptWebSocket(req, socket, (text) => {
      const message = JSON.parse(text) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (message.envelope_id) acks.get(message.envelope_id)?.({ ...(message.payload ?? {}) });
    });
    peer.sendText(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: APP_ID } }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    botToken,
    appToken,
    calls,
    messages,
    newResponseUrl() {
      const path = `/response/${randomBytes(8).toString('hex')}`;
      responseUrls.set(path, []);
      return `${base}${path}`;
    },
    responses(url) {
      return responseUrls.get(new URL(url).pathname) ?? [];
    },
    async waitFor(probe, ms = 20_000, what = 'condition') {
      const deadline = Date.now() + ms;
      for (;;) {
        const v = probe();
        if (v !== undefined && v !== false) return v as never;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    sendEnvelope(type, payload) {
      if (!peer || peer.closed) return Promise.reject(new Error('no Socket Mode connection'));
      const envelope_id = randomBytes(8).toString('hex');
      const started = Date.now();
      const acked = new Promise<{ ack: Record<string, unknown>; ms: number }>((resolve) =>
        acks.set(envelope_id, (ack) => resolve({ ack, ms: Date.now() - started })),
      );
      const envelope: SocketEnvelope = {
        envelope_id,
        type,
        payload,
        accepts_response_payload: type === 'slash_commands',
      };
      peer.sendText(JSON.stringify(envelope));
      return acked;
    },
    socketConnected: () => peer !== undefined && !peer.closed,
    async close() {
      peer?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
