/**
 * Confirmation tokens (DESIGN §7). A token is an opaque base64url string:
 *   version(1) | id(16) | expires_ms(8) | args digest(16) | plan digest(16) | mac(32)
 * The digests and the mac are HMAC-SHA256 with the key in $SNOWOPS_HOME/token.key, so a token
 * is bound to the tool, its normalised arguments and the plan's statements, and cannot be forged
 * or moved to another home. Spent token ids go into $SNOWOPS_HOME/tokens.sqlite; the primary key
 * INSERT is the cross-process lock that makes a token run once.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureHome } from '../config/home.js';
import { SnowopsError } from '../errors.js';
import { openShared, type SqliteDatabase } from '../sqlite.js';

export const TOKEN_TTL_MS = 5 * 60 * 1000;
export const TOKEN_KEY_FILE = 'token.key';
export const SPENT_TOKENS_FILE = 'tokens.sqlite';

const VERSION = 1;
const ID = 16;
const DIGEST = 16;
const MAC = 32;
const LENGTH = 1 + ID + 8 + DIGEST + DIGEST + MAC;
const ALREADY_USED_HINT = 'Call again without a token to get a new plan if you mean to run it again.';

/** What a token is bound to. `args` are already normalised (see normaliseArgs). */
export interface TokenBinding {
  tool: string;
  args: Record<string, unknown>;
  statements: readonly string[];
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** A token that passed every check but has not been spent yet. */
export interface VerifiedToken {
  id: string;
  tool: string;
  expiresAt: Date;
}

export interface TokenService {
  issue(binding: TokenBinding): IssuedToken;
  /** Throws confirmation_invalid (and spends nothing) unless the token fits this binding. */
  verify(token: string, binding: TokenBinding): VerifiedToken;
  /** Marks the token used, atomically across processes; throws if it was used already. */
  spend(token: VerifiedToken): void;
  /**
   * Whether the token was already used (by any process on this home), without checking anything
   * else: lets a front end answer a repeated confirmation before planning again.
   */
  isSpent(token: string): boolean;
  close(): void;
}

function invalid(message: string, hint: string): SnowopsError {
  return new SnowopsError('confirmation_invalid', message, { hint });
}

/** JSON with object keys sorted and undefined dropped, so key order never matters. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Reads the key, creating it (mode 600) on first use; safe when two processes race. */
function loadKey(home: string): Buffer {
  const path = join(ensureHome(home), TOKEN_KEY_FILE);
  try {
    return readKey(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // Write a complete file under a private name, then link it into place: link fails if another
  // process won the race, and nobody ever reads a half-written key.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(temp);
  }
  return readKey(path);
}

function readKey(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new SnowopsError('internal', `The token key ${path} is readable or writable by other users.`, {
      hint: `Run: chmod 600 ${path}`,
    });
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new SnowopsError('internal', `The token key ${path} is damaged.`, {
      hint: 'Delete it; a new one is created on the next confirmation (tokens issued before stop working).',
    });
  }
  return Buffer.from(text, 'hex');
}

export function createTokenService(options: { home: string; now?: () => Date }): TokenService {
  const now = options.now ?? (() => new Date());
  let key: Buffer | undefined;
  let db: SqliteDatabase | undefined;

  const hmac = (...parts: (string | Buffer)[]): Buffer => {
    key ??= loadKey(options.home);
    const h = createHmac('sha256', key);
    for (const part of parts) h.update(part);
    return h.digest();
  };
  const argsDigest = (b: TokenBinding) => hmac('args\0', b.tool, '\0', canonicalJson(b.args)).subarray(0, DIGEST);
  const planDigest = (b: TokenBinding) =>
    hmac('plan\0', createHash('sha256').update(JSON.stringify(b.statements)).digest()).subarray(0, DIGEST);

  const spent = (): SqliteDatabase => {
    if (!db) {
      db = openShared(join(ensureHome(options.home), SPENT_TOKENS_FILE), 10_000);
      db.exec(
        'CREATE TABLE IF NOT EXISTS spent_tokens (id TEXT PRIMARY KEY, tool TEXT NOT NULL, spent_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)',
      );
    }
    return db;
  };

  return {
    issue(binding) {
      const id = randomBytes(ID);
      const expiresAt = new Date(now().getTime() + TOKEN_TTL_MS);
      const expires = Buffer.alloc(8);
      expires.writeBigUInt64BE(BigInt(expiresAt.getTime()));
      const body = Buffer.concat([Buffer.from([VERSION]), id, expires, argsDigest(binding), planDigest(binding)]);
      const token = Buffer.concat([body, hmac('token\0', body)]).toString('base64url');
      return { token, expiresAt };
    },

    verify(token, binding) {
      const raw = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url') : Buffer.alloc(0);
      if (raw.length !== LENGTH || raw[0] !== VERSION) {
        throw invalid(
          'The confirmation_token is not a snowops confirmation token (damaged or truncated).',
          'Pass the token exactly as it was printed, or call again without it to get a new plan and token.',
        );
      }
      const body = raw.subarray(0, LENGTH - MAC);
      if (!timingSafeEqual(raw.subarray(LENGTH - MAC), hmac('token\0', body))) {
        throw invalid(
          'The confirmation_token was not issued by this snowops home (forged, altered or from another machine).',
          'Call again without a token to get a new plan and token here.',
        );
      }
      const id = body.subarray(1, 1 + ID).toString('hex');
      const expiresAt = new Date(Number(body.readBigUInt64BE(1 + ID)));
      const boundArgs = body.subarray(1 + ID + 8, 1 + ID + 8 + DIGEST);
      const boundPlan = body.subarray(1 + ID + 8 + DIGEST);
      if (now().getTime() > expiresAt.getTime()) {
        throw invalid(
          `The confirmation_token expired at ${expiresAt.toISOString()} (tokens last 5 minutes).`,
          'Call again without a token to get a fresh plan and token.',
        );
      }
      if (!timingSafeEqual(boundArgs, argsDigest(binding))) {
        throw invalid(
          `The confirmation_token was issued for another tool or other arguments, not for this ${binding.tool} call.`,
          'Pass it with exactly the arguments of the confirmed plan, or call again without it to get a new plan.',
        );
      }
      // Before the plan: a token that ran changed the account, so its plan differs now too.
      if (spent().prepare('SELECT 1 FROM spent_tokens WHERE id = ?').get(id)) {
        throw invalid('The confirmation_token was already used; a token runs its plan once.', ALREADY_USED_HINT);
      }
      if (!timingSafeEqual(boundPlan, planDigest(binding))) {
        throw invalid(
          'The plan changed since the confirmation_token was issued (the account changed in between).',
          'Call again without the token, review the new plan and confirm that one.',
        );
      }
      return { id, tool: binding.tool, expiresAt };
    },

    spend(token) {
      const at = now().getTime();
      const store = spent();
      try {
        store
          .prepare('INSERT INTO spent_tokens (id, tool, spent_at, expires_at) VALUES (?, ?, ?, ?)')
          .run(token.id, token.tool, at, token.expiresAt.getTime());
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw invalid('The confirmation_token was already used; a token runs its plan once.', ALREADY_USED_HINT);
        }
        throw e;
      }
      // Expired tokens are refused before this table is consulted, so their rows can go.
      store.prepare('DELETE FROM spent_tokens WHERE expires_at < ?').run(at - 60 * 60 * 1000);
    },

    isSpent(token) {
      const raw = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url') : Buffer.alloc(0);
      if (raw.length !== LENGTH || raw[0] !== VERSION) return false;
      const id = raw.subarray(1, 1 + ID).toString('hex');
      return spent().prepare('SELECT 1 FROM spent_tokens WHERE id = ?').get(id) !== undefined;
    },

    close() {
      db?.close();
      db = undefined;
    },
  };
}
