/** The y/N question a terminal user answers before a confirmed plan runs. */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CallOptions } from '../ops/runner.js';
import type { ConfirmFn } from '../ops/types.js';
import { planText } from './output.js';

/**
 * How a CLI run confirms a plan: --yes says yes to all; a person at a terminal answers y/N;
 * with neither, nobody can and the answer is a confirmation token.
 */
export function cliConfirmation(
  io: { stdin: Readable; stderr: Writable; isTTY: boolean },
  yes: boolean | undefined,
): Pick<CallOptions, 'confirm' | 'canConfirmInteractively' | 'confirmVia'> {
  const confirm = yes ? async () => true : io.isTTY ? askOnTerminal(io.stdin, io.stderr) : undefined;
  return { confirm, canConfirmInteractively: confirm !== undefined, confirmVia: yes ? '--yes' : 'tty' };
}

export function askOnTerminal(input: Readable, output: Writable): ConfirmFn {
  return async (plan) => {
    const rl = createInterface({ input, terminal: false });
    output.write(`${planText(plan)}\nRun it? [y/N] `);
    // Listen to the events themselves: input that ends without an answer (closed pipe, Ctrl-D)
    // is a no, and a line that arrives just before the end still counts.
    const answer = await new Promise<string | null>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(null));
    });
    rl.close();
    return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
  };
}
