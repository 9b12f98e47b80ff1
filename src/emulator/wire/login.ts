/**
 * `POST /session/v1/login-request`: checks the password when the server was started with a
 * user and password (key-pair, OAuth and programmatic access tokens are accepted without
 * verification: the emulator holds no public keys or token issuers), then opens an engine
 * session with the warehouse, database, schema and role the client asked for.
 */
import { ident, parseName } from '../../sql/identifiers.js';
import type { Session } from '../registry.js';
import { type Body, failure, type Reply, type WireEngine } from './protocol.js';
import type { SessionStore } from './sessions.js';

export interface LoginPolicy {
  user?: string;
  password?: string;
}

/** Session parameters sent with the login and every result, so drivers decode cells alike. */
export const SESSION_PARAMETERS: { name: string; value: string | number | boolean }[] = [
  { name: 'TIMEZONE', value: 'UTC' },
  { name: 'TIMESTAMP_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'TIMESTAMP_NTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3' },
  { name: 'TIMESTAMP_LTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'TIMESTAMP_TZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'DATE_OUTPUT_FORMAT', value: 'YYYY-MM-DD' },
  { name: 'TIME_OUTPUT_FORMAT', value: 'HH24:MI:SS' },
  // Without it a binary column crashes the Node driver.
  { name: 'BINARY_OUTPUT_FORMAT', value: 'HEX' },
  { name: 'CLIENT_SESSION_KEEP_ALIVE', value: false },
  { name: 'CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY', value: 3600 },
  // 0 would send every array bind through a stage PUT, which the emulator has no storage for.
  { name: 'CLIENT_STAGE_ARRAY_BINDING_THRESHOLD', value: 65280 },
  { name: 'CLIENT_RESULT_CHUNK_SIZE', value: 160 },
  { name: 'QUERY_CONTEXT_CACHE_SIZE', value: 5 },
  { name: 'AUTOCOMMIT', value: true },
];

const PASSWORD_AUTHENTICATORS = new Set(['SNOWFLAKE', 'USERNAME_PASSWORD_MFA']);

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Applies `USE <kind> <name>` for a login parameter; false when the object is unknown. */
function use(engine: WireEngine, session: Session, kind: string, raw: string): boolean {
  try {
    engine.execute(`USE ${kind} ${ident(parseName(raw, kind.toLowerCase()))}`, [], session);
    return true;
  } catch {
    // Snowflake logs in anyway, with no current object of that kind.
    return false;
  }
}

export function handleLogin(
  body: Body,
  params: URLSearchParams,
  policy: LoginPolicy,
  engine: WireEngine,
  sessions: SessionStore,
): Reply {
  const data = (typeof body.data === 'object' && body.data !== null ? body.data : {}) as Record<string, unknown>;
  const authenticator = (text(data.AUTHENTICATOR) ?? 'SNOWFLAKE').toUpperCase();
  const login = text(data.LOGIN_NAME);
  if (PASSWORD_AUTHENTICATORS.has(authenticator) && policy.user !== undefined) {
    const ok = login?.toUpperCase() === policy.user.toUpperCase() && data.PASSWORD === policy.password;
    if (!ok) return failure('390100', 'Incorrect username or password was specified.', '08004');
  }
  if (authenticator === 'EXTERNALBROWSER' || authenticator.startsWith('HTTPS://')) {
    return failure(
      '390190',
      `The local emulator cannot run the ${authenticator} login flow; use a password or a token.`,
      '08004',
    );
  }

  let role = 'ACCOUNTADMIN';
  const roleName = params.get('roleName');
  if (roleName) {
    try {
      role = parseName(roleName, 'role');
    } catch {
      return failure(
        '390189',
        `Role '${roleName}' specified in the connect string does not exist or not authorized.`,
        '08004',
      );
    }
  }
  const session = engine.newSession({ user: (login ?? 'SNOWOPS').toUpperCase(), role });
  const warehouse = params.get('warehouse');
  if (warehouse && !use(engine, session, 'WAREHOUSE', warehouse)) session.warehouse = null;
  const database = params.get('databaseName');
  if (database) use(engine, session, 'DATABASE', database);
  const schema = params.get('schemaName');
  if (schema) use(engine, session, 'SCHEMA', schema);
  const sp = data.SESSION_PARAMETERS as Record<string, unknown> | undefined;
  if (typeof sp?.QUERY_TAG === 'string') session.queryTag = sp.QUERY_TAG;

  const s = sessions.create(session);
  const lifetimes = sessions.lifetimesSeconds;
  return {
    success: true,
    data: {
      token: s.sessionToken,
      masterToken: s.masterToken,
      validityInSeconds: lifetimes.sessionSeconds,
      masterValidityInSeconds: lifetimes.masterSeconds,
      sessionId: s.id,
      parameters: SESSION_PARAMETERS,
      sessionInfo: {
        databaseName: session.database,
        schemaName: session.schema,
        warehouseName: session.warehouse,
        roleName: session.role,
      },
      displayUserName: session.user,
      serverVersion: 'snowops-emulator',
      firstLogin: false,
      healthCheckInterval: 45,
      newClientForUpgrade: null,
      idToken: null,
      mfaToken: null,
    },
  };
}
