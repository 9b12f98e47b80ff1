/**
 * The policy's deny and allow rules (DESIGN §7): which objects snowops may touch.
 *
 * A rule names a kind and a glob (`*`, `?`) on the object's stored name, one part per level:
 * "PROD_*" for account objects, "DB.SCHEMA" for schemas, "DB.SCHEMA.NAME" for schema objects.
 * Matching is case-insensitive, so prod_db, "PROD_DB" and Prod_Db are all caught. A rule on a
 * container covers what is inside it: a database rule covers its schemas and schema objects, a
 * schema rule its objects, a dag rule its tasks (<DAG> and <DAG>$<TASK>). The first matching
 * deny refuses; then, when any allow rule exists, an object no allow rule covers is refused.
 *
 * Everything here works on Targets: objects by stored names. Where they come from: tool
 * arguments (targets.ts) and SQL statements (sql-targets.ts).
 */
import { SnowopsError } from '../errors.js';
import type { ObjectKind } from '../resources/types.js';
import type { Policy, PolicyRule } from './policy.js';

/**
 * The kinds a target can have: snowops' object kinds, `object` (a schema-level object of a kind
 * rules cannot name: view-like objects count as tables, but sequences, functions, streams, ...
 * are `object`) and `account_object` (roles, users, integrations: no rule names them).
 */
export type TargetKind = ObjectKind | 'object' | 'account_object';

export interface Target {
  kind: TargetKind;
  /** Stored names, outermost first: [DB], [DB, SCHEMA] or [DB, SCHEMA, NAME]. */
  path: string[];
  /** A listing of the objects of `kind` inside `path` (shorter than the kind's depth). */
  listing?: boolean;
  /** For account objects: what it is ("role"). */
  label?: string;
}

/** How many name parts an object of each kind has. */
export const DEPTH: Record<TargetKind, number> = {
  database: 1,
  warehouse: 1,
  compute_pool: 1,
  account_object: 1,
  schema: 2,
  table: 3,
  stage: 3,
  task: 3,
  dag: 3,
  image_repository: 3,
  service: 3,
  object: 3,
};

const LABEL: Record<TargetKind, string> = {
  database: 'database',
  warehouse: 'warehouse',
  compute_pool: 'compute pool',
  account_object: 'account object',
  schema: 'schema',
  table: 'table',
  stage: 'stage',
  task: 'task',
  dag: 'DAG',
  image_repository: 'image repository',
  service: 'service',
  object: 'object',
};

/** "table PROD_DB.PUBLIC.T", "tables in database PROD_DB". */
export function describeTarget(t: Target): string {
  const name = t.path.join('.');
  if (t.listing) {
    const where = t.path.length === 0 ? 'the account' : `${t.path.length === 1 ? 'database' : 'schema'} ${name}`;
    return `${LABEL[t.kind]} objects in ${where}`;
  }
  return `${t.label ?? LABEL[t.kind]} ${name}`;
}

/** A rule ready to match: one anchored, case-insensitive pattern per name part. */
interface CompiledRule {
  list: 'deny' | 'allow';
  index: number;
  kind: ObjectKind;
  pattern: string;
  parts: RegExp[];
}

