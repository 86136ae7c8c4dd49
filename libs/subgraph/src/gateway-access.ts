import { timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type Identity, requireViewer } from '@saas/auth';
import { secret } from '@saas/config';
import { ForbiddenError } from '@saas/errors';

/** The header the gateway adds to every subgraph fetch; a client's own value never reaches a subgraph through the gateway. */
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';

/** Clearly a development default: production (`NODE_ENV=production`) refuses to start with it. */
export const DEV_GATEWAY_SECRET = 'odoo-saas-development-only-gateway-secret';

/**
 * `GATEWAY_SECRET`, the same in the gateway and every subgraph (at least 32 characters):
 * required in production, where the development default is refused (libs/config `secret`).
 */
export const gatewaySecretEnv = secret(DEV_GATEWAY_SECRET, (value) => value.length >= 32, 'must be at least 32 characters');

/** Whether `presented` is the gateway's secret, compared in constant time. */
export function isGatewaySecret(presented: string | undefined, secret: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What every subgraph context carries: who called (a verified viewer, or nobody). */
export interface IdentifiedContext extends BaseContext {
  identity: Identity;
}

/**
 * The federation machinery of a subgraph is not a public API. `_service` (the SDL, for
 * composition) is served only to the gateway, which proves itself with `GATEWAY_SECRET` in
 * {@link GATEWAY_SECRET_HEADER}. `_entities` resolves references for the gateway (its query
 * plans fetch only what a client could ask for through the supergraph, e.g. the `user` of an
 * anonymous `logIn`) and for a caller with a valid token (another subgraph, on its user's
 * behalf); an anonymous or badly signed direct call is UNAUTHENTICATED.
 */
export function gatewayAccessPlugin<TContext extends IdentifiedContext>(secret: string): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      const fromGateway = isGatewaySecret(request.http?.headers.get(GATEWAY_SECRET_HEADER) ?? undefined, secret);
      return {
        async executionDidStart() {
          return {
            willResolveField({ info, contextValue }) {
              if (info.parentType !== info.schema.getQueryType()) return;
              if (info.fieldName === '_entities' && !fromGateway) requireViewer(contextValue.identity);
              else if (info.fieldName === '_service' && !fromGateway) throw new ForbiddenError('_service is served to the gateway only.');
            },
          };
        },
      };
    },
  };
}
