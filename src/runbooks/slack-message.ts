/**
 * The Slack message of a runbook run: its steps with each one's status, who ran it and what
 * came of it, and the button for what comes next: "Run next step", or "Retry" and "Skip" after
 * a failure. Rebuilt from the run store on every change and posted with chat.update.
 */
import type { types } from '@slack/bolt';
import { type Block, context, header, lineSections, type Message, section } from '../slack/blocks.js';
import { clip, escapeMrkdwn } from '../slack/text.js';
import { nextStepIndex } from './runner.js';
import type { RunRecord, StepRecord } from './store.js';
import { stepSummary } from './summary.js';
import type { Runbook } from './types.js';

export const ACTION_NEXT = 'snowops_runbook_next';
export const ACTION_RETRY = 'snowops_runbook_retry';
export const ACTION_SKIP = 'snowops_runbook_skip';
export const ACTION_STEP_CONFIRM = 'snowops_runbook_confirm';
export const ACTION_STEP_CANCEL = 'snowops_runbook_cancel';

/** What a step button carries: the run, and the step it was offered for (a stale click is told so). */
export interface StepButton {
  run: string;
  step: string;
}

export function encodeStepButton(b: StepButton): string {
  return JSON.stringify({ r: b.run, s: b.step });
}

export function decodeStepButton(value: string | undefined): StepButton | undefined {
  try {
    const o = JSON.parse(value ?? '') as { r?: unknown; s?: unknown };
    return typeof o.r === 'string' && typeof o.s === 'string' ? { run: o.r, step: o.s } : undefined;
  } catch {
    return undefined;
  }
}

const ICONS: Record<string, string> = {
  pending: ':white_circle:',
  running: ':hourglass_flowing_sand:',
  done: ':white_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
  confirmation_required: ':warning:',
  cancelled: ':no_entry_sign:',
};

function seconds(ms: number | null): string {
  return `${((ms ?? 0) / 1000).toFixed(1)} s`;
}

/** `slack:U1 in C1` -> `<@U1>`; other actors as written. */
export function who(actor: string | null): string {
  const m = actor ? /^slack:([A-Z0-9]+)/.exec(actor) : null;
  return m ? `<@${m[1]}>` : escapeMrkdwn(actor ?? 'someone');
}

function outcome(record: StepRecord | undefined): string {
  if (!record) return '';
  const by = who(record.actor);
  switch (record.status) {
    case 'running':
      return ` — running (${by})`;
    case 'done': {
      const text = record.result ? stepSummary(record.result) : '';
      return ` — done by ${by} in ${seconds(record.duration_ms)}${text ? `: ${escapeMrkdwn(clip(text, 300))}` : ''}`;
    }
    case 'confirmation_required':
      return ` — waiting for ${by} to confirm`;
    case 'skipped':
      return ` — skipped by ${by}`;
    default: {
      const e = record.error;
      const why = e ? `: ${escapeMrkdwn(clip(`${e.message}${e.hint ? ` ${e.hint}` : ''}`, 400))}` : '';
      return ` — ${record.status} (${by})${why}`;
    }
  }
}

export function stepLine(runbook: Runbook, run: RunRecord, index: number): string {
  const step = runbook.steps[index]!;
  const record = run.steps.get(step.id);
  const icon = ICONS[record?.status ?? 'pending'] ?? ':white_circle:';
  return `${icon} *${index + 1}. ${escapeMrkdwn(step.title)}* \`${step.tool}\`${outcome(record)}`;
}

function button(text: string, action: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return { type: 'button', action_id: action, text: { type: 'plain_text', text }, value, ...(style ? { style } : {}) };
}

function actions(runbook: Runbook, run: RunRecord): Block[] {
  const next = nextStepIndex(runbook, run);
  if (next === undefined) return [section(':checkered_flag: *Runbook complete.*')];
  const step = runbook.steps[next]!;
  const value = encodeStepButton({ run: run.id, step: step.id });
  const status = run.steps.get(step.id)?.status;
  const elements =
    status === 'failed' || status === 'cancelled'
      ? [button('Retry', ACTION_RETRY, value, 'primary'), button('Skip', ACTION_SKIP, value)]
      : [button('Run next step', ACTION_NEXT, value, 'primary')];
  return [
    context(`Next: step ${next + 1}, ${escapeMrkdwn(step.title)} (\`${step.tool}\`)`),
    { type: 'actions', block_id: 'snowops_runbook', elements },
  ];
}

export function runbookMessage(runbook: Runbook, run: RunRecord): Message {
  const params = Object.entries(run.params).map(([k, v]) => `${k}=${escapeMrkdwn(String(v))}`);
  const blocks: Block[] = [
    header(`Runbook: ${runbook.title}`),
    section(escapeMrkdwn(clip(runbook.description.trim(), 1000))),
    context(
      `\`${runbook.name}\` run \`${run.id}\` started by ${who(run.created_by)}${params.length > 0 ? ` · ${params.join(' · ')}` : ''}`,
    ),
    ...lineSections(
      runbook.steps.map((_, i) => stepLine(runbook, run, i)),
      runbook.steps.length,
    ),
    ...actions(runbook, run),
  ];
  const done = runbook.steps.filter((s) => run.steps.get(s.id)?.status === 'done').length;
  return {
    text: `Runbook ${runbook.name}: ${done} of ${runbook.steps.length} steps done`,
    blocks: blocks.slice(0, 50),
  };
}
