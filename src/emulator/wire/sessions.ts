/**
 * Logged-in sessions of the wire server: a session token (short-lived, sent with every request)
 * and a master token (long-lived, used only to renew the session token), each mapped to one
 * engine session, so USE statements persist for that login only.
 */
import { randomBytes } from 'node:crypto';
import type { Session } from '../registry.js';

export interface WireSession {
  id: number;
  engine: Session;
  sessionToken: string;
  masterToken: string;
  sessionExpiresAt: number;
  masterExpiresAt: number;
}

export interface TokenLifetimes {
  /** Seconds a session token is valid; the driver renews it with the master token. */
  sessionSeconds: number;
  /** Seconds a master token is valid; after that the client must log in again. */
  masterSeconds: number;
}

/** Snowflake's answers for tokens it does not accept. */
export const TOKEN_ERRORS = {
  gone: { code: '390111', message: 'Session no longer exists.  New login required to access the service.' },
  sessionExpired: { code: '390112', message: 'Your session has expired. Please login again.' },
  masterExpired: { code: '390114', message: 'Authentication token has expired.  The user must authenticate again.' },
} as const;

export type TokenError = (typeof TOKEN_ERRORS)[keyof typeof TOKEN_ERRORS];

const newToken = (kind: string) => `${kind}:${randomBytes(24).toString('base64url')}`;

export class SessionStore {
  private nextId = 1;
  private readonly bySession = new Map<string, WireSession>();
  private readonly byMaster = new Map<string, WireSession>();

  constructor(
    private readonly lifetimes: TokenLifetimes,
    private readonly clock: () => number = Date.now,
  ) {}

  create(engine: Session): WireSession {
    const now = this.clock();
    const s: WireSession = {
      id: this.nextId++,
      engine,
      sessionToken: newToken('ST'),
      masterToken: newToken('MT'),
      sessionExpiresAt: now + this.lifetimes.sessionSeconds * 1000,
      masterExpiresAt: now + this.lifetimes.masterSeconds * 1000,
    };
    this.bySession.set(s.sessionToken, s);
    this.byMaster.set(s.masterToken, s);
    return s;
  }

  /** The session a request's session token belongs to, or why it is refused. */
  authenticate(token: string | undefined): WireSession | TokenError {
    const s = token ? this.bySession.get(token) : undefined;
    if (!s) return TOKEN_ERRORS.gone;
    if (this.clock() >= s.sessionExpiresAt) return TOKEN_ERRORS.sessionExpired;
    return s;
  }

  /** A fresh session token for a valid master token; the old session token stops working. */
  renew(masterToken: string | undefined): WireSession | TokenError {
    const s = masterToken ? this.byMaster.get(masterToken) : undefined;
    if (!s) return TOKEN_ERRORS.gone;
    if (this.clock() >= s.masterExpiresAt) {
      this.delete(s);
      return TOKEN_ERRORS.masterExpired;
    }
    this.bySession.delete(s.sessionToken);
    s.sessionToken = newToken('ST');
    s.sessionExpiresAt = this.clock() + this.lifetimes.sessionSeconds * 1000;
    this.bySession.set(s.sessionToken, s);
    return s;
  }

  delete(s: WireSession): void {
    this.bySession.delete(s.sessionToken);
    this.byMaster.delete(s.masterToken);
  }

  get lifetimesSeconds(): TokenLifetimes {
    return this.lifetimes;
  }
}

export function isTokenError(v: WireSession | TokenError): v is TokenError {
  return 'code' in v;
}
