/** The shapes of the wire protocol's answers, shared by the server's handlers. */
import type { Bind, QueryResult } from '../../client/types.js';
import type { Session } from '../registry.js';

/** What the server needs from the engine (Engine satisfies it). */
export interface WireEngine {
  newSession(init?: Partial<Session>): Session;
  execute(sql: string, binds: Bind[] | undefined, session: Session): QueryResult;
}

export type Body = Record<string, unknown>;
export type Reply = { success: true; data: unknown; code?: string; message?: string } | WireFailure;
export interface WireFailure {
  success: false;
  code: string;
  message: string;
  data: { errorCode: string; sqlState?: string; queryId?: string; [k: string]: unknown };
}

export function failure(code: string, message: string, sqlState?: string, queryId?: string): WireFailure {
  return { success: false, code, message, data: { errorCode: code, sqlState, queryId } };
}
