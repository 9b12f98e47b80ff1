/**
 * The audit log (DESIGN §7): $SNOWOPS_HOME/audit.sqlite, one row per call that changed, tried to
 * change, or was refused. A change gets its row as its statements start (outcome `running`) and
 * the row is completed when it ends, so a process that dies mid-change still left a trace.
 *
 * Writing never blocks or breaks the call it records: the file opens on first use, a locked file
 * is waited for briefly (AUDIT_BUSY_TIMEOUT_MS), and any failure is reported once on stderr and
 * otherwise ignored.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openShared, openSqlite, type SqliteDatabase } from '../sqlite.js';
import { faults } from './faults.js';
import type { AuditEntry, AuditSink } from './types.js';

export const AUDIT_FILE = 'audit.sqlite';
export const AUDIT_BUSY_TIMEOUT_MS = 250;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  front_end TEXT NOT NULL,
  actor TEXT NOT NULL,
  request_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  effect TEXT,
  summary TEXT,
  outcome TEXT NOT NULL,
  confirmation TEXT,
  args TEXT NOT NULL,
  statements TEXT NOT NULL,
  query_ids TEXT NOT NULL,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_time ON audit (time);
`;

/** A row as `snowops audit` shows it: an entry, or one still `running` (or cut short). */
export type AuditRecord = Omit<AuditEntry, 'outcome'> & { id: number; outcome: AuditEntry['outcome'] | 'running' };

// Secrets written into SQL text (CREATE USER ... PASSWORD = '...') stay out of the log too.
const SECRET_IN_SQL =
  /\b(PASSWORD|SECRET_STRING|PRIVATE_KEY|RSA_PUBLIC_KEY(?:_2)?|OAUTH_CLIENT_SECRET|API_KEY|TOKEN)(\s*=?\s*)'(?:[^'\\]|''|\\.)*'/gi;

export function redactSql(text: string): string {
  return text.replace(SECRET_IN_SQL, "$1$2'[redacted]'");
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactSql(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactStrings(v)]));
  }
  return value;
}

function row(entry: AuditEntry, outcome: string) {
  return {
    time: entry.time,
    front_end: entry.front_end,
    actor: entry.actor,
    request_id: entry.request_id,
    tool: entry.tool,
    effect: entry.effect,
    summary: entry.summary,
    outcome,
    confirmation: entry.confirmation ? JSON.stringify(entry.confirmation) : null,
    args: JSON.stringify(redactStrings(entry.args)),
    statements: JSON.stringify(entry.statements.map((s) => ({ ...s, sql: redactSql(s.sql) }))),
    query_ids: JSON.stringify(entry.query_ids),
    error: entry.error ? JSON.stringify(entry.error) : null,
    duration_ms: entry.duration_ms,
  };
}

const COLUMNS = Object.keys(row({ statements: [], args: {}, query_ids: [] } as unknown as AuditEntry, ''));
const INSERT = `INSERT INTO audit (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`;
const UPDATE = `UPDATE audit SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;

export interface AuditStore extends Required<AuditSink> {
  close(): void;
}

/** The audit log of `home`. `warn` gets one line the first time writing fails (default stderr). */
export function createAuditStore(home: string, warn = (line: string) => process.stderr.write(`${line}\n`)): AuditStore {
  let db: SqliteDatabase | undefined;
  let warned = false;
  const started = new WeakMap<AuditEntry, number>();

  const open = (): SqliteDatabase => {
    if (faults().auditFails) throw new Error('injected audit failure (SNOWOPS_FAULT_AUDIT=fail)');
    if (!db) {
      const opened = openShared(join(home, AUDIT_FILE), AUDIT_BUSY_TIMEOUT_MS);
      try {
        opened.pragma('synchronous = NORMAL');
        opened.exec(SCHEMA);
      } catch (e) {
        opened.close();
        throw e;
      }
      db = opened;
    }
    return db;
  };

  const safely = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (warned) return;
      warned = true;
      warn(
        `snowops: the audit log ${join(home, AUDIT_FILE)} could not be written (${what}: ${e instanceof Error ? e.message : String(e)}); operations go on, and further audit failures of this process are not reported.`,
      );
    }
  };

  return {
    begin(entry) {
      safely(entry.tool, () => {
        const info = open().prepare(INSERT).run(row(entry, 'running'));
        started.set(entry, Number(info.lastInsertRowid));
      });
    },
    record(entry) {
      safely(entry.tool, () => {
        const id = started.get(entry);
        const values = row(entry, entry.outcome);
        if (id === undefined) open().prepare(INSERT).run(values);
        else
          open()
            .prepare(UPDATE)
            .run({ ...values, id });
      });
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}

export interface AuditQuery {
  /** Only records at or after this instant. */
  since?: Date;
  tool?: string;
  /** A case-insensitive part of the actor ("slack:U012", "alice"). */
  actor?: string;
  outcome?: string;
  limit: number;
}

const parse = (text: unknown) => (typeof text === 'string' ? JSON.parse(text) : null);

/**
 * Opens the log to read. SQLite reads a WAL file only where it can create the -shm file next to
 * it; in a home this user may not write, it reads a private copy (removed by `done`).
 */
function openToRead(path: string): { db: SqliteDatabase; done(): void } {
  const db = openSqlite(path, { readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { db, done: () => db.close() };
  } catch (e) {
    db.close();
    if (!/^SQLITE_(READONLY|CANTOPEN)/.test((e as { code?: string }).code ?? '')) throw e;
  }
  const dir = mkdtempSync(join(tmpdir(), 'snowops-audit-'));
  const copy = join(dir, AUDIT_FILE);
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  const opened = openSqlite(copy, { fileMustExist: true });
  return {
    db: opened,
    done() {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Records, newest first. An absent log holds nothing. */
export function readAudit(home: string, query: AuditQuery): AuditRecord[] {
  const path = join(home, AUDIT_FILE);
  if (!existsSync(path)) return [];
  const { db, done } = openToRead(path);
  try {
    db.pragma(`busy_timeout = ${AUDIT_BUSY_TIMEOUT_MS}`);
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.since) {
      where.push('time >= @since');
      params.since = query.since.toISOString();
    }
    if (query.tool) {
      where.push('tool = @tool');
      params.tool = query.tool;
    }
    if (query.actor) {
      where.push('instr(lower(actor), lower(@actor)) > 0');
      params.actor = query.actor;
    }
    if (query.outcome) {
      where.push('outcome = @outcome');
      params.outcome = query.outcome;
    }
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, id DESC LIMIT @limit`;
    return (db.prepare(sql).all(params) as Record<string, unknown>[]).map((r) => ({
      id: Number(r.id),
      time: String(r.time),
      front_end: r.front_end as AuditEntry['front_end'],
      actor: String(r.actor),
      request_id: String(r.request_id),
      tool: String(r.tool),
      effect: (r.effect ?? null) as AuditEntry['effect'],
      summary: (r.summary ?? null) as string | null,
      outcome: r.outcome as AuditRecord['outcome'],
      confirmation: parse(r.confirmation),
      args: parse(r.args) ?? {},
      statements: parse(r.statements) ?? [],
      query_ids: parse(r.query_ids) ?? [],
      error: parse(r.error),
      duration_ms: Number(r.duration_ms),
    }));
  } finally {
    done();
  }
}
