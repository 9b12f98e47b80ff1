/**
 * The token flow over MCP, for a client that cannot ask the person: a destructive call comes
 * back confirmation_required and changes nothing; its token runs it once, never twice; an
 * altered token, or the token with other arguments, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, startSession, text } from './helpers.js';

describe('confirmation tokens over MCP', () => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession();
    await session.ok('create_database', { name: 'TOKEN_DB' });
    await session.ok('create_database', { name: 'OTHER_DB' });
  });
  afterAll(() => session?.close());

  const exists = async (name: string) => {
    const page = await session.ok('list_objects', { kind: 'database', like: name });
    return (page.objects as unknown[]).length === 1;
  };

  it('asks for confirmation, tells the assistant to ask the person, and changes nothing', async () => {
    const first = await session.call('drop_object', { kind: 'database', name: 'TOKEN_DB' });
    expect(first.isError).toBeFalsy();
    const result = first.structuredContent as {
      status: string;
      confirmation_token: string;
      plan: { statements: string[] };
    };
    expect(result.status).toBe('confirmation_required');
    expect(result.plan.statements).toEqual(['DROP DATABASE TOKEN_DB']);
    expect(text(first)).toContain('Show this plan');
    expect(text(first)).toContain(result.confirmation_token);
    expect(text(first)).toContain('DROP DATABASE TOKEN_DB');
    expect(await exists('TOKEN_DB')).toBe(true);
  });

  it('refuses an altered token and a token given with other arguments, which stays usable', async () => {
    const asked = await session.ok('drop_object', { kind: 'database', name: 'TOKEN_DB' });
    const token = asked.confirmation_token as string;
    const flipped = token.slice(0, -2) + (token.endsWith('A') ? 'B' : 'A') + token.slice(-1);
    const altered = await session.call('drop_object', {
      kind: 'database',
      name: 'TOKEN_DB',
      confirmation_token: flipped,
    });
    expect(altered.isError).toBe(true);
    expect(text(altered)).toContain('confirmation_invalid');

    const other = await session.call('drop_object', { kind: 'database', name: 'OTHER_DB', confirmation_token: token });
    expect(other.isError).toBe(true);
    expect(text(other)).toContain('confirmation_invalid');
    expect(await exists('OTHER_DB')).toBe(true);
    expect(await exists('TOKEN_DB')).toBe(true);

    const done = await session.ok('drop_object', { kind: 'database', name: 'TOKEN_DB', confirmation_token: token });
    expect(done.status).toBe('done');
    expect(await exists('TOKEN_DB')).toBe(false);

    await session.ok('create_database', { name: 'TOKEN_DB' });
    const reused = await session.call('drop_object', { kind: 'database', name: 'TOKEN_DB', confirmation_token: token });
    expect(reused.isError).toBe(true);
    expect(text(reused)).toContain('confirmation_invalid');
    expect(await exists('TOKEN_DB')).toBe(true);
  });

  it('dry_run returns the plan of a destructive call without a token', async () => {
    const planned = await session.ok('drop_object', { kind: 'database', name: 'OTHER_DB', dry_run: true });
    expect(planned.status).toBe('planned');
    expect(planned.confirmation_token).toBeUndefined();
    expect(await exists('OTHER_DB')).toBe(true);
  });
});
