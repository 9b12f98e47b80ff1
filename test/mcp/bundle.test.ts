/**
 * The esbuild bundle MCP clients start (dist/snowops-mcp.mjs) serves what `snowops mcp` serves:
 * the same tools/list, though its JSON Schemas were converted when it was built, and working
 * calls, elicitation included. Its code cache is written once, used as it is after that, and
 * replaced when V8 refuses it or it belongs to another build.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, wireSection, writeConnections } from '../wire/helpers.js';
import { freshDir, ROOT, startSession } from './helpers.js';

const BUNDLE = join(ROOT, 'dist', 'snowops-mcp.mjs');

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { stdio: 'pipe' });
});

describe('the MCP bundle', () => {
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

describe('the MCP bundle on a Snowflake connection', () => {
  it('loads the snowflake-sdk driver (left out of the bundle) and runs a tool through it', async () => {
    const home = freshDir('snowops-mcp-bundle-wire-');
    const server = await serve(freshDir('snowops-mcp-bundle-account-'));
    const snowflakeHome = freshDir('snowops-mcp-bundle-sf-');
    writeConnections(snowflakeHome, wireSection('wire', server.port));
    const client = new Client({ name: 'bundle-wire-test', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BUNDLE, 'mcp', '--connection', 'wire'],
        env: { PATH: process.env.PATH ?? '', HOME: home, SNOWOPS_HOME: home, SNOWFLAKE_HOME: snowflakeHome },
        stderr: 'ignore',
      }),
    );
    try {
      const listed = await client.callTool({ name: 'list_objects', arguments: { kind: 'warehouse' } });
      expect(listed.isError).toBeFalsy();
      expect(listed.structuredContent).toMatchObject({ objects: [{ name: 'COMPUTE_WH' }] });
      // The driver logged in to the wire server: not the embedded emulator answered.
      await server.waitFor(/ALICE logged in/);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe("the bundle's code cache", () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  /** The starter and the script in a folder of their own, under dist/ so node_modules still resolves. */
  function copyOfBundle(): string {
    const dir = mkdtempSync(join(ROOT, 'dist', '.bundle-copy-'));
    copies.push(dir);
    for (const file of ['snowops-mcp.mjs', 'snowops-mcp.cjs']) copyFileSync(join(ROOT, 'dist', file), join(dir, file));
    return dir;
  }

  /** Starts the copy as a client does, lists its tools, runs `meanwhile`, then closes it (the client waits for the exit). */
  async function listTools(dir: string, meanwhile: () => Promise<void> = async () => {}) {
    const home = freshDir('snowops-mcp-cache-');
    const client = new Client({ name: 'cache-test', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(dir, 'snowops-mcp.mjs'), 'mcp'],
        env: { PATH: process.env.PATH ?? '', HOME: home, SNOWOPS_HOME: home },
        stderr: 'ignore',
      }),
    );
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      await meanwhile();
      return names;
    } finally {
      await client.close();
    }
  }

  const scriptHash = (dir: string) =>
    createHash('sha256')
      .update(readFileSync(join(dir, 'snowops-mcp.cjs')))
      .digest();

  it('is written by the first start, bound to the script, and used unchanged by the next', async () => {
    const dir = copyOfBundle();
    const cacheFile = join(dir, 'snowops-mcp.cjs.v8cache');
    expect(existsSync(cacheFile)).toBe(false);
    const first = await listTools(dir);
    expect(first.length).toBeGreaterThan(20);
    const written = readFileSync(cacheFile);
    expect(written.subarray(0, 32).equals(scriptHash(dir))).toBe(true);
    expect(written.length).toBeGreaterThan(10_000);

    expect(await listTools(dir)).toEqual(first);
    // Not written again: V8 took it.
    expect(readFileSync(cacheFile).equals(written)).toBe(true);
  });

  it('is written while a long session is still running, not only at exit', async () => {
    const dir = copyOfBundle();
    const cacheFile = join(dir, 'snowops-mcp.cjs.v8cache');
    let during: Buffer | undefined;
    await listTools(dir, async () => {
      // A client such as a desktop app keeps the server running and may kill it without an exit.
      const deadline = Date.now() + 10_000;
      while (!existsSync(cacheFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      during = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
    });
    expect(during?.subarray(0, 32).equals(scriptHash(dir))).toBe(true);
    // Written once: the exit did not write it again.
    expect(readFileSync(cacheFile).equals(during!)).toBe(true);
  });

  it('is replaced when V8 refuses it or it was written for another build, and the server starts as usual', async () => {
    const dir = copyOfBundle();
    const cacheFile = join(dir, 'snowops-mcp.cjs.v8cache');
    const expected = await listTools(dir);
    const good = readFileSync(cacheFile);

    const refused = Buffer.concat([scriptHash(dir), Buffer.alloc(4096, 7)]);
    writeFileSync(cacheFile, refused);
    expect(await listTools(dir)).toEqual(expected);
    const rewritten = readFileSync(cacheFile);
    expect(rewritten.equals(refused)).toBe(false);
    expect(rewritten.subarray(0, 32).equals(scriptHash(dir))).toBe(true);

    const otherBuild = Buffer.concat([Buffer.alloc(32, 1), good.subarray(32)]);
    writeFileSync(cacheFile, otherBuild);
    expect(await listTools(dir)).toEqual(expected);
    expect(readFileSync(cacheFile).subarray(0, 32).equals(scriptHash(dir))).toBe(true);
  });
});
