/**
 * The bundled MCP server (dist/snowops-mcp.cjs, started by dist/snowops-mcp.mjs, see
 * bundle-start.ts): the same command as `snowops mcp`, without loading the rest of the CLI.
 * `node dist/snowops-mcp.mjs [mcp] [flags]`. A script, not a module (no top-level await), so
 * the starter can compile it with V8's code cache.
 */
import * as z from 'zod';
import { catalog } from '../../tools/index.js';
import { runMcp } from '../cli/mcp.js';
import type { ToolSchemas } from './schemas.js';

/** Replaced by scripts/bundle.mjs with the catalog's JSON Schemas; undefined in the tsc build. */
declare const SNOWOPS_TOOL_SCHEMAS: ToolSchemas | undefined;

// Zod compiles a fast parser per schema on its first parse; a process that parses a few small
// messages per schema (a CLI call, a server's first requests) gains nothing from it and pays the
// compile time at start.
z.config({ jitless: true });

const argv = process.argv.slice(2);
runMcp(
  argv[0] === 'mcp' ? argv.slice(1) : argv,
  { env: process.env, stdin: process.stdin, stdout: process.stdout },
  { catalog, toolSchemas: typeof SNOWOPS_TOOL_SCHEMAS === 'undefined' ? undefined : SNOWOPS_TOOL_SCHEMAS },
).then((code) => {
  process.exitCode = code;
});
