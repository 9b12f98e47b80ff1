/**
 * The y/N question on a terminal. A child process has no terminal, so these run the CLI in this
 * process with streams of our own that say they are a TTY; catalog and emulator are the real ones.
 */
import { describe, expect, it } from 'vitest';
import { freshDir } from '../helpers/home.js';
import { localEnv, runOn, streams } from '../helpers/terminal.js';

function terminal(answer: string | null) {
  const io = streams(answer);
  const env = localEnv(freshDir('snowops-prompt-'));
  return { run: (argv: string[], isTTY = true) => runOn(io, argv, env, isTTY), out: io.out, err: io.err, env };
}

/** The databases this test made (a fresh account also holds a sample database). */
async function databases(env: NodeJS.ProcessEnv): Promise<string[]> {
  const io = streams(null);
  expect(await runOn(io, ['call', 'list_objects', '{"kind":"database","like":"%_ME"}'], env, false)).toBe(0);
  return (JSON.parse(io.out()) as { objects: { name: string }[] }).objects.map((o) => o.name);
}

describe('confirmation on a terminal', () => {
  it('shows the plan and cancels on anything but yes (exit 4); yes runs it', async () => {
    const setup = terminal('n');
    expect(await setup.run(['call', 'create_database', '{"name":"keep_me"}'])).toBe(0);
    setup.out();
    expect(await setup.run(['call', 'drop_object', '{"kind":"database","name":"keep_me"}'])).toBe(4);
    expect(setup.err()).toMatch(/SQL:\n {2}DROP DATABASE KEEP_ME/);
    expect(setup.err()).toMatch(/Run it\? \[y\/N\] /);
    expect(setup.err()).toMatch(/snowops: cancelled; nothing ran\./);
    expect(setup.out()).toMatch(/"status": "cancelled"/);
    expect(await databases(setup.env)).toEqual(['KEEP_ME']);

    const yes = terminal('yes');
    yes.env.SNOWOPS_HOME = setup.env.SNOWOPS_HOME;
    expect(await yes.run(['call', 'drop_object', '{"kind":"database","name":"keep_me"}'])).toBe(0);
    expect(JSON.parse(yes.out())).toMatchObject({ status: 'done' });
    expect(await databases(setup.env)).toEqual([]);
  });

  it('a closed input is a no', async () => {
    const t = terminal(null);
    expect(await t.run(['call', 'create_database', '{"name":"stays_me"}'])).toBe(0);
    expect(await t.run(['call', 'drop_object', '{"kind":"database","name":"stays_me"}'])).toBe(4);
    expect(await databases(t.env)).toEqual(['STAYS_ME']);
  });

  it('without a terminal it hands out a token instead of asking (exit 3)', async () => {
    const t = terminal('y');
    expect(await t.run(['call', 'create_database', '{"name":"no_tty_me"}'], false)).toBe(0);
    t.out();
    expect(await t.run(['call', 'drop_object', '{"kind":"database","name":"no_tty_me"}'], false)).toBe(3);
    expect(t.err()).not.toMatch(/Run it\?/);
    expect(JSON.parse(t.out())).toMatchObject({
      status: 'confirmation_required',
      confirmation_token: expect.any(String),
    });
    expect(await databases(t.env)).toEqual(['NO_TTY_ME']);
  });
});
