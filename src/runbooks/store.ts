/**
 * Runs and their step outcomes, in $SNOWOPS_HOME/runbooks.sqlite (WAL, shared by the CLI, the
 * MCP server and the Slack app on one home). A run has an id; each step's latest outcome, its
 * structured result (which later steps' templates read), who ran it and how long it took are
 * kept, so a run can be resumed without repeating what succeeded. Claiming a step is one
 * conditional UPSERT, so two clicks (or two processes) never run the same step at once.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureHome } from '../config/home.js';
import { invalidInput } from '../errors.js';
import type { FrontEnd } from '../ops/types.js';
import { openShared } from '../sqlite.js';
import type { ParamValue } from './types.js';

export const RUN_STORE_FILE = 'runbooks.sqlite';

export type StepStatus = 'running' | 'done' | 'failed' | 'skipped' | 'confirmation_required' | 'cancelled';

export interface StepError {
  code: string;
  message: string;
  hint?: string;
  [key: string]: unknown;
}

export interface StepRecord {
  step_id: string;
  tool: string;
  status: StepStatus;
  result: Record<string, unknown> | null;
  error: StepError | null;
  actor: string | null;
  started_at: string | null;
  duration_ms: number | null;
  attempts: number;
}

export interface RunRecord {
  id: string;
  runbook: string;
  /** The runbook's file when the run started. */
  file: string;
  params: Record<string, ParamValue>;
  created_at: string;
  created_by: string;
  front_end: FrontEnd;
  /** Where the run is shown (Slack: channel and message ts). */
  place: Record<string, string> | null;
  steps: Map<string, StepRecord>;
}

export interface StepOutcome {
  status: Exclude<StepStatus, 'running'>;
  result?: Record<string, unknown> | null;
  error?: StepError | null;
  actor: string;
  duration_ms: number;
}

export interface RunStore {
  create(run: Pick<RunRecord, 'runbook' | 'file' | 'params' | 'created_by' | 'front_end'>): RunRecord;
  /** The run, or invalid_input naming the id when there is none. */
  get(id: string): RunRecord;
  /**
   * Marks the step running for `actor`. False when it is done, or running for less than
   * `staleMs` (another click or process has it).
   */
  claim(runId: string, stepId: string, tool: string, actor: string, staleMs?: number): boolean;
  finish(runId: string, stepId: string, outcome: StepOutcome): void;
  setPlace(runId: string, place: Record<string, string>): void;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, runbook TEXT NOT NULL, file TEXT NOT NULL, params TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL, front_end TEXT NOT NULL, place TEXT
);
CREATE TABLE IF NOT EXISTS run_steps (
  run_id TEXT NOT NULL REFERENCES runs(id), step_id TEXT NOT NULL, tool TEXT NOT NULL,
  status TEXT NOT NULL, result TEXT, error TEXT, actor TEXT, started_at TEXT,
  duration_ms INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, step_id)
);`;

/** `20250611-142233-7f3a`: sorts by time, short enough to type. */
function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

interface RunRow {
  id: string;
  runbook: string;
  file: string;
  params: string;
  created_at: string;
  created_by: string;
  front_end: FrontEnd;
  place: string | null;
}

type StepRow = Omit<StepRecord, 'result' | 'error'> & { result: string | null; error: string | null };

export function openRunStore(home: string, now: () => Date = () => new Date()): RunStore {
  const db = openShared(join(ensureHome(home), RUN_STORE_FILE), 10_000);
  db.exec(SCHEMA);

  const claim = db.prepare(`
    INSERT INTO run_steps (run_id, step_id, tool, status, actor, started_at, attempts)
    VALUES (@run, @step, @tool, 'running', @actor, @now, 1)
    ON CONFLICT (run_id, step_id) DO UPDATE
      SET status = 'running', tool = @tool, actor = @actor, started_at = @now, attempts = attempts + 1,
          result = NULL, error = NULL, duration_ms = NULL
      WHERE status NOT IN ('running', 'done') OR (status = 'running' AND started_at < @stale)`);

  return {
    create(run) {
      const created = now();
      const id = newRunId(created);
      db.prepare(
        'INSERT INTO runs (id, runbook, file, params, created_at, created_by, front_end) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        id,
        run.runbook,
        run.file,
        JSON.stringify(run.params),
        created.toISOString(),
        run.created_by,
        run.front_end,
      );
      return { ...run, id, created_at: created.toISOString(), place: null, steps: new Map() };
    },
    get(id) {
      const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
      if (!row) {
        throw invalidInput(
          `There is no runbook run "${id}" in this snowops home.`,
          'Use the run id printed when the run stopped (the line ending in --resume RUN_ID).',
        );
      }
      const steps = db.prepare('SELECT * FROM run_steps WHERE run_id = ?').all(id) as StepRow[];
      return {
        ...row,
        params: JSON.parse(row.params) as Record<string, ParamValue>,
        place: row.place ? (JSON.parse(row.place) as Record<string, string>) : null,
        steps: new Map(
          steps.map((s) => [
            s.step_id,
            {
              ...s,
              result: s.result ? (JSON.parse(s.result) as Record<string, unknown>) : null,
              error: s.error ? (JSON.parse(s.error) as StepError) : null,
            },
          ]),
        ),
      };
    },
    claim(runId, stepId, tool, actor, staleMs = 0) {
      const at = now();
      const stale = new Date(at.getTime() - staleMs).toISOString();
      const changed = claim.run({ run: runId, step: stepId, tool, actor, now: at.toISOString(), stale }).changes;
      return changed > 0;
    },
    finish(runId, stepId, outcome) {
      db.prepare(
        'UPDATE run_steps SET status = ?, result = ?, error = ?, actor = ?, duration_ms = ? WHERE run_id = ? AND step_id = ?',
      ).run(
        outcome.status,
        outcome.result ? JSON.stringify(outcome.result) : null,
        outcome.error ? JSON.stringify(outcome.error) : null,
        outcome.actor,
        Math.round(outcome.duration_ms),
        runId,
        stepId,
      );
    },
    setPlace(runId, place) {
      db.prepare('UPDATE runs SET place = ? WHERE id = ?').run(JSON.stringify(place), runId);
    },
    close() {
      db.close();
    },
  };
}
