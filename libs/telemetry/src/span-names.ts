/**
 * Span names must have few distinct values (they are grouped by name in Jaeger/Tempo), so
 * ids and names in paths become placeholders.
 */

/** `/v1.41/containers/saas-t1-abc/json?all=1` -> `/containers/{id}/json`. */
export function dockerApiRoute(path: string): string {
  const withoutQuery = path.split('?')[0] ?? path;
  const unversioned = withoutQuery.replace(/^\/v\d+(\.\d+)?(?=\/)/, '');
  // Image names may contain slashes and a tag: everything up to the action is the name.
  const image = /^\/images\/(.+?)\/(json|history|push|tag|get)$/.exec(unversioned);
  if (image) return `/images/{name}/${image[2]}`;
  return unversioned.replace(
    /^\/(containers|volumes|networks|exec|images|plugins|secrets|configs|services|nodes|tasks)\/(?!(create|json|prune|load|search|get|build)$)[^/]+/,
    '/$1/{id}',
  );
}

/** The span name of a Docker Engine API call: `docker GET /containers/{id}/json`. */
export function dockerSpanName(method: string, path: string): string {
  return `docker ${method} ${dockerApiRoute(path)}`;
}

/** The path of an HTTP request without its query string (which may carry anything). */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const path = url.split('?')[0] ?? '/';
  return path.startsWith('/') ? path : (safeUrl(path)?.pathname ?? '/');
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Statements that carry a password (or its SCRAM verifier) never reach a span attribute. */
export function redactStatement(statement: string): string | undefined {
  return /\bpassword\b/i.test(statement) ? '[redacted: statement with a password]' : undefined;
}
