/**
 * Prompts and fixed documents: the extras (runbooks: a prompt each plus a resource with its YAML),
 * added when first needed (see extras.ts). Names are unique: the runbook library keeps one
 * runbook per name, and registering a second prompt of a name fails.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { McpExtras, McpPrompt } from './types.js';

export interface PromptRegistry {
  add(extras: McpExtras): void;
}

export function registerPrompts(server: McpServer): PromptRegistry {
  const documents = new Set<string>();
  const addPrompt = (prompt: McpPrompt) => {
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
  };
  return {
    add(extras) {
      for (const prompt of extras.prompts ?? []) addPrompt(prompt);
      for (const doc of extras.documents ?? []) {
        if (documents.has(doc.uri)) continue;
        documents.add(doc.uri);
        server.registerResource(
          doc.name,
          doc.uri,
          { title: doc.title, description: doc.description, mimeType: doc.mimeType },
          async (url) => ({ contents: [{ uri: url.href, mimeType: doc.mimeType, text: await doc.read() }] }),
        );
      }
    },
  };
}
