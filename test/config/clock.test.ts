/**
 * The one clock override, SNOWOPS_TEST_NOW: an instant stops the clock, a signed duration shifts
 * it, anything else is refused naming the variable. Through the built CLI, the emulator and the
 * runner see the same instant (the object's created_on and the audit record's time).
 */
import { describe, expect, it } from 'vitest';
import { clockFromEnv, systemClock } from '../../src/config/clock.js';
import { freshHomes, snowops } from '../cli/process.js';

describe('clockFromEnv', () => {
  it('stops the clock at an instant', () => {
    const now = clockFromEnv({ SNOWOPS_TEST_NOW: '2024-01-01T09:00:00Z' });
    expect(now().toISOString()).toBe('2024-01-01T09:00:00.000Z');
    now().setFullYear(1999); // each call gives its own Date
    expect(now().toISOString()).toBe('2024-01-01T09:00:00.000Z');
  });

  it('shifts the real clock by a signed duration', () => {
    for (const [text, ms] of [
      ['+6m', 360_000],
      ['-30s', -30_000],
      ['+1500ms', 1500],
      ['+2h', 7_200_000],
      ['+1d', 86_400_000],
    ] as const) {
      const before = Date.now();
      const shifted = clockFromEnv({ SNOWOPS_TEST_NOW: text })().getTime();
      expect(shifted - ms, text).toBeGreaterThanOrEqual(before);
      expect(shifted - ms, text).toBeLessThanOrEqual(Date.now());
    }
  });

  it('is the system clock when unset or empty', () => {
    expect(clockFromEnv({})).toBe(systemClock);
    expect(clockFromEnv({ SNOWOPS_TEST_NOW: ' ' })).toBe(systemClock);
  });

  it('refuses anything else, saying what it takes', () => {
    for (const text of ['soon', '6m', '+6 minutes', '360000', '2024-13-45']) {
      expect(() => clockFromEnv({ SNOWOPS_TEST_NOW: text }), text).toThrow(
        /SNOWOPS_TEST_NOW ".*" is neither an instant nor a shift/,
      );
    }
  });
});

describe('SNOWOPS_TEST_NOW in a snowops process', () => {
  it('gives the emulator and the runner one time', async () => {
    const homes = freshHomes();
    const env = { SNOWOPS_TEST_NOW: '2024-01-01T09:00:00Z' };
    const created = await snowops(['call', 'create_database', JSON.stringify({ name: 'CLOCK_DB' })], homes, { env });
    expect(created.code, created.stderr).toBe(0);
    expect((created.json.object as { created_on: string }).created_on).toBe('2024-01-01T09:00:00.000Z');
    const audit = await snowops(['audit', '--json'], homes);
    expect((JSON.parse(audit.stdout) as { tool: string; time: string }[])[0]).toMatchObject({
      tool: 'create_database',
      time: '2024-01-01T09:00:00.000Z',
    });

    const bad = await snowops(['call', 'list_objects', '{"kind":"database"}'], homes, {
      env: { SNOWOPS_TEST_NOW: 'yesterday' },
    });
    expect(bad.code).toBe(2);
    expect(bad.json.error?.message).toContain('SNOWOPS_TEST_NOW "yesterday" is neither an instant nor a shift');
  });
});
