/**
 * createMcpServer in process, over the SDK's linked in-memory transports, with the real runner
 * and the embedded emulator: what the elicitation question shows, a question nobody answers,
 * progress notifications and cancellation.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  type CallToolResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmulatorClient } from '../../src/client/emulator.js';
import { createLogger } from '../../src/mcp/log.js';
import { createMcpServer } from '../../src/mcp/server.js';
import type { McpDeps } from '../../src/mcp/types.js';
import { defaultPolicy } from '../../src/ops/policy.js';
import { createRunner } from '../../src/ops/runner.js';
import { OBJECT_KINDS, supportedKinds } from '../../src/resources/kinds.js';
import { runbookDirs } from '../../src/runbooks/library.js';
import { mcpRunbooks, RUNBOOK_INSTRUCTIONS } from '../../src/runbooks/mcp.js';
import { catalog } from '../../tools/index.js';
import { freshDir } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function connect(
  answer?: (q: ElicitRequest['params']) => Promise<ElicitResult>,
  provisionSeconds = 1,
  extras?: McpDeps['extras'],
  instructions?: string,
) {
  const home = freshDir('snowops-mcp-inproc-');
  const sql = createEmulatorClient({ home, provisionSeconds });
  const runner = createRunner({ catalog, client: sql, home, policy: defaultPolicy() });
  const stderr: string[] = [];
  const settled: string[] = [];
  const server = createMcpServer({
    tools: runner.tools,
    runner: {
      // Observes when each call ends; the runner does the work.
      async call(name, args, options) {
        try {
          return await runner.call(name, args, options);
        } finally {
          settled.push(name);
        }
      },
    },
    kinds: supportedKinds().map((k) => OBJECT_KINDS[k]!),
    logger: createLogger((line) => stderr.push(line)),
    actor: 'tester',
    version: '0.0.0',
    confirmTimeoutMs: 300,
    extras,
    instructions,
  });
  const client = new Client({ name: 'inproc', version: '1' }, { capabilities: answer ? { elicitation: {} } : {} });
  const questions: ElicitRequest['params'][] = [];
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      questions.push(request.params);
      return answer(request.params);
    });
  }
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  cleanups.push(async () => {
    await client.close();
    await server.close();
    runner.close();
    await sql.close();
  });
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call, questions, stderr, settled };
}

describe('elicitation', () => {
  it('asks with a { confirm: boolean } form showing summary, impact and SQL, and runs on yes', async () => {
    const s = await connect(async () => ({ action: 'accept', content: { confirm: true } }));
    await s.call('create_database', { name: 'ASKED_DB' });
    const result = await s.call('run_sql', { sql: 'DROP DATABASE ASKED_DB' });
    expect(result.structuredContent).toMatchObject({ status: 'done' });
    expect(s.questions).toHaveLength(1);
    const q = s.questions[0] as { message: string; requestedSchema: { properties: Record<string, { type: string }> } };
    expect(q.requestedSchema.properties).toEqual({ confirm: expect.objectContaining({ type: 'boolean' }) });
    expect(q.message).toContain('DROP DATABASE ASKED_DB');
    expect(q.message).toContain('Impact:');
    expect(q.message).toContain('Run a DROP statement');
  });

  it('treats an unticked box as no', async () => {
    const s = await connect(async () => ({ action: 'accept', content: { confirm: false } }));
    await s.call('create_database', { name: 'KEPT_DB' });
    const result = await s.call('run_sql', { sql: 'DROP DATABASE KEPT_DB' });
    expect(result.structuredContent).toMatchObject({ status: 'cancelled' });
    const listed = await s.call('list_objects', { kind: 'database', like: 'KEPT_DB' });
    expect((listed.structuredContent as { objects: unknown[] }).objects).toHaveLength(1);
  });

  it('cancels when nobody answers before the timeout, and says so in the log', async () => {
    const s = await connect(() => new Promise<ElicitResult>(() => {}));
    await s.call('create_database', { name: 'WAITING_DB' });
    const result = await s.call('run_sql', { sql: 'DROP DATABASE WAITING_DB' });
    expect(result.structuredContent).toMatchObject({ status: 'cancelled' });
    expect(s.stderr.join('')).toMatch(/got no answer/);
    const listed = await s.call('list_objects', { kind: 'database', like: 'WAITING_DB' });
    expect((listed.structuredContent as { objects: unknown[] }).objects).toHaveLength(1);
  });
});

describe('progress', () => {
  it('reports deploy_dag progress to a client that asked for it', async () => {
    const s = await connect();
    await s.call('create_database', { name: 'PROG_DB' });
    await s.call('create_schema', { database: 'PROG_DB', name: 'S' });
    const seen: { progress: number; total?: number }[] = [];
    const result = (await s.client.callTool(
      {
        name: 'deploy_dag',
        arguments: {
          database: 'PROG_DB',
          schema: 'S',
          name: 'G',
          tasks: [
            { name: 'A', definition: { sql: 'SELECT 1' } },
            { name: 'B', definition: { sql: 'SELECT 2' }, predecessors: ['A'] },
          ],
        },
      },
      undefined,
      { onprogress: (p) => seen.push(p) },
    )) as CallToolResult;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((p) => p.progress)).toEqual([...seen.map((p) => p.progress)].sort((a, b) => a - b));
    expect(seen.at(-1)!.progress).toBe(seen.at(-1)!.total);
  });
});

describe('cancellation', () => {
  it('stops get_endpoints waiting when the client cancels the request', async () => {
    // Endpoints stay provisioning for 2 x 60 s: only the cancellation can end this wait early.
    const s = await connect(undefined, 60);
    await s.call('create_database', { name: 'WAIT_DB' });
    await s.call('create_compute_pool', {
      name: 'WAIT_POOL',
      instance_family: 'CPU_X64_XS',
      min_nodes: 1,
      max_nodes: 1,
    });
    const spec =
      'spec:\n  containers:\n  - name: web\n    image: /wait_db/public/repo/nginx:latest\n  endpoints:\n  - name: ui\n    port: 80\n    public: true\n';
    const created = await s.call('create_service', {
      database: 'WAIT_DB',
      schema: 'PUBLIC',
      name: 'WAIT_SVC',
      compute_pool: 'WAIT_POOL',
      spec,
    });
    expect(created.isError, JSON.stringify(created.content)).toBeFalsy();
    const controller = new AbortController();
    const progress: string[] = [];
    const waiting = s.client.callTool(
      {
        name: 'get_endpoints',
        arguments: { database: 'WAIT_DB', schema: 'PUBLIC', name: 'WAIT_SVC', wait_seconds: 120 },
      },
      undefined,
      {
        signal: controller.signal,
        timeout: 180_000,
        onprogress: (p) => {
          progress.push(String(p.message));
          controller.abort();
        },
      },
    );
    await expect(waiting).rejects.toThrow();
    expect(progress[0]).toMatch(/provisioning/i);
    await vi.waitFor(() => expect(s.settled).toContain('get_endpoints'), { timeout: 10_000, interval: 100 });
  });
});

describe('prompts', () => {
  it('are the runbooks, one per name, together walking all of DESIGN section 9 in the order the instructions give', async () => {
    const runbooks = () => mcpRunbooks(runbookDirs(freshDir('snowops-mcp-runbooks-')), catalog, () => {});
    const s = await connect(undefined, 1, runbooks, RUNBOOK_INSTRUCTIONS);
    const names = (await s.client.listPrompts()).prompts.map((p) => p.name);
    expect(names.sort()).toEqual(['quickstart', 'quickstart-cleanup', 'spcs-quickstart']);

    // The instructions name every prompt; their order is the tour's.
    const instructions = s.client.getInstructions() ?? '';
    const at = (name: string) => instructions.indexOf(`"${name}"`);
    const tour = [...names].sort((a, b) => at(a) - at(b));
    expect(tour.map(at).every((i) => i >= 0)).toBe(true);
    expect(tour).toEqual(['quickstart', 'spcs-quickstart', 'quickstart-cleanup']);

    let body = '';
    for (const name of tour) {
      const prompt = await s.client.getPrompt({ name });
      body += (prompt.messages[0]!.content as { text: string }).text;
    }
    const order = [
      'create_database {"name":"PYTHON_API_DB"',
      'add_column',
      'deploy_dag',
      'create_database {"name":"SPCS_PYTHON_API_DB"',
      'get_endpoints',
      'drop_object {"kind":"database","name":"PYTHON_API_DB","if_exists":true} [asks first]',
      'drop_object {"kind":"database","name":"SPCS_PYTHON_API_DB","if_exists":true} [asks first]',
    ];
    const found = order.map((needle) => body.indexOf(needle));
    expect(
      found.every((i) => i >= 0),
      JSON.stringify(found),
    ).toBe(true);
    expect(found).toEqual([...found].sort((a, b) => a - b));
  });

  it('are not offered without extras', async () => {
    const s = await connect();
    expect(s.client.getServerCapabilities()?.prompts).toBeUndefined();
    expect(s.client.getInstructions()).not.toContain('Prompts');
  });
});

describe('extra prompts and documents', () => {
  it('loads them once, at the first prompts or resources request', async () => {
    let loads = 0;
    const s = await connect(undefined, 1, () => {
      loads++;
      return {
        prompts: [{ name: 'quickstart', title: 'A runbook', description: 'A runbook.', render: () => 'runbook steps' }],
        documents: [
          {
            uri: 'snowops://runbooks/quickstart',
            name: 'runbook-quickstart',
            title: 'Runbook',
            description: 'Its YAML.',
            mimeType: 'application/yaml',
            read: () => 'name: quickstart\n',
          },
        ],
      };
    });
    await s.client.listTools();
    await s.call('list_objects', { kind: 'warehouse' });
    expect(loads).toBe(0);
    const { prompts } = await s.client.listPrompts();
    expect(loads).toBe(1);
    expect(prompts.map((p) => [p.name, p.title])).toEqual([['quickstart', 'A runbook']]);
    const got = await s.client.getPrompt({ name: 'quickstart' });
    expect((got.messages[0]!.content as { text: string }).text).toBe('runbook steps');
    const doc = await s.client.readResource({ uri: 'snowops://runbooks/quickstart' });
    expect((doc.contents[0] as { text: string }).text).toBe('name: quickstart\n');
    expect(loads).toBe(1);
  });
});
