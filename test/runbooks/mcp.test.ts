/**
 * Runbooks over MCP, through `snowops mcp` as a child process and the SDK's stdio client (the
 * MCP tests' way of spawning): each runbook is a prompt with its params as arguments, whose
 * message lists the exact tool calls in order (followed here, call by call, against the
 * emulator) and tells the assistant to stop for the person at each confirmation; and each is a
 * resource snowops://runbooks/NAME with its YAML.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRunbookDir } from '../../src/runbooks/library.js';
import { accept, freshDir, type Session, startSession, text } from '../mcp/helpers.js';
import { freshHomes, snowops } from './helpers.js';

const BUILTIN = builtinRunbookDir()!;
const USER_RUNBOOK = `name: team-db
title: A team database
description: Creates a team's database.
params:
  team:
    default: ANALYTICS
    description: The team's name.
steps:
  - id: db
    title: Create the database
    tool: create_database
    args: { name: "{{ params.team }}_DB", comment: "for {{ params.team }}" }
`;

interface Call {
  tool: string;
  mark: string;
  args: Record<string, unknown>;
}

/** The tool calls a prompt's message lists, in order. */
function calls(body: string): Call[] {
  return [...body.matchAll(/^ {3}([a-z_]+) (\{.*\})((?: \[[^\]]+\])?)$/gm)].map((m) => ({
    tool: m[1]!,
    args: JSON.parse(m[2]!) as Record<string, unknown>,
    mark: m[3]!.trim(),
  }));
}

let session: Session;
beforeAll(async () => {
  const home = freshDir('snowops-runbook-mcp-');
  mkdirSync(join(home, 'runbooks'));
  writeFileSync(join(home, 'runbooks', 'team-db.yaml'), USER_RUNBOOK);
  writeFileSync(join(home, 'runbooks', 'broken.yaml'), 'name: broken\ntitle: x\ndescription: y\nsteps: []\n');
  session = await startSession({ home, elicit: accept });
});
afterAll(async () => {
  await session?.close();
});

