/** Secrets never reach the audit log: values under secret-looking keys are replaced. */
const SECRET_KEY = /password|passphrase|passcode|secret|token|private_?key|credential|api_?key/i;

export const REDACTED = '[redacted]';

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : redact(v)]),
    );
  }
  return value;
}
