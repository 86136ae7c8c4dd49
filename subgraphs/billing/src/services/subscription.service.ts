import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Plan, TRIAL_PLAN_CODE } from '../entities/plan.entity';
import { Subscription } from '../entities/subscription.entity';

const DAY_MS = 86_400_000;

export class SubscriptionService {
  constructor(private readonly em: EntityManager) {}

  /**
   * The tenant's subscription; a tenant without one starts its trial now. Idempotent: the
   * `tenant.created` consumer and the first read may race, one row wins.
   */
  async ensure(tenantId: string): Promise<Subscription> {
    const existing = await this.em.findOne(Subscription, { tenantId });
    if (existing) return existing;
    const trial = await this.em.findOneOrFail(Plan, { code: TRIAL_PLAN_CODE });
    const now = new Date();
    const trialEndsAt = new Date(now.getTime() + trial.trialDays * DAY_MS);
    await this.em.getConnection().execute(
      `insert into subscriptions (id, tenant_id, plan_code, status, current_period_start, current_period_end, trial_ends_at, created_at, updated_at)
       values (?, ?, ?, 'TRIALING', ?, ?, ?, ?, ?) on conflict (tenant_id) do nothing`,
      [randomUUID(), tenantId, trial.code, now, trialEndsAt, trialEndsAt, now, now],
    );
    return this.em.findOneOrFail(Subscription, { tenantId }, { refresh: true });
  }
}
