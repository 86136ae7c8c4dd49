import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@saas/logger';
import { trialOverSince } from '../domain/trial';
import { Invoice } from '../entities/invoice.entity';
import { TRIAL_PLAN_CODE } from '../entities/plan.entity';
import { Subscription } from '../entities/subscription.entity';
import { audit } from './audit';
import type { BillingSettings } from './billing-settings';
import { enqueueTenantBillingStatus } from './tenant-status';

const DAY_MS = 86_400_000;

export interface DunningResult {
  pastDue: number;
  suspended: number;
}

/** Why a tenant owes something, and since when. */
interface Debt {
  since: Date;
  reason: string;
  auditTarget: { targetType: string; targetId: string };
}

/**
 * Chases what is owed as of `now`: an OPEN invoice past its due date, or a trial that ran
 * out without a paid plan, makes the subscription PAST_DUE; past that instant and the grace
 * period, the tenant is suspended (announced once through the outbox: the tenant becomes
 * SUSPENDED and its instances are stopped). It only escalates; paying, or subscribing to a
 * paid plan (`settleIfNothingOverdue`), is what resumes.
 */
export class DunningService {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: BillingSettings,
    private readonly logger: Logger,
    private readonly afterCommit: () => void,
  ) {}

  async run(now: Date): Promise<DunningResult> {
    const tenants = await this.em.fork().execute<Array<{ tenant_id: string }>>(
      `select tenant_id from invoices where status = 'OPEN' and due_at <= ?
       union
       select tenant_id from subscriptions
        where plan_code = ? and status in ('TRIALING', 'PAST_DUE') and trial_ends_at <= ? and suspended_at is null`,
      [now, TRIAL_PLAN_CODE, now],
    );
    const result: DunningResult = { pastDue: 0, suspended: 0 };
    for (const { tenant_id: tenantId } of tenants) {
      const outcome = await this.chase(tenantId, now);
      result.pastDue += outcome.pastDue ? 1 : 0;
      result.suspended += outcome.suspended ? 1 : 0;
    }
    if (result.pastDue + result.suspended > 0) this.afterCommit();
    this.logger.info({ ...result, now: now.toISOString() }, 'dunning run');
    return result;
  }

  private async chase(tenantId: string, now: Date): Promise<{ pastDue: boolean; suspended: boolean }> {
    const graceMs = this.settings.graceDays * DAY_MS;
    return this.em.fork().transactional(async (tx) => {
      const subscription = await tx.findOne(Subscription, { tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!subscription) return { pastDue: false, suspended: false };
      const overdue = await tx.find(
        Invoice,
        { tenantId, status: 'OPEN', dueAt: { $lte: now } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { dueAt: 'asc' } },
      );
      for (const invoice of overdue) invoice.pastDueAt ??= now;
      const debts = owed(subscription, overdue, now);
      let pastDue = false;
      if (debts.length > 0 && (subscription.status === 'ACTIVE' || subscription.status === 'TRIALING')) {
        subscription.status = 'PAST_DUE';
        pastDue = true;
        audit(tx, null, { tenantId, action: 'subscription.past_due', targetType: 'subscription', targetId: subscription.id });
      }
      const beyondGrace = debts.find((debt) => debt.since.getTime() + graceMs <= now.getTime());
      if (!beyondGrace || subscription.suspendedAt) return { pastDue, suspended: false };
      subscription.suspendedAt = now;
      enqueueTenantBillingStatus(tx, tenantId, true, beyondGrace.reason, now);
      audit(tx, null, { tenantId, action: 'subscription.suspend', ...beyondGrace.auditTarget });
      this.logger.info({ tenantId, reason: beyondGrace.reason }, 'tenant suspended');
      return { pastDue, suspended: true };
    });
  }
}

/** What the tenant owes as of `now`, oldest first: overdue invoices, and a trial that ran out. */
function owed(subscription: Subscription, overdue: readonly Invoice[], now: Date): Debt[] {
  const debts: Debt[] = overdue.map((invoice) => ({
    since: invoice.dueAt ?? now,
    reason: `Invoice ${invoice.number} unpaid since ${(invoice.dueAt ?? now).toISOString()}`,
    auditTarget: { targetType: 'invoice', targetId: invoice.number },
  }));
  const trialOver = trialOverSince(subscription, now);
  if (trialOver) {
    debts.push({
      since: trialOver,
      reason: `The trial ended on ${trialOver.toISOString()} without a paid plan`,
      auditTarget: { targetType: 'subscription', targetId: subscription.id },
    });
  }
  return debts.sort((a, b) => a.since.getTime() - b.since.getTime());
}