/** Splits a pattern at dots outside double quotes; quotes only group (matching ignores case). */
function patternParts(pattern: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '"') {
      if (quoted && pattern[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function globRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'iu');
}

/**
 * Why a rule's pattern is unusable, or null when it is fine: it needs one part per level of its
 * kind, none of them empty.
 */
export function patternProblem(rule: PolicyRule): string | null {
  const parts = patternParts(rule.pattern);
  const want = DEPTH[rule.kind];
  const shape = want === 1 ? 'NAME' : want === 2 ? 'DB.SCHEMA' : 'DB.SCHEMA.NAME';
  if (parts.length !== want) {
    return `a ${LABEL[rule.kind]} pattern has ${want} part${want === 1 ? '' : 's'} (${shape}), but ${JSON.stringify(rule.pattern)} has ${parts.length}; e.g. ${want === 1 ? '"PROD_*"' : want === 2 ? '"PROD_DB.*"' : '"PROD_DB.*.*"'}`;
  }
  if (parts.some((p) => p === '')) return `${JSON.stringify(rule.pattern)} has an empty part; use * for any name`;
  return null;
}

function compile(policy: Policy): CompiledRule[] {
  const rules: CompiledRule[] = [];
  for (const list of ['deny', 'allow'] as const) {
    policy[list].forEach((r, index) => {
      rules.push({ list, index, kind: r.kind, pattern: r.pattern, parts: patternParts(r.pattern).map(globRegExp) });
    });
  }
  return rules;
}

const matchesAll = (parts: RegExp[], names: string[]): boolean =>
  parts.length === names.length && parts.every((re, i) => re.test(names[i]));

/** The dag a task belongs to by name: itself (a root) or the part before the first `$`. */
function dagNames(task: string): string[] {
  const cut = task.indexOf('$');
  return cut > 0 ? [task, task.slice(0, cut)] : [task];
}

/** Whether the rule covers the object itself: same kind, or a container of it. */
function covers(rule: CompiledRule, t: Target): boolean {
  const p = t.path;
  if (rule.kind === t.kind && matchesAll(rule.parts, p)) return true;
  if (rule.kind === 'database') return DEPTH[t.kind] > 1 && p.length >= 1 && rule.parts[0].test(p[0]);
  if (rule.kind === 'schema') return DEPTH[t.kind] === 3 && p.length >= 2 && matchesAll(rule.parts, p.slice(0, 2));
  if (rule.kind === 'dag' && t.kind === 'task' && p.length === 3) {
    return matchesAll(rule.parts.slice(0, 2), p.slice(0, 2)) && dagNames(p[2]).some((n) => rule.parts[2].test(n));
  }
  return false;
}

/** For a listing: whether the rule covers the container listed (deny and allow). */
function coversContainer(rule: CompiledRule, t: Target): boolean {
  const p = t.path;
  if (rule.kind === 'database') return p.length >= 1 && rule.parts[0].test(p[0]);
  if (rule.kind === 'schema') return p.length === 2 && matchesAll(rule.parts, p);
  return false;
}

/** For a listing under allow rules: whether the rule allows something inside the container. */
function reachesInto(rule: CompiledRule, t: Target): boolean {
  const p = t.path;
  return rule.parts.length > p.length && p.every((name, i) => rule.parts[i].test(name));
}

function ruleText(rule: CompiledRule): string {
  return `[[${rule.list}]] #${rule.index + 1} (kind = "${rule.kind}", pattern = ${JSON.stringify(rule.pattern)})`;
}

function where(policy: Policy): string {
  return policy.source ? `in ${policy.source}` : 'in the policy';
}

/** Whether the policy has any deny or allow rule (then run_sql fails closed). */
export function hasRules(policy: Policy): boolean {
  return policy.deny.length > 0 || policy.allow.length > 0;
}

export interface RuleCheck {
  check(targets: readonly Target[]): void;
}

/** Compiles the policy's rules once; `check` throws policy_denied for the first refused target. */
export function createRuleCheck(policy: Policy): RuleCheck {
  const rules = compile(policy);
  const denies = rules.filter((r) => r.list === 'deny');
  const allows = rules.filter((r) => r.list === 'allow');
  const hint = 'An administrator decides what snowops may touch in the policy file (see "snowops policy check").';
  return {
    check(targets) {
      for (const t of targets) {
        const deny = denies.find((r) => (t.listing ? coversContainer(r, t) : covers(r, t)));
        if (deny) {
          const inside = deny.kind !== t.kind || t.listing ? ', which is inside what it names' : '';
          throw new SnowopsError(
            'policy_denied',
            `Denied by policy: ${describeTarget(t)} matches ${ruleText(deny)}${inside} ${where(policy)}.`,
            { hint },
          );
        }
        if (allows.length === 0) continue;
        const allowed = t.listing
          ? t.path.length === 0 || allows.some((r) => coversContainer(r, t) || reachesInto(r, t))
          : allows.some((r) => covers(r, t));
        if (!allowed) {
          throw new SnowopsError(
            'policy_denied',
            `Denied by policy: ${describeTarget(t)} matches none of the ${allows.length} [[allow]] rule(s) ${where(policy)}; when allow rules exist, everything else is denied.`,
            { hint: `${hint} Allowed: ${allows.map((r) => `${r.kind} ${r.pattern}`).join(', ')}.` },
          );
        }
      }
    },
  };
}

/** Fail closed: a statement whose objects cannot be told while rules exist. */
export function unresolvable(subject: string, reason: string, policy: Policy): SnowopsError {
  return new SnowopsError(
    'policy_denied',
    `Denied by policy: snowops cannot tell which objects ${subject} touches (${reason}); while the policy ${where(policy)} has deny or allow rules, such statements are refused.`,
    {
      hint: 'Name objects fully qualified (DB.SCHEMA.NAME) in a statement of a kind snowops reads, or use the dedicated tool.',
    },
  );
}
