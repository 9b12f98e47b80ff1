/** Runs the built `snowops` executable as a separate process, as a user or a script would. */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, builtCli, freshDir } from '../helpers/home.js';

export { BIN };

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (undefined when it is not JSON). */
  json: Record<string, unknown> & { status?: string; error?: Record<string, unknown> };
}

/** A fresh SNOWOPS_HOME and an empty SNOWFLAKE_HOME, so no real connection is ever found. */
export function freshHomes(): { home: string; snowflakeHome: string } {
  builtCli();
  const root = freshDir('snowops-cli-');
  const snowflakeHome = join(root, 'snowflake');
  mkdirSync(snowflakeHome);
  return { home: join(root, 'home'), snowflakeHome };
}

export function snowops(
  args: string[],
  homes: { home: string; snowflakeHome: string },
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        SNOWOPS_HOME: homes.home,
        SNOWFLAKE_HOME: homes.snowflakeHome,
        SNOWOPS_CONNECTION: '',
        SNOWOPS_POLICY: '',
        SNOWFLAKE_DEFAULT_CONNECTION_NAME: '',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (code) => {
      let json: Run['json'];
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined as unknown as Run['json'];
      }
      done({ code, stdout, stderr, json });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** `snowops call TOOL '<json>' ...flags`. */
export function call(
  homes: { home: string; snowflakeHome: string },
  tool: string,
  args: Record<string, unknown>,
  ...flags: string[]
): Promise<Run> {
  return snowops(['call', tool, JSON.stringify(args), ...flags], homes);
}
