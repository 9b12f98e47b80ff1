/**
 * Malformed runbooks are refused before any step runs, each mistake named with file, line and
 * step: unknown tool, arguments that fail the tool's input schema, YAML errors, references to
 * a later or unknown step, unknown params, fields a step's result does not have. Checked with
 * the real catalog, and once through the CLI to see that nothing ran.
 */
import { describe, expect, it } from 'vitest';
import { isSnowopsError } from '../../src/errors.js';
import { loadLibrary } from '../../src/runbooks/library.js';
import { parseRunbook } from '../../src/runbooks/loader.js';
import { catalog } from '../../tools/index.js';
import { freshHomes, query, runbook, runbookDir } from './helpers.js';

const HEAD = `name: broken
title: Broken
description: Has a mistake.
params:
  db:
    default: CHECK_DB
    description: A database.
steps:
  - id: first
    title: Create the database
    tool: create_database
    args: { name: "{{ params.db }}" }
`;

/** The problem lines of a runbook that must be refused. */
function problems(text: string, file = '/rb/broken.yaml'): string[] {
  try {
    parseRunbook(text, file, catalog);
  } catch (e) {
    if (!isSnowopsError(e)) throw e;
    expect(e.code).toBe('invalid_input');
    const [head, ...lines] = e.message.split('\n');
    expect(head).toBe(`The runbook ${file} is not valid:`);
    expect(e.hint).toMatch(/^Nothing ran\./);
    return lines;
  }
  throw new Error('the runbook was accepted');
}

