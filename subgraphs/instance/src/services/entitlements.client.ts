import type { Viewer } from '@saas/auth';
import { ServiceUnavailableError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { callSubgraph } from '@saas/subgraph-client';

/** What the tenant's plan allows, as billing says now (quota checks are synchronous). */
export interface Entitlements {
  planCode: string;
  maxInstances: number;
  cpuMillicores: number;
  memoryMb: number;
  storageGb: number;
  allowedOdooVersions: string[];
  /** How many days a backup is kept before the worker removes it. */
  backupRetentionDays: number;
  canCreateInstances: boolean;
  /** Minutes without a request after which an instance hibernates; null: never. */
  hibernateAfterMinutes: number | null;
  /** Days a staging copy lives before the reconciler deletes it. */
  stagingLifetimeDays: number;
  /** Scheduled backups kept by grandfather-father-son rotation. */
  backupDailyKeep: number;
  backupWeeklyKeep: number;
  backupMonthlyKeep: number;
  /** Largest request body at the instance's URL, in MiB (the edge answers 413 above). */
  uploadMaxMb: number;
}

const QUERY = `query Entitlements($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Tenant { entitlements { planCode maxInstances cpuMillicores memoryMb storageGb allowedOdooVersions backupRetentionDays canCreateInstances hibernateAfterMinutes stagingLifetimeDays backupDailyKeep backupWeeklyKeep backupMonthlyKeep uploadMaxMb } }
  }
}`;

/** Asks the billing subgraph, with the viewer's own token, for a tenant's entitlements. */
export class EntitlementsClient {
  constructor(
    private readonly billingUrl: string,
    private readonly logger: Logger,
  ) {}

  async of(viewer: Viewer, tenantId: string): Promise<Entitlements> {
    const failureMessage = 'Plan limits cannot be checked right now; try again.';
    const data = await callSubgraph<{ _entities: Array<{ entitlements?: Entitlements } | null> }>({
      url: this.billingUrl,
      query: QUERY,
      variables: { representations: [{ __typename: 'Tenant', id: tenantId }] },
      accessToken: viewer.accessToken,
      failureMessage,
      logger: this.logger,
    });
    const entitlements = data._entities[0]?.entitlements;
    if (!entitlements) throw new ServiceUnavailableError(failureMessage);
    return entitlements;
  }
}
