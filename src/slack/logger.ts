/**
 * Bolt's and the Web API client's logging, on stderr (stdout is not Slack's to use; the default
 * WebClient logger writes info and debug to stdout).
 */
import type { Writable } from 'node:stream';
import { type Logger, LogLevel } from '@slack/bolt';

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

function text(msg: unknown[]): string {
  return msg
    .map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m)))
    .join(' ');
}

export function createStderrLogger(out: Writable = process.stderr, level: LogLevel = LogLevel.INFO): Logger {
  let current = level;
  let name = 'snowops slack';
  const write = (at: LogLevel, msg: unknown[]) => {
    if (ORDER.indexOf(at) >= ORDER.indexOf(current)) out.write(`${name} [${at}] ${text(msg)}\n`);
  };
  return {
    debug: (...msg) => write(LogLevel.DEBUG, msg),
    info: (...msg) => write(LogLevel.INFO, msg),
    warn: (...msg) => write(LogLevel.WARN, msg),
    error: (...msg) => write(LogLevel.ERROR, msg),
    setLevel: (l) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n) => {
      name = `snowops slack ${n}`;
    },
  };
}

/** "debug" | "info" | "warn" | "error" -> LogLevel; anything else is info. */
export function logLevel(text: string | undefined): LogLevel {
  const wanted = text?.trim().toLowerCase();
  return ORDER.find((l) => l === wanted) ?? LogLevel.INFO;
}
