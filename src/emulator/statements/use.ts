/** USE DATABASE / SCHEMA / WAREHOUSE / ROLE / SECONDARY ROLES: session state only, no writes. */
import { cannotPerform, doesNotExist, shown } from '../errors.js';
import { findDatabase, findSchema } from '../names.js';
import type { Parser } from '../parser.js';
import type { ExecContext, Registry, Statement } from '../registry.js';
import { OK, status } from '../results.js';

/** The account's roles; every one of them owns everything locally. */
export const ROLES = ['ACCOUNTADMIN', 'ORGADMIN', 'PUBLIC', 'SECURITYADMIN', 'SYSADMIN', 'USERADMIN'];

function useSchema(parts: string[]): Statement['run'] {
  return (ctx) => {
    const database = parts.length === 2 ? parts[0] : ctx.session.database;
    const schema = parts[parts.length - 1];
    if (!database || !findSchema(ctx, { database, schema })) throw cannotPerform();
    ctx.session.database = database;
    ctx.session.schema = schema;
    return status(OK);
  };
}

function useDatabase(name: string): Statement['run'] {
  return (ctx) => {
    if (!findDatabase(ctx, name)) throw cannotPerform();
    ctx.session.database = name;
    ctx.session.schema = findSchema(ctx, { database: name, schema: 'PUBLIC' }) ? 'PUBLIC' : null;
    return status(OK);
  };
}

export function parseUse(p: Parser): Statement {
  let run: Statement['run'];
  if (p.acceptKw('DATABASE')) run = useDatabase(p.name());
  else if (p.acceptKw('SCHEMA')) run = useSchema(p.qualifiedName(2));
  else if (p.acceptKw('WAREHOUSE')) {
    const name = p.name();
    run = (ctx: ExecContext) => {
      if (!ctx.catalog.get({ kind: 'warehouse', name })) throw cannotPerform();
      ctx.session.warehouse = name;
      return status(OK);
    };
  } else if (p.acceptKw('SECONDARY ROLES')) {
    if (!p.acceptOneOf('ALL', 'NONE')) p.qualifiedName(1);
    run = () => status(OK);
  } else if (p.acceptKw('ROLE')) {
    const name = p.name();
    run = (ctx: ExecContext) => {
      if (!ROLES.includes(name)) throw doesNotExist('Role', shown(name));
      ctx.session.role = name;
      return status(OK);
    };
  } else {
    const parts = p.qualifiedName(2);
    run = parts.length === 2 ? useSchema(parts) : useDatabase(parts[0]);
  }
  p.end();
  return { writes: false, run };
}

export function register(registry: Registry): void {
  registry.on('USE', '', (p) => parseUse(p));
}
