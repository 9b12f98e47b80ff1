import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/emulator/engine.js';
import { client, failure, tempHome } from './helpers.js';

const isRoot = process.getuid?.() === 0;
const restore: string[] = [];

afterEach(() => {
  for (const p of restore.splice(0)) chmodSync(p, 0o700);
});

describe('a read-only SNOWOPS_HOME', () => {
  it('an engine opened read-only reads, never writes, and refuses writing statements', async () => {
    const home = tempHome();
    const writer = client({ home });
    await writer.execute('CREATE DATABASE kept');
    const before = statSync(join(home, 'emulator.sqlite')).mtimeMs;
    const reader = Engine.open({ path: join(home, 'emulator.sqlite'), readOnly: true });
    try {
      const session = reader.newSession();
      expect(reader.execute("SHOW DATABASES LIKE 'KEPT'", [], session).rows).toHaveLength(1);
      expect(() => reader.execute('DROP DATABASE kept', [], session)).toThrow(/read-only/);
      expect((await writer.execute("SHOW DATABASES LIKE 'KEPT'")).rows).toHaveLength(1);
      expect(statSync(join(home, 'emulator.sqlite')).mtimeMs).toBe(before);
    } finally {
      reader.close();
    }
  });

  it.skipIf(isRoot)('can still be read, and writes fail with a clear error', async () => {
    const home = tempHome();
    const writer = client({ home });
    await writer.execute('CREATE DATABASE kept');
    await writer.execute('CREATE TABLE t (a INT)');
    await writer.execute('INSERT INTO t VALUES (1)');
    await writer.close();
    chmodSync(join(home, 'emulator.sqlite'), 0o400);
    chmodSync(home, 0o500);
    restore.push(home, join(home, 'emulator.sqlite'));
    const reader = client({ home });
    expect(reader.engine.readOnly).toBe(true);
    expect((await reader.execute("SHOW DATABASES LIKE 'KEPT'")).rows).toHaveLength(1);
    expect((await reader.execute('SELECT a FROM kept.public.t')).rows).toEqual([{ A: 1 }]);
    const e = await failure(reader.execute('CREATE DATABASE nope'));
    expect(e.message).toContain('read-only');
  });
});
