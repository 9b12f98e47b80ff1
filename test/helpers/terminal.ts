/**
 * The CLI run in this process, with the real catalog and streams of our own. A child process has
 * no terminal; these streams can say they are one, so the y/N question can be answered.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { catalog } from '../../tools/index.js';

export interface Streams {
  stdin: PassThrough;
  stdout: PassThrough;
  stderr: PassThrough;
  /** What stdout got since the last look. */
  out(): string;
  /** Everything stderr got. */
  err(): string;
}

/** Streams whose input is `answer` and a newline, or closed at once when `answer` is null. */
export function streams(answer: string | null): Streams {
  const stdin = new PassThrough();
  if (answer === null) stdin.end();
  else stdin.end(`${answer}\n`);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  return {
    stdin,
    stdout,
    stderr,
    out: () => {
      const text = out;
      out = '';
      return text;
    },
    err: () => err,
  };
}

/** The local emulator on `root/home`, with `root` as an empty SNOWFLAKE_HOME. */
export function localEnv(root: string): NodeJS.ProcessEnv {
  return { ...process.env, SNOWOPS_HOME: join(root, 'home'), SNOWFLAKE_HOME: root, SNOWOPS_CONNECTION: 'local' };
}

/** `snowops ARGV` in this process on `io`; its exit code. */
export function runOn(io: Streams, argv: string[], env: NodeJS.ProcessEnv, isTTY = true): Promise<number> {
  return runCli(argv, { stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, env, isTTY }, { catalog });
}
