/**
 * The floor for the cold-start benchmark: a minimal hand-written JSON-RPC responder on stdio
 * that answers initialize and tools/list with one tool. Nothing is faster that still speaks MCP,
 * so `snowops mcp` is measured against it in the same run.
 */
import { createInterface } from 'node:readline';

const tool = {
  name: 'ping',
  description: 'Answers pong.',
  inputSchema: { type: 'object', properties: {} },
};

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const message = JSON.parse(line) as { id?: number | string; method?: string };
  if (message.id === undefined) return;
  let result: unknown = {};
  if (message.method === 'initialize') {
    result = {
      protocolVersion: '2025-06-18',
      capabilities: { tools: {} },
      serverInfo: { name: 'floor', version: '1.0.0' },
    };
  } else if (message.method === 'tools/list') {
    result = { tools: [tool] };
  }
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, result })}\n`);
});
