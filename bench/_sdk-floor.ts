/**
 * A second reference for the cold-start benchmark: the smallest server the MCP SDK allows
 * (McpServer, one zod-described tool, stdio), bundled like snowops. The distance from the
 * hand-written floor to this one is the SDK's; the distance from this one to snowops is ours.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';

const server = new McpServer({ name: 'sdk-floor', version: '1.0.0' });
server.registerTool(
  'ping',
  { description: 'Answers pong.', inputSchema: z.object({ text: z.string().optional() }) },
  async () => ({ content: [{ type: 'text', text: 'pong' }] }),
);
await server.connect(new StdioServerTransport());
