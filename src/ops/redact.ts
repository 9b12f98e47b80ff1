/** Secrets never reach the audit log: values under secret-looking keys are replaced. */
const SECRET_KEY = /password|passphrase|passcode|secret|token|private_?key|credential|api_?key/i;

export const REDACTED = '[redacted]';

/** Deeper than any tool's arguments go; hostile input nested further is cut, not recursed into. */
const MAX_DEPTH = 32;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH && value !== null && typeof value === 'object') return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1),
      ]),
    );
  }
  return value;
}
