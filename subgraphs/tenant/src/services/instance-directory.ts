import type { Viewer } from '@saas/auth';
import { ServiceUnavailableError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { callSubgraph } from '@saas/subgraph-client';

/** How many instances of a tenant are not DELETED (asked before deleting the tenant). */
export interface InstanceCounter {
  liveInstanceCount(viewer: Viewer, tenantId: string): Promise<number>;
}

// Tenant.instances leaves DELETED instances out unless asked for by status.
const QUERY = `query LiveInstances($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Tenant { instances(first: 1) { totalCount } } }
}`;

/** Asks the instance subgraph (which owns instances) through its federation entry point. */
export class InstanceDirectory implements InstanceCounter {
  constructor(
    private readonly instanceUrl: string,
    private readonly logger: Logger,
  ) {}

  async liveInstanceCount(viewer: Viewer, tenantId: string): Promise<number> {
    const data = await callSubgraph<{ _entities: Array<{ instances?: { totalCount: number } } | null> }>({
      url: this.instanceUrl,
      query: QUERY,
      variables: { representations: [{ __typename: 'Tenant', id: tenantId }] },
      accessToken: viewer.accessToken,
      failureMessage: "The tenant's instances cannot be checked right now; try again.",
      logger: this.logger,
    });
    const count = data._entities[0]?.instances?.totalCount;
    if (typeof count !== 'number') {
      this.logger.error({ tenantId }, 'instance subgraph answered without a count');
      throw new ServiceUnavailableError("The tenant's instances cannot be checked right now; try again.");
    }
    return count;
  }
}
