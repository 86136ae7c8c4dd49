import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Plan, TRIAL_PLAN_CODE } from '../entities/plan.entity';
import { PlanTerm } from '../entities/plan-term.entity';
import { Subscription } from '../entities/subscription.entity';
import { type Actor, audit } from './audit';
import type { Clock } from './clock';
import { endOpenTerm, startTerm } from './plan-terms';

const DAY_MS = 86_400_000;

/** The tenant's one subscription: created on a trial, read, canceled. */
export class SubscriptionService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * The tenant's subscription; a tenant without one starts its trial now (or at `startedAt`,
   * when the tenant was created). Idempotent: the `tenant.created` consumer and the first
   * read may race, one row wins, and only the winner opens the trial's plan term.
   */
  async ensure(tenantId: string, startedAt?: Date): Promise<Subscription> {
    const existing = await this.em.findOne(Subscription, { tenantId });
    if (existing) return existing;
    const trial = await this.em.findOneOrFail(Plan, { code: TRIAL_PLAN_CODE });
    const start = startedAt ?? this.clock();
    const trialEndsAt = new Date(start.getTime() + trial.trialDays * DAY_MS);
    await this.em.fork().transactional(async (tx) => {
      const id = randomUUID();
      const inserted = await tx.execute<Array<{ id: string }>>(
        `insert into subscriptions (id, tenant_id, plan_code, status, current_period_start, current_period_end, trial_ends_at, created_at, updated_at)
         values (?, ?, ?, 'TRIALING', ?, ?, ?, ?, ?) on conflict (tenant_id) do nothing returning id`,
        [id, tenantId, trial.code, start, trialEndsAt, trialEndsAt, start, start],
      );
      if (inserted.length > 0) startTerm(tx, { id, tenantId }, trial.code, start);
    });
    return this.em.findOneOrFail(Subscription, { tenantId }, { refresh: true });
  }

  /** Since when the tenant is on its current plan (the latest term's start). */
  async planStartedAt(subscription: Subscription): Promise<Date> {
    const term = await this.em.findOne(PlanTerm, { subscriptionId: subscription.id }, { orderBy: { startedAt: 'desc' } });
    return term?.startedAt ?? subscription.createdAt;
  }

  /**
   * Cancels at `at`: the plan term ends, nothing more is charged for the plan. Audited when a
   * user did it; a tenant deletion (actor null) is audited by the tenant subgraph.
   */
  async cancel(tenantId: string, at: Date, actor: Actor | null): Promise<Subscription> {
    return this.em.transactional(async (tx) => {
      const locked = await tx.findOneOrFail(Subscription, { tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (locked.status === 'CANCELED') return locked;
      await endOpenTerm(tx, locked.id, at);
      locked.status = 'CANCELED';
      locked.canceledAt = at;
      if (actor) audit(tx, actor, { tenantId, action: 'subscription.cancel', targetType: 'subscription', targetId: locked.id });
      return locked;
    });
  }
}
