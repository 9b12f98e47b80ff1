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
import { createEmulatorClient } from '../src/client/emulator.js';
import { defaultPolicy } from '../src/ops/policy.js';
import { createRunner } from '../src/ops/runner.js';
import { catalog } from '../tools/index.js';
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

type Call = (name: string, args: Record<string, unknown>) => Promise<void>;

/** describe_object and create_database, CALLS times each after 20 warm-up calls. */
async function timeCalls(call: Call) {
  const time = async (name: string, args: (i: number) => Record<string, unknown>) => {
    const samples: number[] = [];
    for (let i = -20; i < CALLS; i++) {
      const t0 = performance.now();
      await call(name, args(i));
      if (i >= 0) samples.push(performance.now() - t0);
    }
    return { median: median(samples), p99: percentile(samples, 99) };
  };
  await call('create_database', { name: 'BENCH_DB' });
  const describe = await time('describe_object', () => ({ kind: 'database', name: 'BENCH_DB' }));
  const create = await time('create_database', (i) => ({ name: `BENCH_DB_${i + 20}` }));
  return { describe, create };
}

/** Over MCP: the bundled server as a child process, the SDK client over stdio. */
async function overMcp(home: string) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BUNDLE, 'mcp'],
      env: serverEnv(home),
      stderr: 'ignore',
    }),
  );
  try {
    return await timeCalls(async (name, args) => {
      const result = await client.callTool({ name, arguments: args });
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
    });
  } finally {
    await client.close();
  }
}

/** The same calls straight through the runner in this process: what the MCP layer adds is the difference. */
async function inProcess(home: string) {
  const sql = createEmulatorClient({ home });
  const runner = createRunner({ catalog, client: sql, home, policy: defaultPolicy() });
  try {
    return await timeCalls(async (name, args) => {
      await runner.call(name, args, { frontEnd: 'cli', actor: 'bench' });
    });
  } finally {
    runner.close();
    await sql.close();
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
  const calls = await overMcp(mkdtempSync(join(tmpdir(), 'snowops-bench-calls-')));
  const direct = await inProcess(mkdtempSync(join(tmpdir(), 'snowops-bench-direct-')));
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
    'Where it goes: the floor is Node starting; the smallest SDK server adds the SDK (its protocol types are',
    'zod schemas built at import); snowops adds its catalog (zod schemas of 30 tools), resource layer and policy.',
    "The bundle is one minified file; the tools' JSON Schemas are converted when it is built (the SDK converts",
    "them at every tools/list, about 40 ms for this catalog); the SDK's Ajv validator is left out (elicitation",
    'forms are checked by a small validator of our own); the emulator or driver loads with the first statement.',
    "The ratio to the floor cannot go below the SDK's own.",
    '',
    `tools/call round trip over stdio on the embedded emulator, ${CALLS} sequential calls after 20 warm-up calls:`,
    '',
    '| tool | median | p99 | the runner alone, in process: median |',
    '|---|---|---|---|',
    `| describe_object (database) | ${ms(calls.describe.median)} | ${ms(calls.describe.p99)} | ${ms(direct.describe.median)} |`,
    `| create_database | ${ms(calls.create.median)} | ${ms(calls.create.p99)} | ${ms(direct.create.median)} |`,
    '',
    `Target: median under 5 ms (${verdict(calls.describe.median < 5 && calls.create.median < 5)}).`,
  ].join('\n');
  return { name: 'mcp-startup', title: 'MCP server: cold start and tools/call latency', markdown };
}
