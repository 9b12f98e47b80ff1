/**
 * Hostile names and values at every core tool: each is either refused as invalid_input with
 * nothing changed, or creates exactly the object asked for under its exact stored name, with
 * nothing else in the catalog added or removed.
 */
import { describe, expect, it } from 'vitest';
import { parseName } from '../../src/sql/identifiers.js';
import { type Harness, harness } from './helpers.js';

const HOSTILE_NAMES = [
  'x"; DROP DATABASE KEEP; --',
  '"a""b"',
  'a"b',
  "it's",
  'semi;colon',
  '-- comment',
  '/* c */',
  '$$',
  'x$$y',
  'naïve_名前_🙂',
  'with space',
  'select',
  'PUBLIC.X',
  '\\',
  'a'.repeat(255),
  'a'.repeat(256),
  '',
  '   ',
  '""',
  '"unterminated',
  'line\nbreak',
  'tab\there',
  'nul\u0000x',
  'bell\u0007',
];

const HOSTILE_VALUES = ["'; DROP DATABASE KEEP; --", '$$ DROP $$', 'back\\slash\\', "multi\nline 'q'", '名前 🙂', ''];

/** Lines added and removed between two catalog states. */
function diff(before: string[], after: string[]) {
  return { added: after.filter((l) => !before.includes(l)), removed: before.filter((l) => !after.includes(l)) };
}

async function outcome(h: Harness, tool: string, args: Record<string, unknown>) {
  try {
    return { result: await h.confirmed(tool, args), error: undefined };
  } catch (e) {
    return { result: undefined, error: e as { code: string; message: string } };
  }
}

function stored(name: string): string | undefined {
  try {
    return parseName(name);
  } catch {
    return undefined;
  }
}

/** One name per stored form: `a"b` and `"a""b"` name the same object. */
function distinct(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const s = stored(n);
    if (s === undefined) return true;
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}

async function setup() {
  const h = harness();
  await h.call('create_database', { name: 'KEEP' });
  await h.call('create_table', {
    database: 'KEEP',
    schema: 'PUBLIC',
    name: 'T',
    columns: [{ name: 'C', datatype: 'int' }],
  });
  return h;
}

describe('hostile names', () => {
  it('create_database: refused, or exactly the named database', async () => {
    const h = await setup();
    for (const name of distinct(HOSTILE_NAMES)) {
      const before = await h.state();
      const { result, error } = await outcome(h, 'create_database', { name });
      const { added, removed } = diff(before, await h.state());
      const expected = stored(name);
      if (expected === undefined) {
        expect(error?.code, name).toBe('invalid_input');
        expect(added, name).toEqual([]);
      } else {
        expect(error, name).toBeUndefined();
        expect(result?.object, name).toMatchObject({ name: expected });
        expect(added.length, name).toBeGreaterThan(0);
        for (const line of added) {
          expect(
            line.startsWith(`database ${JSON.stringify(expected)} `) ||
              line.startsWith(`schema ${JSON.stringify([expected]).slice(0, -1)},`),
            line,
          ).toBe(true);
        }
      }
      expect(removed, name).toEqual([]);
    }
  });

  it('create_schema, create_table (table and column names), create_stage and create_warehouse', async () => {
    const h = await setup();
    const calls: [string, (n: string) => Record<string, unknown>, (s: string) => string][] = [
      ['create_schema', (n) => ({ database: 'KEEP', name: n }), (s) => `schema ${JSON.stringify(['KEEP', s])}`],
      [
        'create_table',
        (n) => ({ database: 'KEEP', schema: 'PUBLIC', name: n, columns: [{ name: 'C', datatype: 'int' }] }),
        // The table line and its column lines: the JSON array open after the name.
        (s) => JSON.stringify(['KEEP', 'PUBLIC', s]).slice(0, -1),
      ],
      [
        'create_table',
        (n) => ({
          database: 'KEEP',
          schema: 'PUBLIC',
          name: 'COLS',
          mode: 'or_replace',
          columns: [{ name: n, datatype: 'int' }],
        }),
        () => JSON.stringify(['KEEP', 'PUBLIC', 'COLS']).slice(0, -1),
      ],
      [
        'add_column',
        (n) => ({ database: 'KEEP', schema: 'PUBLIC', table: 'T', column: { name: n, datatype: 'int' } }),
        (s) => `column ${JSON.stringify(['KEEP', 'PUBLIC', 'T', s])} `,
      ],
      [
        'create_stage',
        (n) => ({ database: 'KEEP', schema: 'PUBLIC', name: n }),
        (s) => `stage ${JSON.stringify(['KEEP', 'PUBLIC', s])}`,
      ],
      ['create_warehouse', (n) => ({ name: n, initially_suspended: true }), (s) => `warehouse ${JSON.stringify(s)} `],
    ];
    for (const [tool, args, mark] of calls) {
      for (const name of distinct(HOSTILE_NAMES)) {
        const before = await h.state();
        const { error } = await outcome(h, tool, args(name));
        const { added, removed } = diff(before, await h.state());
        const expected = stored(name);
        const label = `${tool} ${JSON.stringify(name)}`;
        if (expected === undefined) {
          expect(error?.code, label).toBe('invalid_input');
          expect(added, label).toEqual([]);
          expect(removed, label).toEqual([]);
          continue;
        }
        expect(error, label).toBeUndefined();
        for (const line of added) expect(line.includes(mark(expected)), `${label}: ${line}`).toBe(true);
        if (tool === 'create_table' && args(name).name === 'COLS') {
          // or_replace swaps the previous COLS table for one with exactly this column.
          expect(
            added.some((l) => l.startsWith(`column ${JSON.stringify(['KEEP', 'PUBLIC', 'COLS', expected])}`)),
          ).toBe(true);
          for (const line of removed) expect(line.includes('"COLS"'), `${label}: ${line}`).toBe(true);
        } else {
          expect(added.length, label).toBeGreaterThan(0);
          expect(removed, label).toEqual([]);
        }
      }
    }
  });

  it('list_objects, describe_object and drop_object never touch other objects', async () => {
    const h = await setup();
    const before = await h.state();
    for (const name of HOSTILE_NAMES) {
      for (const [tool, args] of [
        ['list_objects', { kind: 'database', like: name }],
        ['list_objects', { kind: 'table', database: 'KEEP', starts_with: name }],
        ['describe_object', { kind: 'table', database: 'KEEP', schema: 'PUBLIC', name }],
        ['drop_object', { kind: 'table', database: 'KEEP', schema: 'PUBLIC', name }],
        ['drop_object', { kind: 'database', name, if_exists: true }],
      ] as const) {
        const { error } = await outcome(h, tool, args);
        if (error) expect(['invalid_input', 'not_found'], `${tool} ${JSON.stringify(name)}`).toContain(error.code);
      }
    }
    expect(await h.state()).toEqual(before);
  });
});

