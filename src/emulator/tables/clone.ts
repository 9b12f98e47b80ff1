/**
 * The copy of one table, for CREATE TABLE ... CLONE and for the tables of a cloned schema or
 * database: its definition (columns, constraints, clustering, properties) and its rows, in new
 * storage, created now.
 */
import type { CloneScope, CloneTarget } from '../clone.js';
import type { ExecContext } from '../registry.js';
import type { StoredConstraint, TableObject, TableProps } from './model.js';
import { copyStorage } from './storage.js';

/**
 * Where a foreign key of the copy points: its table as a full name (the emulator keeps the name
 * as written, so a partial one is read from the source table's own schema, the best guess at
 * what it meant), moved into the clone when it lies inside the container being cloned; a table
 * outside it (or any table, for a table clone) stays the one the source points at.
 */
function referenceOfCopy(table: string[], source: TableObject, scope: CloneScope | undefined): string[] {
  const [database, schema, name] = [source.database!, source.schema!].slice(0, 3 - table.length).concat(table);
  if (scope && database === scope.from.database && (scope.from.schema ?? schema) === schema) {
    return [scope.to.database, scope.to.schema ?? schema, name];
  }
  return [database, schema, name];
}

/**
 * Copies `source` to `target`: a new catalog object whose rows are independent of the source's
 * from now on. `kind` is the clone's kind when the statement names one (TRANSIENT, TEMPORARY);
 * otherwise the source's.
 */
export function cloneTable(
  ctx: ExecContext,
  source: TableObject,
  target: CloneTarget,
  scope?: CloneScope,
  kind?: TableProps['kind'],
): TableObject {
  const constraints: StoredConstraint[] = source.props.constraints.map((c) => ({
    ...c,
    createdOn: ctx.now.getTime(),
    ...(c.references
      ? { references: { ...c.references, table: referenceOfCopy(c.references.table, source, scope) } }
      : {}),
  }));
  const props: TableProps = { ...source.props, kind: kind ?? source.props.kind, constraints };
  const copy = ctx.catalog.insert<TableProps>(
    { kind: 'table', database: target.database, schema: target.schema, name: target.name },
    props,
    ctx.now,
  );
  copyStorage(ctx.db, source.id, copy.id, props.columns);
  return copy;
}
