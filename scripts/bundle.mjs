// Bundles the MCP server into one script, dist/snowops-mcp.cjs, so an MCP client starts it fast:
// one file to compile instead of hundreds of modules, and the tools' JSON Schemas converted here,
// once, instead of at every start. Native better-sqlite3 and the heavy snowflake-sdk stay
// external (loaded with the first statement). Clients start dist/snowops-mcp.mjs, which runs
// the script through V8's code cache (src/mcp/bundle-start.ts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = join(root, 'dist', 'snowops-mcp.cjs');
const START = join(root, 'dist', 'snowops-mcp.mjs');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'snowflake-sdk'],
  plugins: [
    {
      // The SDK's server builds its default Ajv validator only when no jsonSchemaValidator is
      // given; createMcpServer always gives one (src/mcp/validator.ts), so Ajv, its formats and
      // URI parser (about 130 KiB evaluated at every start) stay out of the bundle.
      name: 'without-ajv',
      setup(b) {
        b.onResolve({ filter: /validation\/ajv-provider\.js$/ }, () => ({ path: 'ajv-provider', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents:
            'export class AjvJsonSchemaValidator { constructor() { throw new Error("snowops bundles no Ajv: pass jsonSchemaValidator"); } }',
          loader: 'js',
        }));
      },
    },
  ],
  legalComments: 'none',
  minify: true,
  logLevel: 'warning',
};

/** The catalog's JSON Schemas, converted by the same code the server would run. */
async function toolSchemas() {
  const script = join(root, 'dist', '.tool-schemas.mjs');
  mkdirSync(dirname(script), { recursive: true });
  const generator = await build({
    ...common,
    format: 'esm',
    // CommonJS dependencies inside an ESM bundle still call require() for Node builtins.
    banner: {
      js: "import { createRequire as __snowopsRequire } from 'node:module'; const require = __snowopsRequire(import.meta.url);",
    },
    stdin: {
      contents: [
        "import { catalog } from './tools/index.js';",
        "import { toolSchemas } from './src/mcp/schemas.js';",
        'process.stdout.write(JSON.stringify(toolSchemas(catalog)));',
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'tool-schemas.ts',
      loader: 'ts',
    },
    write: false,
  });
  writeFileSync(script, generator.outputFiles[0].contents);
  try {
    return execFileSync(process.execPath, [script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(script, { force: true });
  }
}

const schemas = await toolSchemas();
const result = await build({
  ...common,
  entryPoints: ['src/mcp/main.ts'],
  outfile: SERVER,
  // A script for vm.Script: import() becomes require() (a script has no module loader), and
  // import.meta.url the script's own URL.
  format: 'cjs',
  supported: { 'dynamic-import': false },
  banner: { js: 'var __snowopsUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { SNOWOPS_TOOL_SCHEMAS: schemas, 'import.meta.url': '__snowopsUrl' },
  metafile: true,
});
const serverSha256 = createHash('sha256').update(readFileSync(SERVER)).digest('hex');
await build({
  ...common,
  entryPoints: ['src/mcp/bundle-start.ts'],
  outfile: START,
  format: 'esm',
  define: { SNOWOPS_SERVER_SHA256: JSON.stringify(serverSha256) },
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stderr.write(`bundled ${SERVER} (${Math.round(bytes / 1024)} KiB), started by ${START}\n`);
