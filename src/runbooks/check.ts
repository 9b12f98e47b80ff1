/**
 * Checks a runbook's steps against the catalog before anything runs: every tool exists, every
 * reference names a declared param or an earlier step (and a field its result has), and the
 * arguments satisfy the tool's input schema, with params at their values and step results
 * stood in for by placeholders of the type the referenced tool's output schema gives. Also
 * resolves a step's arguments at run time.
 */
import type * as z from 'zod';
import { invalidInput } from '../errors.js';
import { closeNames, inputSchema, strippedKeys } from '../ops/args.js';
import { describeIssues } from '../ops/issues.js';
import type { ToolDef } from '../ops/types.js';
import { placeholderOf, schemaAt } from './shapes.js';
import { findSites, type PathPart, type Problem, type Ref, substitute, valueAt } from './template.js';
import type { ParamValue, Runbook, RunbookParam, RunbookStep } from './types.js';

/** A problem in step `index` (or in the file when index is undefined); `path` is inside the step. */
export interface StepProblem extends Problem {
  index?: number;
}

const PLACEHOLDER = 'PLACEHOLDER';

/** `columns[0].name` -> ['columns', 0, 'name']. */
function parsePath(text: string): PathPart[] {
  return [...text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

const startsWith = (path: readonly PathPart[], prefix: readonly PathPart[]) =>
  prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/** A step-result site whose placeholder is only a stand-in: which issues there are real. */
interface StandIn {
  path: PathPart[];
  /** The placeholder has the right type, so a type mismatch at the path itself is real. */
  typed: boolean;
}

export function checkSteps(
  runbook: Pick<Runbook, 'params' | 'steps'>,
  catalog: readonly ToolDef[],
  params: Record<string, ParamValue>,
): StepProblem[] {
  const tools = new Map(catalog.map((t) => [t.name, t]));
  const problems: StepProblem[] = [];
  const ids = new Map(runbook.steps.map((s, i) => [s.id, i]));
  runbook.steps.forEach((step, index) => {
    const seen = runbook.steps.findIndex((s) => s.id === step.id);
    if (seen !== index) {
      problems.push({ index, path: ['id'], message: `step id "${step.id}" is used by step ${seen + 1} already` });
    }
    const tool = tools.get(step.tool);
    if (!tool) {
      const close = closeNames(step.tool, [...tools.keys()]);
      const hint = close.length > 0 ? ` Did you mean ${close.join(', ')}?` : '';
      problems.push({ index, path: ['tool'], message: `there is no tool named "${step.tool}".${hint}` });
      return;
    }
    if ('confirmation_token' in step.args) {
      problems.push({
        index,
        path: ['args', 'confirmation_token'],
        message: 'confirmation is asked when the step runs; leave confirmation_token out',
      });
    }
    const { sites, problems: bad } = findSites(step.args, ['args']);
    for (const p of bad) problems.push({ index, ...p });
    const standIns: StandIn[] = [];
    const values = new Map<string, unknown>();
    for (const site of sites) {
      let standIn: StandIn | undefined;
      for (const ref of site.refs) {
        const found = checkRef(ref, index, runbook, ids, tools);
        if (typeof found === 'string') {
          // Reported once: the arguments check does not complain about the value stood in for it.
          problems.push({ index, path: site.path, message: found });
          standIn = { path: site.path.slice(1), typed: false };
          values.set(ref.text, PLACEHOLDER);
        } else if (found !== null) {
          standIn ??= { path: site.path.slice(1), typed: site.whole && found.typed };
          values.set(ref.text, found.value);
        }
      }
      if (standIn) standIns.push(standIn);
    }
    const args = substitute(step.args, (ref) =>
      values.has(ref.text) ? values.get(ref.text) : ref.kind === 'param' ? params[ref.name] : PLACEHOLDER,
    );
    problems.push(...checkArgs(tool, args, index, standIns));
  });
  return problems;
}

/** What is wrong with the reference, or null for a param, or a placeholder for a step's result. */
function checkRef(
  ref: Ref,
  index: number,
  runbook: Pick<Runbook, 'params' | 'steps'>,
  ids: Map<string, number>,
  tools: Map<string, ToolDef>,
): null | { value: unknown; typed: boolean } | string {
  if (ref.kind === 'param') {
    if (ref.name in runbook.params) return null;
    const declared = Object.keys(runbook.params);
    return `{{ ${ref.text} }}: unknown param "${ref.name}"; declared: ${declared.length > 0 ? declared.join(', ') : 'none'}`;
  }
  const at = ids.get(ref.step);
  if (at === undefined) return `{{ ${ref.text} }}: there is no step "${ref.step}"`;
  if (at >= index) {
    const when = at === index ? 'is this step' : `runs later (step ${at + 1})`;
    return `{{ ${ref.text} }}: step "${ref.step}" ${when}; a step can use the results of earlier steps only`;
  }
  const source = tools.get(runbook.steps[at]!.tool);
  if (!source) return { value: PLACEHOLDER, typed: false };
  const found = schemaAt(source.output, ref.path);
  if (found.kind === 'missing') {
    const field = ref.path.slice(0, found.at + 1).join('.');
    return `{{ ${ref.text} }}: the result of step "${ref.step}" (${source.name}) has no field ${field}`;
  }
  const placeholder = found.kind === 'typed' ? placeholderOf(found.schema) : undefined;
  return placeholder ? { value: placeholder.value, typed: true } : { value: PLACEHOLDER, typed: false };
}

function checkArgs(tool: ToolDef, args: unknown, index: number, standIns: StandIn[]): StepProblem[] {
  const schema: z.ZodObject = inputSchema(tool);
  const parsed = schema.safeParse(args);
  // Issues under a step result's placeholder are about the placeholder, except a wrong type.
  const real = (path: readonly PathPart[], code: string) =>
    !standIns.some(
      (s) => startsWith(path, s.path) && !(s.typed && path.length === s.path.length && code === 'invalid_type'),
    );
  const problems: StepProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as PathPart[];
      if (!real(path, issue.code)) continue;
      for (const line of describeIssues([issue], args)) {
        problems.push({ index, path: ['args', ...path], message: line });
      }
    }
  }
  const unknown = parsed.success
    ? strippedKeys(args, parsed.data)
    : Object.keys(args as object).filter((k) => !(k in schema.shape));
  for (const key of unknown) {
    problems.push({ index, path: ['args', ...parsePath(key)], message: `${key}: unknown key` });
  }
  return problems;
}

