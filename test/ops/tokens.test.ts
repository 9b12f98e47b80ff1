import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SnowopsError } from '../../src/errors.js';
import { canonicalJson, createTokenService, type TokenService } from '../../src/ops/tokens.js';

const open: TokenService[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
});

function service(home: string, now?: () => Date): TokenService {
  const t = createTokenService({ home, now });
  open.push(t);
  return t;
}

function freshHome(): string {
  return join(mkdtempSync(join(tmpdir(), 'snowops-tokens-')), 'home');
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SnowopsError);
    expect((e as SnowopsError).code).toBe('confirmation_invalid');
    return (e as SnowopsError).message;
  }
  throw new Error('expected the token to be refused');
}

const binding = {
  tool: 'drop_object',
  args: { kind: 'database', name: 'PYTHON_API_DB', cascade: false },
  statements: ['DROP DATABASE PYTHON_API_DB'],
};

describe('confirmation tokens', () => {
  it('creates a private home and key on first use', () => {
    const home = freshHome();
    const { token } = service(home).issue(binding);
    expect(token).toMatch(/^[A-Za-z0-9_-]{100,}$/);
    expect(token).not.toContain('PYTHON');
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'token.key')).mode & 0o777).toBe(0o600);
  });

  it('runs once: verified, spent, then refused in this and in another instance on the same home', () => {
    const home = freshHome();
    const a = service(home);
    const b = service(home);
    const { token } = a.issue(binding);
    const verified = b.verify(token, binding);
    expect(a.verify(token, binding).id).toBe(verified.id);
    b.spend(verified);
    expect(refusal(() => a.verify(token, binding))).toMatch(/already used/);
    // Running it changed the account, so the plan made again differs: still "already used".
    const changed = { ...binding, statements: ['DROP DATABASE IF EXISTS PYTHON_API_DB'] };
    expect(refusal(() => a.verify(token, changed))).toMatch(/already used/);
    // A racing process that verified before the spend loses at the INSERT.
    expect(refusal(() => a.spend(verified))).toMatch(/already used/);
  });

  it('refuses other arguments, another tool and another plan, and stays usable', () => {
    const tokens = service(freshHome());
    const { token } = tokens.issue(binding);
    expect(refusal(() => tokens.verify(token, { ...binding, args: { ...binding.args, name: 'OTHER_DB' } }))).toMatch(
      /another tool or other arguments/,
    );
    expect(refusal(() => tokens.verify(token, { ...binding, tool: 'create_database' }))).toMatch(/another tool/);
    expect(
      refusal(() => tokens.verify(token, { ...binding, statements: ['DROP DATABASE PYTHON_API_DB CASCADE'] })),
    ).toMatch(/plan changed/);
    // Key order does not matter.
    const reordered = { cascade: false, name: 'PYTHON_API_DB', kind: 'database' };
    tokens.spend(tokens.verify(token, { ...binding, args: reordered }));
  });

  it('expires after five minutes', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const tokens = service(freshHome(), () => now);
    const { token, expiresAt } = tokens.issue(binding);
    expect(expiresAt.toISOString()).toBe('2026-01-01T00:05:00.000Z');
    now = new Date('2026-01-01T00:04:59Z');
    expect(tokens.verify(token, binding).expiresAt).toEqual(expiresAt);
    now = new Date('2026-01-01T00:05:01Z');
    expect(refusal(() => tokens.verify(token, binding))).toMatch(/expired at 2026-01-01T00:05:00.000Z/);
  });

  it('refuses altered, foreign and malformed tokens', () => {
    const home = freshHome();
    const tokens = service(home);
    const { token } = tokens.issue(binding);
    const flipped = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
    expect(refusal(() => tokens.verify(flipped, binding))).toMatch(/not issued by this snowops home/);
    const foreign = service(freshHome()).issue(binding).token;
    expect(refusal(() => tokens.verify(foreign, binding))).toMatch(/not issued by this snowops home/);
    expect(refusal(() => tokens.verify('hello', binding))).toMatch(/not a snowops confirmation token/);
    expect(refusal(() => tokens.verify(`${token}x`, binding))).toMatch(/not a snowops confirmation token/);
    expect(refusal(() => tokens.verify('', binding))).toMatch(/not a snowops confirmation token/);
  });

  it('canonical JSON ignores key order and undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });
});
