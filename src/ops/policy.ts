/**
 * The policy file (DESIGN §7): $SNOWOPS_HOME/snowops.toml, or --policy FILE. Validated strictly,
 * with errors naming the file and the key. The runner enforces read_only, confirm,
 * mcp_confirmation and the deny/allow rules (rules.ts); slack is carried for the Slack front end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import * as z from 'zod';
import { invalidInput } from '../errors.js';
import { OBJECT_KIND_NAMES } from '../resources/types.js';
import { describeIssues } from './issues.js';
import { patternProblem } from './rules.js';
import { EFFECTS } from './types.js';

const effectList = z.array(z.enum(EFFECTS));

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/;

const rule = z.strictObject({
  kind: z.enum(OBJECT_KIND_NAMES),
  pattern: z
    .string()
    .regex(NO_CONTROL, 'expected a glob such as "PROD_*" or "ANALYTICS.*" (non-empty, no control characters)'),
});

const access = z.strictObject({ effects: effectList });

const slackSchema = z.strictObject({
  four_eyes: z.boolean().default(false),
  approvers: z.array(z.string().min(1)).default([]),
  audit_channel: z.string().min(1).optional(),
  default_effects: effectList.default(['read']),
  users: z.record(z.string(), access).default({}),
  channels: z.record(z.string(), access).default({}),
});

const policySchema = z.strictObject({
  read_only: z.boolean().default(false),
  /** Effects that need confirmation. destructive is confirmed whatever this says. */
  confirm: z.array(z.enum(['disruptive', 'destructive'])).default(['destructive', 'disruptive']),
  mcp_confirmation: z.enum(['auto', 'elicitation']).default('auto'),
  deny: z.array(rule).default([]),
  allow: z.array(rule).default([]),
  slack: slackSchema.default(() => slackSchema.parse({})),
});

export type PolicyRule = z.infer<typeof rule>;

export type Policy = z.infer<typeof policySchema> & {
  /** The file it came from, or null for the built-in defaults. */
  source: string | null;
};

export const POLICY_FILE_NAME = 'snowops.toml';

/** Validates a parsed document; `source` names the file in errors. */
export function policyFromObject(doc: unknown, source: string | null): Policy {
  const parsed = policySchema.safeParse(doc);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error.issues, doc);
    throw invalidInput(
      `policy ${source ?? '(built-in)'}: ${lines.join('; ')}`,
      `Fix the policy file; the keys are ${Object.keys(policySchema.shape).join(', ')} (see the README).`,
    );
  }
  const policy = parsed.data;
  for (const list of ['deny', 'allow'] as const) {
    policy[list].forEach((r, i) => {
      const problem = patternProblem(r);
      if (problem) {
        throw invalidInput(
          `policy ${source ?? '(built-in)'}: ${list}[${i}].pattern: ${problem}`,
          'Patterns are globs (* and ?) on stored names, one part per level: NAME, DB.SCHEMA or DB.SCHEMA.NAME.',
        );
      }
    });
  }
  // Destructive is always confirmed: say so in the effective policy instead of hiding it.
  const confirm = [...new Set(['destructive' as const, ...policy.confirm])];
  return { ...policy, confirm, source };
}

export function parsePolicy(text: string, source: string): Policy {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0];
      throw invalidInput(`policy ${source}: line ${e.line}, column ${e.column}: ${first}`, 'Fix the TOML syntax.');
    }
    throw e;
  }
  return policyFromObject(doc, source);
}

export function defaultPolicy(): Policy {
  return policyFromObject({}, null);
}

/**
 * Loads `file` when given (it must exist), else $SNOWOPS_HOME/snowops.toml when present, else
 * the defaults.
 */
export function loadPolicy(options: { home: string; file?: string }): Policy {
  const path = options.file ?? join(options.home, POLICY_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.file === undefined) return defaultPolicy();
    if (code === 'ENOENT') throw invalidInput(`policy ${path}: file not found`, 'Check the path given to --policy.');
    throw invalidInput(`policy ${path}: cannot read it (${code ?? String(e)})`, 'Check the file and its permissions.');
  }
  return parsePolicy(text, path);
}
