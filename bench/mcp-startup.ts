/**
 * MCP benchmarks: cold start (spawn to the first tools/list answer) of the bundled
 * `snowops mcp`, the tsc-built CLI and a hand-written JSON-RPC responder measured in the same
 * run; then tools/call round trips (describe_object, create_database) on the emulator.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { build } from 'esbuild';
import { coldStart, median, ms, percentile } from './_stats.js';
import type { BenchSection } from './run.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'snowops-mcp.mjs');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const FLOOR = join(import.meta.dirname, '_floor-server.js');
const SDK_FLOOR = join(ROOT, 'dist', 'bench-sdk-floor.mjs');
const STARTS = Number(process.env.BENCH_STARTS ?? 15);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);

function serverEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, SNOWOPS_HOME: home, SNOWOPS_CONNECTION: 'local' };
}

async function coldStarts(home: string) {
  const targets = {
    floor: [FLOOR],
    sdk: [SDK_FLOOR],
    bundle: [BUNDLE, 'mcp'],
    cli: [CLI, 'mcp'],
  } as const;
  const env = serverEnv(home);
  const samples: Record<keyof typeof targets, number[]> = { floor: [], sdk: [], bundle: [], cli: [] };
  // One unmeasured start each creates the emulator file and warms the disk cache.
  for (const args of Object.values(targets)) await coldStart([...args], env);
  for (let i = 0; i < STARTS; i++) {
    // Interleaved, so a noisy moment on the machine hits every target alike.
    for (const [name, args] of Object.entries(targets)) {
      samples[name as keyof typeof targets].push(await coldStart([...args], env));
    }
  }
  return {
    floor: median(samples.floor),
    sdk: median(samples.sdk),
    bundle: median(samples.bundle),
    cli: median(samples.cli),
  };
}

async function callLatency(home: string) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BUNDLE, 'mcp'],
      env: serverEnv(home),
      stderr: 'ignore',
    }),
  );
  const time = async (name: string, args: (i: number) => Record<string, unknown>) => {
    const samples: number[] = [];
    for (let i = -20; i < CALLS; i++) {
      const t0 = performance.now();
      const result = await client.callTool({ name, arguments: args(i) });
      const elapsed = performance.now() - t0;
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      if (i >= 0) samples.push(elapsed);
    }
    return { median: median(samples), p99: percentile(samples, 99) };
  };
  try {
    await client.callTool({ name: 'create_database', arguments: { name: 'BENCH_DB' } });
    const describe = await time('describe_object', () => ({ kind: 'database', name: 'BENCH_DB' }));
    const create = await time('create_database', (i) => ({ name: `BENCH_DB_${i + 20}` }));
    return { describe, create };
  } finally {
    await client.close();
  }
}

/** The SDK floor, bundled and minified as scripts/bundle.mjs does for snowops. */
async function bundleSdkFloor() {
  await build({
    entryPoints: [join(import.meta.dirname, '_sdk-floor.js')],
    outfile: SDK_FLOOR,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'warning',
  });
}

export async function run(): Promise<BenchSection> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  await bundleSdkFloor();
  const home = mkdtempSync(join(tmpdir(), 'snowops-bench-mcp-'));
  const start = await coldStarts(home);
  const calls = await callLatency(mkdtempSync(join(tmpdir(), 'snowops-bench-calls-')));
  const ratio = start.bundle / start.floor;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const markdown = [
    `Cold start, spawn to the first tools/list answer, median of ${STARTS} interleaved runs:`,
    '',
    '| server | median |',
    '|---|---|',
    `| hand-written JSON-RPC responder (floor) | ${ms(start.floor)} |`,
    `| smallest MCP SDK server, one tool, bundled the same way | ${ms(start.sdk)} |`,
    `| \`snowops mcp\`, esbuild bundle (dist/snowops-mcp.mjs) | ${ms(start.bundle)} |`,
    `| \`snowops mcp\`, tsc output (dist/src/cli.js) | ${ms(start.cli)} |`,
    '',
    `Bundle / floor: **${ratio.toFixed(2)}x** (target at most 2.5x: ${verdict(ratio <= 2.5)}); smallest SDK server / floor: ${(start.sdk / start.floor).toFixed(2)}x; bundle / smallest SDK server: ${(start.bundle / start.sdk).toFixed(2)}x.`,
    '',
    `tools/call round trip over stdio on the embedded emulator, ${CALLS} sequential calls after 20 warm-up calls:`,
    '',
    '| tool | median | p99 |',
    '|---|---|---|',
    `| describe_object (database) | ${ms(calls.describe.median)} | ${ms(calls.describe.p99)} |`,
    `| create_database | ${ms(calls.create.median)} | ${ms(calls.create.p99)} |`,
    '',
    `Target: median under 5 ms (${verdict(calls.describe.median < 5 && calls.create.median < 5)}).`,
  ].join('\n');
  return { name: 'mcp-startup', title: 'MCP server: cold start and tools/call latency', markdown };
}
