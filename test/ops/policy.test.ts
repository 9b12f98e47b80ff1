import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnowopsError } from '../../src/errors.js';
import { loadPolicy, parsePolicy } from '../../src/ops/policy.js';

function home(): string {
  return mkdtempSync(join(tmpdir(), 'snowops-policy-'));
}

function errorOf(fn: () => unknown): SnowopsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SnowopsError);
    return e as SnowopsError;
  }
  throw new Error('expected an error');
}

const FULL = `
read_only = true
confirm = ["disruptive"]
mcp_confirmation = "elicitation"

[[deny]]
kind = "database"
pattern = "PROD_*"

[[allow]]
kind = "schema"
pattern = "ANALYTICS.*"

[slack]
four_eyes = true
approvers = ["U012ABC"]
audit_channel = "C0AUDIT"
default_effects = ["read"]
[slack.users.U012ABC]
effects = ["read", "write", "disruptive", "destructive"]
[slack.channels.C0OPS]
effects = ["read", "write"]
`;

describe('policy loader', () => {
  it('gives the defaults when the home has no policy file', () => {
    const policy = loadPolicy({ home: home() });
    expect(policy).toEqual({
      read_only: false,
      confirm: ['destructive', 'disruptive'],
      mcp_confirmation: 'auto',
      deny: [],
      allow: [],
      slack: { four_eyes: false, approvers: [], default_effects: ['read'], users: {}, channels: {} },
      source: null,
    });
  });

  it('reads the whole file format from $SNOWOPS_HOME/snowops.toml', () => {
    const dir = home();
    writeFileSync(join(dir, 'snowops.toml'), FULL);
    const policy = loadPolicy({ home: dir });
    expect(policy.source).toBe(join(dir, 'snowops.toml'));
    expect(policy.read_only).toBe(true);
    expect(policy.mcp_confirmation).toBe('elicitation');
    // destructive is always confirmed, and the effective policy says so
    expect(policy.confirm).toEqual(['destructive', 'disruptive']);
    expect(policy.deny).toEqual([{ kind: 'database', pattern: 'PROD_*' }]);
    expect(policy.allow).toEqual([{ kind: 'schema', pattern: 'ANALYTICS.*' }]);
    expect(policy.slack).toEqual({
      four_eyes: true,
      approvers: ['U012ABC'],
      audit_channel: 'C0AUDIT',
      default_effects: ['read'],
      users: { U012ABC: { effects: ['read', 'write', 'disruptive', 'destructive'] } },
      channels: { C0OPS: { effects: ['read', 'write'] } },
    });
  });

  it('keeps destructive confirmed even when confirm is empty', () => {
    expect(parsePolicy('confirm = []', '/x/snowops.toml').confirm).toEqual(['destructive']);
  });

  it('prefers --policy FILE and refuses a missing one', () => {
    const dir = home();
    writeFileSync(join(dir, 'snowops.toml'), 'read_only = true');
    const other = join(dir, 'other.toml');
    writeFileSync(other, 'read_only = false');
    expect(loadPolicy({ home: dir, file: other }).read_only).toBe(false);
    const err = errorOf(() => loadPolicy({ home: dir, file: join(dir, 'missing.toml') }));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe(`policy ${join(dir, 'missing.toml')}: file not found`);
  });

  it('names the file and the key of a bad value', () => {
    const err = errorOf(() => parsePolicy('[[deny]]\nkind = "databse"\npattern = "X"\n', '/x/snowops.toml'));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^policy \/x\/snowops\.toml: deny\[0\]\.kind: expected one of database, schema, table/);
  });

  it('refuses unknown keys at any depth', () => {
    expect(errorOf(() => parsePolicy('readonly = true', '/p.toml')).message).toBe(
      'policy /p.toml: readonly: unknown key',
    );
    expect(errorOf(() => parsePolicy('[slack]\nfour_eye = true', '/p.toml')).message).toBe(
      'policy /p.toml: slack.four_eye: unknown key',
    );
    expect(errorOf(() => parsePolicy('[slack.users.U1]\neffect = ["read"]', '/p.toml')).message).toBe(
      'policy /p.toml: slack.users.U1.effects: required (expected array); slack.users.U1.effect: unknown key',
    );
  });

  it('names wrong types and values', () => {
    expect(errorOf(() => parsePolicy('read_only = "yes"', '/p.toml')).message).toBe(
      'policy /p.toml: read_only: expected boolean, got string',
    );
    expect(errorOf(() => parsePolicy('confirm = ["write"]', '/p.toml')).message).toBe(
      'policy /p.toml: confirm[0]: expected one of disruptive, destructive',
    );
    expect(errorOf(() => parsePolicy('mcp_confirmation = "ask"', '/p.toml')).message).toBe(
      'policy /p.toml: mcp_confirmation: expected one of auto, elicitation',
    );
    expect(errorOf(() => parsePolicy('[[allow]]\nkind = "table"\npattern = ""', '/p.toml')).message).toMatch(
      /^policy \/p\.toml: allow\[0\]\.pattern: expected a glob/,
    );
    expect(errorOf(() => parsePolicy('[slack]\ndefault_effects = ["admin"]', '/p.toml')).message).toBe(
      'policy /p.toml: slack.default_effects[0]: expected one of read, write, disruptive, destructive',
    );
  });

  it('reports TOML syntax errors with their line', () => {
    const err = errorOf(() => parsePolicy('read_only = false\nconfirm = [', '/p.toml'));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^policy \/p\.toml: line 2, column \d+: /);
  });
});