describe('runbook validation', () => {
  it('accepts a runbook whose literal and templated arguments fit', () => {
    const ok = parseRunbook(
      `${HEAD}  - id: second
    title: A schema in it
    tool: create_schema
    args: { database: "{{ steps.first.object.name }}", name: S, comment: "in {{ steps.first.object.name }}" }
`,
      '/rb/ok.yaml',
      catalog,
    );
    expect(ok.steps.map((s) => s.id)).toEqual(['first', 'second']);
    expect(ok.lineOf(['steps', 1, 'args', 'name'])).toBe(16);
  });

  it('names an unknown tool with its line and step, and suggests the close one', () => {
    expect(
      problems(`${HEAD}  - id: drop
    title: Drop it
    tool: drop_objekt
    args: { kind: database, name: X }
`),
    ).toEqual([
      '/rb/broken.yaml:15: step "drop" (drop_objekt): there is no tool named "drop_objekt". Did you mean drop_object?',
    ]);
  });

  it('checks literal arguments against the tool input schema: wrong values, types, unknown keys', () => {
    expect(
      problems(`${HEAD}  - id: wh
    title: Warehouse
    tool: create_warehouse
    args:
      name: W
      auto_suspend: soon
      mode: sometimes
      colour: blue
`),
    ).toEqual([
      '/rb/broken.yaml:18: step "wh" (create_warehouse): auto_suspend: expected number, got string',
      '/rb/broken.yaml:19: step "wh" (create_warehouse): mode: expected one of error_if_exists, or_replace, if_not_exists',
      '/rb/broken.yaml:20: step "wh" (create_warehouse): colour: unknown key',
    ]);
  });

  it('reports a missing required argument at the step args', () => {
    expect(
      problems(`${HEAD}  - id: schema
    title: Schema
    tool: create_schema
    args:
      name: S
`),
    ).toEqual(['/rb/broken.yaml:16: step "schema" (create_schema): database: required (expected string)']);
  });

  it('reports YAML errors with their line', () => {
    const lines = problems(`${HEAD}  - id: bad
    title: "unclosed
    tool: list_objects
`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\/rb\/broken\.yaml:1[3-6]: YAML error: /);
    expect(problems('name: a\nname: b\n')).toEqual(['/rb/broken.yaml:2: YAML error: Map keys must be unique']);
  });

  it('refuses references to a later step, an unknown step, an unknown param, a field the result lacks', () => {
    expect(
      problems(`${HEAD}  - id: early
    title: Uses a later result
    tool: create_schema
    args: { database: "{{ steps.late.object.name }}", name: S }
  - id: late
    title: Unknowns
    tool: create_schema
    args:
      database: "{{ params.nope }}"
      name: "{{ steps.ghost.object.name }}"
      comment: "{{ steps.first.object.nmae }}"
  - id: typed
    title: A number from a string field
    tool: create_warehouse
    args: { name: W, auto_suspend: "{{ steps.first.object.name }}" }
`),
    ).toEqual([
      '/rb/broken.yaml:16: step "early" (create_schema): {{ steps.late.object.name }}: step "late" runs later (step 3); a step can use the results of earlier steps only',
      '/rb/broken.yaml:21: step "late" (create_schema): {{ params.nope }}: unknown param "nope"; declared: db',
      '/rb/broken.yaml:22: step "late" (create_schema): {{ steps.ghost.object.name }}: there is no step "ghost"',
      '/rb/broken.yaml:23: step "late" (create_schema): {{ steps.first.object.nmae }}: the result of step "first" (create_database) has no field object.nmae',
      '/rb/broken.yaml:27: step "typed" (create_warehouse): auto_suspend: expected number, got string',
    ]);
  });

  it('checks the file shape: required fields, unknown keys, duplicate step ids, bad references', () => {
    expect(
      problems(`name: Broken Name
title: x
steps:
  - id: a
    tool: list_objects
    args: { kind: database }
    retries: 3
`),
    ).toEqual([
      '/rb/broken.yaml:1: name: a runbook name is lowercase letters, digits, _ and -',
      '/rb/broken.yaml:1: description: required (expected string)',
      '/rb/broken.yaml:4: step "a" (list_objects): title: required (expected string)',
      '/rb/broken.yaml:7: step "a" (list_objects): retries: unknown key',
    ]);
    expect(
      problems(`${HEAD}  - id: first
    title: Again
    tool: list_objects
    args: { kind: database, like: "{{ bad }}" }
`),
    ).toEqual([
      '/rb/broken.yaml:13: step "first" (list_objects): step id "first" is used by step 1 already',
      '/rb/broken.yaml:16: step "first" (list_objects): {{ bad }} is not a reference: use {{ params.NAME }} or {{ steps.ID.path.to.field }}',
    ]);
  });

  it('keeps a broken file aside in the library without hiding the others', () => {
    const dir = runbookDir({
      'broken.yaml': 'name: broken\n  : [',
      'ok.yaml': HEAD.replace('name: broken', 'name: ok'),
    });
    const library = loadLibrary([{ dir, origin: 'dir' }], catalog);
    expect(library.runbooks.map((r) => r.name)).toEqual(['ok']);
    expect(library.broken.map((b) => b.name)).toEqual(['broken']);
  });
});

describe('snowops runbook run with a malformed runbook', () => {
  it('exits 2 naming file, line and step, before the first step runs', async () => {
    const homes = freshHomes();
    const dir = runbookDir({
      'broken.yaml': `${HEAD}  - id: later
    title: Drop
    tool: drop_objekt
    args: { kind: database, name: "{{ params.db }}" }
`,
    });
    const run = await runbook(homes, ['run', `${dir}/broken.yaml`]);
    expect(run.code).toBe(2);
    expect(run.json.error?.code).toBe('invalid_input');
    expect(run.json.error?.message).toContain(
      `${dir}/broken.yaml:15: step "later" (drop_objekt): there is no tool named`,
    );
    expect(run.stderr).toContain(`${dir}/broken.yaml:15: step "later" (drop_objekt)`);
    expect(await query(homes.home, "SHOW DATABASES LIKE 'CHECK_DB'")).toEqual([]);

    // Listed by name, the broken file is reported and the built-ins are still there.
    const list = await runbook(homes, ['list', '--runbooks', dir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^quickstart\s+Snowflake quickstart/m);
    expect(list.stderr).toContain('broken.yaml:15');
    const byName = await runbook(homes, ['run', 'broken', '--runbooks', dir, '--yes']);
    expect(byName.code).toBe(2);
    expect(await query(homes.home, "SHOW DATABASES LIKE 'CHECK_DB'")).toEqual([]);
  });
});
