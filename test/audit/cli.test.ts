/**
 * `snowops audit` as a user runs it: separate snowops processes make the records, the command
 * lists and filters them.
 */
import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/cli/audit.js';
import { call, freshHomes, snowops } from '../cli/process.js';

describe('--since', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  it.each([
    ['90s', '2025-03-01T11:58:30.000Z'],
    ['15m', '2025-03-01T11:45:00.000Z'],
    ['1h', '2025-03-01T11:00:00.000Z'],
    ['2D', '2025-02-27T12:00:00.000Z'],
    ['1w', '2025-02-22T12:00:00.000Z'],
    ['2025-02-28T09:30:00Z', '2025-02-28T09:30:00.000Z'],
    ['2025-02-28', '2025-02-28T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseSince(text, now).toISOString()).toBe(iso);
  });

  it.each(['yesterday', '1y', '-1h', '', '12'])('refuses %j with what works', (text) => {
    expect(() => parseSince(text, now)).toThrow(/neither a duration nor a date/);
  });
});

describe('snowops audit', () => {
  it('lists what ran, newest first, with who confirmed and how; filters by tool, actor, outcome, since and limit', async () => {
    const homes = freshHomes();
    const empty = await snowops(['audit'], homes);
    expect([empty.code, empty.stdout]).toEqual([0, 'No audit records match.\n']);

    expect((await call(homes, 'create_database', { name: 'audit_a' })).code).toBe(0);
    expect((await call(homes, 'drop_object', { kind: 'database', name: 'audit_a' })).code).toBe(3);
    expect((await call(homes, 'drop_object', { kind: 'database', name: 'audit_a' }, '--yes')).code).toBe(0);
    expect((await call(homes, 'describe_object', { kind: 'database', name: 'audit_a' })).code).toBe(1);

    const all = await snowops(['audit', '--json'], homes);
    const records = JSON.parse(all.stdout) as Record<string, unknown>[];
    expect(records.map((r) => [r.tool, r.outcome])).toEqual([
      ['describe_object', 'failed'],
      ['drop_object', 'done'],
      ['drop_object', 'confirmation_required'],
      ['create_database', 'done'],
    ]);
    const user = String(records[0].actor);
    expect(records[1].confirmation).toEqual({ how: 'interactive', by: user, via: '--yes' });
    expect(records[1].statements).toEqual([{ sql: 'DROP DATABASE AUDIT_A', query_id: expect.any(String) }]);

    const table = await snowops(['audit'], homes);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(
      / cli +\S+ +drop_object +destructive +done +--yes by \S+ +\d+ms +Drop database AUDIT_A\.$/,
    );
    expect(lines[1]).toMatch(/describe_object +- +failed +- .*not_found: /);

    const filtered = async (...args: string[]) =>
      (JSON.parse((await snowops(['audit', '--json', ...args], homes)).stdout) as { tool: string }[]).map(
        (r) => r.tool,
      );
    expect(await filtered('--tool', 'drop_object')).toEqual(['drop_object', 'drop_object']);
    expect(await filtered('--outcome', 'confirmation_required')).toEqual(['drop_object']);
    expect(await filtered('--actor', user.toUpperCase().slice(0, 3))).toHaveLength(4);
    expect(await filtered('--actor', 'slack:')).toEqual([]);
    expect(await filtered('--limit', '1')).toEqual(['describe_object']);
    expect(await filtered('--since', '1h')).toHaveLength(4);
    expect(await filtered('--since', '2999-01-01T00:00:00Z')).toEqual([]);
  });

  it('bad options are bad input, exit 2, saying what works', async () => {
    const homes = freshHomes();
    for (const [args, message] of [
      [['--since', 'soon'], /--since "soon" is neither a duration nor a date/],
      [['--limit', '0'], /--limit "0" is not a whole number/],
      [['--outcome', 'exploded'], /--outcome "exploded" is not an outcome.* Use one of done/],
      [['--frobnicate'], /snowops audit: Unknown option '--frobnicate'/],
    ] as const) {
      const run = await snowops(['audit', ...args], homes);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const help = await snowops(['audit', '--help'], homes);
    expect(help.stdout).toMatch(/^usage: snowops audit/);
  });
});
