/**
 * createMcpServer(deps): an McpServer with the selected catalog tools, one resource per object
 * kind, the prompts and documents of deps.extras (runbooks), and MCP logging. Nothing is
 * registered on import; every server is built from what it is given, so tests build as many as
 * they like.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { loadBeforeFirstUse } from './extras.js';
import { registerPrompts } from './prompts.js';
import { registerKindResources } from './resources.js';
import { serveToolList } from './schemas.js';
import { registerTools } from './tools.js';
import type { McpDeps } from './types.js';
import { formValidator } from './validator.js';

const INSTRUCTIONS = `snowops runs Snowflake operations (databases, schemas, tables, warehouses, stages, tasks, DAGs, container services) through tools that plan the exact SQL first.
- Reads run at once. Mutating tools accept dry_run: true to return the plan without running it.
- Destructive and disruptive calls need the person's approval: either the client asks them directly, or the result is "confirmation_required" with a plan and a confirmation_token. Then show the plan to the person and call again with the token only after they approve.
- A dropped database, schema or table can be brought back with undrop_object within its retention time (the drop plan's "reversible" line says how long).
- Errors say what was wrong and how to fix it. List tools page with next_cursor.`;

/** An McpServer whose connections load the extras before the first request that can see them. */
class SnowopsMcpServer extends McpServer {
  loadExtras: () => void = () => {};

  override connect(transport: Transport): Promise<void> {
    return super.connect(loadBeforeFirstUse(transport, () => this.loadExtras()));
  }
}

export function createMcpServer(deps: McpDeps): McpServer {
  const { extras } = deps;
  const server = new SnowopsMcpServer(
    { name: 'snowops', title: 'snowops', version: deps.version },
    {
      // Prompts come with the extras, after connect: declaring the capability now lets them register then.
      capabilities: extras ? { logging: {}, prompts: {} } : { logging: {} },
      instructions: deps.instructions ? `${INSTRUCTIONS}\n${deps.instructions}` : INSTRUCTIONS,
      jsonSchemaValidator: formValidator,
    },
  );
  registerTools(server, deps);
  if (deps.tools.length > 0) serveToolList(server, deps.tools, deps.toolSchemas);
  registerKindResources(server, deps);
  if (extras) {
    const prompts = registerPrompts(server);
    server.loadExtras = () => {
      try {
        prompts.add(extras());
      } catch (err) {
        deps.logger.log('warning', `runbooks and other extra prompts not offered: ${String(err)}`);
      }
    };
  }
  server.server.oninitialized = () => {
    deps.logger.attach((level, message) => {
      server.sendLoggingMessage({ level, logger: 'snowops', data: message }).catch(() => {
        // The client went away; the line is on stderr already.
      });
    });
  };
  return server;
}
