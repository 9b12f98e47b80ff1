/**
 * Spawns `node dist/src/cli.js mcp` (built by `npm test`) with a fresh SNOWOPS_HOME and connects
 * the SDK's Client over StdioClientTransport. Optionally records the server's raw stdout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  type CallToolResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { BIN, builtCli, childEnv, freshDir, ROOT } from '../helpers/home.js';

export { BIN as CLI, freshDir, ROOT };

const TEE = join(import.meta.dirname, 'fixtures', 'tee-stdout.mjs');

export interface SessionOptions {
  args?: string[];
  /** Declares elicitation and answers each question with this. */
  elicit?: (params: ElicitRequest['params']) => ElicitResult | Promise<ElicitResult>;
  home?: string;
  env?: Record<string, string>;
  /** Copy the server's raw stdout to a file (see stdoutLines). */
  record?: boolean;
}

export interface Session {
  client: Client;
  home: string;
  logs: LoggingMessageNotification['params'][];
  questions: ElicitRequest['params'][];
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** The structured result of a call that must succeed. */
  ok(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  stderr(): string;
  /** Raw stdout lines (record: true), read after close(). */
  stdoutLines(): string[];
  close(): Promise<void>;
}

export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const serverArgs = [builtCli(), 'mcp', ...(options.args ?? [])];
  const home = options.home ?? freshDir('snowops-mcp-home-');
  const stdoutFile = join(home, 'stdout.jsonl');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: options.record ? [TEE, ...serverArgs] : serverArgs,
    // StdioClientTransport passes on only a few variables: everything the server needs is explicit.
    env: { ...childEnv(home), SNOWOPS_TEST_STDOUT_FILE: stdoutFile, ...options.env },
    stderr: 'pipe',
    cwd: home,
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client(
    { name: 'snowops-test', version: '1.0.0' },
    { capabilities: options.elicit ? { elicitation: { form: {} } } : {} },
  );
  const logs: LoggingMessageNotification['params'][] = [];
  const questions: ElicitRequest['params'][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params);
  });
  const elicit = options.elicit;
  if (elicit) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      questions.push(request.params);
      return elicit(request.params);
    });
  }
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    client,
    home,
    logs,
    questions,
    call,
    async ok(name, args) {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${text(result)}`);
      return result.structuredContent as Record<string, unknown>;
    },
    stderr: () => stderr,
    stdoutLines: () =>
      readFileSync(stdoutFile, 'utf8')
        .split('\n')
        .filter((line, i, all) => line !== '' || i < all.length - 1),
    close: () => client.close(),
  };
}

export function text(result: CallToolResult): string {
  return result.content
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');
}

export const accept = (): ElicitResult => ({ action: 'accept', content: { confirm: true } });
export const decline = (): ElicitResult => ({ action: 'decline' });
