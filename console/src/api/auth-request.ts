import type { ApiEndpoint } from './endpoint';
import type { RefreshResult } from './session-store';

const REFRESH = `mutation Refresh($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresAt }
}`;

/**
 * The token refresh, outside Apollo Client (its links wait for a valid token; this call is
 * what makes one). Rejected: the API answered with an error (revoked, reused, expired);
 * unreachable: no answer, the session may still be good.
 */
export function refreshOverHttp(endpoint: ApiEndpoint, fetchImpl: typeof fetch = fetch): (refreshToken: string) => Promise<RefreshResult> {
  return async (refreshToken) => {
    let body: { data?: { refreshSession?: { accessToken: string; refreshToken: string; expiresAt: string } } | null; errors?: unknown[] };
    try {
      const response = await fetchImpl(endpoint.httpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: REFRESH, variables: { refreshToken }, operationName: 'Refresh' }),
      });
      if (response.status >= 500) return { ok: false, reason: 'unreachable' };
      body = (await response.json()) as typeof body;
    } catch {
      return { ok: false, reason: 'unreachable' };
    }
    const tokens = body.data?.refreshSession;
    return tokens ? { ok: true, tokens } : { ok: false, reason: 'rejected' };
  };
}
