// Rewrites manifest.json's tools[] from the catalog (names and descriptions, catalog order), so
// the bundle lists exactly what the server registers. Run after `npm run build`;
// test/mcp/manifest.test.ts fails when the two drift apart.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { catalog } = await import(pathToFileURL(join(root, 'dist', 'tools', 'index.js')).href);
const path = join(root, 'manifest.json');
const manifest = JSON.parse(readFileSync(path, 'utf8'));
manifest.tools = catalog.map((tool) => ({ name: tool.name, description: tool.description }));
writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
// The project's formatter owns the layout (short arrays on one line).
execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', path], { stdio: 'ignore' });
process.stderr.write(`manifest.json: ${manifest.tools.length} tools\n`);
