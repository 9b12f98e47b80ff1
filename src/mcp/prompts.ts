/**
 * Prompts and fixed documents. The quickstart prompt is built in; extras (runbooks: a prompt
 * each plus a resource with its YAML) are added later, when first needed (see extras.ts). An
 * extra prompt with the name of one already offered replaces it.
 */
import type { McpServer, RegisteredPrompt } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { McpExtras, McpPrompt } from './types.js';

export interface PromptRegistry {
  add(extras: McpExtras): void;
}

export function registerPrompts(server: McpServer, builtIn: readonly McpPrompt[]): PromptRegistry {
  const prompts = new Map<string, RegisteredPrompt>();
  const documents = new Set<string>();
  const addPrompt = (prompt: McpPrompt) => {
    prompts.get(prompt.name)?.remove();
    const argsSchema: Record<string, z.ZodOptional<z.ZodString>> = {};
    for (const [name, arg] of Object.entries(prompt.arguments ?? {})) {
      const suffix = arg.default === undefined ? '' : ` (default: ${arg.default})`;
      argsSchema[name] = z.string().optional().describe(`${arg.description}${suffix}`);
    }
    const registered = server.registerPrompt(
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
    prompts.set(prompt.name, registered);
  };
  for (const prompt of builtIn) addPrompt(prompt);
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
