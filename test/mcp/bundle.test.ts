/**
 * The esbuild bundle MCP clients start (dist/snowops-mcp.mjs) serves what `snowops mcp` serves:
 * the same tools/list, though its JSON Schemas were converted when it was built, and working
 * calls, elicitation included.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDir, ROOT, startSession } from './helpers.js';

const BUNDLE = join(ROOT, 'dist', 'snowops-mcp.mjs');

describe('the MCP bundle', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { stdio: 'pipe' });
  });

  it('lists the same tools, schemas and annotations as snowops mcp, and runs them', async () => {
    const reference = await startSession();
    const expected = (await reference.client.listTools()).tools;
    await reference.close();

    const home = freshDir('snowops-mcp-bundle-');
    const client = new Client({ name: 'bundle-test', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { confirm: true } }));
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BUNDLE, 'mcp'],
        env: { PATH: process.env.PATH ?? '', HOME: home, SNOWOPS_HOME: home, SNOWFLAKE_HOME: home },
        stderr: 'ignore',
      }),
    );
    try {
      expect((await client.listTools()).tools).toEqual(expected);
      const created = await client.callTool({ name: 'create_database', arguments: { name: 'BUNDLED' } });
      expect(created.structuredContent).toMatchObject({ status: 'done' });
      const dropped = await client.callTool({ name: 'drop_object', arguments: { kind: 'database', name: 'BUNDLED' } });
      expect(dropped.structuredContent).toMatchObject({ status: 'done' });
    } finally {
      await client.close();
    }
  });
});
