/**
 * SHOW PARAMETERS [LIKE 'p'] [IN { SESSION | ACCOUNT | WAREHOUSE w | DATABASE d | SCHEMA s |
 * TABLE t }]: the parameters the emulator keeps, with Snowflake's columns key, value, default,
 * level, description and type. `level` is empty when the value is the default.
 */
import type { Row } from '../../client/types.js';
import type { CatalogObject } from '../catalog.js';
import { cannotPerform, doesNotExist, shown } from '../errors.js';
import type { DatabaseProps } from '../kinds/database.js';
import type { SchemaProps } from '../kinds/schema.js';
import { requireDatabase, requireSchema, resolveObject, resolveSchema } from '../names.js';
import type { Parser } from '../parser.js';
import type { ExecContext, Registry, Statement } from '../registry.js';
import { columns, rows } from '../results.js';
import { likeToRegExp } from '../show.js';
import { requireTable } from '../tables/model.js';
import type { WarehouseProps } from '../warehouses/model.js';

interface Param {
  key: string;
  value: string | number | boolean | null | undefined;
  default: string;
  type: 'NUMBER' | 'STRING' | 'BOOLEAN';
  description: string;
}

const COLUMNS = columns('key:text value:text default:text level:text description:text type:text');

const RETENTION = 'number of days for which Snowflake retains historical data for performing Time Travel actions';
const EXTENSION = 'Maximum number of days Snowflake may extend data retention to prevent streams becoming stale';
const COLLATION = 'Collation that is used for all the new columns created by the DDL statements (if not specified)';

function warehouseParams(w: WarehouseProps): Param[] {
  return [
    {
      key: 'MAX_CONCURRENCY_LEVEL',
      value: w.maxConcurrency,
      default: '8',
      type: 'NUMBER',
      description: 'Concurrency level for SQL statements executed by a warehouse cluster',
    },
    {
      key: 'STATEMENT_QUEUED_TIMEOUT_IN_SECONDS',
      value: w.queuedTimeout,
      default: '0',
      type: 'NUMBER',
      description: 'Timeout in seconds for queued statements',
    },
    {
      key: 'STATEMENT_TIMEOUT_IN_SECONDS',
      value: w.statementTimeout,
      default: '172800',
      type: 'NUMBER',
      description: 'Timeout in seconds for statements',
    },
  ];
}

function storageParams(retention: number, maxExtension: number, collation: string): Param[] {
  return [
    { key: 'DATA_RETENTION_TIME_IN_DAYS', value: retention, default: '1', type: 'NUMBER', description: RETENTION },
    { key: 'DEFAULT_DDL_COLLATION', value: collation, default: '', type: 'STRING', description: COLLATION },
    {
      key: 'MAX_DATA_EXTENSION_TIME_IN_DAYS',
      value: maxExtension,
      default: '14',
      type: 'NUMBER',
      description: EXTENSION,
    },
  ];
}

function sessionParams(ctx: ExecContext): Param[] {
  return [
    { key: 'AUTOCOMMIT', value: true, default: 'true', type: 'BOOLEAN', description: 'The autocommit property' },
    {
      key: 'QUERY_TAG',
      value: ctx.session.queryTag ?? '',
      default: '',
      type: 'STRING',
      description: 'String (up to 4096 characters) used to tag statements executed by the session',
    },
    {
      key: 'TIMEZONE',
      value: 'UTC',
      default: 'America/Los_Angeles',
      type: 'STRING',
      description: 'time zone',
    },
  ];
}

function toRows(params: Param[], level: string, like: string | undefined): Row[] {
  const re = like === undefined ? null : likeToRegExp(like);
  return params
    .filter((p) => !re || re.test(p.key))
    .map((p) => {
      const value = p.value === null || p.value === undefined ? '' : String(p.value);
      return {
        key: p.key,
        value,
        default: p.default,
        level: value === p.default ? '' : level,
        description: p.description,
        type: p.type,
      };
    });
}

function showParameters(p: Parser): Statement {
  const like = p.acceptKw('LIKE') ? p.string() : undefined;
  let target: (ctx: ExecContext) => { params: Param[]; level: string };
  if (!p.acceptKw('IN') || p.acceptOneOf('SESSION', 'ACCOUNT', 'USER')) {
    if (p.isName()) p.name();
    target = (ctx) => ({ params: sessionParams(ctx), level: 'SESSION' });
  } else if (p.acceptKw('WAREHOUSE')) {
    const name = p.name();
    target = (ctx) => {
      const w = ctx.catalog.get<WarehouseProps>({ kind: 'warehouse', name });
      if (!w) throw doesNotExist('Warehouse', shown(name));
      return { params: warehouseParams(w.props), level: 'WAREHOUSE' };
    };
  } else if (p.acceptKw('DATABASE')) {
    const name = p.isName() ? p.name() : null;
    target = (ctx) => {
      const db = name ?? ctx.session.database;
      if (!db) throw cannotPerform();
      const d = requireDatabase(ctx, db) as CatalogObject<DatabaseProps>;
      return { params: storageParams(d.props.retention, d.props.maxExtension, d.props.collation), level: 'DATABASE' };
    };
  } else if (p.acceptKw('SCHEMA')) {
    const parts = p.isName() ? p.qualifiedName(2) : null;
    target = (ctx) => {
      if (!parts && !ctx.session.schema) throw cannotPerform();
      const ref = resolveSchema(ctx, parts ?? [ctx.session.schema!], 'SHOW PARAMETERS');
      const s = requireSchema(ctx, ref) as CatalogObject<SchemaProps>;
      return { params: storageParams(s.props.retention, 14, ''), level: 'SCHEMA' };
    };
  } else {
    p.expectKw('TABLE');
    const parts = p.qualifiedName(3);
    target = (ctx) => {
      const t = requireTable(ctx, resolveObject(ctx, parts, 'SHOW PARAMETERS'));
      return { params: storageParams(t.props.retention, 14, ''), level: 'TABLE' };
    };
  }
  p.end();
  return {
    writes: false,
    run(ctx) {
      const { params, level } = target(ctx);
      return rows(COLUMNS, toRows(params, level, like));
    },
  };
}

export function register(registry: Registry): void {
  registry.on('SHOW', 'PARAMETERS', showParameters);
}
