/**
 * SHOW PRIMARY KEYS / SHOW UNIQUE KEYS [IN ACCOUNT | DATABASE [d] | SCHEMA [s] | TABLE t | t]:
 * one row per key column, so resources can read a table's constraints.
 */
import type { Row } from '../../client/types.js';
import { resolveObject } from '../names.js';
import type { Parser } from '../parser.js';
import type { ExecContext, Head, Registry, Statement } from '../registry.js';
import { columns, rows } from '../results.js';
import { parseShowOptions, resolveScope } from '../show.js';
import { requireTable, type TableObject, type TableProps } from './model.js';

const KEY_COLUMNS = columns(
  'created_on:timestamp_ltz database_name:text schema_name:text table_name:text column_name:text key_sequence:fixed ' +
    'constraint_name:text rely:text comment:text',
);

function keyRows(t: TableObject, type: string): Row[] {
  const out: Row[] = [];
  for (const c of t.props.constraints.filter((x) => x.type === type)) {
    c.columns.forEach((column, i) => {
      out.push({
        created_on: new Date(c.createdOn),
        database_name: t.database,
        schema_name: t.schema,
        table_name: t.name,
        column_name: column,
        key_sequence: i + 1,
        constraint_name: c.name,
        rely: 'false',
        comment: null,
      });
    });
  }
  return out;
}

function showKeys(type: 'PRIMARY KEY' | 'UNIQUE') {
  return (p: Parser, head: Head): Statement => {
    // IN TABLE t, or IN t: a bare name after IN is a table here.
    if (p.isKw('IN') && !p.isKw('ACCOUNT', 1) && !p.isKw('DATABASE', 1) && !p.isKw('SCHEMA', 1)) {
      p.expectKw('IN');
      p.acceptKw('TABLE');
      const parts = p.qualifiedName(3);
      p.end();
      return {
        writes: false,
        run(ctx: ExecContext) {
          const t = requireTable(ctx, resolveObject(ctx, parts, `SHOW ${type}S`));
          return rows(KEY_COLUMNS, keyRows(t, type));
        },
      };
    }
    const o = parseShowOptions(p, head, 'schema');
    return {
      writes: false,
      run(ctx: ExecContext) {
        const scope = resolveScope(ctx, o);
        const tables = ctx.catalog.list<TableProps>('table', scope);
        return rows(
          KEY_COLUMNS,
          tables.flatMap((t) => keyRows(t, type)),
        );
      },
    };
  };
}

export function register(registry: Registry): void {
  registry.on('SHOW', 'PRIMARY KEYS', showKeys('PRIMARY KEY'));
  registry.on('SHOW', 'UNIQUE KEYS', showKeys('UNIQUE'));
}
