/**
 * The one error type of snowops. Code below the front ends throws only this; each front end
 * maps it once (MCP: isError result, CLI: exit code and JSON, Slack: a readable message).
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'already_exists'
  | 'wrong_state'
  | 'policy_denied'
  | 'confirmation_invalid'
  | 'snowflake_error'
  | 'unsupported'
  | 'internal';

export interface ErrorDetails {
  /** Snowflake's six-digit error code, e.g. "002003", when the error came from Snowflake. */
  snowflakeCode?: string;
  sqlState?: string;
  queryId?: string;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

export class SnowopsError extends Error {
  readonly code: ErrorCode;
  readonly snowflakeCode?: string;
  readonly sqlState?: string;
  readonly queryId?: string;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SnowopsError';
    this.code = code;
    this.snowflakeCode = details.snowflakeCode;
    this.sqlState = details.sqlState;
    this.queryId = details.queryId;
    this.hint = details.hint;
  }

  /** The JSON shape the CLI prints and the audit log stores. */
  toJSON(): {
    code: ErrorCode;
    message: string;
    snowflake_code?: string;
    sql_state?: string;
    query_id?: string;
    hint?: string;
  } {
    return {
      code: this.code,
      message: this.message,
      ...(this.snowflakeCode ? { snowflake_code: this.snowflakeCode } : {}),
      ...(this.sqlState ? { sql_state: this.sqlState } : {}),
      ...(this.queryId ? { query_id: this.queryId } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
    };
  }
}

export function invalidInput(message: string, hint?: string): SnowopsError {
  return new SnowopsError('invalid_input', message, hint ? { hint } : {});
}

/** Snowflake error codes that have a snowops code of their own. */
const SNOWFLAKE_CODE_MAP: Record<string, ErrorCode> = {
  '002002': 'already_exists',
  '002003': 'not_found',
  '002043': 'not_found',
  '090064': 'wrong_state',
  '091421': 'wrong_state',
};

const SNOWFLAKE_HINTS: Record<string, string> = {
  '002002':
    'Pick another name, or pass mode "if_not_exists" to keep the existing object or "or_replace" to replace it.',
  '002003':
    'Check the name and its database and schema (list_objects shows what exists), and that your role may see it.',
  '001003': 'The statement does not parse; check its syntax.',
  '090064': 'The warehouse is already in that state, so there is nothing to do; describe_object shows its state.',
  '091421': 'Suspend the root task of the graph first (suspend_task), then retry.',
  '000606':
    'Name a warehouse in the connection (warehouse = "..." in connections.toml, or SNOWFLAKE_WAREHOUSE), or run USE WAREHOUSE <name> with run_sql first.',
};

/**
 * Hints for errors Snowflake documents by their message only (their codes are not published, so
 * the message, the same from either backend, is what is matched).
 */
const MESSAGE_HINTS: [RegExp, string][] = [
  [
    /Non-nullable column .* cannot be added to non-empty table/,
    'Give the column a non-null default value (column.default), or add it with nullable: true.',
  ],
  [
    /stop all running services before you can drop a compute pool/,
    'Drop its services first (drop_object with kind service), or suspend the pool with stop_all_services: true, then drop it.',
  ],
  [/is suspended and AUTO_RESUME is FALSE/, 'Resume the compute pool first (resume_compute_pool), then retry.'],
];

function hintFor(code: string, message: string): string | undefined {
  return SNOWFLAKE_HINTS[code] ?? MESSAGE_HINTS.find(([pattern]) => pattern.test(message))?.[1];
}

/**
 * Turns an error as Snowflake (or the emulator) reports it into a SnowopsError. Both SqlClient
 * implementations call this, so a user sees the same error from either backend.
 */
export function fromSnowflakeError(err: {
  code: string;
  message: string;
  sqlState?: string;
  queryId?: string;
  cause?: unknown;
}): SnowopsError {
  const code = SNOWFLAKE_CODE_MAP[err.code] ?? 'snowflake_error';
  return new SnowopsError(code, err.message, {
    snowflakeCode: err.code,
    sqlState: err.sqlState,
    queryId: err.queryId,
    hint: hintFor(err.code, err.message),
    cause: err.cause,
  });
}

export function isSnowopsError(e: unknown): e is SnowopsError {
  return e instanceof SnowopsError;
}
