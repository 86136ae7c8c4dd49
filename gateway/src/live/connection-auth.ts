import type { TokenVerifier, Viewer } from '@saas/auth';
import { DomainError, ErrorCode } from '@saas/errors';

/**
 * Close codes. graphql-ws semantics: 4401 no or bad credentials, 4403 not allowed; stock
 * graphql-ws clients (and Apollo Client's GraphQLWsLink on them) never retry 4401 (nor 4400,
 * 4004, 4005, 4406, 4409, 4429, 4500). Codes they do retry, calling a `connectionParams`
 * function again: 4419 the access token expired (connect again with a fresh one), 1013 "try
 * again later" (the token cannot be checked right now).
 */
export const CloseCode = { Unauthorized: 4401, Forbidden: 4403, TokenExpired: 4419, TryAgainLater: 1013 } as const;

/**
 * The access token of a `connection_init` payload: `{ authorization: "Bearer <t>" }`
 * (what Apollo Sandbox sends from its headers), `{ headers: { Authorization } }`, or
 * `{ accessToken }` / `{ token }`.
 */
export function tokenFromConnectionParams(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  const headers = (params.headers ?? {}) as Record<string, unknown>;
  const header = [params.authorization, params.Authorization, headers.authorization, headers.Authorization].find(
    (value): value is string => typeof value === 'string',
  );
  if (header) return /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  const raw = [params.accessToken, params.token].find((value): value is string => typeof value === 'string');
  return raw || undefined;
}

/** `retryable`: the token could not be checked (SERVICE_UNAVAILABLE), not refused. */
export type ConnectionAuth = { ok: true; viewer: Viewer } | { ok: false; reason: string; retryable: boolean };

/** How a refused connection is closed. */
export function refusalCloseCode(auth: Extract<ConnectionAuth, { ok: false }>): number {
  return auth.retryable ? CloseCode.TryAgainLater : CloseCode.Unauthorized;
}

/** Verifies the token of a connection like the HTTP endpoint does (JWKS, expiry, revocation). */
export async function authenticateConnection(verifier: Pick<TokenVerifier, 'verify'>, params: Readonly<Record<string, unknown>> | undefined): Promise<ConnectionAuth> {
  const token = tokenFromConnectionParams(params);
  if (!token) return { ok: false, reason: 'Missing access token', retryable: false };
  try {
    return { ok: true, viewer: await verifier.verify(token) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, reason: error.message, retryable: error.code === ErrorCode.SERVICE_UNAVAILABLE };
    throw error;
  }
}
