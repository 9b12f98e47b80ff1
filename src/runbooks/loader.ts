/**
 * Reads a runbook file: YAML (the `yaml` package, keeping each node's position), the file's
 * shape checked with zod, then the steps against the catalog (check.ts). Every problem is
 * reported at once, each line naming the file, the line and the step:
 *   runbooks/bad.yaml:12: step "drop" (drop_objekt): there is no tool named "drop_objekt".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import * as z from 'zod';
import { invalidInput, type SnowopsError } from '../errors.js';
import { describeIssues } from '../ops/issues.js';
import type { ToolDef } from '../ops/types.js';
import { checkSteps, type StepProblem } from './check.js';
import type { PathPart } from './template.js';
import type { ParamValue, Runbook, RunbookOrigin } from './types.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RUNBOOK_NAME = /^[a-z0-9][a-z0-9_-]*$/;

const paramSchema = z.strictObject({
  default: z.union([z.string(), z.number(), z.boolean()]),
  description: z.string().min(1),
});

const stepSchema = z.strictObject({
  id: z.string().regex(NAME, 'a step id is a letter or _ then letters, digits, _ or -'),
  title: z.string().min(1),
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  continue_on_error: z.boolean().default(false),
});

const fileSchema = z.strictObject({
  name: z.string().regex(RUNBOOK_NAME, 'a runbook name is lowercase letters, digits, _ and -'),
  title: z.string().min(1),
  description: z.string().min(1),
  params: z
    .record(z.string().regex(NAME, 'a param name is a letter or _ then letters, digits, _ or -'), paramSchema)
    .default({}),
  steps: z.array(stepSchema).min(1),
});

/**
 * Positions of a parsed file, for `file:line` in messages: the line of the key that holds the
 * node (or of the list item), so a nested map is reported where its key is written. A path that
 * does not exist (a required field left out) is reported at its nearest existing parent.
 */
function lineFinder(doc: Document, counter: LineCounter) {
  const line = (node: unknown) => {
    const range = (node as Node | null | undefined)?.range;
    return range ? counter.linePos(range[0]).line : undefined;
  };
  return (path: readonly PathPart[]): number => {
    for (let n = path.length; n > 0; n--) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      const part = path[n - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
        const at = line(pair?.key) ?? line(pair?.value);
        if (at !== undefined) return at;
      } else if (isSeq(parent) && typeof part === 'number') {
        const at = line(parent.items[part]);
        if (at !== undefined) return at;
      }
    }
    return line(doc.contents) ?? 1;
  };
}

function stepLabel(steps: unknown, index: number): string {
  const step = Array.isArray(steps) ? (steps[index] as Record<string, unknown> | undefined) : undefined;
  const id = typeof step?.id === 'string' ? `step "${step.id}"` : `step ${index + 1}`;
  return typeof step?.tool === 'string' ? `${id} (${step.tool})` : id;
}

function failure(file: string, lines: string[]): SnowopsError {
  const shown = lines.slice(0, 20);
  if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more`);
  return invalidInput(
    `The runbook ${file} is not valid:\n${shown.join('\n')}`,
    'Nothing ran. Fix the lines named above; the format is described under "Runbooks" in the README.',
  );
}

/**
 * Parses and checks a runbook. `params` are the values to check the arguments with (the
 * defaults unless given). Throws invalid_input listing every problem.
 */
export function parseRunbook(
  text: string,
  file: string,
  catalog: readonly ToolDef[],
  origin: RunbookOrigin = 'file',
  params?: Record<string, ParamValue>,
): Runbook {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) {
    throw failure(
      file,
      doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}: YAML error: ${e.message.split(' at line ')[0]}`),
    );
  }
  const lineOf = lineFinder(doc, counter);
  const raw: unknown = doc.toJS();
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw failure(
      file,
      parsed.error.issues.flatMap((issue) => {
        const path = issue.path as PathPart[];
        const keyed = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]!] : path;
        const at = `${file}:${lineOf(keyed)}: `;
        const steps = (raw as { steps?: unknown } | null)?.steps;
        if (path[0] === 'steps' && typeof path[1] === 'number' && Array.isArray(steps)) {
          // Inside a step: named by the step, the field's path relative to it.
          const index = path[1];
          const inner = { ...issue, path: path.slice(2) } as typeof issue;
          return describeIssues([inner], steps[index]).map((line) => `${at}${stepLabel(steps, index)}: ${line}`);
        }
        return describeIssues([issue], raw).map((line) => `${at}${line}`);
      }),
    );
  }
  const data = parsed.data;
  const values = params ?? Object.fromEntries(Object.entries(data.params).map(([k, p]) => [k, p.default]));
  const runbook: Runbook = { ...data, file, text, origin, lineOf };
  const problems = checkSteps(runbook, catalog, values);
  if (problems.length > 0) throw failure(file, problemLines(runbook, problems));
  return runbook;
}

/** `file:line: step "id" (tool): message` for each problem. */
export function problemLines(runbook: Pick<Runbook, 'file' | 'steps' | 'lineOf'>, problems: StepProblem[]): string[] {
  return problems.map((p) => {
    if (p.index === undefined) return `${runbook.file}:${runbook.lineOf(p.path)}: ${p.message}`;
    const line = runbook.lineOf(['steps', p.index, ...p.path]);
    return `${runbook.file}:${line}: ${stepLabel(runbook.steps, p.index)}: ${p.message}`;
  });
}

/** Re-checks a loaded runbook's arguments with this run's param values (before any step runs). */
export function checkParams(runbook: Runbook, catalog: readonly ToolDef[], params: Record<string, ParamValue>): void {
  const problems = checkSteps(runbook, catalog, params);
  if (problems.length > 0) throw failure(runbook.file, problemLines(runbook, problems));
}

export function loadRunbookFile(path: string, catalog: readonly ToolDef[], origin: RunbookOrigin = 'file'): Runbook {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw invalidInput(
      `Cannot read the runbook ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`,
      'Give a runbook name (snowops runbook list) or the path of a YAML file.',
    );
  }
  return parseRunbook(text, file, catalog, origin);
}
