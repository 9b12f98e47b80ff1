/**
 * A read-only SNOWOPS_HOME, for real: the files belong to an unprivileged user and have no write
 * bit, and snowops runs as that user (setpriv; root would write regardless of the mode bits).
 * Reads are served, writes are refused with a clear error, the audit log that cannot be written
 * is reported once and breaks nothing, and the files are exactly as they were.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, call } from '../cli/process.js';

const NOBODY = 65534;
const canDropPrivileges =
  process.getuid?.() === 0 && existsSync('/usr/bin/setpriv') && spawnSync('id', ['-u', 'nobody']).status === 0;

const restore: string[] = [];
afterEach(() => {
  for (const dir of restore.splice(0)) execFileSync('chmod', ['-R', 'u+w', dir]);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> & { error?: Record<string, unknown> };
}

/** `snowops ARGS` as user nobody. */
function asNobody(root: string, homes: { home: string; snowflakeHome: string }, args: string[]): Run {
  const out = spawnSync(
    '/usr/bin/setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', process.execPath, BIN, ...args],
    {
      encoding: 'utf8',
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: root,
        SNOWOPS_HOME: homes.home,
        SNOWFLAKE_HOME: homes.snowflakeHome,
      },
    },
  );
  let json: Run['json'];
  try {
    json = JSON.parse(out.stdout);
  } catch {
    json = {};
  }
  return { code: out.status, stdout: out.stdout, stderr: out.stderr, json };
}

/** Every file of the home with its bytes, to prove nothing was written. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [path, readFileSync(path).toString('base64')];
      }),
  );
}

describe.skipIf(!canDropPrivileges)('a read-only SNOWOPS_HOME', () => {
  it('serves reads, refuses writes with a clear error, and writes nothing at all', async () => {
    const root = mkdtempSync(join(tmpdir(), 'snowops-ro-'));
    chmodSync(root, 0o755);
    const homes = { home: join(root, 'home'), snowflakeHome: join(root, 'snowflake') };
    mkdirSync(homes.snowflakeHome, { mode: 0o755 });
    expect((await call(homes, 'create_database', { name: 'ro_db' })).code).toBe(0);
    expect((await call(homes, 'run_sql', { sql: 'CREATE TABLE ro_db.public.t (a INT)' }, '--yes')).code).toBe(0);
    expect((await call(homes, 'run_sql', { sql: 'INSERT INTO ro_db.public.t VALUES (7)' })).code).toBe(0);
    execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, homes.home]);
    execFileSync('chmod', ['-R', 'a-w', homes.home]);
    restore.push(homes.home);
    const before = snapshot(homes.home);

    const listed = asNobody(root, homes, ['call', 'list_objects', '{"kind":"database"}']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((listed.json.objects as { name: string }[]).map((o) => o.name)).toContain('RO_DB');
    const selected = asNobody(root, homes, ['call', 'run_sql', '{"sql":"SELECT a FROM ro_db.public.t"}']);
    expect(selected.code, selected.stderr).toBe(0);
    expect(selected.json.rows).toEqual([{ A: 7 }]);
    const described = asNobody(root, homes, [
      'call',
      'describe_object',
      '{"kind":"table","database":"ro_db","schema":"public","name":"t"}',
    ]);
    expect(described.code, described.stderr).toBe(0);

    for (const [tool, args] of [
      ['create_database', { name: 'nope' }],
      ['run_sql', { sql: 'INSERT INTO ro_db.public.t VALUES (8)' }],
      ['drop_object', { kind: 'database', name: 'ro_db' }],
    ] as const) {
      const run = asNobody(root, homes, ['call', tool, JSON.stringify(args), '--yes']);
      expect(run.code, `${tool}: ${run.stderr}`).toBe(1);
      expect(run.json.error?.message).toMatch(/read-only/);
      expect(run.json.error?.message).toMatch(/Make SNOWOPS_HOME writable/);
      // The audit log cannot be written either: said once, and the refusal is still the answer.
      expect(run.stderr.match(/audit log .* could not be written/g)).toHaveLength(1);
    }
    const audit = asNobody(root, homes, ['audit', '--json']);
    expect(audit.code, audit.stderr).toBe(0);
    expect((JSON.parse(audit.stdout) as { tool: string }[]).map((r) => r.tool)).toContain('create_database');

    expect(snapshot(homes.home)).toEqual(before);
  });
});
