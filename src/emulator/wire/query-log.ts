/**
 * `POST /queries/v1/query-request` and what follows from it: the statement runs on the login's
 * engine session; its answer is kept (the latest few hundred) for `GET /queries/<id>/result`
 * and `GET /monitoring/queries/<id>`, which asynchronous execution and result re-fetches use.
 */
import type { Bind } from '../../client/types.js';
import { tokenize } from '../../sql/lexer.js';
import { EmulatorSqlError, newQueryId } from '../errors.js';
import type { Session } from '../registry.js';
import { decodeBindings, encodeResult } from './encode.js';
import { SESSION_PARAMETERS } from './login.js';
import { type Body, failure, type Reply, type WireEngine, type WireFailure } from './protocol.js';

const KEEP = 500;

interface Logged {
  sqlText: string;
  startTime: number;
  endTime: number;
  reply: Reply;
}

/** Snowflake's statement type ids; the drivers use them to report affected row counts. */
function statementTypeId(sql: string): number {
  let first = '';
  try {
    first =
      tokenize(sql)
        .find((t) => t.type === 'word')
        ?.value.toUpperCase() ?? '';
  } catch {
    // An unlexable statement fails in the engine; its type does not matter.
  }
  const ids: Record<string, number> = {
    SELECT: 0x1000,
    WITH: 0x1000,
    SHOW: 0x1000,
    DESC: 0x1000,
    DESCRIBE: 0x1000,
    INSERT: 0x3100,
    UPDATE: 0x3200,
    DELETE: 0x3300,
    MERGE: 0x3400,
  };
  return ids[first] ?? 0x6000;
}

export class QueryLog {
  private readonly log = new Map<string, Logged>();

  constructor(private readonly engine: { execute: WireEngine['execute'] }) {}

  run(body: Body, session: Session): Reply {
    const sqlText = typeof body.sqlText === 'string' ? body.sqlText : '';
    if (body.bindStage) return this.refuse(sqlText, 'Stage binds are not supported by the local emulator.');
    if (body.describeOnly === true) {
      return this.refuse(sqlText, 'Describe-only execution is not supported by the local emulator.');
    }
    let binds: Bind[];
    try {
      binds = decodeBindings(body.bindings);
    } catch {
      return this.refuse(sqlText, 'Array binds are not supported by the local emulator; bind one row per statement.');
    }
    const start = Date.now();
    const reply = this.execute(sqlText, binds, session, body.parameters);
    const queryId = reply.success ? (reply.data as { queryId: string }).queryId : reply.data.queryId!;
    this.remember(queryId, { sqlText, startTime: start, endTime: Date.now(), reply });
    if (body.asyncExec === true && reply.success) {
      return {
        success: true,
        code: '333334',
        message:
          'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
        data: { queryId, getResultUrl: `/queries/${queryId}/result` },
      };
    }
    return reply;
  }

  private execute(sqlText: string, binds: Bind[], session: Session, parameters: unknown): Reply {
    const tag = (parameters as { QUERY_TAG?: unknown } | undefined)?.QUERY_TAG;
    const previousTag = session.queryTag;
    if (typeof tag === 'string') session.queryTag = tag;
    try {
      const result = this.engine.execute(sqlText, binds, session);
      const { rowtype, rowset } = encodeResult(result);
      return {
        success: true,
        data: {
          parameters: SESSION_PARAMETERS,
          rowtype,
          rowset,
          total: rowset.length,
          returned: rowset.length,
          queryId: result.queryId,
          databaseProvider: null,
          finalDatabaseName: session.database,
          finalSchemaName: session.schema,
          finalWarehouseName: session.warehouse,
          finalRoleName: session.role,
          numberOfBinds: binds.length,
          arrayBindSupported: false,
          statementTypeId: statementTypeId(sqlText),
          version: 1,
          sendResultTime: Date.now(),
          queryResultFormat: 'json',
        },
      };
    } catch (e) {
      if (e instanceof EmulatorSqlError) return failure(e.code, e.message, e.sqlState, e.queryId || newQueryId());
      throw e;
    } finally {
      // A statement's QUERY_TAG parameter applies to that statement only.
      if (typeof tag === 'string') session.queryTag = previousTag;
    }
  }

  private refuse(sqlText: string, message: string): WireFailure {
    const reply = failure('000002', message, '0A000', newQueryId());
    this.remember(reply.data.queryId!, { sqlText, startTime: Date.now(), endTime: Date.now(), reply });
    return reply;
  }

  private remember(queryId: string, entry: Logged): void {
    this.log.set(queryId, entry);
    if (this.log.size > KEEP) this.log.delete(this.log.keys().next().value!);
  }

  /** `GET /queries/<id>/result`: the stored answer, as it was first sent. */
  result(queryId: string): Reply {
    const entry = this.log.get(queryId);
    if (!entry) return failure('000709', `Statement ${queryId} not found`, '02000', queryId);
    return entry.reply;
  }

  /** `GET /monitoring/queries/<id>`: SUCCESS or FAILED_WITH_ERROR with the error. */
  status(queryId: string): Reply {
    const entry = this.log.get(queryId);
    if (!entry) return { success: true, data: { queries: [] } };
    const failed = !entry.reply.success;
    return {
      success: true,
      data: {
        queries: [
          {
            id: queryId,
            sqlText: entry.sqlText,
            status: failed ? 'FAILED_WITH_ERROR' : 'SUCCESS',
            state: failed ? 'FAILED_WITH_ERROR' : 'SUCCEEDED',
            startTime: entry.startTime,
            endTime: entry.endTime,
            totalDuration: entry.endTime - entry.startTime,
            ...(failed && !entry.reply.success
              ? { errorCode: entry.reply.code, errorMessage: entry.reply.message }
              : {}),
          },
        ],
      },
    };
  }
}
