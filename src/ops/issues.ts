/**
 * Turns zod issues into lines a person can act on: `deny[0].kind: expected one of database,
 * schema, ...`. Used for tool arguments and for the policy file, so both read the same way.
 */
import type * as z from 'zod';

/** `columns[0].datatype` from ['columns', 0, 'datatype']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, base: readonly PropertyKey[]): string[] {
  const path = [...base, ...issue.path];
  const at = formatPath(path) || '(arguments)';
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(input, path);
      if (value === undefined) return [`${at}: required (expected ${issue.expected})`];
      return [`${at}: expected ${issue.expected}, got ${typeName(value)}`];
    }
    case 'invalid_value':
      return [`${at}: expected one of ${issue.values.map((v) => String(v)).join(', ')}`];
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${formatPath([...path, key])}: unknown key`);
    case 'invalid_union': {
      // Report the alternative that came closest (fewest issues) rather than "invalid input".
      const branches = issue.errors.filter((b) => b.length > 0);
      if (branches.length === 0) return [`${at}: ${issue.message}`];
      const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
      return best.flatMap((inner) => describeIssue(inner, input, path));
    }
    case 'too_big':
    case 'too_small': {
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      const word = issue.code === 'too_big' ? 'at most' : 'at least';
      const strict = !issue.inclusive;
      if (issue.origin === 'string') return [`${at}: expected ${word} ${String(bound)} characters`];
      if (issue.origin === 'array' || issue.origin === 'set') return [`${at}: expected ${word} ${String(bound)} items`];
      const op = issue.code === 'too_big' ? (strict ? '<' : '<=') : strict ? '>' : '>=';
      return [`${at}: expected a number ${op} ${String(bound)}`];
    }
    default:
      return [`${at}: ${issue.message.replace(/^Invalid input: /, '')}`];
  }
}

/** One line per problem, in the order zod found them. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.flatMap((issue) => describeIssue(issue, input, []));
}
