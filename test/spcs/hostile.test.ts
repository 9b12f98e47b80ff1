/**
 * Hostile names and values at the container-services tools: each call is refused (invalid_input,
 * or not_found for a plain name of a container that does not exist) with nothing changed, or creates exactly the object asked for under its exact
 * stored name, with nothing else added or removed.
 */
import { describe, expect, it } from 'vitest';
import { parseName } from '../../src/sql/identifiers.js';
import { harness, SPEC } from './helpers.js';

const HOSTILE_NAMES = [
  'x"; DROP DATABASE KEEP; --',
  '"a""b"',
  "it's",
  'semi;colon',
  '-- comment',
  '$$',
  'x$$y',
  'naïve_名前',
  'with space',
  'select',
  'KEEP.PUBLIC.X',
  '\\',
  'a'.repeat(256),
  '',
  '"unterminated',
  'line\nbreak',
  'nul\u0000x',
];

const HOSTILE_VALUES = ["'; DROP DATABASE KEEP; --", '$$ DROP $$', 'back\\slash\\', "multi\nline 'q'", '名前', ''];

function added(before: string[], after: string[]): string[] {
  return after.filter((l) => !before.includes(l));
}

function removed(before: string[], after: string[]): string[] {
  return before.filter((l) => !after.includes(l));
}

/** Either refused as invalid_input, or exactly `expected` appeared; nothing else changed. */
async function check(
  h: ReturnType<typeof harness>,
  tool: string,
  args: Record<string, unknown>,
  expected: () => string,
) {
  const before = await h.state();
  let refused = false;
  try {
    const result = await h.confirmed(tool, args);
    expect(result.status).toBe('done');
  } catch (e) {
    const err = e as { code?: string; message?: string };
    // A plain name for a container that does not exist (database X$$Y) is not_found: also nothing ran.
    expect(['invalid_input', 'not_found'], `${tool} ${JSON.stringify(args)}: ${err.message}`).toContain(err.code);
    refused = true;
  }
  const after = await h.state();
  expect(removed(before, after)).toEqual([]);
  expect(added(before, after)).toEqual(refused ? [] : [expected()]);
}

describe('hostile input at the container-services tools', () => {
  it('compute pool names and values', async () => {
    const h = harness();
    await h.call('create_database', { name: 'keep' });
    for (const name of HOSTILE_NAMES) {
      await check(h, 'create_compute_pool', { name, instance_family: 'CPU_X64_XS', min_nodes: 1, max_nodes: 1 }, () => {
        return `compute_pool ${parseName(name)}`;
      });
    }
    for (const value of HOSTILE_VALUES) {
      await check(
        h,
        'create_compute_pool',
        { name: 'p1', instance_family: value, min_nodes: 1, max_nodes: 1 },
        () => 'never',
      );
      await check(
        h,
        'create_compute_pool',
        {
          name: `c${HOSTILE_VALUES.indexOf(value)}`,
          instance_family: 'CPU_X64_XS',
          min_nodes: 1,
          max_nodes: 1,
          comment: value,
        },
        () => `compute_pool C${HOSTILE_VALUES.indexOf(value)}`,
      );
    }
    const comments = (await h.sql("SHOW COMPUTE POOLS LIKE 'C%'")).rows.map((r) => r.comment);
    expect(comments).toEqual(HOSTILE_VALUES);
    expect(await h.state()).toContain('database KEEP');
  });

  it('image repository names (quoted names are allowed there)', async () => {
    const h = harness();
    await h.call('create_database', { name: 'keep' });
    for (const name of HOSTILE_NAMES) {
      await check(h, 'create_image_repository', { database: 'keep', schema: 'public', name }, () => {
        return `image_repository KEEP.PUBLIC.${parseName(name)}`;
      });
    }
  });

  it('service names, its database, schema and pool, and hostile text inside the spec', async () => {
    const h = harness();
    await h.call('create_database', { name: 'keep' });
    await h.call('create_compute_pool', { name: 'pool', instance_family: 'CPU_X64_XS', min_nodes: 1, max_nodes: 1 });
    const base = { database: 'keep', schema: 'public', name: 'svc', compute_pool: 'pool', spec: SPEC('nginx:latest') };
    for (const name of HOSTILE_NAMES) {
      for (const field of ['name', 'database', 'schema', 'compute_pool']) {
        await check(h, 'create_service', { ...base, [field]: name }, () => `service KEEP.PUBLIC.${parseName(name)}`);
        if ((await h.state()).some((l) => l.startsWith('service '))) {
          await h.confirmed('drop_object', {
            kind: 'service',
            database: 'keep',
            schema: 'public',
            name: parseName(name),
          });
        }
      }
    }
    for (const [i, value] of HOSTILE_VALUES.entries()) {
      const name = `s${i}`;
      await check(h, 'create_service', { ...base, name, spec: SPEC(JSON.stringify(value)), comment: value }, () =>
        value === '' ? 'never' : `service KEEP.PUBLIC.S${i}`,
      );
      await check(
        h,
        'create_service',
        { ...base, name: `q${i}`, spec: `${SPEC('x')}# ${value.replace(/\n/g, ' ')}\n` },
        () => `service KEEP.PUBLIC.Q${i}`,
      );
      await check(
        h,
        'create_service',
        { ...base, name: `f${i}`, spec: undefined, spec_file: { stage: 'nostage', path: value } },
        () => 'never',
      );
    }
    const specs = await h.sql('DESCRIBE SERVICE KEEP.PUBLIC.Q1');
    expect(String(specs.rows[0].spec)).toContain('# $$ DROP $$');
    expect(await h.state()).toContain('database KEEP');
  });
});