describe('runbooks as MCP prompts', () => {
  it('lists each runbook as a prompt whose arguments are its params', async () => {
    const { prompts } = await session.client.listPrompts();
    const byName = new Map(prompts.map((p) => [p.name, p]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining(['quickstart', 'spcs-quickstart', 'quickstart-cleanup', 'team-db']),
    );
    expect(byName.has('broken')).toBe(false);
    expect(byName.get('quickstart')!.arguments!.map((a) => a.name)).toEqual([
      'database',
      'schema',
      'table',
      'warehouse',
      'task_warehouse',
    ]);
    const spcs = byName.get('spcs-quickstart')!;
    expect(spcs.title).toBe('Snowpark Container Services quickstart');
    expect(spcs.arguments!.find((a) => a.name === 'wait_seconds')).toMatchObject({
      required: false,
      description: expect.stringContaining('(default: 120)'),
    });
    expect(byName.get('team-db')!.arguments).toEqual([
      { name: 'team', description: "The team's name. (default: ANALYTICS)", required: false },
    ]);
    // The broken file is reported, not offered.
    expect(session.stderr()).toMatch(
      /runbook broken not offered: The runbook \S+broken\.yaml is not valid:\n\S+broken\.yaml:4: steps: expected at least 1 items/,
    );
  });

  it('gives the quickstart as the exact calls in order, and those calls run the quickstart', async () => {
    const prompt = await session.client.getPrompt({ name: 'quickstart' });
    const body = (prompt.messages[0]!.content as { text: string }).text;
    expect(prompt.messages).toHaveLength(1);
    expect(body).toContain('Run the snowops runbook "quickstart"');
    expect(body).toMatch(/"confirmation_required": stop, show me the plan's summary, impact and SQL, and ask me/);
    const list = calls(body);
    expect(list.map((c) => c.tool)).toEqual([
      'create_database',
      'create_schema',
      'create_table',
      'describe_object',
      'add_column',
      'describe_object',
      'create_warehouse',
      'describe_object',
      'list_objects',
      'resize_warehouse',
      'describe_object',
      'create_stage',
      'create_task',
      'create_task',
      'list_objects',
      'resume_task',
      'list_objects',
      'suspend_task',
      'drop_object',
      'drop_object',
      'deploy_dag',
      'run_dag',
      'get_dag_runs',
      'drop_object',
    ]);
    expect(list[0]).toEqual({
      tool: 'create_database',
      mark: '[asks first if it exists]',
      args: { name: 'PYTHON_API_DB', mode: 'or_replace' },
    });
    expect(list.filter((c) => c.mark === '[asks first]').map((c) => c.tool)).toEqual([
      'suspend_task',
      'drop_object',
      'drop_object',
      'drop_object',
    ]);

    // Follow the prompt: every call succeeds, and only the marked ones ask the person.
    for (const call of list) {
      const before = session.questions.length;
      const result = await session.call(call.tool, call.args);
      expect(result.isError, `${call.tool}: ${text(result)}`).toBeFalsy();
      const asked = session.questions.length > before;
      expect(asked, `${call.tool} ${JSON.stringify(call.args)}`).toBe(call.mark === '[asks first]');
    }
    const dags = await session.ok('list_objects', {
      kind: 'dag',
      database: 'PYTHON_API_DB',
      schema: 'PYTHON_API_SCHEMA',
    });
    expect(dags.objects).toEqual([]);
  });

  it('fills in the arguments given and keeps results of earlier steps as references', async () => {
    const prompt = await session.client.getPrompt({
      name: 'spcs-quickstart',
      arguments: { database: 'OTHER_DB', wait_seconds: '30' },
    });
    const body = (prompt.messages[0]!.content as { text: string }).text;
    const list = calls(body);
    expect(list[0]!.args).toEqual({ name: 'OTHER_DB', mode: 'or_replace' });
    const service = list.find((c) => c.tool === 'create_service')!;
    expect(service.args.spec).toContain('image: {{ steps.repo.object.repository_url }}/nginx:latest');
    expect(list.find((c) => c.tool === 'get_endpoints')!.args).toEqual({
      database: 'OTHER_DB',
      schema: 'PUBLIC',
      name: 'MyService',
      wait_seconds: 30,
    });
    expect(body).toContain('{{ steps.repo.object.repository_url }} is object.repository_url');
    expect(list.slice(-4).map((c) => [c.tool, c.mark])).toEqual([
      ['suspend_service', '[asks first]'],
      ['suspend_compute_pool', '[asks first]'],
      ['drop_object', '[asks first]'],
      ['drop_object', '[asks first]'],
    ]);
    const team = await session.client.getPrompt({ name: 'team-db', arguments: { team: 'SALES' } });
    const teamCalls = calls((team.messages[0]!.content as { text: string }).text);
    expect(teamCalls).toEqual([
      { tool: 'create_database', mark: '', args: { name: 'SALES_DB', comment: 'for SALES' } },
    ]);
  });

  it('refuses a prompt argument of the wrong type', async () => {
    await expect(
      session.client.getPrompt({ name: 'spcs-quickstart', arguments: { wait_seconds: 'soon' } }),
    ).rejects.toThrow(/wait_seconds must be a number/);
  });
});

describe('snowops mcp --runbooks DIR', () => {
  it('offers the runbooks of DIR too, given as the flag or as SNOWOPS_RUNBOOKS', async () => {
    const dir = freshDir('snowops-runbook-dir-');
    writeFileSync(join(dir, 'team-db.yaml'), USER_RUNBOOK.replace('name: team-db', 'name: dir-db'));
    for (const options of [{ args: ['--runbooks', dir] }, { env: { SNOWOPS_RUNBOOKS: dir } }]) {
      const s = await startSession(options);
      try {
        const names = (await s.client.listPrompts()).prompts.map((p) => p.name);
        expect(names, JSON.stringify(options)).toEqual(expect.arrayContaining(['quickstart', 'dir-db']));
      } finally {
        await s.close();
      }
    }
  });

  it('stops at start when DIR is not a folder', async () => {
    const missing = join(freshDir('snowops-runbook-dir-'), 'missing');
    const run = await snowops(['mcp', '--runbooks', missing], freshHomes());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--runbooks: ${missing} is not a folder.`);
    expect(run.stdout).toBe('');
  });
});

describe('runbooks as MCP resources', () => {
  it('serves snowops://runbooks/NAME with the YAML', async () => {
    const { resources } = await session.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toEqual(
      expect.arrayContaining([
        'snowops://runbooks/quickstart',
        'snowops://runbooks/spcs-quickstart',
        'snowops://runbooks/team-db',
      ]),
    );
    const read = await session.client.readResource({ uri: 'snowops://runbooks/quickstart' });
    expect(read.contents).toEqual([
      {
        uri: 'snowops://runbooks/quickstart',
        mimeType: 'application/yaml',
        text: readFileSync(join(BUILTIN, 'quickstart.yaml'), 'utf8'),
      },
    ]);
    const team = await session.client.readResource({ uri: 'snowops://runbooks/team-db' });
    expect((team.contents[0] as { text: string }).text).toBe(USER_RUNBOOK);
  });
});
