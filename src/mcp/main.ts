/**
 * Entry of the esbuild bundle (dist/snowops-mcp.mjs) that MCP clients start: the same command as
 * `snowops mcp`, without loading the rest of the CLI. `node dist/snowops-mcp.mjs [mcp] [flags]`.
 */
import { catalog } from '../../tools/index.js';
import { runMcp } from '../cli/mcp.js';
import type { ToolSchemas } from './schemas.js';

/** Replaced by scripts/bundle.mjs with the catalog's JSON Schemas; undefined in the tsc build. */
declare const SNOWOPS_TOOL_SCHEMAS: ToolSchemas | undefined;

const argv = process.argv.slice(2);
process.exitCode = await runMcp(
  argv[0] === 'mcp' ? argv.slice(1) : argv,
  { env: process.env, stdin: process.stdin, stdout: process.stdout },
  { catalog, toolSchemas: typeof SNOWOPS_TOOL_SCHEMAS === 'undefined' ? undefined : SNOWOPS_TOOL_SCHEMAS },
);
