/**
 * The tools/list answer, built once. The SDK converts every zod schema to JSON Schema on every
 * tools/list (about 40 ms for the catalog, 80 ms cold: most of a cold start), so the server
 * answers from JSON Schemas converted once with the SDK's own converter and options, or
 * converted when the bundle was built (scripts/bundle.mjs) and passed in.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import { ListToolsRequestSchema, type ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDef } from '../ops/types.js';

type JsonSchema = Record<string, unknown>;

/** Tool name -> its input and output JSON Schema, as tools/list shows them. */
export type ToolSchemas = Record<string, { inputSchema: JsonSchema; outputSchema: JsonSchema }>;

export function toolSchemas(tools: readonly ToolDef[]): ToolSchemas {
  const out: ToolSchemas = {};
  for (const tool of tools) {
    out[tool.name] = {
      inputSchema: toJsonSchemaCompat(tool.input, { strictUnions: true, pipeStrategy: 'input' }),
      outputSchema: toJsonSchemaCompat(tool.output, { strictUnions: true, pipeStrategy: 'output' }),
    };
  }
  return out;
}

/** Answers tools/list from schemas converted once (first request, or `precomputed`). */
export function serveToolList(server: McpServer, tools: readonly ToolDef[], precomputed?: ToolSchemas): void {
  let answer: ListToolsResult | undefined;
  const build = (): ListToolsResult => {
    const missing = tools.filter((t) => !precomputed?.[t.name]);
    const schemas = { ...precomputed, ...toolSchemas(missing) };
    return {
      tools: tools.map((tool) => ({
        name: tool.name,
        title: tool.title,
        description: tool.description,
        inputSchema: schemas[tool.name]!.inputSchema as ListToolsResult['tools'][number]['inputSchema'],
        outputSchema: schemas[tool.name]!.outputSchema as ListToolsResult['tools'][number]['inputSchema'],
        annotations: { title: tool.title, ...tool.annotations },
      })),
    };
  };
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    answer ??= build();
    return answer;
  });
}
