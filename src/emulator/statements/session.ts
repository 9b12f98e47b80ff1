/**
 * ALTER SESSION SET/UNSET: QUERY_TAG is kept on the session (SELECT CURRENT_... and task runs
 * see it); the other session parameters are accepted and have no effect on the emulator.
 */
import { compilationError } from '../errors.js';
import type { Parser } from '../parser.js';
import type { Registry, Statement } from '../registry.js';
import { OK, status } from '../results.js';

/** Session parameters Snowflake accepts that clients commonly set. */
const PARAMETERS = new Set(
  (
    'QUERY_TAG TIMEZONE AUTOCOMMIT ROWS_PER_RESULTSET MULTI_STATEMENT_COUNT STATEMENT_TIMEOUT_IN_SECONDS ' +
    'STATEMENT_QUEUED_TIMEOUT_IN_SECONDS LOCK_TIMEOUT QUOTED_IDENTIFIERS_IGNORE_CASE USE_CACHED_RESULT ' +
    'DATE_OUTPUT_FORMAT DATE_INPUT_FORMAT TIME_OUTPUT_FORMAT TIME_INPUT_FORMAT TIMESTAMP_OUTPUT_FORMAT ' +
    'TIMESTAMP_INPUT_FORMAT TIMESTAMP_LTZ_OUTPUT_FORMAT TIMESTAMP_NTZ_OUTPUT_FORMAT TIMESTAMP_TZ_OUTPUT_FORMAT ' +
    'TIMESTAMP_TYPE_MAPPING BINARY_OUTPUT_FORMAT BINARY_INPUT_FORMAT JSON_INDENT WEEK_START WEEK_OF_YEAR_POLICY ' +
    'TRANSACTION_DEFAULT_ISOLATION_LEVEL ERROR_ON_NONDETERMINISTIC_MERGE ERROR_ON_NONDETERMINISTIC_UPDATE ' +
    'CLIENT_SESSION_KEEP_ALIVE CLIENT_RESULT_CHUNK_SIZE PYTHON_CONNECTOR_QUERY_RESULT_FORMAT ' +
    'JDBC_QUERY_RESULT_FORMAT ODBC_QUERY_RESULT_FORMAT GEOGRAPHY_OUTPUT_FORMAT TIMESTAMP_DAY_IS_ALWAYS_24H'
  ).split(' '),
);

function parameter(p: Parser): string {
  const name = p.name().toUpperCase();
  if (!PARAMETERS.has(name)) throw compilationError(`invalid parameter '${name}'`, '002018', '22023');
  return name;
}

function alterSession(p: Parser): Statement {
  const set: Record<string, string | null> = {};
  if (p.acceptKw('SET')) {
    do {
      const name = parameter(p);
      p.expectPunct('=');
      const lit = p.literal();
      set[name] = lit.type === 'null' ? null : lit.type === 'string' ? lit.value : String(lit.value);
    } while (p.acceptPunct(','));
  } else {
    p.expectKw('UNSET');
    do set[parameter(p)] = null;
    while (p.acceptPunct(','));
  }
  p.end();
  return {
    writes: false,
    run(ctx) {
      if ('QUERY_TAG' in set) ctx.session.queryTag = set.QUERY_TAG ?? undefined;
      return status(OK);
    },
  };
}

export function register(registry: Registry): void {
  registry.on('ALTER', 'SESSION', (p) => alterSession(p));
}
