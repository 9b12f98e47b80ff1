import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { client, tempHome } from './helpers.js';

/** Writes rows from its own process with the built emulator client (see the fixture). */
const WRITER = join(import.meta.dirname, 'fixtures', 'writer.mjs');
const BUILT = join(import.meta.dirname, '..', '..', 'dist', 'src', 'client', 'emulator.js');

function run(script: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('several processes on one SNOWOPS_HOME', () => {
  it('write at the same time and lose nothing', async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run "npm run build" first (npm test does).`);
    const home = tempHome();
    const results = await Promise.all([run(WRITER, [home, 'a', '40']), run(WRITER, [home, 'b', '40'])]);
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
