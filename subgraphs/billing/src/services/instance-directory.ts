import type { Viewer } from '@saas/auth';
import { ServiceUnavailableError } from '@saas/errors';
import type { Logger } from '@saas/logger';

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
    let body: { data?: { _entities: Array<{ instances?: InstancePage } | null> } | null; errors?: Array<{ message: string }> };
    try {
      const response = await fetch(this.instanceUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.accessToken}` },
        body: JSON.stringify({ query: QUERY, variables: { representations: [{ __typename: 'Tenant', id: tenantId }], after } }),
        signal: AbortSignal.timeout(5_000),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      this.logger.error({ err: error }, 'instance subgraph unreachable for a plan change');
      throw new ServiceUnavailableError("The tenant's instances cannot be checked right now; try again.", { cause: error });
    }
    const page = body.data?._entities[0]?.instances;
    if (body.errors?.length || !page) {
      this.logger.error({ errors: body.errors?.map((error) => error.message) }, 'instance query for a plan change failed');
      throw new ServiceUnavailableError("The tenant's instances cannot be checked right now; try again.");
    }
    return page;
  }
}
