/** The y/N question a terminal user answers before a confirmed plan runs. */
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { ConfirmFn } from '../ops/types.js';
import { planText } from './output.js';

export function askOnTerminal(input: Readable, output: Writable): ConfirmFn {
  return async (plan) => {
    const rl = createInterface({ input, output, terminal: false });
    try {
      output.write(`${planText(plan)}\n`);
      const answer = await rl.question('Run it? [y/N] ');
      return /^\s*y(es)?\s*$/i.test(answer);
    } catch {
      return false; // input closed: no answer is a no
    } finally {
      rl.close();
    }
  };
}
