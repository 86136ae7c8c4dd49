import type { Viewer } from '@saas/auth';
import { ServiceUnavailableError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { callSubgraph } from '@saas/subgraph-client';

/** What a plan change must fit: the tenant's instances that are not DELETED. */
export interface LiveInstances {
  count: number;
  /** Odoo version of each live instance. */
  versions: string[];
}

export interface InstanceInventory {
  liveInstances(viewer: Viewer, tenantId: string): Promise<LiveInstances>;
}

// Tenant.instances leaves DELETED instances out unless asked for by status.
const QUERY = `query LiveInstances($representations: [_Any!]!, $after: String) {
  _entities(representations: $representations) {
    ... on Tenant { instances(first: 100, after: $after) { totalCount edges { node { odooVersion } } pageInfo { hasNextPage endCursor } } }
  }
}`;

interface InstancePage {
  totalCount: number;
  edges: Array<{ node: { odooVersion: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Asks the instance subgraph, which owns instances, with the viewer's own token (it
 * authorizes the read as any other). Asking rather than counting from status events keeps
 * one source of truth for "live" and knows each instance's Odoo version.
 */
export class InstanceDirectory implements InstanceInventory {
  constructor(
    private readonly instanceUrl: string,
    private readonly logger: Logger,
  ) {}

  async liveInstances(viewer: Viewer, tenantId: string): Promise<LiveInstances> {
    const versions: string[] = [];
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const page: InstancePage = await this.page(viewer, tenantId, after);
      count = page.totalCount;
      versions.push(...page.edges.map((edge) => edge.node.odooVersion));
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
    return { count, versions };
  }

  private async page(viewer: Viewer, tenantId: string, after: string | null): Promise<InstancePage> {
    const failureMessage = "The tenant's instances cannot be checked right now; try again.";
    const data = await callSubgraph<{ _entities: Array<{ instances?: InstancePage } | null> }>({
      url: this.instanceUrl,
      query: QUERY,
      variables: { representations: [{ __typename: 'Tenant', id: tenantId }], after },
      accessToken: viewer.accessToken,
      failureMessage,
      logger: this.logger,
    });
    const page = data._entities[0]?.instances;
    if (!page) throw new ServiceUnavailableError(failureMessage);
    return page;
  }
}
