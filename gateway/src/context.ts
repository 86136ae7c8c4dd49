import type { IncomingMessage } from 'node:http';
import { bearerToken, type TokenVerifier, type Viewer } from '@saas/auth';
import { DomainError, httpStatusOf, toGraphQLError } from '@saas/errors';
import { clientAddress, TrustedProxies } from '@saas/subgraph/client-address';
import { isCredentialFreeOperation } from './credential-free-operation';

/** What the gateway knows about a request; forwarded to subgraphs, which verify it again. */
export interface GatewayContext {
  /** The caller's `Authorization` header, passed on unchanged. */
  authorization?: string;
  viewer: Viewer | null;
  clientIp: string;
}

export interface GatewayContextOptions {
  /** Addresses of reverse proxies in front of the gateway, whose `x-forwarded-for` is believed. */
  trustedProxies?: readonly string[];
}

/**
 * Verifies the bearer token before planning anything: a request with a bad, expired or
 * revoked token is refused with UNAUTHENTICATED (HTTP 401); no token means anonymous.
 * One exception: the sign-in mutations (logIn, refreshSession ...) go through anonymously
 * (the refused token is not forwarded), so a client can recover from an expired token.
 */
export function createGatewayContext(verifier: TokenVerifier, options: GatewayContextOptions = {}) {
  const trustedProxies = TrustedProxies.parse(options.trustedProxies ?? []);
  return async (req: IncomingMessage & { body?: unknown }): Promise<GatewayContext> => {
    const clientIp = clientAddress(req, trustedProxies);
    try {
      const token = bearerToken(req.headers.authorization);
      if (!token) return { viewer: null, clientIp };
      return { authorization: req.headers.authorization, viewer: await verifier.verify(token), clientIp };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (isCredentialFreeOperation(req.body)) return { viewer: null, clientIp };
      const graphQLError = toGraphQLError(error);
      Object.assign(graphQLError.extensions, { http: { status: httpStatusOf(error.code) } });
      throw graphQLError;
    }
  };
}
