/**
 * Real processes for the wire tests: the built snowops CLI (dist/src/cli.js, as every process
 * test runs it; `npm test` builds first), `snowops emulator serve` as a child process, and
 * `snowops ...` runs with their own environment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../cli/process.js';

/** The built CLI; fails with what to do when it has not been built. */
function cli(): string {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm test does).`);
  return BIN;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `snowops-${prefix}-`));
}

/** The environment a child gets: PATH and HOME only, plus what the test says. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

export interface Served {
  port: number;
  /** Everything the server wrote on stderr so far. */
  log(): string;
  /** Resolves once the log matches; fails after 10 s (the line is written before the answer, but pipes lag). */
  waitFor(pattern: RegExp): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `snowops emulator serve --port 0 ARGS` on `home` and waits for its port line. */
export async function serve(home: string, args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [cli(), 'emulator', 'serve', '--port', '0', ...args], {
    env: childEnv({ SNOWOPS_HOME: home, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /snowops emulator: port (\d+)/.exec(err);
      if (m) resolvePort(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`emulator serve exited (${code}): ${err}${out}`)));
  });
  return {
    port,
    log: () => err,
    waitFor: async (pattern) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(err)) {
        if (Date.now() > deadline) throw new Error(`server log never matched ${pattern}:\n${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `snowops ARGS` to completion. `nodeArgs` go before the script (e.g. --import). */
export async function snowops(
  args: string[],
  env: Record<string, string>,
  nodeArgs: string[] = [],
  cwd?: string,
): Promise<CliRun> {
  const child = spawn(process.execPath, [...nodeArgs, cli(), ...args], {
    env: childEnv(env),
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((done) => child.once('close', (c) => done(c)));
  return { code, stdout, stderr };
}

/** Writes `$dir/connections.toml` private to its owner. */
export function writeConnections(dir: string, toml: string): string {
  const file = join(dir, 'connections.toml');
  writeFileSync(file, toml);
  chmodSync(file, 0o600);
  return file;
}

/** A TOML section for a connection to the wire server on `port`. */
export function wireSection(name: string, port: number, fields: Record<string, string> = {}): string {
  const all = { account: 'local', user: 'alice', password: 'pw', host: '127.0.0.1', protocol: 'http', ...fields };
  const lines = Object.entries(all).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return `[${name}]\n${lines.join('\n')}\nport = ${port}\n`;
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
