/**
 * deploy_dag with a modelled network (SNOWOPS_EMULATOR_LATENCY_MS, default 50 here): a 30-task
 * graph of depth 4 deployed by the tool as shipped (the tasks of one depth created, and the
 * children resumed, concurrently) against the same plan run one statement after another. Both
 * go through the real runner on the embedded emulator; only the apply step differs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmulatorClient } from '../src/client/emulator.js';
import { defaultPolicy } from '../src/ops/policy.js';
import { createRunner } from '../src/ops/runner.js';
import type { ToolDef, WriteTool } from '../src/ops/types.js';
import { dagFromGraph, getGraph } from '../src/resources/dag.js';
import { deployDagTool } from '../tools/dags.js';
import { median, ms } from './_stats.js';
import type { BenchSection } from './run.js';

const LATENCY_MS = Number(process.env.SNOWOPS_EMULATOR_LATENCY_MS || 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Tasks per depth below the root: 29 children + the root = 30 tasks, depth 4. */
const LEVELS = [8, 8, 7, 6];

function graphArgs() {
  const tasks: { name: string; definition: { sql: string }; predecessors?: string[] }[] = [];
  LEVELS.forEach((size, depth) => {
    for (let i = 0; i < size; i++) {
      const parent = depth === 0 ? undefined : `T${depth - 1}_${i % LEVELS[depth - 1]}`;
      tasks.push({
        name: `T${depth}_${i}`,
        definition: { sql: `SELECT ${depth * 100 + i}` },
        ...(parent ? { predecessors: [parent] } : {}),
      });
    }
  });
  return { database: 'BENCH_DB', schema: 'PUBLIC', name: 'BENCH_DAG', tasks };
}

/** The same tool with the runner's default apply: the plan's statements one after another. */
const sequentialDeploy: WriteTool = {
  ...deployDagTool,
  apply: undefined,
  async after(args, _plan, ctx) {
    const ref = { database: 'BENCH_DB', schema: 'PUBLIC', name: String(args.name) };
    return { message: 'deployed one statement at a time', object: dagFromGraph(await getGraph(ctx.client, ref)) };
  },
};

async function deployOnce(tool: ToolDef): Promise<{ ms: number; statements: number }> {
  const home = mkdtempSync(join(tmpdir(), 'snowops-bench-dag-'));
  const client = createEmulatorClient({ home, latencyMs: LATENCY_MS });
  try {
    await client.execute('CREATE DATABASE BENCH_DB');
    const runner = createRunner({ catalog: [tool], client, home, policy: defaultPolicy() });
    const t0 = performance.now();
    const result = await runner.call('deploy_dag', graphArgs(), { frontEnd: 'cli', actor: 'bench' });
    const elapsed = performance.now() - t0;
    runner.close();
    const dag = result.object as { task_count: number };
    if (result.status !== 'done' || dag.task_count !== 30) throw new Error(`deploy failed: ${JSON.stringify(result)}`);
    return { ms: elapsed, statements: (result.statements as unknown[]).length };
  } finally {
    await client.close();
    rmSync(home, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchSection> {
  const concurrent: number[] = [];
  const sequential: number[] = [];
  let statements = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const c = await deployOnce(deployDagTool);
    const s = await deployOnce(sequentialDeploy);
    concurrent.push(c.ms);
    sequential.push(s.ms);
    statements = c.statements;
  }
  const ratio = median(sequential) / median(concurrent);
  const markdown = [
    `A 30-task DAG of depth 4 (levels of ${LEVELS.join(', ')} tasks under the root, no schedule), deployed with`,
    `deploy_dag through the runner on the embedded emulator with SNOWOPS_EMULATOR_LATENCY_MS=${LATENCY_MS}:`,
    `${statements} statements (30 CREATE TASK, 29 ALTER TASK ... RESUME), plus the plan's and the result's reads.`,
    `Median of ${ROUNDS} rounds.`,
    '',
    '| apply | time |',
    '|---|---|',
    `| one statement after another | ${ms(median(sequential))} |`,
    `| one depth at a time, concurrently (deploy_dag) | ${ms(median(concurrent))} |`,
    `| ratio | ${ratio.toFixed(1)}x |`,
  ].join('\n');
  process.stderr.write(
    `deploy-dag: sequential ${ms(median(sequential))}, concurrent ${ms(median(concurrent))}, ratio ${ratio.toFixed(1)}x\n`,
  );
  return { name: 'deploy-dag', title: 'Deploying a DAG: concurrent per depth vs one statement at a time', markdown };
}
