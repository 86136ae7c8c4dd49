/** The headers editor starts with this, ready for a token from `logIn` or `signUp`. */
export const DEFAULT_HEADERS = JSON.stringify({ Authorization: 'Bearer ' }, null, 2);

/**
 * Headers as the explorer sends them: an `Authorization` left at its placeholder
 * (`Bearer` with no token) is dropped, so anonymous operations such as `plans` or `logIn`
 * work without editing the headers first.
 */
export function effectiveHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string') continue;
    if (name.toLowerCase() === 'authorization' && /^\s*bearer\s*$/i.test(value)) continue;
    result[name] = value;
  }
  return result;
}
