import { bearerToken, type TokenVerifier, type Viewer } from '@saas/auth';
import { DomainError, toGraphQLError } from '@saas/errors';
import type { IncomingMessage } from 'node:http';

/** What the gateway knows about a request; forwarded to subgraphs, which verify it again. */
export interface GatewayContext {
  /** The caller's `Authorization` header, passed on unchanged. */
  authorization?: string;
  viewer: Viewer | null;
  clientIp: string;
}

/**
 * Verifies the bearer token before planning anything: a request with a bad, expired or
 * revoked token is refused with UNAUTHENTICATED (HTTP 401); no token means anonymous.
 */
export function createGatewayContext(verifier: TokenVerifier) {
  return async (req: IncomingMessage): Promise<GatewayContext> => {
    const clientIp = req.socket.remoteAddress ?? 'unknown';
    try {
      const token = bearerToken(req.headers.authorization);
      if (!token) return { viewer: null, clientIp };
      return { authorization: req.headers.authorization, viewer: await verifier.verify(token), clientIp };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const graphQLError = toGraphQLError(error);
      Object.assign(graphQLError.extensions, { http: { status: 401 } });
      throw graphQLError;
    }
  };
}
