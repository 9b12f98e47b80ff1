/**
 * The slash command grammar against the real catalog: qualified names with Snowflake's quoting,
 * positional and key=value fields, JSON values, Slack's escaping, and the usage line on every
 * mistake. The parsed arguments are then checked by each tool's own schema, as the runner does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSnowopsError } from '../../src/errors.js';
import { inputSchema, parseToolArgs } from '../../src/ops/args.js';
import { OBJECT_KINDS } from '../../src/resources/kinds.js';
import { parseCommand, tokenize } from '../../src/slack/grammar.js';
import { helpMessage, toolHelpMessage } from '../../src/slack/messages.js';
import { commandShape } from '../../src/slack/shape.js';
import { unescapeSlack } from '../../src/slack/text.js';
import { catalog } from '../../tools/index.js';
import { validateBlocks } from './fake-slack.js';

const shapes = new Map(catalog.map((t) => [t.name, commandShape(t)]));
const scopeOf = (kind: string) => OBJECT_KINDS[kind as keyof typeof OBJECT_KINDS]?.scope;

function args(text: string): Record<string, unknown> {
  const parsed = parseCommand(text, shapes, { scopeOf });
  if (parsed.kind !== 'call') throw new Error('expected a call');
  // What the runner would accept: the tool's own schema must take these arguments.
  const tool = parsed.shape.tool;
  parseToolArgs(tool, inputSchema(tool), parsed.args);
  return parsed.args;
}

function failure(text: string): { message: string; hint: string } {
  try {
    parseCommand(text, shapes, { scopeOf });
  } catch (e) {
    if (!isSnowopsError(e) || e.code !== 'invalid_input') throw e;
    return { message: e.message, hint: e.hint ?? '' };
  }
  throw new Error(`"${text}" parsed, but should not`);
}

describe('Slack escaping', () => {
  it('undoes entities, links, mentions and curly quotes', () => {
    expect(unescapeSlack('a &lt; b &amp;&amp; c &gt; d')).toBe('a < b && c > d');
    expect(unescapeSlack('see <https://example.com/x|example.com/x> and <mailto:a@b.c|a@b.c>')).toBe(
      'see example.com/x and a@b.c',
    );
    expect(unescapeSlack('<https://example.com>')).toBe('https://example.com');
    expect(unescapeSlack('<@U012ABC|ann> in <#C0OPS|ops>')).toBe('@ann in #ops');
    expect(unescapeSlack('db.sc.\u201cMy Table\u201d \u2018x\u2019')).toBe('db.sc."My Table" \'x\'');
  });

  it('tokenizes on spaces outside quotes and JSON', () => {
    expect(tokenize(' a  "b c".d [1, {"x": "y z"}] k="v w" ').map((t) => t.text)).toEqual([
      'a',
      '"b c".d',
      '[1, {"x": "y z"}]',
      'k="v w"',
    ]);
  });
});

describe('parsing commands', () => {
  it('takes the object name as one qualified argument, with Snowflake quoting', () => {
    expect(args('create_database python_api_db mode=or_replace')).toEqual({
      name: 'PYTHON_API_DB',
      mode: 'or_replace',
    });
    expect(args('create-database python_api_db')).toEqual({ name: 'PYTHON_API_DB' });
    expect(args('create_schema python_api_db.python_api_schema')).toEqual({
      database: 'PYTHON_API_DB',
      name: 'PYTHON_API_SCHEMA',
    });
    // Quoted parts keep case and dots; the tool receives them quoted, so they stay exact.
    expect(args('describe_object table db.sc."My.Table"')).toEqual({
      kind: 'table',
      database: 'DB',
      schema: 'SC',
      name: '"My.Table"',
    });
    expect(args('drop_object database \u201cmixed Case\u201d cascade=true')).toEqual({
      kind: 'database',
      name: '"mixed Case"',
      cascade: true,
    });
    expect(args('drop_object table "a""b".s.t').database).toBe('"a""b"');
    expect(args('undrop_object table db.sc.t')).toEqual({ kind: 'table', database: 'DB', schema: 'SC', name: 'T' });
  });

  it('checks the number of parts against the kind', () => {
    expect(failure('describe_object table python_api_schema.t').message).toBe(
      'A table is written DATABASE.SCHEMA.NAME; got "python_api_schema.t".',
    );
    expect(failure('describe_object warehouse a.b').message).toContain('A warehouse is written NAME');
    expect(args('describe_object schema db.sc')).toEqual({ kind: 'schema', database: 'DB', name: 'SC' });
    expect(args('list_objects table db.sc')).toEqual({ kind: 'table', database: 'DB', schema: 'SC' });
    expect(args('list_objects schema db')).toEqual({ kind: 'schema', database: 'DB' });
    expect(failure('list_objects warehouse db').message).toContain('account object');
    expect(failure('create_schema a.b.c').message).toContain('has 3 part(s); expected 2');
  });

  it('reads positional fields in catalog order, options as key=value, nested values as JSON', () => {
    expect(
      args(
        'create_table db.sc.t [{"name":"temperature","datatype":"int","nullable":false},{"name":"location","datatype":"string"}] mode=or-replace comment="two words"',
      ),
    ).toEqual({
      database: 'DB',
      schema: 'SC',
      name: 'T',
      columns: [
        { name: 'temperature', datatype: 'int', nullable: false },
        { name: 'location', datatype: 'string' },
      ],
      mode: 'or_replace',
      comment: 'two words',
    });
    expect(args('create_compute_pool MyComputePool CPU_X64_XS 1 2 auto_resume=no')).toEqual({
      name: 'MYCOMPUTEPOOL',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 2,
      auto_resume: false,
    });
    expect(args('create_task db.sc.t {"sql": "select 1"} predecessors=a,b warehouse="My WH"')).toMatchObject({
      definition: { sql: 'select 1' },
      predecessors: ['a', 'b'],
      warehouse: '"My WH"',
    });
  });

  it('gives run_sql the rest of the line, options before or after', () => {
    expect(args('run_sql SELECT * FROM t WHERE a &lt;&gt; \u2018x\u2019 limit=5')).toEqual({
      sql: "SELECT * FROM t WHERE a <> 'x'",
      limit: 5,
    });
    expect(args('run_sql limit=5 select   1')).toEqual({ limit: 5, sql: 'select   1' });
    expect(args('resize_warehouse wh large dry_run=true')).toEqual({ name: 'WH', size: 'large', dry_run: true });
  });

  it('keeps multi-line text values, as a service spec is pasted', () => {
    const spec = 'spec:\n  containers:\n  - name: web\n    image: /db/sc/repo/nginx:latest';
    expect(args(`create_service db.public.svc pool spec="${spec}"`).spec).toBe(spec);
  });

  it('says what was wrong and shows the usage line', () => {
    const missing = failure('create_warehouse');
    expect(missing.message).toBe('Missing NAME.');
    expect(missing.hint).toMatch(/^Usage: \/snowops create_warehouse NAME \[size=TEXT\]/);
    expect(failure('create_database x y').message).toContain('Unexpected argument "y"');
    expect(failure('create_database x bogus=1').message).toBe('create_database has no option "bogus".');
    expect(failure('create_database x mode=replace').message).toContain(
      'mode: expected one of error_if_exists, or_replace, if_not_exists',
    );
    expect(failure('create_compute_pool p CPU_X64_XS one 2').message).toBe('min_nodes: expected a number, got "one".');
    expect(failure('create_table d.s.t [{"name": }]').message).toMatch(/^columns: expected JSON/);
    expect(failure('create_database x x').hint).toContain('Usage: /snowops create_database NAME');
    expect(failure('create_database "unclosed').hint).toContain('Usage:');
    expect(failure('create_databse x').message).toContain('Did you mean create_database?');
    expect(failure('create_database x name=y').message).toBe('name is given twice.');
  });

  it('answers help and help TOOL, with dashes or underscores', () => {
    expect(parseCommand('', shapes)).toEqual({ kind: 'help', topic: undefined });
    expect(parseCommand('help create-table', shapes)).toEqual({ kind: 'help', topic: 'create_table' });
    expect(failure('help nope').message).toContain('There is no tool "nope"');
  });
});

describe('every catalog tool', () => {
  it('can be written as a command: its usage line with sample values parses and satisfies the schema', () => {
    const sample: Record<string, string> = {
      KIND: 'table',
      NAME: 'n',
      'DATABASE.NAME': 'd.n',
      'DATABASE.SCHEMA.NAME': 'd.s.n',
      'DATABASE.SCHEMA.TABLE': 'd.s.t',
      '[DATABASE.][SCHEMA.]NAME': 'd.s.n',
      '[DATABASE[.SCHEMA]]': 'd.s',
      'COLUMNS(json)': '[{"name":"a","datatype":"int"}]',
      'COLUMN(json)': '{"name":"a","datatype":"int"}',
      'DEFINITION(json)': '{"sql":"select 1"}',
      'TASKS(json)': '[{"name":"a","definition":{"sql":"select 1"}}]',
      SIZE: 'large',
      'SIZE…': 'large',
      INSTANCE_FAMILY: 'CPU_X64_XS',
      MIN_NODES: '1',
      MAX_NODES: '2',
      COMPUTE_POOL: 'pool',
      'CONTAINER…': 'main',
      'SQL…': 'select 1',
    };
    for (const shape of shapes.values()) {
      const usage = parseCommand(`help ${shape.tool.name}`, shapes);
      expect(usage.kind).toBe('help');
      const line = toolHelpMessage(shape, '/snowops').blocks[1] as { text: { text: string } };
      const positional = line.text.text
        .replace(/^`\/snowops \S+ /, '')
        .replace(/`$/, '')
        .split(' ')
        .filter((w) => w !== '' && !/^\[[a-z_]+=/.test(w));
      const text = [shape.tool.name, ...positional.map((p) => sample[p] ?? `??${p}`)].join(' ');
      expect(text, shape.tool.name).not.toContain('??');
      // create_service needs spec or spec_file; the schema allows both to be absent.
      expect(() => args(text), text).not.toThrow();
    }
  });

  it('has help that fits Slack', () => {
    expect(validateBlocks(helpMessage([...shapes.values()], '/snowops').blocks)).toBeUndefined();
    for (const shape of shapes.values()) {
      expect(validateBlocks(toolHelpMessage(shape, '/snowops').blocks), shape.tool.name).toBeUndefined();
    }
  });
});

describe('the README', () => {
  it('shows Slack commands that parse', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n## Slack\n');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    // Help and runbook lines are not tool commands (runbooks: test/runbooks/slack.test.ts).
    const examples = section
      .split('\n')
      .filter((l) => /^\/snowops [a-z]/.test(l) && !l.includes('help') && !l.startsWith('/snowops runbook'));
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const line of examples) expect(() => args(line.replace(/^\/snowops /, '')), line).not.toThrow();
  });
});
