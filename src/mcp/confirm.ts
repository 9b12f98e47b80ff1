/**
 * Asking the person through the MCP client (elicitation, DESIGN §7). The runner decides when
 * to ask; this only carries the question: a form with one boolean, whose message shows the
 * plan. Decline, cancel, no answer within the timeout, or a client error all mean "do not run".
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Plan } from '../ops/types.js';
import { planText } from './results.js';
import type { Logger } from './types.js';

export const CONFIRM_TIMEOUT_MS = 50_000;

export function clientCanElicit(server: Server): boolean {
  return Boolean(server.getClientCapabilities()?.elicitation?.form);
}

export function elicitConfirm(
  server: Server,
  logger: Logger,
  options: { signal: AbortSignal; timeoutMs: number },
): (plan: Plan) => Promise<boolean> {
  return async (plan) => {
    try {
      const answer = await server.elicitInput(
        {
          mode: 'form',
          message: `snowops asks before it runs this.\n\n${planText(plan)}`,
          requestedSchema: {
            type: 'object',
            properties: {
              confirm: {
                type: 'boolean',
                title: 'Run it',
                description: 'Tick to run the SQL above; leave unticked or decline to cancel.',
              },
            },
            required: ['confirm'],
          },
        },
        { signal: options.signal, timeout: options.timeoutMs },
      );
      return answer.action === 'accept' && answer.content?.confirm === true;
    } catch (err) {
      if (options.signal.aborted) return false;
      const why = err instanceof Error ? err.message : String(err);
      logger.log('warning', `confirmation for ${plan.tool} got no answer (${why}); nothing ran`);
      return false;
    }
  };
}