describe('hostile values', () => {
  it('comments are stored exactly as given', async () => {
    const h = await setup();
    for (const [i, comment] of HOSTILE_VALUES.entries()) {
      const before = await h.state();
      const result = await h.call('create_database', { name: `C${i}`, comment });
      expect((result.object as { comment: string | null }).comment ?? '').toBe(comment);
      const { added, removed } = diff(before, await h.state());
      expect(removed).toEqual([]);
      for (const line of added) expect(line.includes(`"C${i}"`)).toBe(true);
    }
  });

  it('SQL in a datatype, default, cluster_by or size is refused and changes nothing', async () => {
    const h = await setup();
    const before = await h.state();
    const column = { name: 'X', datatype: 'int' };
    const attempts: [string, Record<string, unknown>][] = [
      [
        'create_table',
        {
          database: 'KEEP',
          schema: 'PUBLIC',
          name: 'N',
          columns: [{ ...column, datatype: 'int); DROP DATABASE KEEP; --' }],
        },
      ],
      [
        'create_table',
        { database: 'KEEP', schema: 'PUBLIC', name: 'N', columns: [{ ...column, datatype: 'int default 1' }] },
      ],
      [
        'create_table',
        {
          database: 'KEEP',
          schema: 'PUBLIC',
          name: 'N',
          columns: [{ ...column, default: '1); DROP DATABASE KEEP; --' }],
        },
      ],
      [
        'create_table',
        { database: 'KEEP', schema: 'PUBLIC', name: 'N', columns: [{ ...column, default: "'a' || (SELECT 1)" }] },
      ],
      ['create_table', { database: 'KEEP', schema: 'PUBLIC', name: 'N', columns: [{ ...column, default: '$$x$$' }] }],
      [
        'add_column',
        {
          database: 'KEEP',
          schema: 'PUBLIC',
          table: 'T',
          column: { ...column, datatype: 'int; DROP TABLE KEEP.PUBLIC.T' },
        },
      ],
      [
        'add_column',
        { database: 'KEEP', schema: 'PUBLIC', table: 'T', column: { ...column, default: 'CURRENT_DATE(); --' } },
      ],
      ['create_table', { database: 'KEEP', schema: 'PUBLIC', name: 'N', columns: [], mode: 'or_replace' }],
      ['create_warehouse', { name: 'W', size: 'SMALL AUTO_SUSPEND = 1; DROP DATABASE KEEP' }],
      ['create_database', { name: 'N', data_retention_time_in_days: '1; DROP DATABASE KEEP' }],
      ['create_warehouse', { name: 'W', auto_suspend: -1 }],
    ];
    for (const [tool, args] of attempts) {
      const { error } = await outcome(h, tool, args);
      expect(error?.code, `${tool} ${JSON.stringify(args)}`).toBe('invalid_input');
    }
    // A clustering key names columns: hostile text becomes a quoted name, which does not exist.
    const { error } = await outcome(h, 'create_table', {
      database: 'KEEP',
      schema: 'PUBLIC',
      name: 'N',
      columns: [column],
      cluster_by: ['X); DROP DATABASE KEEP; --'],
    });
    if (error === undefined) {
      expect((await h.state()).filter((l) => !before.includes(l)).every((l) => l.includes('"N"'))).toBe(true);
      await h.confirmed('drop_object', { kind: 'table', database: 'KEEP', schema: 'PUBLIC', name: 'N' });
    }
    expect(await h.state()).toEqual(before);
  });
});
