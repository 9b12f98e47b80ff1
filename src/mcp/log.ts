/**
 * The MCP server's logger. stdout is the JSON-RPC channel, so every line goes to stderr;
 * warnings and errors are also forwarded to the client (MCP logging), including the ones
 * logged before the client finished initialising.
 */
import type { Logger, LogLevel } from './types.js';

const FORWARDED: ReadonlySet<LogLevel> = new Set(['warning', 'error']);
/** Enough to carry start-up warnings (connection fallback, loose file modes) to the client. */
const MAX_PENDING = 50;

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  let sink: ((level: LogLevel, message: string) => void) | undefined;
  const pending: Array<[LogLevel, string]> = [];
  return {
    log(level, message) {
      write(`snowops mcp ${level}: ${message}\n`);
      if (!FORWARDED.has(level)) return;
      if (sink) sink(level, message);
      else if (pending.length < MAX_PENDING) pending.push([level, message]);
    },
    attach(next) {
      sink = next;
      for (const [level, message] of pending.splice(0)) next(level, message);
    },
  };
}
