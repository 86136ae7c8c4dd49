export const MASK = '********';

// `password=...`, `db_password: ...`, `admin_passwd = ...`, `"secret": "..."` and the like.
const KEY_VALUE = /\b([\w.-]*(?:passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key)[\w.-]*)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi;
// `postgres://user:password@host`
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s]+)(@)/gi;

/**
 * A log line with the secrets a container may print masked: the literal values the worker
 * knows (the container's password environment), then anything that looks like a password
 * assignment or URL credentials.
 */
export function maskSecrets(line: string, literals: readonly string[] = []): string {
  let masked = line;
  for (const literal of literals) {
    if (literal.length >= 4) masked = masked.split(literal).join(MASK);
  }
  return masked
    .replace(KEY_VALUE, (_match, key: string, separator: string) => `${key}${separator}${MASK}`)
    .replace(URL_CREDENTIALS, (_match, before: string, _secret: string, at: string) => `${before}${MASK}${at}`);
}

/** Values of a container's environment that are secrets (`PASSWORD=...`, `*_SECRET=...`). */
export function secretEnvValues(env: readonly string[] | null | undefined): string[] {
  return (env ?? [])
    .map((entry) => {
      const at = entry.indexOf('=');
      return at > 0 ? [entry.slice(0, at), entry.slice(at + 1)] : undefined;
    })
    .filter((pair): pair is [string, string] => !!pair && /PASS|SECRET|TOKEN|KEY/i.test(pair[0]) && pair[1].length > 0)
    .map(([, value]) => value);
}
