/**
 * Separate snowops processes on one SNOWOPS_HOME at the same time: nothing is lost, and a
 * confirmation token presented by two processes at once runs exactly once.
 */
import { describe, expect, it } from 'vitest';
import { call, freshHomes, type Run } from './process.js';

describe('two processes on one SNOWOPS_HOME', () => {
  it('lose nothing: ten create_database calls split across two concurrent chains all land', async () => {
    const homes = freshHomes();
    const chain = async (first: number): Promise<Run[]> => {
      const runs: Run[] = [];
      for (let i = first; i < 10; i += 2) runs.push(await call(homes, 'create_database', { name: `conc_db_${i}` }));
      return runs;
    };
    const runs = (await Promise.all([chain(0), chain(1)])).flat();
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const listed = await call(homes, 'list_objects', { kind: 'database', like: 'CONC_DB_%' });
    expect(listed.code, listed.stderr).toBe(0);
    expect((listed.json.objects as { name: string }[]).map((o) => o.name).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `CONC_DB_${i}`).sort(),
    );
  });

  it('a token presented by two processes at once runs once', async () => {
    const homes = freshHomes();
    expect((await call(homes, 'create_database', { name: 'race_db', comment: 'original' })).code).toBe(0);
    const args = { name: 'race_db', mode: 'or_replace', comment: 'replaced' };
    const asked = await call(homes, 'create_database', args);
    expect(asked.code, asked.stderr).toBe(3);
    const withToken = { ...args, confirmation_token: asked.json.confirmation_token };
    const [a, b] = await Promise.all([
      call(homes, 'create_database', withToken),
      call(homes, 'create_database', withToken),
    ]);
    const codes = [a!.code, b!.code].sort();
    expect(codes).toEqual([0, 2]);
    const loser = a!.code === 2 ? a! : b!;
    expect(loser.json.error).toMatchObject({ code: 'confirmation_invalid' });
    expect(loser.json.error?.message).toMatch(/already used/);
  });
});
