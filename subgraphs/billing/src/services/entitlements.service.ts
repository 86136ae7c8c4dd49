import type { EntityManager } from '@mikro-orm/postgresql';
import { Plan } from '../entities/plan.entity';
import type { SubscriptionService } from './subscription.service';

export interface Entitlements {
  planCode: string;
  maxInstances: number;
  cpuMillicores: number;
  memoryMb: number;
  storageGb: number;
  allowedOdooVersions: string[];
  backupRetentionDays: number;
  canCreateInstances: boolean;
}

/** What a tenant's plan allows right now; the instance subgraph asks before every create. */
export class EntitlementsService {
  constructor(
    private readonly em: EntityManager,
    private readonly subscriptions: SubscriptionService,
  ) {}

  async of(tenantId: string): Promise<Entitlements> {
    const subscription = await this.subscriptions.ensure(tenantId);
    const plan = await this.em.findOneOrFail(Plan, { code: subscription.planCode });
    return {
      planCode: plan.code,
      maxInstances: plan.maxInstances,
      cpuMillicores: plan.cpuMillicores,
      memoryMb: plan.memoryMb,
      storageGb: plan.storageGb,
      allowedOdooVersions: plan.allowedOdooVersions,
      backupRetentionDays: plan.backupRetentionDays,
      canCreateInstances: subscription.status !== 'CANCELED',
    };
  }
}
