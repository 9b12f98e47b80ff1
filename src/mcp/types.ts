/**
 * What the MCP front end needs from the rest of snowops, as small interfaces. The composition
 * root (src/cli/mcp.ts) builds these and hands them to createMcpServer; nothing here reaches
 * for a global.
 */
import type { Runner } from '../ops/runner.js';
import type { ToolDef } from '../ops/types.js';
import type { KindSpec } from '../resources/types.js';
import type { ToolSchemas } from './schemas.js';

/** The part of the ops runner the MCP server uses: one call per request. */
export type ToolRunner = Pick<Runner, 'call'>;

/** What the resources need to know about an object kind (a KindSpec of src/resources/kinds.ts). */
export type KindInfo = Pick<KindSpec, 'kind' | 'label' | 'scope'>;

/** A prompt (a runbook's, added with the extras). */
export interface McpPrompt {
  name: string;
  title: string;
  description: string;
  /** Argument name -> what it means; all arguments are optional strings with a default. */
  arguments?: Record<string, { description: string; default?: string }>;
  /** The messages' text for these arguments (the assistant reads it as a user message). */
  render(args: Record<string, string | undefined>): string;
}

/** A fixed document offered as a resource (e.g. a runbook's YAML). */
export interface McpDocument {
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: string;
  read(): Promise<string> | string;
}

export interface McpExtras {
  prompts?: readonly McpPrompt[];
  documents?: readonly McpDocument[];
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/** Logs go to stderr; warnings and errors also reach the MCP client once one is attached. */
export interface Logger {
  log(level: LogLevel, message: string): void;
  /** Forwards warning and error lines (and those logged before) to a client. */
  attach(sink: (level: LogLevel, message: string) => void): void;
}

export interface McpDeps {
  /** The tools to register, already selected for toolsets and read-only (see selectTools). */
  tools: readonly ToolDef[];
  runner: ToolRunner;
  kinds: readonly KindInfo[];
  logger: Logger;
  /** Who is calling, for the audit log and token binding (the OS user running the server). */
  actor: string;
  version: string;
  /**
   * Extra prompts and documents (runbooks), loaded just before the first prompts, resources or
   * completion request. They are the server's only prompts.
   */
  extras?: () => McpExtras;
  /** More lines for the server's instructions: what the extras' prompts do (known before they load). */
  instructions?: string;
  /** JSON Schemas converted when the bundle was built; without them they are converted once. */
  toolSchemas?: ToolSchemas;
  /** Milliseconds to wait for a person to answer an elicitation (DESIGN §7: 50 s). */
  confirmTimeoutMs?: number;
}
