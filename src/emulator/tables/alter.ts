/**
 * ALTER TABLE: add/drop/rename/alter columns (the storage is rebuilt, so NOT NULL and types
 * follow), add/drop constraints, CLUSTER BY, SET/UNSET properties, RENAME TO.
 */
import { compilationError, doesNotExist, shown, unsupported } from '../errors.js';
import { alterHandler, type Change as KindChange, renameInSchema, setProps, unsetProps } from '../kinds/verbs.js';
import type { Parser } from '../parser.js';
import type { ExecContext } from '../registry.js';
import {
  atOutOfLineConstraint,
  type ColumnDef,
  parseColumnDef,
  parseOutOfLineConstraint,
  parseType,
} from './columns.js';
import {
  addConstraints,
  applyProps,
  invalidIdentifier,
  PROPS,
  parseClusterBy,
  requireNoNulls,
  setColumns,
  TABLE,
  type TableObject,
  type TableProps,
} from './model.js';
import { rowCount } from './storage.js';

type Change = KindChange<TableObject>;

function addColumns(p: Parser): Change {
  p.acceptKw('COLUMN');
  const ifNotExists = p.acceptKw('IF NOT EXISTS');
  const added = [parseColumnDef(p)];
  while (p.acceptPunct(',')) {
    p.acceptKw('COLUMN');
    added.push(parseColumnDef(p));
  }
  return (ctx, t) => {
    const props: TableProps = { ...t.props, columns: [...t.props.columns], constraints: [...t.props.constraints] };
    const nonEmpty = rowCount(ctx.db, t.id) > 0;
    for (const { column, constraints } of added) {
      if (props.columns.some((c) => c.name === column.name)) {
        if (ifNotExists) continue;
        throw compilationError(`column '${shown(column.name)}' already exists`, '002025', '42S21');
      }
      const notNull = !column.nullable || constraints.some((c) => c.type === 'PRIMARY KEY');
      if (nonEmpty && notNull && (column.default === null || column.default === 'NULL')) {
        throw compilationError(
          `Non-nullable column '${shown(column.name)}' cannot be added to non-empty table '${shown(t.name)}' unless it has a non-null default value.`,
          '002029',
          '42601',
        );
      }
      props.columns.push(column);
      addConstraints(ctx, props, t.name, constraints);
    }
    setColumns(ctx, t, props);
  };
}

function dropColumns(p: Parser): Change {
  p.acceptKw('COLUMN');
  const ifExists = p.acceptKw('IF EXISTS');
  const names = [p.name()];
  while (p.acceptPunct(',')) names.push(p.name());
  return (ctx, t) => {
    const gone = names.filter((n) => t.props.columns.some((c) => c.name === n));
    if (!ifExists && gone.length < names.length) throw invalidIdentifier(names.find((n) => !gone.includes(n))!);
    const remaining = t.props.columns.filter((c) => !gone.includes(c.name));
    if (remaining.length === 0) {
      throw compilationError(
        `Cannot drop column '${shown(gone[gone.length - 1])}' which is the only column in the table.`,
        '002044',
        '42601',
      );
    }
    const constraints = t.props.constraints
      .map((c) => ({ ...c, columns: c.columns.filter((n) => !gone.includes(n)) }))
      .filter((c) => c.columns.length > 0);
    setColumns(ctx, t, { ...t.props, columns: remaining, constraints });
  };
}

