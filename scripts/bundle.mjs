// Bundles the MCP entry into one file, dist/snowops-mcp.mjs, so an MCP client starts it fast:
// one file to parse instead of hundreds of modules. Native better-sqlite3 and the heavy
// snowflake-sdk stay external (the driver is imported only when a Snowflake connection opens).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(root, 'dist', 'snowops-mcp.mjs');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/mcp/main.ts'],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'snowflake-sdk'],
  // CommonJS dependencies inside an ESM bundle still call require() for Node builtins.
  banner: {
    js: "import { createRequire as __snowopsRequire } from 'node:module'; const require = __snowopsRequire(import.meta.url);",
  },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stderr.write(`bundled ${BUNDLE} (${Math.round(bytes / 1024)} KiB)\n`);
