import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import { BadUserInputError, QuotaExceededError } from '@saas/errors';
import { periodContaining } from '../domain/period';
import { Plan, TRIAL_PLAN_CODE } from '../entities/plan.entity';
import { Subscription } from '../entities/subscription.entity';
import { type Actor, audit } from './audit';
import type { Clock } from './clock';
import type { InstanceInventory } from './instance-directory';
import { endOpenTerm, startTerm } from './plan-terms';
import { settleIfNothingOverdue } from './settlement';
import type { SubscriptionService } from './subscription.service';

export interface SubscriptionCommandDependencies {
  em: EntityManager;
  subscriptions: SubscriptionService;
  authorizer: TenantAuthorizer;
  instances: InstanceInventory;
  clock: Clock;
  /** Wakes the outbox relay after a commit (audit records). */
  afterCommit: () => void;
}

/** What tenant admins do with their subscription: subscribe, change plan, cancel. */
export class SubscriptionCommands {
  constructor(private readonly deps: SubscriptionCommandDependencies) {}

  /**
   * Subscribes the tenant to a paid plan or changes its plan (ADMIN and above). The open plan
   * term ends now and the new one starts at the same instant; the invoice prorates both.
   * Subscribing to the current plan changes nothing.
   */
  async subscribe(viewer: Viewer, actor: Actor, tenantId: string, planCodeArg: string): Promise<Subscription> {
    // Authorized first: a malformed tenant id is FORBIDDEN like an unknown one (README, the rule).
    await this.deps.authorizer.requireRole(viewer, tenantId, 'ADMIN');
    const plan = await this.subscribablePlan(planCodeArg);
    const current = await this.deps.subscriptions.ensure(tenantId);
    if (current.planCode === plan.code && current.status !== 'CANCELED') return current;
    await this.assertUsageFits(viewer, tenantId, plan);
    const now = this.deps.clock();
    const subscription = await this.deps.em.transactional(async (tx) => {
      const locked = await tx.findOneOrFail(Subscription, { tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (locked.planCode === plan.code && locked.status !== 'CANCELED') return locked;
      // Leaving the trial or coming back after a cancellation is subscribing; the rest is a change.
      const wasSubscribed = locked.status !== 'CANCELED' && locked.planCode !== TRIAL_PLAN_CODE;
      const since = await endOpenTerm(tx, locked.id, now);
      startTerm(tx, locked, plan.code, since);
      const period = periodContaining(now);
      locked.planCode = plan.code;
      locked.status = locked.status === 'PAST_DUE' ? 'PAST_DUE' : 'ACTIVE';
      locked.canceledAt = null;
      locked.currentPeriodStart = period.start;
      locked.currentPeriodEnd = period.end;
      // Owing money stays visible: a plan change does not clear overdue invoices, only payment
      // does; but a tenant held up only by its expired trial is settled by subscribing.
      await settleIfNothingOverdue(tx, locked, actor, now, `Subscribed to the ${plan.name} plan`);
      audit(tx, actor, {
        tenantId,
        action: wasSubscribed ? 'subscription.change_plan' : 'subscription.subscribe',
        targetType: 'plan',
        targetId: plan.code,
      });
      return locked;
    });
    this.deps.afterCommit();
    return subscription;
  }

  /** Cancels at once (OWNER); instances keep running until deleted. */
  async cancel(viewer: Viewer, actor: Actor, tenantId: string): Promise<Subscription> {
    await this.deps.authorizer.requireRole(viewer, tenantId, 'OWNER');
    await this.deps.subscriptions.ensure(tenantId);
    const subscription = await this.deps.subscriptions.cancel(tenantId, this.deps.clock(), actor);
    this.deps.afterCommit();
    return subscription;
  }

  private async subscribablePlan(code: string): Promise<Plan> {
    const plan = await this.deps.em.findOne(Plan, { code: code.trim() });
    if (!plan) throw new BadUserInputError(`Unknown plan "${code}".`, 'planCode');
    if (plan.code === TRIAL_PLAN_CODE) throw new BadUserInputError('The trial is only for new tenants; choose a paid plan.', 'planCode');
    if (!plan.active) throw new BadUserInputError(`The ${plan.name} plan is no longer offered.`, 'planCode');
    return plan;
  }

  /**
   * A plan change must not leave the tenant over the new plan's limits: QUOTA_EXCEEDED naming
   * the limit. (A create racing this check in the instance subgraph can still slip in; the
   * window is one round trip and the next create is refused again.)
   */
  private async assertUsageFits(viewer: Viewer, tenantId: string, plan: Plan): Promise<void> {
    const live = await this.deps.instances.liveInstances(viewer, tenantId);
    if (live.count > plan.maxInstances) {
      throw new QuotaExceededError(
        `The ${plan.name} plan allows ${plan.maxInstances} instance(s); the tenant has ${live.count}. Delete instances first.`,
        'maxInstances',
        plan.maxInstances,
      );
    }
    const refused = [...new Set(live.versions.filter((version) => !plan.allowedOdooVersions.includes(version)))].sort();
    if (refused.length > 0) {
      throw new QuotaExceededError(
        `The ${plan.name} plan allows Odoo ${plan.allowedOdooVersions.join(', ')}; the tenant runs ${refused.join(', ')}.`,
        'allowedOdooVersions',
        plan.allowedOdooVersions.join(','),
      );
    }
  }
}
