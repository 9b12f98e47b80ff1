/**
 * The JSON Schema validator the MCP server uses for elicitation answers. The SDK's default
 * builds an Ajv instance in the Server constructor (a good part of a cold start); elicitation
 * forms are flat objects of primitive fields by specification, which this checks in full.
 */
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  JsonSchemaValidatorResult,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';

type Field = { type?: string; enum?: unknown[] };

function fieldError(name: string, value: unknown, field: Field): string | null {
  const type = field.type;
  const ok =
    type === undefined ||
    (type === 'integer'
      ? Number.isInteger(value)
      : type === 'number'
        ? typeof value === 'number'
        : typeof value === type);
  if (!ok) return `${name} must be a ${type}`;
  if (field.enum && !field.enum.includes(value)) return `${name} must be one of ${field.enum.join(', ')}`;
  return null;
}

export const formValidator: jsonSchemaValidator = {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const properties = (schema.properties ?? {}) as Record<string, Field>;
    const required = (schema.required ?? []) as string[];
    return (input: unknown): JsonSchemaValidatorResult<T> => {
      const fail = (errorMessage: string) => ({ valid: false as const, data: undefined, errorMessage });
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('expected an object');
      const record = input as Record<string, unknown>;
      for (const name of required) if (!(name in record)) return fail(`${name} is required`);
      for (const [name, value] of Object.entries(record)) {
        const field = properties[name];
        const error = field ? fieldError(name, value, field) : null;
        if (error) return fail(error);
      }
      return { valid: true, data: input as T, errorMessage: undefined };
    };
  },
};
