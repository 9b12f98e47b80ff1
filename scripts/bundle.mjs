// Bundles the MCP entry into one file, dist/snowops-mcp.mjs, so an MCP client starts it fast:
// one file to parse instead of hundreds of modules, and the tools' JSON Schemas converted here,
// once, instead of at every start. Native better-sqlite3 and the heavy snowflake-sdk stay
// external (the driver is imported only when a Snowflake connection opens).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(root, 'dist', 'snowops-mcp.mjs');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'snowflake-sdk'],
  // CommonJS dependencies inside an ESM bundle still call require() for Node builtins.
  banner: {
    js: "import { createRequire as __snowopsRequire } from 'node:module'; const require = __snowopsRequire(import.meta.url);",
  },
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
  outfile: BUNDLE,
  define: { SNOWOPS_TOOL_SCHEMAS: schemas },
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stderr.write(`bundled ${BUNDLE} (${Math.round(bytes / 1024)} KiB)\n`);
