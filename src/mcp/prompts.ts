/**
 * Prompts and fixed documents. The quickstart prompt is built in; extra prompts and documents
 * (runbooks: a prompt each plus a resource with its YAML) come in through McpDeps. An extra
 * prompt with a built-in prompt's name replaces it.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { quickstartPrompt } from './quickstart.js';
import type { McpDeps, McpPrompt } from './types.js';

export function registerPrompts(server: McpServer, deps: McpDeps): void {
  const byName = new Map<string, McpPrompt>([[quickstartPrompt.name, quickstartPrompt]]);
  for (const prompt of deps.prompts ?? []) byName.set(prompt.name, prompt);
  for (const prompt of byName.values()) {
    const argsSchema: Record<string, z.ZodOptional<z.ZodString>> = {};
    for (const [name, arg] of Object.entries(prompt.arguments ?? {})) {
      const suffix = arg.default === undefined ? '' : ` (default: ${arg.default})`;
      argsSchema[name] = z.string().optional().describe(`${arg.description}${suffix}`);
    }
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema },
      (args: Record<string, string | undefined>) => {
        const filled: Record<string, string | undefined> = {};
        for (const [name, arg] of Object.entries(prompt.arguments ?? {})) filled[name] = args[name] ?? arg.default;
        return {
          description: prompt.description,
          messages: [{ role: 'user', content: { type: 'text', text: prompt.render(filled) } }],
        };
      },
    );
  }
  for (const doc of deps.documents ?? []) {
    server.registerResource(
      doc.name,
      doc.uri,
      { title: doc.title, description: doc.description, mimeType: doc.mimeType },
      async (url) => ({ contents: [{ uri: url.href, mimeType: doc.mimeType, text: await doc.read() }] }),
    );
  }
}
