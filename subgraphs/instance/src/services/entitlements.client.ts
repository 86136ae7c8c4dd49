import type { Viewer } from '@saas/auth';
import { ServiceUnavailableError } from '@saas/errors';
import type { Logger } from '@saas/logger';

/** What the tenant's plan allows, as billing says now (quota checks are synchronous). */
export interface Entitlements {
  planCode: string;
  maxInstances: number;
  cpuMillicores: number;
  memoryMb: number;
  storageGb: number;
  allowedOdooVersions: string[];
  canCreateInstances: boolean;
}

const QUERY = `query Entitlements($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Tenant { entitlements { planCode maxInstances cpuMillicores memoryMb storageGb allowedOdooVersions canCreateInstances } }
  }
}`;

/** Asks the billing subgraph, with the viewer's own token, for a tenant's entitlements. */
export class EntitlementsClient {
  constructor(
    private readonly billingUrl: string,
    private readonly logger: Logger,
  ) {}

  async of(viewer: Viewer, tenantId: string): Promise<Entitlements> {
    let body: { data?: { _entities: Array<{ entitlements?: Entitlements } | null> }; errors?: unknown[] };
    try {
      const response = await fetch(this.billingUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.accessToken}` },
        body: JSON.stringify({ query: QUERY, variables: { representations: [{ __typename: 'Tenant', id: tenantId }] } }),
        signal: AbortSignal.timeout(5_000),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      this.logger.error({ err: error }, 'billing unreachable for a quota check');
      throw new ServiceUnavailableError('Plan limits cannot be checked right now; try again.', { cause: error });
    }
    const entitlements = body.data?._entities[0]?.entitlements;
    if (body.errors?.length || !entitlements) {
      this.logger.error({ errors: body.errors }, 'entitlements query failed');
      throw new ServiceUnavailableError('Plan limits cannot be checked right now; try again.');
    }
    return entitlements;
  }
}
