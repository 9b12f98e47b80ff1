/**
 * Two snowops processes opening the same brand-new SQLite file at once (the first calls on a
 * fresh SNOWOPS_HOME) both get it. Switching a new file to WAL can fail at once with
 * SQLITE_BUSY, whatever the busy timeout, while the other one is opening it; openShared retries.
 * Two worker threads stand in for the processes: each has its own SQLite connection and locks.
 */

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDir, ROOT } from '../helpers/home.js';

const OPENER = `
  const { parentPort } = require('node:worker_threads');
  const ready = import(${JSON.stringify(join(ROOT, 'dist', 'src', 'sqlite.js'))});
  parentPort.on('message', async (file) => {
    try {
      const db = (await ready).openShared(file, 5000);
      db.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS t (a); COMMIT');
      db.close();
      parentPort.postMessage('ok');
    } catch (e) {
      parentPort.postMessage(String(e.code ?? e.message));
    }
  });
`;

describe('opening one new SQLite file from two processes at once', () => {
  const workers = [0, 1].map(() => new Worker(OPENER, { eval: true }));
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  });

  it('never fails with SQLITE_BUSY across 150 fresh files (without the retry, some do in most runs)', async () => {
    const dir = freshDir('snowops-shared-open-');
    const outcomes: string[] = [];
    for (let i = 0; i < 150; i++) {
      const file = join(dir, `f${i}.sqlite`);
      const answers = workers.map((w) => new Promise<string>((done) => w.once('message', done)));
      for (const w of workers) w.postMessage(file);
      outcomes.push(...(await Promise.all(answers)));
    }
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
  });
});
