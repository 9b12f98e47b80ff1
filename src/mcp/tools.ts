/**
 * The one registration loop: each catalog tool becomes an MCP tool whose handler turns the
 * request into one runner call (with confirmation, progress and cancellation wired to the
 * client) and renders the result.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { isSnowopsError } from '../errors.js';
import type { CallOptions } from '../ops/runner.js';
import type { Progress, ToolDef } from '../ops/types.js';
import { CONFIRM_TIMEOUT_MS, clientCanElicit, elicitConfirm } from './confirm.js';
import { errorResult, toolResult } from './results.js';
import type { McpDeps } from './types.js';

interface RequestExtra {
  signal: AbortSignal;
  requestId: string | number;
  _meta?: { progressToken?: string | number };
  sendNotification(notification: ServerNotification): Promise<void>;
}

/**
 * What the SDK checks arguments against: any object, passed on as it came. The runner checks
 * them against the tool's schema and says which field is wrong (or unknown, where the SDK would
 * drop it silently) and what the tool takes; tools/list shows the tool's schema (schemas.ts).
 */
const ANY_ARGUMENTS = z.looseObject({});

export function registerTools(server: McpServer, deps: McpDeps): void {
  for (const tool of deps.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: ANY_ARGUMENTS,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      (args: unknown, extra: RequestExtra) => callTool(server, deps, tool, args, extra),
    );
  }
}

async function callTool(server: McpServer, deps: McpDeps, tool: ToolDef, args: unknown, extra: RequestExtra) {
  const canElicit = clientCanElicit(server.server);
  const client = server.server.getClientVersion();
  const options: CallOptions = {
    frontEnd: 'mcp',
    // The OS user running the server and the client as it names itself: "alice via claude-ai 0.1.0".
    actor: `${deps.actor} via ${client ? `${client.name} ${client.version}` : 'an MCP client'}`,
    canConfirmInteractively: canElicit,
    confirmVia: 'elicitation',
    signal: extra.signal,
    requestId: `mcp-${String(extra.requestId)}`,
  };
  if (canElicit) {
    options.confirm = elicitConfirm(server.server, deps.logger, {
      signal: extra.signal,
      timeoutMs: deps.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS,
    });
  }
  const progressToken = extra._meta?.progressToken;
  if (progressToken !== undefined) options.onProgress = progressSender(progressToken, extra, deps);
  try {
    return toolResult(tool, await deps.runner.call(tool.name, args, options));
  } catch (err) {
    // A fault of snowops itself: the person sees the message, the log keeps the stack.
    if (!isSnowopsError(err) || err.code === 'internal') {
      const cause = isSnowopsError(err) && err.cause !== undefined ? err.cause : err;
      deps.logger.log('error', `${tool.name}: ${cause instanceof Error ? cause.stack : String(cause)}`);
    }
    return errorResult(tool.name, err);
  }
}

/** notifications/progress for this request; progress must grow with every notification. */
function progressSender(progressToken: string | number, extra: RequestExtra, deps: McpDeps) {
  let last = Number.NEGATIVE_INFINITY;
  return (p: Progress) => {
    const progress = p.progress > last ? p.progress : last + 0.001;
    last = progress;
    extra
      .sendNotification({
        method: 'notifications/progress',
        params: {
          progressToken,
          progress,
          ...(p.total !== undefined ? { total: p.total } : {}),
          ...(p.message !== undefined ? { message: p.message } : {}),
        },
      })
      .catch((err: unknown) => deps.logger.log('debug', `progress notification not sent: ${String(err)}`));
  };
}
