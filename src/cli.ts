#!/usr/bin/env node
/**
 * The `snowops` executable and composition root: the catalog, the process's streams and
 * environment go in; src/cli/main.ts picks the command. The exit code is set, not forced, so
 * pending output is flushed before the process ends.
 */
import * as z from 'zod';
import { catalog } from '../tools/index.js';
import { runCli } from './cli/main.js';

// Zod compiles a fast parser per schema on its first parse; a process that parses a few small
// messages per schema (a CLI call, a server's first requests) gains nothing from it and pays the
// compile time at start.
z.config({ jitless: true });

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: Boolean(process.stdin.isTTY && process.stderr.isTTY),
  },
  { catalog },
);
process.exitCode = code;
