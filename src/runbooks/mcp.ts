/**
 * Runbooks for the MCP server (DESIGN §10): each runbook is a prompt whose arguments are its
 * params and whose message walks the assistant through the exact tool calls in order, stopping
 * for the person at each confirmation; and a resource snowops://runbooks/NAME with its YAML.
 * The server takes these through McpDeps.prompts and McpDeps.documents.
 */
import type { McpDocument, McpPrompt } from '../mcp/types.js';
import type { ToolDef } from '../ops/types.js';
import { coerceParam } from './check.js';
import { loadLibrary, type RunbookDir } from './library.js';
import { substitute } from './template.js';
import type { ParamValue, Runbook, RunbookStep } from './types.js';

export const RUNBOOK_URI_PREFIX = 'snowops://runbooks/';

/**
 * What the prompts do, for the server's instructions (sent at initialize, before the runbooks are
 * read). Names the built-in runbooks; a test keeps this in step with runbooks/.
 */
export const RUNBOOK_INSTRUCTIONS = `- Prompts (one per runbook) walk through a procedure with the exact tool calls in order, stopping for the person at each confirmation. Built in, together the Snowflake Python API quickstart: "quickstart" creates a database, schema and table, adds a column, creates and resizes a warehouse, walks two tasks through resume, suspend and drop, then deploys, runs and drops a DAG (steps 1-6); "spcs-quickstart" runs an nginx container service from an image repository, waits for its public endpoint, then suspends and drops the service and its compute pool (step 7); "quickstart-cleanup" drops the databases and the warehouse those two leave behind (step 8). Run them in that order for the whole tour. Runbooks the person adds are prompts too; each runbook's YAML is the resource ${RUNBOOK_URI_PREFIX}NAME.`;

const RULES = `Rules:
- Make exactly the calls below, in this order, with these arguments; after each, tell me in one line what happened.
- An argument written {{ steps.ID.path }} takes the value at that path in the result of step ID; for example {{ steps.repo.object.repository_url }} is object.repository_url of step repo's result. Put the value in, never the braces.
- When a call needs confirmation: if my client shows a confirmation dialog, I answer there. Otherwise the result is "confirmation_required": stop, show me the plan's summary, impact and SQL, and ask me. Only if I approve, call the same tool again with the same arguments plus the confirmation_token. If I decline, stop and tell me which steps are left.
- Calls marked [asks first] need my approval; any other call that returns confirmation_required does too (for example or_replace over an object that exists).
- If a call fails, show me the error and its hint and stop until I say how to go on, unless the step says it may fail; then note the failure and go on.
- If a tool is not available (a toolset is switched off), say so and stop.`;

/** What the person will be asked, as far as the arguments tell before the plan is made. */
function confirmationMark(tool: ToolDef | undefined, args: Record<string, unknown>): string {
  if (!tool || tool.kind === 'read') return '';
  if (args.mode === 'or_replace') return ' [asks first if it exists]';
  if ('mode' in tool.input.shape) return '';
  if (tool.readOnlyVariant) return ' [asks first unless it only reads]';
  return tool.effect === 'destructive' || tool.effect === 'disruptive' ? ' [asks first]' : '';
}

/** The step's arguments with params filled in; step results stay as {{ steps.ID.path }}. */
function callArgs(step: RunbookStep, params: Record<string, ParamValue>): Record<string, unknown> {
  return substitute(step.args, (ref) => (ref.kind === 'param' ? params[ref.name] : `{{ ${ref.text} }}`)) as Record<
    string,
    unknown
  >;
}

export function renderRunbook(
  runbook: Runbook,
  catalog: readonly ToolDef[],
  given: Record<string, string | undefined>,
): string {
  const params: Record<string, ParamValue> = {};
  for (const [name, param] of Object.entries(runbook.params)) {
    const text = given[name];
    params[name] = text === undefined || text === '' ? param.default : coerceParam(name, param, text);
  }
  const tools = new Map(catalog.map((t) => [t.name, t]));
  const head = [`Run the snowops runbook "${runbook.name}" (${runbook.title}) with me, one tool call at a time.`];
  head.push('', runbook.description.trim());
  const values = Object.entries(params);
  if (values.length > 0) head.push('', `Params: ${values.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}.`);
  const steps = runbook.steps.map((step, i) => {
    const args = callArgs(step, params);
    const lines = [`${i + 1}. ${step.title} (step ${step.id})`];
    lines.push(`   ${step.tool} ${JSON.stringify(args)}${confirmationMark(tools.get(step.tool), args)}`);
    if (step.continue_on_error) lines.push('   This step may fail; if it does, note it and go on.');
    return lines.join('\n');
  });
  return [head.join('\n'), RULES, `Steps:\n${steps.join('\n')}`].join('\n\n');
}

export function runbookPrompts(runbooks: readonly Runbook[], catalog: readonly ToolDef[]): McpPrompt[] {
  return runbooks.map((runbook) => ({
    name: runbook.name,
    title: runbook.title,
    description: `${runbook.description.trim()} (runbook, ${runbook.steps.length} steps)`,
    arguments: Object.fromEntries(
      Object.entries(runbook.params).map(([name, p]) => [
        name,
        { description: p.description, default: String(p.default) },
      ]),
    ),
    render: (args) => renderRunbook(runbook, catalog, args),
  }));
}

export function runbookDocuments(runbooks: readonly Runbook[]): McpDocument[] {
  return runbooks.map((runbook) => ({
    uri: `${RUNBOOK_URI_PREFIX}${runbook.name}`,
    name: `runbook-${runbook.name}`,
    title: `Runbook: ${runbook.title}`,
    description: `The YAML of runbook ${runbook.name}; run it with "snowops runbook run ${runbook.name}" or the prompt of the same name.`,
    mimeType: 'application/yaml',
    read: () => runbook.text,
  }));
}

/** The prompts and documents of every runbook in these folders (runbookDirs); broken files are reported. */
export function mcpRunbooks(
  dirs: readonly RunbookDir[],
  catalog: readonly ToolDef[],
  warn: (line: string) => void,
): { prompts: McpPrompt[]; documents: McpDocument[] } {
  const library = loadLibrary(dirs, catalog);
  for (const broken of library.broken) warn(`runbook ${broken.name} not offered: ${broken.error.message}`);
  return { prompts: runbookPrompts(library.runbooks, catalog), documents: runbookDocuments(library.runbooks) };
}