function alterColumns(p: Parser): Change {
  const edits: ((props: TableProps, ctx: ExecContext, t: TableObject) => void)[] = [];
  do {
    p.acceptKw('COLUMN');
    const name = p.name();
    const col = (props: TableProps) => {
      const c = props.columns.find((x) => x.name === name);
      if (!c) throw invalidIdentifier(name);
      return c;
    };
    if (p.acceptKw('SET NOT NULL')) {
      edits.push((props, ctx, t) => {
        const c = col(props);
        requireNoNulls(ctx, t, [c.name]);
        c.nullable = false;
      });
    } else {
      let patch: Partial<ColumnDef>;
      if (p.acceptKw('DROP NOT NULL')) patch = { nullable: true };
      else if (p.acceptKw('DROP DEFAULT')) patch = { default: null };
      else if (p.acceptKw('COMMENT')) patch = { comment: p.string() };
      else if (p.acceptKw('UNSET COMMENT')) patch = { comment: null };
      else if (p.acceptKw('SET DATA TYPE') || p.acceptKw('TYPE') || p.acceptKw('SET TYPE'))
        patch = { type: parseType(p) };
      else if (p.isKw('SET')) throw unsupported('ALTER TABLE ... ALTER COLUMN SET DEFAULT');
      else throw p.fail();
      edits.push((props) => {
        Object.assign(col(props), patch);
      });
    }
  } while (p.acceptPunct(','));
  return (ctx, t) => {
    const props: TableProps = { ...t.props, columns: t.props.columns.map((c) => ({ ...c })) };
    for (const e of edits) e(props, ctx, t);
    setColumns(ctx, t, props);
  };
}

function parseChange(p: Parser): Change {
  let change: Change;
  if (p.acceptKw('ADD')) {
    if (atOutOfLineConstraint(p)) {
      const def = parseOutOfLineConstraint(p);
      change = (ctx, t) => {
        const props = { ...t.props, constraints: [...t.props.constraints] };
        addConstraints(ctx, props, t.name, [def]);
        if (def.type === 'PRIMARY KEY') requireNoNulls(ctx, t, def.columns);
        setColumns(ctx, t, props);
      };
    } else change = addColumns(p);
  } else if (p.acceptKw('DROP')) {
    if (p.acceptKw('PRIMARY KEY')) {
      change = (ctx, t) => {
        if (!t.props.constraints.some((c) => c.type === 'PRIMARY KEY')) {
          throw compilationError(`Table '${shown(t.name)}' does not have a primary key.`, '002003', '02000');
        }
        ctx.catalog.update(t, { ...t.props, constraints: t.props.constraints.filter((c) => c.type !== 'PRIMARY KEY') });
      };
    } else if (p.acceptKw('CONSTRAINT')) {
      const name = p.name();
      p.acceptOneOf('CASCADE', 'RESTRICT');
      change = (ctx, t) => {
        if (!t.props.constraints.some((c) => c.name === name)) throw doesNotExist('Constraint', shown(name));
        ctx.catalog.update(t, { ...t.props, constraints: t.props.constraints.filter((c) => c.name !== name) });
      };
    } else if (p.acceptKw('CLUSTERING KEY')) {
      change = (ctx, t) => ctx.catalog.update(t, { ...t.props, clusterBy: null });
    } else change = dropColumns(p);
  } else if (p.acceptKw('RENAME COLUMN')) {
    const from = p.name();
    p.expectKw('TO');
    const to = p.name();
    change = (ctx, t) => {
      if (!t.props.columns.some((c) => c.name === from)) throw invalidIdentifier(from);
      if (t.props.columns.some((c) => c.name === to)) {
        throw compilationError(`column '${shown(to)}' already exists`, '002025', '42S21');
      }
      const props: TableProps = {
        ...t.props,
        columns: t.props.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
        constraints: t.props.constraints.map((c) => ({ ...c, columns: c.columns.map((n) => (n === from ? to : n)) })),
      };
      setColumns(ctx, t, props, new Map(props.columns.map((c) => [c.name, c.name === to ? from : c.name])));
    };
  } else if (p.acceptKw('RENAME TO')) change = renameInSchema(p, 'table', 'ALTER TABLE');
  else if (p.isKw('ALTER') || p.isKw('MODIFY')) {
    p.next();
    change = alterColumns(p);
  } else if (p.acceptKw('CLUSTER BY')) {
    const keys = parseClusterBy(p);
    change = (ctx, t) => ctx.catalog.update(t, { ...t.props, clusterBy: keys });
  } else if (p.acceptKw('SET')) change = setProps(p, PROPS, applyProps);
  else if (p.acceptKw('UNSET')) change = unsetProps(p, PROPS, applyProps);
  else if (p.isKw('SWAP')) throw unsupported('ALTER TABLE ... SWAP WITH');
  else throw p.fail();
  return change;
}

export const alter = alterHandler(TABLE, parseChange);