/** A param's value from text (CLI --param, Slack k=v, MCP prompt arguments): the default's type. */
export function coerceParam(name: string, param: RunbookParam, text: string): ParamValue {
  if (typeof param.default === 'number') {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw invalidInput(`Param ${name} must be a number, got "${text}".`);
    return n;
  }
  if (typeof param.default === 'boolean') {
    const v = text.trim().toLowerCase();
    if (['true', 'yes', '1'].includes(v)) return true;
    if (['false', 'no', '0'].includes(v)) return false;
    throw invalidInput(`Param ${name} must be true or false, got "${text}".`);
  }
  return text;
}

/** Every param's value: the given ones (text) over the defaults; an unknown name is refused. */
export function paramValues(
  runbook: Pick<Runbook, 'name' | 'params'>,
  given: Record<string, string>,
): Record<string, ParamValue> {
  const values: Record<string, ParamValue> = {};
  for (const [name, param] of Object.entries(runbook.params)) values[name] = param.default;
  for (const [name, text] of Object.entries(given)) {
    const param = runbook.params[name];
    if (!param) {
      const declared = Object.keys(runbook.params);
      throw invalidInput(
        `Runbook ${runbook.name} has no param "${name}".`,
        declared.length > 0 ? `Its params: ${declared.join(', ')}.` : 'It takes no params.',
      );
    }
    values[name] = coerceParam(name, param, text);
  }
  return values;
}

/** A step's arguments for this run: params and the stored results of earlier steps filled in. */
export function resolveArgs(
  step: RunbookStep,
  params: Record<string, ParamValue>,
  results: ReadonlyMap<string, unknown>,
): Record<string, unknown> {
  return substitute(step.args, (ref) => {
    if (ref.kind === 'param') return params[ref.name];
    if (!results.has(ref.step)) {
      throw invalidInput(
        `{{ ${ref.text} }}: step "${ref.step}" has no result in this run (it did not succeed).`,
        'Run that step first (resume the run), or change this step not to depend on it.',
      );
    }
    return valueAt(results.get(ref.step), ref);
  }) as Record<string, unknown>;
}
