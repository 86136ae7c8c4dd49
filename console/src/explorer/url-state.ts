/**
 * An operation shared as a link: `/graphql?query=...&variables=...` opens the explorer with
 * it. Headers are never read from the URL (they carry tokens, and URLs end up in logs).
 */
export function operationFromUrl(search: string): { query?: string; variables?: string } {
  const params = new URLSearchParams(search);
  const query = params.get('query') ?? undefined;
  const variables = params.get('variables') ?? undefined;
  return { ...(query ? { query } : {}), ...(variables ? { variables } : {}) };
}
