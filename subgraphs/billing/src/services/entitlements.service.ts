import type { EntityManager } from '@mikro-orm/postgresql';
import { trialOverSince } from '../domain/trial';
import { Plan } from '../entities/plan.entity';
import type { Subscription } from '../entities/subscription.entity';
import type { Clock } from './clock';
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
  hibernateAfterMinutes: number | null;
  stagingLifetimeDays: number;
  backupDailyKeep: number;
  backupWeeklyKeep: number;
  backupMonthlyKeep: number;
  uploadMaxMb: number;
}

/** No new instances on a canceled subscription, while suspended, or once the trial is over. */
export function mayCreateInstances(subscription: Subscription, now: Date): boolean {
  if (subscription.status === 'CANCELED' || subscription.suspendedAt) return false;
  return trialOverSince(subscription, now) === null;
}

/** What a tenant's plan allows right now; the instance subgraph asks before every create. */
export class EntitlementsService {
  constructor(
    private readonly em: EntityManager,
    private readonly subscriptions: SubscriptionService,
    private readonly clock: Clock,
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
      canCreateInstances: mayCreateInstances(subscription, this.clock()),
      hibernateAfterMinutes: plan.hibernateAfterMinutes,
      stagingLifetimeDays: plan.stagingLifetimeDays,
      backupDailyKeep: plan.backupDailyKeep,
      backupWeeklyKeep: plan.backupWeeklyKeep,
      backupMonthlyKeep: plan.backupMonthlyKeep,
      uploadMaxMb: plan.uploadMaxMb,
    };
  }
}
