// Starts an unpacked MCP bundle the way a client does (manifest.json's mcp_config, ${__dirname}
// and ${user_config.*} expanded with their defaults), lists its tools and checks them against
// the manifest's tools[]. Usage: node scripts/bundle-smoke.mjs UNPACKED_DIR
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const dir = resolve(process.argv[2] ?? '');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const home = mkdtempSync(join(tmpdir(), 'snowops-bundle-smoke-'));
const defaults = Object.fromEntries(
  Object.entries(manifest.user_config ?? {}).map(([key, c]) => [key, String(c.default ?? '')]),
);
const expand = (text) =>
  text.replace(/\$\{(__dirname|HOME|user_config\.([a-z_]+))\}/g, (_, name, key) => {
    if (name === '__dirname') return dir;
    if (name === 'HOME') return home;
    return defaults[key] ?? '';
  });
const { command, args = [], env = {} } = manifest.server.mcp_config;

const client = new Client({ name: 'bundle-smoke', version: '1' });
await client.connect(
  new StdioClientTransport({
    command: command === 'node' ? process.execPath : command,
    args: args.map(expand),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      SNOWOPS_HOME: home,
      ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, expand(v)])),
    },
    cwd: home,
    stderr: 'inherit',
  }),
);
try {
  const { tools } = await client.listTools();
  for (const tool of tools) process.stdout.write(`${tool.name}\n`);
  const listed = JSON.stringify(tools.map((t) => ({ name: t.name, description: t.description })));
  if (listed !== JSON.stringify(manifest.tools)) {
    process.stderr.write('bundle-smoke: the unpacked server lists other tools than manifest.json tools[]\n');
    process.exitCode = 1;
  }
  const result = await client.callTool({ name: 'list_objects', arguments: { kind: 'warehouse' } });
  if (result.isError) {
    process.stderr.write(`bundle-smoke: list_objects failed: ${JSON.stringify(result.content)}\n`);
    process.exitCode = 1;
  }
  const { prompts } = await client.listPrompts();
  if (!prompts.some((p) => p.name === 'quickstart')) {
    process.stderr.write('bundle-smoke: no quickstart prompt\n');
    process.exitCode = 1;
  }
  process.stderr.write(
    `bundle-smoke: ${tools.length} tools, prompts ${prompts.map((p) => p.name).join(', ')}; list_objects on the emulator answered\n`,
  );
} finally {
  await client.close();
}
