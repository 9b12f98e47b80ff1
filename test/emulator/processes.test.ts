import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { client, tempHome } from './helpers.js';

function run(script: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, NODE_PATH: resolve('node_modules') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('several processes on one SNOWOPS_HOME', () => {
  it('write at the same time and lose nothing', async () => {
    const home = tempHome();
    const script = join(home, 'writer.cjs');
    await build({
      entryPoints: [resolve('test/emulator/fixtures/writer.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['better-sqlite3'],
      outfile: script,
      logLevel: 'silent',
    });
    const results = await Promise.all([run(script, [home, 'a', '40']), run(script, [home, 'b', '40'])]);
    for (const r of results) expect(r).toEqual({ code: 0, stderr: '' });
    const c = client({ home });
    const counts = await c.execute(
      'SELECT writer, count(*) AS n FROM shared.public.log GROUP BY writer ORDER BY writer',
    );
    expect(counts.rows).toEqual([
      { WRITER: 'a', N: 40 },
      { WRITER: 'b', N: 40 },
    ]);
    expect((await c.execute("SHOW DATABASES LIKE 'SHARED'")).rows).toHaveLength(1);
    expect((await c.execute("SHOW WAREHOUSES LIKE 'COMPUTE_WH'")).rows).toHaveLength(1);
  });
});
