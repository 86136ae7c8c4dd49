/**
 * Keys whose values never reach a log line, at any depth of a logged object (compared
 * without case: `Authorization` headers too). Passwords and tokens are also kept out by
 * never logging GraphQL variables or headers.
 */
export const SENSITIVE_KEYS: readonly string[] = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'secret',
];

export const CENSOR = '[redacted]';

/** Past this depth a value is logged as a marker: log objects are small, a deeper one is a mistake. */
const MAX_DEPTH = 12;

const sensitive = new Set(SENSITIVE_KEYS.map((key) => key.toLowerCase()));

export function isSensitiveKey(key: string): boolean {
  return sensitive.has(key.toLowerCase());
}

/**
 * A copy of `value` with every sensitive key's value replaced by the censor, in nested
 * plain objects and arrays at any depth. The caller's objects are never modified; other
 * objects (errors, dates, buffers) are left to pino's serializers as they are.
 */
export function redactDeep<T>(value: T): T {
  return walk(value, 0, new WeakSet<object>()) as T;
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (Array.isArray(value)) {
    if (seen.has(value)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[too deep]';
    seen.add(value);
    const copy = value.map((item) => walk(item, depth + 1, seen));
    seen.delete(value);
    return copy;
  }
  if (!isPlainObject(value)) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSensitiveKey(key) && item !== undefined && item !== null ? CENSOR : walk(item, depth + 1, seen);
  }
  seen.delete(value);
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
