/** Zod pieces every catalog entry shares, so all tools speak the same shapes. */
import * as z from 'zod';

export const createMode = z
  .enum(['error_if_exists', 'or_replace', 'if_not_exists'])
  .default('error_if_exists')
  .describe(
    'error_if_exists (default) fails if the object exists; if_not_exists keeps an existing one; or_replace replaces it (destructive when it exists: needs confirmation).',
  );

/** Fields every mutating tool accepts besides its own. */
export const mutationFields = {
  dry_run: z.boolean().optional().describe('Return the plan (exact SQL and impact) and run nothing.'),
  confirmation_token: z
    .string()
    .optional()
    .describe(
      'Token from a confirmation_required result. Pass it, with the same arguments, only after the person approved the plan.',
    ),
};

export const planSchema = z.object({
  tool: z.string(),
  effect: z.enum(['read', 'write', 'disruptive', 'destructive']),
  summary: z.string(),
  statements: z.array(z.string()),
  impact: z.array(z.string()),
  reversible: z.string().nullable(),
});

/** The fields every mutating tool's output shares, built once (a server builds every tool at start). */
const mutationOutputFields = {
  status: z.enum(['done', 'confirmation_required', 'planned', 'cancelled']),
  message: z.string().optional(),
  statements: z.array(z.object({ sql: z.string(), query_id: z.string() })).optional(),
  plan: planSchema.optional(),
  confirmation_token: z.string().optional(),
  expires_at: z.string().optional(),
};

const anyObject = z.record(z.string(), z.unknown());

/** The output schema of a mutating tool: one object whose fields depend on status. */
export function mutationOutput(object: z.ZodType = anyObject) {
  const { status, message, ...rest } = mutationOutputFields;
  return z.object({ status, message, object: object.optional(), ...rest });
}
