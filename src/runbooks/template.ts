/**
 * Templates in a runbook step's arguments: `{{ params.NAME }}` and `{{ steps.ID.path }}`, where
 * the path reaches into that step's structured result (`steps.repo.object.repository_url`,
 * `steps.ep.endpoints[0].url`). A string that is exactly one template takes the value with its
 * type; templates inside longer text are interpolated as text.
 */
import { invalidInput } from '../errors.js';
import { formatPath } from '../ops/issues.js';

export type PathPart = string | number;

export type Ref =
  | { kind: 'param'; name: string; text: string }
  | { kind: 'step'; step: string; path: PathPart[]; text: string };

/** Where templates sit in the arguments: the path of the string and what it refers to. */
export interface Site {
  path: PathPart[];
  /** The string is exactly one template, so the value keeps its type. */
  whole: boolean;
  refs: Ref[];
}

const TEMPLATE = /\{\{([^{}]*)\}\}/g;
const WHOLE = /^\{\{([^{}]*)\}\}$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PARAM = /^params\.([A-Za-z_][A-Za-z0-9_-]*)$/;
const STEP = /^steps\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z0-9_$-]+|\[\d+\])*)$/;

export function isName(text: string): boolean {
  return NAME.test(text);
}

/** `{{ x }}` -> a reference, or a message saying what is wrong with it. */
export function parseRef(expression: string): Ref | string {
  const text = expression.trim();
  const param = PARAM.exec(text);
  if (param) return { kind: 'param', name: param[1]!, text };
  const step = STEP.exec(text);
  if (step) {
    const path: PathPart[] = [];
    for (const m of step[2]!.matchAll(/\.([A-Za-z0-9_$-]+)|\[(\d+)\]/g)) {
      const part = m[1] ?? m[2]!;
      path.push(/^\d+$/.test(part) ? Number(part) : part);
    }
    return { kind: 'step', step: step[1]!, path, text };
  }
  return `{{ ${text} }} is not a reference: use {{ params.NAME }} or {{ steps.ID.path.to.field }}`;
}

/** Every string holding templates, with its references (or the messages of bad ones). */
export function findSites(value: unknown, path: PathPart[] = []): { sites: Site[]; problems: Problem[] } {
  const sites: Site[] = [];
  const problems: Problem[] = [];
  const walk = (v: unknown, at: PathPart[]) => {
    if (typeof v === 'string') {
      const refs: Ref[] = [];
      for (const m of v.matchAll(TEMPLATE)) {
        const ref = parseRef(m[1]!);
        if (typeof ref === 'string') problems.push({ path: at, message: ref });
        else refs.push(ref);
      }
      if (refs.length > 0) sites.push({ path: at, whole: WHOLE.test(v.trim()), refs });
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...at, i]);
    } else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  walk(value, path);
  return { sites, problems };
}

export interface Problem {
  path: PathPart[];
  message: string;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A copy of `value` with every template replaced by what `resolve` gives for its reference. */
export function substitute(value: unknown, resolve: (ref: Ref) => unknown): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value.trim());
    if (whole) {
      const ref = parseRef(whole[1]!);
      if (typeof ref !== 'string') return resolve(ref);
    }
    return value.replace(TEMPLATE, (all, expression: string) => {
      const ref = parseRef(expression);
      return typeof ref === 'string' ? all : asText(resolve(ref));
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, resolve));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, resolve)]));
  }
  return value;
}

/** The value at `path` in a stored step result; invalid_input naming the reference if absent. */
export function valueAt(result: unknown, ref: Extract<Ref, { kind: 'step' }>): unknown {
  let value = result;
  for (const [i, part] of ref.path.entries()) {
    const next = value !== null && typeof value === 'object' ? (value as Record<PathPart, unknown>)[part] : undefined;
    if (next === undefined) {
      const where = formatPath(ref.path.slice(0, i + 1));
      throw invalidInput(
        `{{ ${ref.text} }}: the result of step "${ref.step}" has no ${where}.`,
        `Check the path against that step's result (snowops call prints it as JSON).`,
      );
    }
    value = next;
  }
  return value;
}
